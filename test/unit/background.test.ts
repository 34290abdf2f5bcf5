// The background as wired in the extension (startBackground), on WXT's fake browser and the
// real storage layer over fake-indexeddb.
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startBackground } from '../../src/background/start';
import { DEFAULT_PARAMS, type FingerprintParams, paramsKey } from '../../src/core/fingerprint/minhash';
import type { TabState } from '../../src/messaging/protocol';
import { parseHtmlDocument } from '../../src/extraction/html';
import { readArticle } from '../../src/extraction/page';
import { CorpusStore } from '../../src/storage';
import { contentSender, dbName, popupSender, seededBackgroundEachTest, send, toTabs } from './background-harness';
import { withRaw } from './raw-database';
import { seedCorpus, seedPage } from './seeds';

seededBackgroundEachTest('wirecheck-bg-test');

// Pages reach the background as content:page: their HTML, read there. `force` as when the
// reader asks, so sending one page twice in a test checks it twice.
const escape = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
function pageHtml(title: string, text: string, head = ''): string {
  const paragraphs = text.split(/\n\s*\n/).map((p) => `<p>${escape(p)}</p>`);
  return `<html lang="en"><head><title>${escape(title)}</title>${head}</head><body>
    <header><a href="/">Site</a></header><main><article><h1>${escape(title)}</h1>${paragraphs.join('\n')}</article></main></body></html>`;
}
const pageMessage = (url: string, title: string, text: string, flags: Partial<{ check: boolean; capture: boolean; force: boolean }> = {}, head = '') => ({
  type: 'content:page',
  url,
  html: pageHtml(title, text, head),
  check: true,
  capture: false,
  force: true,
  ...flags,
});
const articleMessage = (file: string, url: string) => {
  const page = seedPage(file);
  return pageMessage(url, page.title, page.text);
};
// A local story no AP article explains, long enough for Readability.
const COUNCIL = Array.from({ length: 6 }, () => 'The city council approved a new budget for parks and libraries on Monday after a long debate. '.repeat(3).trim()).join('\n\n');

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
    const text = COUNCIL;
    await send(pageMessage('https://b.example/', 'Council budget', text), contentSender(4, 'https://b.example/'));
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
    expect(await send({ ...msg, html: 12 }, contentSender(5, url))).toMatchObject({ ok: false, error: expect.stringMatching(/html/) });
    expect(await send({ type: 'ui:corpus-changed' }, contentSender(5, url))).toMatchObject({ ok: false });
    expect(await fakeBrowser.action.getBadgeText({ tabId: 5 })).toBe('');
  });

  it('takes the page’s origin from the sender: a message naming another site’s page changes nothing', async () => {
    startBackground(fakeBrowser as never, { dbName });
    const url = 'https://spun.example/story';
    await send(articleMessage('001_2b3f9f2055e0df11.txt', url), contentSender(9, url));
    const before = (await send({ type: 'ui:get-tab-state', tabId: 9 }, popupSender())).value as TabState;
    expect(before).toMatchObject({ status: 'checked', url });
    const other = 'https://apnews.com/article/other';
    for (const msg of [
      { type: 'content:not-article', url: other },
      { type: 'content:hello', url: other },
      { type: 'content:mute-notice', url: other },
      articleMessage('004_017aadd92dbe6fea.txt', other),
    ]) {
      expect(await send(msg, contentSender(9, url)), msg.type).toMatchObject({ ok: false, error: expect.stringMatching(/sender/) });
    }
    expect((await send({ type: 'ui:get-tab-state', tabId: 9 }, popupSender())).value).toEqual(before);
    expect(await fakeBrowser.action.getBadgeText({ tabId: 9 })).toBe('RW');
    // A sender without a page URL is not believed either.
    expect(await send({ type: 'content:not-article', url }, { ...contentSender(9, url), url: undefined })).toMatchObject({ ok: false });
    // The tab's URL stands in for a missing frame URL, and a fragment is the same page.
    expect(await send({ type: 'content:not-article', url: `${url}#comments` }, { ...contentSender(9, url), url: undefined, tab: { id: 9, url } })).toEqual({ ok: true, value: null });
    expect((await send({ type: 'ui:get-tab-state', tabId: 9 }, popupSender())).value).toEqual({ status: 'not-article', url });
    // A single-page app moved to another address on its own origin (history.pushState): believed.
    const moved = 'https://spun.example/another-story';
    expect(await send({ type: 'content:not-article', url: moved }, contentSender(9, url))).toEqual({ ok: true, value: null });
    expect((await send({ type: 'ui:get-tab-state', tabId: 9 }, popupSender())).value).toEqual({ status: 'not-article', url: moved });
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
    toTabs.length = 0;
    const reply = (await send({ type: 'ui:get-tab-state', tabId: 6 }, popupSender())) as { ok: true; value: TabState };
    expect(reply.value).toEqual({ status: 'unknown' });
    await vi.waitFor(() => expect(toTabs).toContainEqual({ tabId: 6, message: { type: 'background:request-article' } }));
  });
});

