// The page policy as the content script follows it, on a fake host (linkedom document, manual
// idle queue and timers, recorded messages): hello decides whether the page is read, a
// request always reads, the page goes to the background as its HTML (content:page, with the
// policy's flags), an oversized page is reported as not an article, SPA navigations start
// over, and an answer that arrives after the page moved on is dropped. What the background
// reads from that HTML is tested in background-page.test.ts.
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { NAVIGATION_SETTLE_MS, PageReader, type PageReaderHost, policyFromReply, serialisePage } from '../../src/content/page-reader';
import { readArticle, readPageHtml } from '../../src/extraction/page';
import { type ContentMessage, MAX_PAGE_HTML_CHARS, type PagePolicy } from '../../src/messaging/protocol';
import { seedPage } from './seeds';

const URL_A = 'https://apnews.com/article/russia-china-ties-123?utm_source=x#top';

function articleHtml(head = ''): string {
  const { title, text } = seedPage('001_2b3f9f2055e0df11.txt');
  const paragraphs = text.split(/\n\s*\n/).map((p) => `<p>${p.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`);
  return `<!doctype html><html lang="en"><head><title>${title}</title>${head}</head><body>
    <header><a href="/">Site</a></header><main><article><h1>${title}</h1>${paragraphs.join('\n')}</article></main></body></html>`;
}

interface Harness {
  host: PageReaderHost;
  reader: PageReader;
  sent: ContentMessage[];
  url: { current: string };
  /** Lets replies resolve, then runs idle tasks and due timers until nothing is left. */
  settle(): Promise<void>;
  idleQueue: (() => void)[];
  doc: Document;
}

function harness(opts: { html?: string; url?: string; policy?: PagePolicy | 'fail' | 'error'; replyDelay?: Promise<void> } = {}): Harness {
  const doc = parseHTML(opts.html ?? articleHtml()).document as unknown as Document;
  const url = { current: opts.url ?? URL_A };
  const sent: ContentMessage[] = [];
  const idleQueue: (() => void)[] = [];
  const timers: (() => void)[] = [];
  const host: PageReaderHost = {
    document: doc,
    currentUrl: () => url.current,
    whenIdle: (task) => idleQueue.push(task),
    after: (ms, task) => {
      expect(ms).toBe(NAVIGATION_SETTLE_MS);
      timers.push(task);
    },
    send: async (message) => {
      sent.push(message);
      if (message.type !== 'content:hello') return { ok: true, value: null };
      if (opts.replyDelay) await opts.replyDelay;
      if (opts.policy === 'fail') throw new Error('Could not establish connection');
      if (opts.policy === 'error') return { ok: false, error: 'boom' };
      return { ok: true, value: opts.policy ?? { check: true, capture: false } };
    },
  };
  const settle = async () => {
    for (let round = 0; round < 10; round++) {
      await new Promise((r) => setTimeout(r, 0));
      const work = [...timers.splice(0), ...idleQueue.splice(0)];
      if (work.length === 0) return;
      for (const task of work) task();
    }
  };
  return { host, reader: new PageReader(host), sent, url, settle, idleQueue, doc };
}

const types = (sent: ContentMessage[]) => sent.map((m) => m.type);
type PageMessage = Extract<ContentMessage, { type: 'content:page' }>;

