/**
 * The background's message handlers, with every browser API it touches passed in, so unit
 * tests run it against WXT's fake browser and the real storage layer on fake-indexeddb.
 *
 * Listeners reply through sendResponse and `return true` rather than a returned promise:
 * WXT's fake browser ignores promise-returning listeners, and both real browsers accept this.
 */

import type { MatchResult } from '../core/types';
import {
  type BackgroundRequestArticleMessage,
  type ContentMessage,
  type Reply,
  type SenderInfo,
  type TabState,
  classifySender,
  parseContentMessage,
  parseUiMessage,
} from '../messaging/protocol';
import { type ActionApi, showBadge } from './badge';
import { CorpusChecker } from './corpus-checker';
import { TabStates } from './tab-states';

export interface BackgroundDeps {
  extensionId: string;
  extensionOrigin: string;
  action: ActionApi;
  sendToTab(tabId: number, message: BackgroundRequestArticleMessage): Promise<unknown>;
  checker?: CorpusChecker;
  log?: (message: string) => void;
}

export class Background {
  readonly tabs = new TabStates();
  private readonly checker: CorpusChecker;

  constructor(private readonly deps: BackgroundDeps) {
    this.checker = deps.checker ?? new CorpusChecker();
  }

  /** Entry point for runtime.onMessage: validates sender and shape, then dispatches. */
  async handle(raw: unknown, sender: SenderInfo): Promise<Reply<unknown>> {
    const from = classifySender(sender, this.deps.extensionId, this.deps.extensionOrigin);
    try {
      if (from.kind === 'content') {
        await this.onContent(from.tabId, parseContentMessage(raw));
        return { ok: true, value: null };
      }
      if (from.kind === 'extension-page') {
        const msg = parseUiMessage(raw);
        if (msg.type === 'ui:get-tab-state') return { ok: true, value: this.tabState(msg.tabId) };
        this.tabs.clearResults();
        this.checker.forget();
        return { ok: true, value: null };
      }
      this.deps.log?.(`ignored message: ${from.reason}`);
      return { ok: false, error: from.reason };
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      this.deps.log?.(`rejected message: ${error}`);
      return { ok: false, error };
    }
  }

  onTabRemoved(tabId: number): void {
    this.tabs.remove(tabId);
  }

  private tabState(tabId: number): TabState {
    const state = this.tabs.get(tabId);
    if (state.status === 'unknown') {
      // The worker may have been restarted since the page was checked: ask the page again.
      // A tab without our content script (a browser page, a closed tab) just stays unknown.
      Promise.resolve()
        .then(() => this.deps.sendToTab(tabId, { type: 'background:request-article' }))
        .catch(() => undefined);
    }
    return state;
  }

  private async onContent(tabId: number, msg: ContentMessage): Promise<void> {
    if (msg.type === 'content:not-article') {
      await this.setState(tabId, { status: 'not-article', url: msg.url });
      return;
    }
    const { url, title, text, lang } = msg;
    await this.setState(tabId, { status: 'checking', url, title });
    let state: TabState;
    try {
      const result = await this.checkCached({ url, title, text, lang });
      state = { status: 'checked', url, title, result, checkedAt: Date.now() };
    } catch (e) {
      state = { status: 'error', url, message: e instanceof Error ? e.message : String(e) };
    }
    if (this.tabs.isCurrent(tabId, url)) await this.setState(tabId, state);
  }

  private async checkCached(page: { url: string; title: string; text: string; lang?: string }): Promise<MatchResult> {
    const key = TabStates.resultKey(await this.checker.generation(), page.url, `${page.title}\n${page.text}`);
    const cached = this.tabs.cachedResult(key);
    if (cached) return cached;
    const result = await this.checker.check(page);
    this.tabs.cacheResult(key, result);
    return result;
  }

  private async setState(tabId: number, state: TabState): Promise<void> {
    this.tabs.set(tabId, state);
    await showBadge(this.deps.action, tabId, state);
  }
}
