/**
 * The one interface the UI uses to reach the background. Components receive it as a
 * parameter, so tests can hand them a fake and real pages hand them `runtimeApi`.
 */

import { browser } from 'wxt/browser';
import type { Reply, TabState, UiMessage } from '../messaging/protocol';

export interface BackgroundApi {
  getTabState(tabId: number): Promise<TabState>;
  corpusChanged(): Promise<void>;
}

async function send<T>(message: UiMessage): Promise<T> {
  const reply = (await browser.runtime.sendMessage(message)) as Reply<T> | undefined;
  if (!reply) throw new Error('Wirecheck’s background did not answer');
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
}

export const runtimeApi: BackgroundApi = {
  getTabState: (tabId) => send<TabState>({ type: 'ui:get-tab-state', tabId }),
  corpusChanged: () => send<null>({ type: 'ui:corpus-changed' }).then(() => undefined),
};

/** The tab the popup is about: `?tab=<id>` (tests, links) or the active tab. */
export async function popupTabId(search: string): Promise<number | undefined> {
  const fromQuery = Number(new URLSearchParams(search).get('tab'));
  if (Number.isInteger(fromQuery) && fromQuery > 0) return fromQuery;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}
