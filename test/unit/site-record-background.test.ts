// The per-site record in the background as wired in the extension (startBackground), on WXT's
// fake browser and the real storage on fake-indexeddb: a visit after each verdict on an
// article page, named by its canonical URL on its own site and with its credit; none for a
// page that is not an article, in a private window, or with the record off; the ui:site*
// messages answered and validated; and a full disk that leaves the verdict standing.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startBackground } from '../../src/background/start';
import type { SiteVisit } from '../../src/core/sites/types';
import { type TabState, parseUiMessage } from '../../src/messaging/protocol';
import type { SiteDetail, SiteForTab, SitesList } from '../../src/messaging/sites';
import { CorpusStore } from '../../src/storage';
import { contentSender, dbName, popupSender, seededBackgroundEachTest, send } from './background-harness';
import { fullDiskAtWrite } from './full-disk';
import { dumpDatabase } from './raw-database';
import { seedPage } from './seeds';

seededBackgroundEachTest('wirecheck-bg-sites');

const sitesDb = () => `${dbName}-sites`;
const started: ReturnType<typeof startBackground>[] = [];
afterEach(() => {
  for (const b of started.splice(0)) b.sites.close();
});
function start() {
  const background = startBackground(fakeBrowser as never, { dbName, sitesDbName: sitesDb() });
  started.push(background);
  return background;
}

const escape = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
function pageMessage(url: string, title: string, text: string, head = '', byline = '') {
  const paragraphs = text.split(/\n\s*\n/).map((p) => `<p>${escape(p)}</p>`);
  const html = `<html lang="en"><head><title>${escape(title)}</title>${head}</head><body><header><a href="/">Site</a></header>
    <main><article><h1>${escape(title)}</h1>${byline ? `<p class="byline">${escape(byline)}</p>` : ''}${paragraphs.join('\n')}</article></main></body></html>`;
  return { type: 'content:page', url, html, check: true, capture: false, force: true };
}
const seed = (file: string, url: string, head = '') => {
  const page = seedPage(file);
  return pageMessage(url, page.title, page.text, head);
};
const LIGHT = '000_417f5b4f1c0cc618.txt'; // edited, no credit
const SPUN = '001_2b3f9f2055e0df11.txt'; // rewritten, credits AP ("… of The Associated Press")
const PARTIAL = '003_97d4323494856c4c.txt'; // passages, no credit
const COPY = '004_017aadd92dbe6fea.txt'; // word for word, no credit
const COUNCIL = Array.from({ length: 6 }, () => 'The city council approved a new budget for parks and libraries on Monday after a long debate. '.repeat(3).trim()).join('\n\n');

async function ui<T>(message: object): Promise<T> {
  const reply = await send(message, popupSender());
  if (!reply.ok) throw new Error(reply.error);
  return reply.value as T;
}
async function visit(tabId: number, message: { url: string }, sender = contentSender(tabId, message.url)): Promise<void> {
  expect(await send(message, sender)).toEqual({ ok: true, value: null });
}
const exported = () => ui<SiteVisit[]>({ type: 'ui:sites-export' });

