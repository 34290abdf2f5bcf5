// A corpus file is untrusted: an article's url may be a javascript:, data: or vbscript: URL
// (in any case, padded with spaces). The popup, the comparison page and the options page's
// article dialog must render such an address as text, never as an href; an http(s) address
// is a link. The components are rendered with Preact on linkedom, the way the pages mount them.
import { h } from 'preact';
import { beforeAll, describe, expect, it } from 'vitest';
import { matchPage } from '../../src/core/match/matcher';
import type { MatchResult } from '../../src/core/types';
import type { Comparison, TabState } from '../../src/messaging/protocol';
import type { StoredArticle } from '../../src/storage';
import type { BackgroundApi } from '../../src/ui/api';
import { ComparePage } from '../../src/ui/compare/ComparePage';
import { ArticleDialog } from '../../src/ui/options/ArticleDialog';
import type { CorpusApi } from '../../src/ui/options/corpus-api';
import { Popup } from '../../src/ui/popup/Popup';
import { safeLink } from '../../src/ui/safe-link';
import { mount, waitFor } from './preact-dom';
import { seedCorpus, seedPage } from './seeds';

/** Addresses that run script or carry a document when followed; none may become an href. */
const HOSTILE = [
  'javascript:alert(document.domain)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  ' JavaScript:alert(1)',
  '\t JAVASCRIPT:alert(1) ',
  'java\tscript:alert(1)',
  '\njavascript:alert(1)',
  'DATA:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  ' VBScript:msgbox(1)',
];
const SAFE: [url: string, href: string][] = [
  ['https://apnews.com/article/russia-china-ukraine', 'https://apnews.com/article/russia-china-ukraine'],
  ['http://apnews.com/article/x', 'http://apnews.com/article/x'],
  [' HTTPS://APNEWS.COM/article/y ', 'https://apnews.com/article/y'],
];
const OPTIONS_URL = 'chrome-extension://wirecheck/options.html';

/** What a browser would make of an href: the scheme after stripping what URL parsing strips. */
function scheme(href: string): string {
  // eslint-disable-next-line no-control-regex -- URL parsing strips leading C0 controls and spaces
  const m = /^([a-z][a-z0-9+.-]*):/i.exec(href.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+/, ''));
  return m ? m[1]!.toLowerCase() : '';
}

describe('safeLink', () => {
  it.each(HOSTILE)('gives no link for %j', (url) => {
    expect(safeLink(url)).toBeUndefined();
  });
  it.each(SAFE)('links %j as %s', (url, href) => {
    expect(safeLink(url)).toBe(href);
  });
  it.each(['', 'apnews.com/article/x', '//apnews.com/x', 'ftp://apnews.com/x', 'file:///etc/passwd', 'chrome://settings', 'blob:https://a.example/1'])(
    'gives no link for %j',
    (url) => {
      expect(safeLink(url)).toBeUndefined();
    },
  );
});

// ---- rendering -------------------------------------------------------------------------

/** Every href in the tree: none may be a script, data or vbscript URL; the rest are expected. */
function hrefs(root: HTMLElement): string[] {
  const all = [...root.querySelectorAll('[href]')].map((a) => a.getAttribute('href') ?? '');
  for (const href of all) expect(['javascript', 'data', 'vbscript']).not.toContain(scheme(href));
  return all;
}

function expectNoLink(root: HTMLElement, testId: string, url: string) {
  const el = root.querySelector(`[data-testid="${testId}"]`)!;
  expect(el, testId).toBeTruthy();
  expect(el.tagName.toLowerCase()).not.toBe('a');
  expect(el.hasAttribute('href')).toBe(false);
  // The address is not written into any attribute of the page either.
  expect(root.outerHTML).not.toContain(`="${url}"`);
}

function expectLink(root: HTMLElement, testId: string, href: string) {
  const el = root.querySelector(`[data-testid="${testId}"]`)!;
  expect(el.tagName.toLowerCase()).toBe('a');
  expect(el.getAttribute('href')).toBe(href);
  expect(el.getAttribute('rel')).toBe('noreferrer');
}

