// The background as wired in the extension (startBackground), on WXT's fake browser and the
// real storage layer over fake-indexeddb.
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startBackground } from '../../src/background/start';
import type { Reply, TabState } from '../../src/messaging/protocol';
import { CorpusStore } from '../../src/storage';
import { seedCorpus, seedPage } from './seeds';

let dbName: string;
let n = 0;

beforeEach(async () => {
  fakeBrowser.reset();
  dbName = `wirecheck-bg-test-${++n}`;
  const store = await CorpusStore.open(dbName);
  await store.importArticles(seedCorpus('both'));
  store.close();
});

const ownId = () => fakeBrowser.runtime.id;
const contentSender = (tabId: number, url: string, frameId = 0) => ({ id: ownId(), url, tab: { id: tabId }, frameId });
const popupSender = () => ({ id: ownId(), url: fakeBrowser.runtime.getURL('/popup.html') });

async function send(message: unknown, sender: object): Promise<Reply<unknown>> {
  let reply: Reply<unknown> | undefined;
  const done = new Promise<void>((resolve) => {
    void fakeBrowser.runtime.onMessage.trigger(message, sender, (r: Reply<unknown>) => {
      reply = r;
      resolve();
    });
  });
  await done;
  return reply!;
}

const articleMessage = (file: string, url: string) => {
  const page = seedPage(file);
  return { type: 'content:article', url, title: page.title, text: page.text, lang: 'en' };
};

describe('background', () => {
  it('checks a spun page, sets the badge and answers the popup', async () => {
    startBackground(fakeBrowser as never, { dbName });
    const url = 'https://spun.example/story';
    expect(await send(articleMessage('001_2b3f9f2055e0df11.txt', url), contentSender(7, url))).toEqual({ ok: true, value: null });
    expect(await fakeBrowser.action.getBadgeText({ tabId: 7 })).toBe('RW');
    expect(await fakeBrowser.action.getTitle({ tabId: 7 })).toContain('Russia and China show off deepening ties');
    const reply = (await send({ type: 'ui:get-tab-state', tabId: 7 }, popupSender())) as { ok: true; value: TabState };
    expect(reply.value.status).toBe('checked');
    if (reply.value.status !== 'checked') return;
    expect(reply.value.result.verdict).toBe('rewritten');
    expect(reply.value.result.source?.id).toBe('ap-ties-full');
    // Another tab is untouched.
    expect(await fakeBrowser.action.getBadgeText({ tabId: 8 })).toBe('');
  });

  it('labels each verdict differently', async () => {
    startBackground(fakeBrowser as never, { dbName });
    const files = ['004_017aadd92dbe6fea.txt', '000_417f5b4f1c0cc618.txt', '001_2b3f9f2055e0df11.txt', '003_97d4323494856c4c.txt'];
    const labels = [];
    for (const [i, file] of files.entries()) {
      const url = `https://site.example/${i}`;
      await send(articleMessage(file, url), contentSender(10 + i, url));
      labels.push(await fakeBrowser.action.getBadgeText({ tabId: 10 + i }));
    }
    expect(labels).toEqual(['AP', 'EDIT', 'RW', 'PART']);
  });

  it('shows nothing for pages that are not articles or have no source', async () => {
    startBackground(fakeBrowser as never, { dbName });
    await send({ type: 'content:not-article', url: 'https://a.example/' }, contentSender(3, 'https://a.example/'));
    expect(await fakeBrowser.action.getBadgeText({ tabId: 3 })).toBe('');
    const reply = (await send({ type: 'ui:get-tab-state', tabId: 3 }, popupSender())) as { ok: true; value: TabState };
    expect(reply.value).toEqual({ status: 'not-article', url: 'https://a.example/' });
    const text = 'The city council approved a new budget for parks and libraries on Monday after a long debate. '.repeat(4);
    await send({ type: 'content:article', url: 'https://b.example/', title: 'Council budget', text }, contentSender(4, 'https://b.example/'));
    expect(await fakeBrowser.action.getBadgeText({ tabId: 4 })).toBe('');
    const none = (await send({ type: 'ui:get-tab-state', tabId: 4 }, popupSender())) as { ok: true; value: TabState };
    expect(none.value.status === 'checked' && none.value.result.verdict).toBe('none');
  });

  it('rejects messages from strangers, subframes and malformed payloads without touching the badge', async () => {
    startBackground(fakeBrowser as never, { dbName });
    const url = 'https://spun.example/x';
    const msg = articleMessage('001_2b3f9f2055e0df11.txt', url);
    expect(await send(msg, { ...contentSender(5, url), id: 'other-extension' })).toMatchObject({ ok: false });
    expect(await send(msg, contentSender(5, url, 2))).toMatchObject({ ok: false, error: expect.stringMatching(/subframe/) });
    expect(await send({ ...msg, text: 12 }, contentSender(5, url))).toMatchObject({ ok: false, error: expect.stringMatching(/text/) });
    expect(await send({ type: 'ui:corpus-changed' }, contentSender(5, url))).toMatchObject({ ok: false });
    expect(await fakeBrowser.action.getBadgeText({ tabId: 5 })).toBe('');
  });

  it('sees corpus changes made elsewhere and forgets closed tabs', async () => {
    startBackground(fakeBrowser as never, { dbName });
    const url = 'https://spun.example/y';
    await send(articleMessage('001_2b3f9f2055e0df11.txt', url), contentSender(6, url));
    expect(await fakeBrowser.action.getBadgeText({ tabId: 6 })).toBe('RW');
    const store = await CorpusStore.open(dbName);
    await store.deleteArticles(['ap-ties-full', 'ap-ties-short']);
    store.close();
    await send(articleMessage('001_2b3f9f2055e0df11.txt', url), contentSender(6, url));
    expect(await fakeBrowser.action.getBadgeText({ tabId: 6 })).toBe('');
    await fakeBrowser.tabs.onRemoved.trigger(6, { windowId: 1, isWindowClosing: false });
    // WXT's fake browser has no tabs.sendMessage; record what the background asks of the tab.
    const asked = vi.fn(async () => undefined);
    fakeBrowser.tabs.sendMessage = asked as never;
    const reply = (await send({ type: 'ui:get-tab-state', tabId: 6 }, popupSender())) as { ok: true; value: TabState };
    expect(reply.value).toEqual({ status: 'unknown' });
    await vi.waitFor(() => expect(asked).toHaveBeenCalledWith(6, { type: 'background:request-article' }));
  });
});