describe('the per-site record in the background', () => {
  it('records each verdict on its site and answers the popup, the list, a site and the export', async () => {
    const background = start();
    await visit(1, seed(LIGHT, 'https://www.courier.example/light'));
    await visit(2, seed(COPY, 'https://courier.example/copy?utm_source=feed'));
    await visit(3, pageMessage('https://courier.example/council', 'Council budget', COUNCIL));
    await visit(4, seed(SPUN, 'https://gazette.example/spun'));
    await visit(5, seed(PARTIAL, 'https://gazette.example/partial'));

    const forTab = await ui<SiteForTab>({ type: 'ui:site-for-tab', tabId: 1 });
    expect(forTab).toMatchObject({ recording: true, summary: { host: 'courier.example', articles: 3, apCopy: 2, credited: 0, uncredited: 2, uncreditedRewrites: 1 } });
    expect(forTab?.summary.byVerdict).toEqual({ verbatim: 1, edited: 1, rewritten: 0, partial: 0, none: 1 });
    expect(await ui<SiteForTab>({ type: 'ui:site-for-tab', tabId: 4 })).toMatchObject({ summary: { host: 'gazette.example', articles: 2, apCopy: 2, credited: 1, uncreditedRewrites: 0 } });

    const list = await ui<SitesList>({ type: 'ui:sites-list' });
    expect(list).toMatchObject({ recording: true, retentionDays: 180 });
    expect(list.sites.map((s) => [s.host, s.articles]).sort()).toEqual([['courier.example', 3], ['gazette.example', 2]]);

    const detail = await ui<SiteDetail>({ type: 'ui:site-detail', host: 'courier.example' });
    expect(detail.summary).toEqual(forTab?.summary);
    expect(detail.visits.map((v) => v.url)).toEqual(['https://courier.example/council', 'https://courier.example/copy', 'https://www.courier.example/light']);
    expect(detail.periods.at(-1)).toMatchObject({ articles: 3, apCopy: 2, uncredited: 2 });
    expect(await ui<SiteDetail | null>({ type: 'ui:site-detail', host: 'nowhere.example' })).toBeNull();

    const all = await exported();
    expect(all).toHaveLength(5);
    // Only what the reader saw: no page text, only these fields.
    for (const v of all) expect(Object.keys(v).every((k) => ['host', 'url', 'title', 'checkedAt', 'verdict', 'sourceId', 'sourceTitle', 'paraphraseScore', 'credited', 'creditSignal'].includes(k))).toBe(true);
    expect(all.find((v) => v.url === 'https://gazette.example/spun')).toMatchObject({ verdict: 'rewritten', sourceId: 'ap-ties-full', credited: true, creditSignal: 'contributed' });
    expect(all.find((v) => v.url === 'https://courier.example/council')).toEqual({
      host: 'courier.example',
      url: 'https://courier.example/council',
      title: 'Council budget',
      checkedAt: expect.any(Number),
      verdict: 'none',
      credited: false,
    });
    expect(await ui<SiteVisit[]>({ type: 'ui:sites-export', host: 'gazette.example' })).toHaveLength(2);
    await background.sites.settled();
  });

  it('names a page by its canonical URL on its own site only, and reads the credit in its byline', async () => {
    start();
    const canonical = (href: string) => `<link rel="canonical" href="${href}">`;
    await visit(1, seed(COPY, 'https://m.herald.example/copy-amp', canonical('https://www.herald.example/copy')));
    await visit(2, seed(LIGHT, 'https://herald.example/light', canonical('https://elsewhere.example/light')));
    const page = seedPage(LIGHT);
    await visit(3, pageMessage('https://post.example/bylined', page.title, page.text, '', 'By Jane Doe, Associated Press'));
    const all = await exported();
    expect(all.map((v) => [v.host, v.url]).sort()).toEqual([
      ['herald.example', 'https://herald.example/light'],
      ['herald.example', 'https://www.herald.example/copy'],
      ['post.example', 'https://post.example/bylined'],
    ]);
    expect(all.find((v) => v.host === 'post.example')).toMatchObject({ verdict: 'edited', credited: true, creditSignal: 'byline' });
    // The popup on the AMP page counts the site its canonical URL names.
    expect(await ui<SiteForTab>({ type: 'ui:site-for-tab', tabId: 1 })).toMatchObject({ summary: { host: 'herald.example', articles: 2 } });
  });

  it('records nothing for a page that is not an article, in a private window, or with the record off', async () => {
    start();
    await visit(1, { type: 'content:not-article', url: 'https://a.example/' } as never);
    expect(await ui<SiteForTab>({ type: 'ui:site-for-tab', tabId: 1 })).toMatchObject({ summary: { host: 'a.example', articles: 0 } });
    await visit(2, seed(COPY, 'https://private.example/copy'), { ...contentSender(2, 'https://private.example/copy'), tab: { id: 2, incognito: true } } as never);
    expect(await fakeBrowser.action.getBadgeText({ tabId: 2 })).toBe('AP');
    expect(await exported()).toEqual([]);

    const store = await CorpusStore.open(dbName);
    await store.updateSettings((s) => ({ ...s, siteRecord: false }));
    store.close();
    await ui({ type: 'ui:settings-changed' });
    await visit(3, seed(COPY, 'https://off.example/copy'));
    expect(await fakeBrowser.action.getBadgeText({ tabId: 3 })).toBe('AP');
    expect(await ui<SiteForTab>({ type: 'ui:site-for-tab', tabId: 3 })).toBeNull();
    expect(await ui<SitesList>({ type: 'ui:sites-list' })).toEqual({ recording: false, retentionDays: 180, sites: [] });
  });

  it('clears one site, then every site, leaving nothing behind', async () => {
    start();
    await visit(1, seed(COPY, 'https://one.example/a'));
    await visit(2, seed(LIGHT, 'https://two.example/b'));
    expect(await ui({ type: 'ui:sites-clear', host: 'one.example' })).toBeNull();
    expect((await exported()).map((v) => v.host)).toEqual(['two.example']);
    expect(await ui({ type: 'ui:sites-clear' })).toBeNull();
    expect(await dumpDatabase(sitesDb())).toEqual({ sites: [], visits: [] });
  });

  it.each(['thrown', 'refused', 'aborted'] as const)('on a full disk the verdict stands and the record is as it was (%s)', async (mode) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const background = start();
      await visit(1, seed(COPY, 'https://full.example/a'));
      await background.sites.settled();
      const before = await dumpDatabase(sitesDb());
      const disk = fullDiskAtWrite(1, mode);
      try {
        await visit(2, seed(LIGHT, 'https://full.example/b'));
        await background.sites.settled();
      } finally {
        disk.restore();
      }
      expect(disk.hit).toBe(true);
      expect(await fakeBrowser.action.getBadgeText({ tabId: 2 })).toBe('EDIT');
      expect(((await send({ type: 'ui:get-tab-state', tabId: 2 }, popupSender())).value as TabState).status).toBe('checked');
      expect(await dumpDatabase(sitesDb())).toEqual(before);
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/could not record the page on its site: Not enough storage space/));
      // With room again, the next verdict is recorded.
      await visit(2, seed(LIGHT, 'https://full.example/b'));
      expect(await ui<SiteForTab>({ type: 'ui:site-for-tab', tabId: 2 })).toMatchObject({ summary: { articles: 2 } });
    } finally {
      warn.mockRestore();
    }
  });
});