describe('page policy', () => {
  it('hello first; with check on, the page is serialised at idle time and sent as content:page', async () => {
    const h = harness();
    h.reader.start();
    expect(types(h.sent)).toEqual(['content:hello']);
    expect(h.sent[0]).toEqual({ type: 'content:hello', url: URL_A });
    await h.settle();
    expect(types(h.sent)).toEqual(['content:hello', 'content:page']);
    const page = h.sent[1] as PageMessage;
    expect(page).toMatchObject({ url: URL_A, check: true, capture: false, force: false });
    expect(page.html).toBe(h.doc.documentElement.outerHTML);
    // …and the background reads the same article from it that the content script used to
    // read from the live document.
    const before = readArticle(h.doc, URL_A);
    expect(before?.text).toContain('Wang Yi');
    expect(readPageHtml(page.html, URL_A).article).toEqual(before);
  });

  it('with check off (never-check list, or check on click) the page is not read at all', async () => {
    const h = harness({ policy: { check: false, capture: false } });
    h.reader.start();
    await h.settle();
    expect(types(h.sent)).toEqual(['content:hello']);
  });

  it('reads nothing when the background fails or answers without a policy', async () => {
    for (const policy of ['fail', 'error'] as const) {
      const h = harness({ policy });
      h.reader.start();
      await h.settle();
      expect(types(h.sent)).toEqual(['content:hello']);
    }
    expect(policyFromReply({ ok: true, value: { check: 'yes', capture: 1 } })).toEqual({ check: false, capture: false });
    expect(policyFromReply(undefined)).toEqual({ check: false, capture: false });
  });

  it('does not say hello from a page that is not http(s)', async () => {
    const h = harness({ url: 'file:///home/reader/story.html' });
    h.reader.start();
    await h.settle();
    expect(h.sent).toEqual([]);
  });

  it('background:request-article always reads, whatever the policy, and marks the read as forced', async () => {
    const h = harness({ policy: { check: false, capture: false } });
    h.reader.start();
    await h.settle();
    h.reader.onRequest();
    await h.settle();
    h.reader.onRequest();
    await h.settle();
    expect(types(h.sent)).toEqual(['content:hello', 'content:page', 'content:page']);
    expect(h.sent[1]).toMatchObject({ check: true, capture: false, force: true });
  });

  it('a page longer than MAX_PAGE_HTML_CHARS is not sent: it is reported as not an article', async () => {
    const big = `<!doctype html><html><body><p>${'x'.repeat(MAX_PAGE_HTML_CHARS)}</p></body></html>`;
    const h = harness({ html: big, url: 'https://news.example/huge', policy: { check: true, capture: true } });
    h.reader.start();
    await h.settle();
    expect(h.sent[1]).toEqual({ type: 'content:not-article', url: 'https://news.example/huge', reason: 'too-long' });
    // capture alone has nothing to say about it
    const c = harness({ html: big, url: 'https://apnews.com/huge', policy: { check: false, capture: true } });
    c.reader.start();
    await c.settle();
    expect(types(c.sent)).toEqual(['content:hello']);
  });

  it('an SPA navigation asks for the new page’s policy and reads it', async () => {
    const h = harness();
    h.reader.start();
    await h.settle();
    h.url.current = 'https://apnews.com/article/other-456';
    h.reader.onNavigation();
    await h.settle();
    expect(types(h.sent)).toEqual(['content:hello', 'content:page', 'content:hello', 'content:page']);
    expect(h.sent[2]).toEqual({ type: 'content:hello', url: 'https://apnews.com/article/other-456' });
    expect((h.sent[3] as { url: string }).url).toBe('https://apnews.com/article/other-456');
  });

  it('drops a policy that arrives after the page has moved on', async () => {
    let release!: () => void;
    const h = harness({ replyDelay: new Promise<void>((r) => (release = r)) });
    h.reader.start();
    h.reader.onNavigation(); // before the first answer
    release();
    await new Promise((r) => setTimeout(r, 0));
    expect(h.idleQueue).toHaveLength(0); // the old page's answer scheduled nothing
    await h.settle(); // the navigation's own hello and read
    expect(types(h.sent)).toEqual(['content:hello', 'content:hello', 'content:page']);
  });
});

describe('serialising the page', () => {
  const PAGES_DIR = join(import.meta.dirname, '../fixtures/pages');
  const pages = readdirSync(PAGES_DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

  it('leaves out the head’s styles and scripts but not JSON-LD; the body is whole', () => {
    const doc = parseHTML(`<!doctype html><html lang="en" class="x"><head><meta charset="utf-8"><title>T</title>
      <style>p { color: red }</style><script>var big = 1;</script><script type="application/ld+json">{"@type":"NewsArticle"}</script>
      <link rel="canonical" href="https://news.example/a"></head><body><p>One</p><style>b{}</style><script>x()</script></body></html>`).document as unknown as Document;
    const html = serialisePage(doc);
    expect(html).toMatch(/^<html lang="en" class="x"><head><meta charset="utf-8"><title>T<\/title><script type="application\/ld\+json">\{"@type":"NewsArticle"\}<\/script><link rel="canonical" href="https:\/\/news.example\/a"><\/head><body>/);
    expect(html).not.toContain('color: red');
    expect(html).not.toContain('var big');
    expect(html).toContain('<style>b{}</style><script>x()</script></body></html>');
  });

  it(`gives the background the same article, canonical URL and date as the whole page (${pages.length} fixture pages)`, () => {
    let whole = 0;
    let sent = 0;
    for (const name of pages) {
      const source = readFileSync(join(PAGES_DIR, name, 'source.html'), 'utf8');
      const url = `https://news.example/${name}`;
      const doc = parseHTML(source).document as unknown as Document;
      const full = doc.documentElement.outerHTML;
      const html = serialisePage(doc);
      whole += full.length;
      sent += html.length;
      expect(readPageHtml(html, url, { metadata: true }), name).toEqual(readPageHtml(full, url, { metadata: true }));
    }
    expect(sent / whole).toBeLessThan(0.9);
  });
});

describe('auto-capture', () => {
  it('with only capture on, the page is sent with check off', async () => {
    const h = harness({ policy: { check: false, capture: true } });
    h.reader.start();
    await h.settle();
    expect(types(h.sent)).toEqual(['content:hello', 'content:page']);
    expect(h.sent[1]).toMatchObject({ check: false, capture: true, force: false });
  });
});