let spun: Comparison;
beforeAll(() => {
  const page = { ...seedPage('001_2b3f9f2055e0df11.txt'), url: 'https://gazette.example/world/russia-china' };
  const corpus = seedCorpus('both');
  const result = matchPage(page, corpus);
  const source = corpus.find((a) => a.id === result.source?.id);
  if (!source) throw new Error('the spun seed page must match a source');
  spun = { page, source, result };
});

function withSourceUrl(url: string): Comparison {
  return {
    page: spun.page,
    source: { ...spun.source, url },
    result: { ...spun.result, source: { ...spun.result.source!, url } } satisfies MatchResult,
  };
}

describe('the popup', () => {
  function popup(url: string): HTMLElement {
    const { result } = withSourceUrl(url);
    const state: TabState = { status: 'checked', url: spun.page.url, title: spun.page.title, result, checkedAt: 0 };
    const api = { getTabState: async () => state } as unknown as BackgroundApi;
    return mount(h(Popup, { api, tabId: 7, optionsUrl: OPTIONS_URL, openPage: () => {} }));
  }

  it.each(HOSTILE)('shows a source at %j as text, not a link', async (url) => {
    const root = popup(url);
    const title = await waitFor(root, '[data-testid="source-title"]');
    expect(title.textContent).toBe(spun.source.title);
    expectNoLink(root, 'source-title', url);
    expect(hrefs(root)).toEqual([OPTIONS_URL]);
  });

  it.each(SAFE)('links a source at %j', async (url, href) => {
    const root = popup(url);
    await waitFor(root, '[data-testid="source-title"]');
    expectLink(root, 'source-title', href);
    expect(hrefs(root)).toEqual([href, OPTIONS_URL]);
  });
});

describe('the comparison page', () => {
  function compare(c: Comparison): HTMLElement {
    return mount(h(ComparePage, { api: { getComparison: async () => c }, tabId: 7, copyText: undefined, now: () => new Date(2024, 2, 5) }));
  }

  it.each(HOSTILE)('shows an AP original at %j as text, not a link', async (url) => {
    const root = compare(withSourceUrl(url));
    const title = await waitFor(root, '[data-testid="compare-source-title"]');
    expect(title.textContent).toBe(spun.source.title);
    expectNoLink(root, 'compare-source-title', url);
    expect(root.textContent).toContain('no link in your corpus');
    expect(hrefs(root)).toEqual([spun.page.url]);
  });

  it.each(HOSTILE)('shows a page at %j as text, not a link', async (url) => {
    const root = compare({ ...withSourceUrl(SAFE[0]![0]), page: { ...spun.page, url } });
    await waitFor(root, '[data-testid="compare-page-title"]');
    expectNoLink(root, 'compare-page-title', url);
    expect(hrefs(root)).toEqual([SAFE[0]![1]]);
  });

  it.each(SAFE)('links an AP original at %j', async (url, href) => {
    const root = compare(withSourceUrl(url));
    await waitFor(root, '[data-testid="compare-source-title"]');
    expectLink(root, 'compare-source-title', href);
    expectLink(root, 'compare-page-title', spun.page.url);
    expect(hrefs(root)).toEqual([spun.page.url, href]);
  });
});

describe("the options page's article dialog", () => {
  function dialog(url: string): HTMLElement {
    const article: StoredArticle = { ...spun.source, url, addedAt: Date.UTC(2024, 0, 2), wordCount: 600 };
    const corpus = { article: async (id: string) => (id === article.id ? article : undefined) } as unknown as CorpusApi;
    return mount(h(ArticleDialog, { id: article.id, corpus, onClose: () => {}, onDelete: () => {} }));
  }

  it.each(HOSTILE)('shows an address %j as text, not a link', async (url) => {
    const root = dialog(url);
    const el = await waitFor(root, '[data-testid="article-url"]');
    expectNoLink(root, 'article-url', url);
    // Shown to the reader as text, with the warning that it is not a web address.
    expect(el.textContent).toContain(url);
    expect(hrefs(root)).toEqual([]);
  });

  it.each(SAFE)('links an address %j', async (url, href) => {
    const root = dialog(url);
    const el = await waitFor(root, '[data-testid="article-url"]');
    expectLink(root, 'article-url', href);
    expect(el.textContent).toBe(url);
    expect(hrefs(root)).toEqual([href]);
  });
});
