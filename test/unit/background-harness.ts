// The background as wired in the extension (startBackground) needs, in a test: WXT's fake
// browser, reset per test, with what the background sends to content scripts recorded (the
// fake has no tabs.sendMessage), a fresh database holding the seed corpus, and message senders
// that look like the extension's own content script and popup. Shared by background.test.ts
// and background-page.test.ts.
import 'fake-indexeddb/auto';
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Reply } from '../../src/messaging/protocol';
import { CorpusStore } from '../../src/storage';
import { seedCorpus } from './seeds';

/** This test's database (live binding: a new one before each test). */
export let dbName = '';
/** What the background sent to content scripts in this test. */
export let toTabs: { tabId: number; message: { type: string; [k: string]: unknown } }[] = [];
let n = 0;

/** Before each test: a reset fake browser and a database named `<prefix>-<n>` with the seed corpus. */
export function seededBackgroundEachTest(prefix: string): void {
  beforeEach(async () => {
    fakeBrowser.reset();
    toTabs = [];
    fakeBrowser.tabs.sendMessage = (async (tabId: number, message: never) => {
      toTabs.push({ tabId, message });
    }) as never;
    dbName = `${prefix}-${++n}`;
    const store = await CorpusStore.open(dbName);
    await store.importArticles(seedCorpus('both'));
    store.close();
  });
}

const ownId = () => fakeBrowser.runtime.id;
export const contentSender = (tabId: number, url: string, frameId = 0) => ({ id: ownId(), url, tab: { id: tabId }, frameId });
export const popupSender = () => ({ id: ownId(), url: fakeBrowser.runtime.getURL('/popup.html') });

// Replies are read as `{ ok, value }` in assertions; a failed one has no value and fails them.
export function send(message: unknown, sender: object): Promise<Reply<unknown> & { value?: unknown }> {
  return new Promise((resolve) => {
    void fakeBrowser.runtime.onMessage.trigger(message, sender, resolve);
  });
}
