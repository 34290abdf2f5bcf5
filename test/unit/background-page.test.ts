// content:page: the background reads the page's HTML itself (linkedom + Readability, off the
// page's main thread) and then checks and captures the article it reads, as it would an
// article's text. Same fake browser and fake-indexeddb as background.test.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { CorpusChecker } from '../../src/background/corpus-checker';
import { startBackground } from '../../src/background/start';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { parseHtmlDocument } from '../../src/extraction/html';
import { readArticle, readPageHtml } from '../../src/extraction/page';
import { MAX_PAGE_HTML_CHARS, type TabState } from '../../src/messaging/protocol';
import { CorpusStore } from '../../src/storage';
import { contentSender, dbName, popupSender, seededBackgroundEachTest, send, toTabs } from './background-harness';
import { seedPage } from './seeds';

seededBackgroundEachTest('wirecheck-bg-page-test');

async function state(tabId: number): Promise<TabState> {
  return (await send({ type: 'ui:get-tab-state', tabId }, popupSender())).value as TabState;
}

const escape = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;');
function articleHtml(file: string, head = ''): string {
  const { title, text } = seedPage(file);
  const paragraphs = text.split(/\n\s*\n/).map((p) => `<p>${escape(p)}</p>`);
  return `<html lang="en"><head><title>${escape(title)}</title>${head}</head><body>
    <header><a href="/">Site</a></header><main><article><h1>${escape(title)}</h1>${paragraphs.join('\n')}</article></main></body></html>`;
}
const SPUN = '001_2b3f9f2055e0df11.txt';
const pageMessage = (url: string, html: string, flags: Partial<{ check: boolean; capture: boolean; force: boolean }> = {}) => ({
  type: 'content:page',
  url,
  html,
  check: true,
  capture: false,
  force: false,
  ...flags,
});