describe('background: first run', () => {
  it('opens the welcome page on install, and not on update', async () => {
    startBackground(fakeBrowser as never, { dbName });
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'update', previousVersion: '0.0.9' });
    expect((await fakeBrowser.tabs.query({})).map((t) => t.url)).not.toContain(fakeBrowser.runtime.getURL('/welcome.html'));
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'install' });
    await vi.waitFor(async () => expect((await fakeBrowser.tabs.query({})).map((t) => t.url)).toContain(fakeBrowser.runtime.getURL('/welcome.html')));
  });
});

describe('background: after an update', () => {
  it('rebuilds an index saved with an older fingerprint as soon as the update is installed', async () => {
    const savedParams = () => withRaw(dbName, async (db) => (await db.get('snapshots', 'corpus-index'))!.directory!.params);
    // The index as an older release saved it: passage bands from 3-grams (format 1).
    await withRaw(dbName, async (db) => {
      const saved = (await db.get('snapshots', 'corpus-index'))!;
      const { seed, verbatim, reworded } = saved.directory!.params;
      const formatOne = { formatVersion: 1, seed, verbatim, reworded, passageBands: 32 } as unknown as FingerprintParams;
      await db.put('snapshots', { ...saved, directory: { ...saved.directory!, params: formatOne } });
    });
    expect(paramsKey(await savedParams())).not.toBe(paramsKey(DEFAULT_PARAMS));

    startBackground(fakeBrowser as never, { dbName });
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'update', previousVersion: '0.0.9' });
    // No page was checked: only the update can have rebuilt and saved it.
    await vi.waitFor(async () => expect(paramsKey(await savedParams())).toBe(paramsKey(DEFAULT_PARAMS)), { timeout: 5000 });
    expect(toTabs).toEqual([]);
  });
});