describe('the record’s messages are validated', () => {
  it('takes well-formed ones', () => {
    expect(parseUiMessage({ type: 'ui:site-for-tab', tabId: 3 })).toEqual({ type: 'ui:site-for-tab', tabId: 3 });
    expect(parseUiMessage({ type: 'ui:sites-list' })).toEqual({ type: 'ui:sites-list' });
    for (const host of ['example.com', 'news.example.co.uk', 'localhost:8080', '127.0.0.1', '[::1]:3000', 'xn--bcher-kva.example']) {
      expect(parseUiMessage({ type: 'ui:site-detail', host })).toEqual({ type: 'ui:site-detail', host });
    }
    expect(parseUiMessage({ type: 'ui:sites-clear' })).toEqual({ type: 'ui:sites-clear' });
    expect(parseUiMessage({ type: 'ui:sites-export', host: 'a.example' })).toEqual({ type: 'ui:sites-export', host: 'a.example' });
  });

  it.each([
    [{ type: 'ui:site-for-tab' }, /tabId/],
    [{ type: 'ui:site-for-tab', tabId: -1 }, /tabId/],
    [{ type: 'ui:sites-list', host: 'a.example' }, /unexpected field host/],
    [{ type: 'ui:site-detail' }, /host/],
    [{ type: 'ui:site-detail', host: '' }, /host/],
    [{ type: 'ui:site-detail', host: 'Example.com' }, /host/],
    [{ type: 'ui:site-detail', host: 'a.example/path' }, /host/],
    [{ type: 'ui:site-detail', host: 'a b' }, /host/],
    [{ type: 'ui:site-detail', host: 'a'.repeat(256) }, /host/],
    [{ type: 'ui:sites-clear', host: 42 }, /host/],
    [{ type: 'ui:sites-export', host: null }, /host/],
    [{ type: 'ui:sites-clear', everything: true }, /unexpected field/],
  ])('refuses %j', (raw, error) => {
    expect(() => parseUiMessage(raw)).toThrow(error);
  });
});