describe('background reads content:page', () => {
  it('extracts the article the content script used to read and gives the verdict its text gets', async () => {
    startBackground(fakeBrowser as never, { dbName });
    const url = 'https://spun.example/story';
    const html = articleHtml(SPUN);
    expect(await send(pageMessage(url, html), contentSender(7, url))).toEqual({ ok: true, value: null });
    const fromPage = await state(7);
    // The old path: Readability on the document in the content script, its text checked as is.
    const old = readArticle(parseHtmlDocument(html, url), url)!;
    const checker = new CorpusChecker(dbName);
    const fromText = await checker.check({ url, title: old.title, text: old.text, lang: old.lang }, { exclude: [], sensitivity: DEFAULT_SETTINGS.sensitivity });
    (await checker.store()).close();
    expect(fromPage.status).toBe('checked');
    if (fromPage.status !== 'checked') return;
    expect(fromPage.result.verdict).toBe('rewritten');
    expect(fromPage.title).toBe(old.title);
    expect({ ...fromPage.result, timings: undefined }).toEqual({ ...fromText, timings: undefined });
    const comparison = (await send({ type: 'ui:get-comparison', tabId: 7 }, popupSender())).value as { page: { text: string; lang?: string } };
    expect(comparison.page.text).toBe(old.text);
    expect(comparison.page.lang).toBe('en');
    expect(await fakeBrowser.action.getBadgeText({ tabId: 7 })).toBe('RW');
  });

  it('a page that is not an article, or HTML the parser makes nothing of, is "not an article"', async () => {
    startBackground(fakeBrowser as never, { dbName });
    const pages = [
      '<html><head><title>Front</title></head><body><ul><li><a href="/a">One</a></li></ul></body></html>',
      '',
      '<<<>>><p <p <div></div></span></html></html><script>',
      `${'<div>'.repeat(5_000)}<p>${'words '.repeat(200)}</p>`, // deeper than extract.ts's MAX_DEPTH
      '<svg><foreignObject><math><mi><table><p>mixed namespaces</p></table></mi></math></foreignObject></svg>',
    ];
    for (const [i, html] of pages.entries()) {
      const url = `https://odd.example/${i}`;
      expect(await send(pageMessage(url, html), contentSender(10 + i, url))).toEqual({ ok: true, value: null });
      // The deep page is refused before the parse, and says why.
      expect(await state(10 + i)).toEqual({ status: 'not-article', url, ...(i === 3 ? { reason: 'too-deep' } : {}) });
    }
  });

  it('refuses oversized or malformed page messages without touching the tab', async () => {
    startBackground(fakeBrowser as never, { dbName });
    const url = 'https://big.example/a';
    const oversized = await send(pageMessage(url, 'x'.repeat(MAX_PAGE_HTML_CHARS + 1)), contentSender(20, url));
    expect(oversized).toMatchObject({ ok: false, error: expect.stringMatching(/html is longer than/) });
    expect(await send({ ...pageMessage(url, '<p>x</p>'), html: ['<p>x</p>'] }, contentSender(20, url))).toMatchObject({ ok: false });
    expect(await send({ ...pageMessage(url, '<p>x</p>'), check: 1 }, contentSender(20, url))).toMatchObject({ ok: false });
    expect(toTabs).toEqual([]);
    expect(await fakeBrowser.action.getBadgeText({ tabId: 20 })).toBe('');
  });

  it('does not check an unchanged article twice in one page view unless the read was requested', async () => {
    startBackground(fakeBrowser as never, { dbName });
    const url = 'https://spun.example/story';
    const html = articleHtml(SPUN);
    const notices = () => toTabs.filter((t) => t.message.type === 'background:notice').length;
    await send(pageMessage(url, html), contentSender(30, url));
    expect(notices()).toBe(1);
    await send(pageMessage(url, html), contentSender(30, url));
    expect(notices()).toBe(1);
    await send(pageMessage(url, html, { force: true }), contentSender(30, url));
    expect(notices()).toBe(2);
    // A reload (or SPA navigation) says hello first: a new page view is checked again.
    await send({ type: 'content:hello', url }, contentSender(30, url));
    await send(pageMessage(url, html), contentSender(30, url));
    expect(notices()).toBe(3);
  });

  it('with only capture on, captures (canonical URL and date from the page) without checking', async () => {
    const store = await CorpusStore.open(dbName);
    await store.saveSettings({ ...(await store.getSettings()), autoCapture: true, autoCheck: false });
    store.close();
    startBackground(fakeBrowser as never, { dbName });
    const url = 'https://apnews.com/article/russia-china-ties-123?utm_source=x#top';
    const head = `<link rel="canonical" href="/article/russia-china-ties-123">
      <meta property="article:published_time" content="2023-02-22T10:15:00Z">`;
    const html = articleHtml(SPUN, head);
    await send(pageMessage(url, html, { check: false, capture: true }), contentSender(40, url));
    await send(pageMessage(url, html, { check: false, capture: true }), contentSender(40, url));
    const s = await CorpusStore.open(dbName);
    expect(await s.count()).toBe(3);
    const [captured] = await s.getArticles(['https://apnews.com/article/russia-china-ties-123']);
    s.close();
    expect(captured).toMatchObject({
      url: 'https://apnews.com/article/russia-china-ties-123',
      published: '2023-02-22T10:15:00Z',
      title: seedPage(SPUN).title,
      text: readArticle(parseHtmlDocument(html, url), url)!.text,
    });
    expect((await state(40)).status).toBe('unknown');
  });
});

describe('the background reads the article the content script used to read', () => {
  // The 30 Readability fixture pages: the old path (Readability on a clone of the page's
  // document, in the content script) against the new one (the document serialised with
  // outerHTML, as the content script now sends it, parsed again and read in place). Both on
  // linkedom here; test/unit/extraction.test.ts ties linkedom to Readability's expected output.
  const dir = join(import.meta.dirname, '../fixtures/pages');
  const names = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);
  it('has the 30 pages', () => expect(names).toHaveLength(30));
  it.each(names)('%s', (name) => {
    const url = `https://${name}.example/story`;
    const doc = parseHtmlDocument(readFileSync(join(dir, name, 'source.html'), 'utf8'), url);
    const before = readArticle(doc, url);
    const after = readPageHtml(doc.documentElement.outerHTML, url, { metadata: true });
    expect(after.article).toEqual(before);
  });
});