describe('background: what the reader asks for', () => {
  const url = 'https://spun.example/story';
  const checked = async () => {
    startBackground(fakeBrowser as never, { dbName });
    await send(articleMessage('001_2b3f9f2055e0df11.txt', url), contentSender(20, url));
  };

  it('shows the in-page notice for a rewrite, and none for a page without a source', async () => {
    await checked();
    const notice = toTabs.find((m) => m.tabId === 20 && m.message.type === 'background:notice');
    expect(notice?.message.notice).toMatchObject({ verdict: 'rewritten', sourceTitle: 'Russia and China show off deepening ties amid maneuvering over Ukraine' });
    // Its sentences come with it, so the page never calls browser.i18n (protocol.ts, NoticeText).
    expect(notice?.message.notice).toMatchObject({ text: { headline: 'this article is AP copy, rewritten', dismiss: 'Dismiss', numbers: expect.stringMatching(/^Paraphrase score \d+\/100 · \d+% of this page derives from it$/) } });
    const text = COUNCIL;
    await send(pageMessage('https://b.example/', 'Council budget', text), contentSender(21, 'https://b.example/'));
    expect(toTabs.find((m) => m.tabId === 21)?.message).toEqual({ type: 'background:notice', notice: null });
  });

  it('mutes the notice on the tab’s own site only', async () => {
    await checked();
    expect(await send({ type: 'content:mute-notice', url: 'https://elsewhere.example/' }, contentSender(20, url))).toMatchObject({ ok: false });
    expect(await send({ type: 'content:mute-notice', url }, contentSender(20, url))).toEqual({ ok: true, value: null });
    toTabs.length = 0;
    await send(articleMessage('001_2b3f9f2055e0df11.txt', 'https://spun.example/other'), contentSender(25, 'https://spun.example/other'));
    expect(toTabs.find((m) => m.tabId === 25)?.message).toEqual({ type: 'background:notice', notice: null });
    expect(await fakeBrowser.action.getBadgeText({ tabId: 25 })).toBe('RW');
  });

  it('keeps the notice off for a word-for-word copy that credits AP, unless asked', async () => {
    startBackground(fakeBrowser as never, { dbName });
    const page = seedPage('004_017aadd92dbe6fea.txt');
    const credited = pageMessage('https://syndicated.example/a', page.title, `MOSCOW (AP) — ${page.text}`);
    await send(credited, contentSender(22, credited.url));
    expect(toTabs.find((m) => m.tabId === 22)?.message).toEqual({ type: 'background:notice', notice: null });
    const store = await CorpusStore.open(dbName);
    await store.saveSettings({ ...(await store.getSettings()), noticeOnCreditedCopies: true });
    store.close();
    await send({ type: 'ui:settings-changed' }, popupSender());
    await send({ ...credited, url: 'https://syndicated.example/b' }, contentSender(23, 'https://syndicated.example/b'));
    expect(toTabs.find((m) => m.tabId === 23)?.message.notice).toMatchObject({ verdict: 'verbatim' });
  });

  it('answers content:hello with the page policy from the settings', async () => {
    startBackground(fakeBrowser as never, { dbName });
    expect(await send({ type: 'content:hello', url: 'https://news.example/a' }, contentSender(30, 'https://news.example/a'))).toEqual({ ok: true, value: { check: true, capture: false } });
    const store = await CorpusStore.open(dbName);
    await store.saveSettings({ ...(await store.getSettings()), neverCheck: ['muted.example'], autoCheck: false, autoCapture: true });
    store.close();
    await send({ type: 'ui:settings-changed' }, popupSender());
    expect((await send({ type: 'content:hello', url: 'https://www.muted.example/a' }, contentSender(31, 'https://www.muted.example/a'))).value).toEqual({ check: false, capture: false });
    expect((await send({ type: 'content:hello', url: 'https://apnews.com/article/x' }, contentSender(32, 'https://apnews.com/article/x'))).value).toEqual({ check: false, capture: true });
    const state = (await send({ type: 'ui:get-tab-state', tabId: 31 }, popupSender())).value;
    expect(state).toEqual({ status: 'skipped', url: 'https://www.muted.example/a', reason: 'muted' });
    expect((await send({ type: 'ui:get-tab-state', tabId: 32 }, popupSender())).value).toMatchObject({ status: 'skipped', reason: 'manual' });
    await send({ type: 'ui:check-tab', tabId: 32 }, popupSender());
    expect(toTabs).toContainEqual({ tabId: 32, message: { type: 'background:request-article' } });
  });

  it('captures apnews.com articles only when auto-capture is on, replacing earlier versions of the story only', async () => {
    startBackground(fakeBrowser as never, { dbName });
    const seeds = seedCorpus('both');
    const short = seeds.find((a) => a.id === 'ap-ties-short')!;
    const full = seeds.find((a) => a.id === 'ap-ties-full')!;
    const id = 'https://apnews.com/article/x';
    const url = 'https://apnews.com/article/x?utm=1';
    const head = '<link rel="canonical" href="/article/x"><meta property="article:published_time" content="2026-11-23">';
    const capture = (a: { title: string; text: string }) => pageMessage(url, a.title, a.text, { check: false, capture: true }, head);
    const read = (a: { title: string; text: string }) => readArticle(parseHtmlDocument(capture(a).html, url), url)!.text;
    const stored = async () => {
      const store = await CorpusStore.open(dbName);
      try {
        return { count: await store.count(), article: (await store.getArticles([id]))[0] };
      } finally {
        store.close();
      }
    };
    expect(await send(capture(short), contentSender(40, url))).toEqual({ ok: true, value: null });
    expect((await stored()).count).toBe(2); // auto-capture is off
    const store = await CorpusStore.open(dbName);
    await store.saveSettings({ ...(await store.getSettings()), autoCapture: true });
    store.close();
    await send({ type: 'ui:settings-changed' }, popupSender());
    await send({ type: 'content:hello', url }, contentSender(40, url)); // the reader reloads
    await send(capture(short), contentSender(40, url));
    expect(await stored()).toMatchObject({ count: 3, article: { url: id, text: read(short), published: '2026-11-23' } });
    // An update of the same story (the seed's fuller version: "edited" both ways) replaces it.
    await send(capture(full), contentSender(40, url));
    expect(await stored()).toMatchObject({ count: 3, article: { text: read(full) } });
    // Another story naming the same canonical URL does not.
    const other = { title: 'Council budget', text: COUNCIL };
    expect(read(other).length).toBeGreaterThan(500); // it is an article, and would be captured if new
    await send(capture(other), contentSender(41, url));
    expect(await stored()).toMatchObject({ count: 3, article: { text: read(full) } });
  });

  it('captures only from apnews.com and www.apnews.com, and only as the sender’s own page', async () => {
    const s = await CorpusStore.open(dbName);
    await s.saveSettings({ ...(await s.getSettings()), autoCapture: true });
    s.close();
    startBackground(fakeBrowser as never, { dbName });
    const page = seedCorpus('both').find((a) => a.id === 'ap-ties-full')!;
    const canonical = (href: string) => `<link rel="canonical" href="${href}">`;
    const capture = (url: string, head = '') => pageMessage(url, page.title, page.text, { check: false, capture: true }, head);
    const corpus = async () => {
      const store = await CorpusStore.open(dbName);
      try {
        return await store.count();
      } finally {
        store.close();
      }
    };
    const before = await corpus();
    // A page elsewhere, even one whose content script asks for a capture: the host check.
    await send(capture('https://notap.example/story'), contentSender(50, 'https://notap.example/story'));
    // A subdomain of apnews.com naming an apnews.com story as its canonical URL.
    await send(capture('https://evil.apnews.com/article/x', canonical('https://apnews.com/article/x')), contentSender(51, 'https://evil.apnews.com/article/x'));
    // A page that claims to be on apnews.com: its sender is not.
    const lie = await send(capture('https://apnews.com/article/y'), contentSender(52, 'https://evil.example/article/y'));
    expect(lie).toMatchObject({ ok: false, error: expect.stringMatching(/sender/) });
    expect(await corpus()).toEqual(before);
    // www.apnews.com publishes AP's stories too.
    await send(capture('https://www.apnews.com/article/z'), contentSender(53, 'https://www.apnews.com/article/z'));
    const store = await CorpusStore.open(dbName);
    expect((await store.getArticles(['https://www.apnews.com/article/z'])).map((a) => a.title)).toEqual([page.title]);
    expect(await store.getArticles(['https://apnews.com/article/x', 'https://apnews.com/article/y', 'https://notap.example/story', 'https://evil.apnews.com/article/x'])).toEqual([]);
    store.close();
  });

  it('gives the comparison page the page, the source and the result', async () => {
    await checked();
    const reply = (await send({ type: 'ui:get-comparison', tabId: 20 }, popupSender())) as { ok: true; value: { page: { url: string; text: string }; source: { id: string; text: string }; result: { verdict: string } } };
    expect(reply.value.page.url).toBe(url);
    expect(reply.value.page.text).toBe(seedPage('001_2b3f9f2055e0df11.txt').text);
    expect(reply.value.source.id).toBe('ap-ties-full');
    expect(reply.value.source.text.length).toBeGreaterThan(1000);
    expect(reply.value.result.verdict).toBe('rewritten');
    expect(await send({ type: 'ui:get-comparison', tabId: 99 }, popupSender())).toMatchObject({ ok: false });
  });

  it('sends the derived passages to highlight, and none to clear them', async () => {
    await checked();
    await send({ type: 'ui:highlight', tabId: 20, on: true }, popupSender());
    const on = toTabs.filter((m) => m.message.type === 'background:highlight').at(-1)!.message as unknown as { on: boolean; passages: { text: string; paraphraseScore: number }[] };
    expect(on.on).toBe(true);
    expect(on.passages.length).toBeGreaterThan(20);
    expect(on.passages.some((p) => p.text.includes('most sensible foreign policy official'))).toBe(true);
    await send({ type: 'ui:highlight', tabId: 20, on: false }, popupSender());
    expect(toTabs.at(-1)!.message).toEqual({ type: 'background:highlight', on: false, passages: [] });
  });

  it('"this looks wrong" suppresses that source on that URL only', async () => {
    await checked();
    const reply = (await send({ type: 'ui:report-wrong', tabId: 20 }, popupSender())) as { ok: true; value: TabState };
    // The other version of the story now explains the page, only in part.
    expect(reply.value.status === 'checked' && reply.value.result.source?.id).toBe('ap-ties-short');
    await send({ type: 'ui:report-wrong', tabId: 20 }, popupSender());
    const after = (await send({ type: 'ui:get-tab-state', tabId: 20 }, popupSender())).value as TabState;
    expect(after.status === 'checked' && after.result.verdict).toBe('none');
    expect(await fakeBrowser.action.getBadgeText({ tabId: 20 })).toBe('');
    // Another URL with the same text still gets the match.
    await send(articleMessage('001_2b3f9f2055e0df11.txt', 'https://other.example/'), contentSender(24, 'https://other.example/'));
    expect(await fakeBrowser.action.getBadgeText({ tabId: 24 })).toBe('RW');
  });

  it('adds the page to the corpus as an original, after which it matches itself', async () => {
    startBackground(fakeBrowser as never, { dbName });
    const text = Array.from({ length: 5 }, () => 'The harbour council approved a new ferry timetable on Monday after a long public debate about evening services. '.repeat(3).trim()).join('\n\n');
    await send(pageMessage('https://local.example/ferry', 'Ferry timetable', text), contentSender(50, 'https://local.example/ferry'));
    expect(await fakeBrowser.action.getBadgeText({ tabId: 50 })).toBe('');
    expect(await send({ type: 'ui:add-page', tabId: 50 }, popupSender())).toEqual({ ok: true, value: { id: 'https://local.example/ferry' } });
    expect(await fakeBrowser.action.getBadgeText({ tabId: 50 })).toBe('AP');
  });
});
