// The page policy as the content script follows it, on a fake host (linkedom document, manual
// idle queue and timers, recorded messages): hello decides whether the page is read, a
// request always reads, capture sends the canonical URL and the date, SPA navigations start
// over, and an answer that arrives after the page moved on is dropped.
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { NAVIGATION_SETTLE_MS, PageReader, type PageReaderHost, policyFromReply } from '../../src/content/page-reader';
import type { ContentMessage, PagePolicy } from '../../src/messaging/protocol';
import { seedPage } from './seeds';

const URL_A = 'https://apnews.com/article/russia-china-ties-123?utm_source=x#top';

function articleHtml(head = ''): string {
  const { title, text } = seedPage('001_2b3f9f2055e0df11.txt');
  const paragraphs = text.split(/\n\s*\n/).map((p) => `<p>${p.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`);
  return `<!doctype html><html lang="en"><head><title>${title}</title>${head}</head><body>
    <header><a href="/">Site</a></header><main><article><h1>${title}</h1>${paragraphs.join('\n')}</article></main></body></html>`;
}

const NOT_ARTICLE = '<!doctype html><html><head><title>Front</title></head><body><ul><li><a href="/a">One</a></li></ul></body></html>';

interface Harness {
  host: PageReaderHost;
  reader: PageReader;
  sent: ContentMessage[];
  url: { current: string };
  /** Lets replies resolve, then runs idle tasks and due timers until nothing is left. */
  settle(): Promise<void>;
  idleQueue: (() => void)[];
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
  return { host, reader: new PageReader(host), sent, url, settle, idleQueue };
}

const types = (sent: ContentMessage[]) => sent.map((m) => m.type);

describe('page policy', () => {
  it('hello first; with check on, the article is read at idle time and sent', async () => {
    const h = harness();
    h.reader.start();
    expect(types(h.sent)).toEqual(['content:hello']);
    expect(h.sent[0]).toEqual({ type: 'content:hello', url: URL_A });
    await h.settle();
    expect(types(h.sent)).toEqual(['content:hello', 'content:article']);
    const article = h.sent[1] as Extract<ContentMessage, { type: 'content:article' }>;
    expect(article.url).toBe(URL_A);
    expect(article.title).toBe('Russia, China Promote Ties as Ukraine Considerations Grow');
    expect(article.text).toContain('Wang Yi');
    expect(article.lang).toBe('en');
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

  it('background:request-article always reads, whatever the policy, and re-sends an unchanged article', async () => {
    const h = harness({ policy: { check: false, capture: false } });
    h.reader.start();
    await h.settle();
    h.reader.onRequest();
    await h.settle();
    h.reader.onRequest();
    await h.settle();
    expect(types(h.sent)).toEqual(['content:hello', 'content:article', 'content:article']);
  });

  it('an unchanged article is not sent twice without a request', async () => {
    const h = harness();
    h.reader.start();
    await h.settle();
    h.reader.readNow();
    expect(types(h.sent)).toEqual(['content:hello', 'content:article']);
  });

  it('says when a page is not an article', async () => {
    const h = harness({ html: NOT_ARTICLE, url: 'https://news.example/' });
    h.reader.start();
    await h.settle();
    expect(h.sent[1]).toEqual({ type: 'content:not-article', url: 'https://news.example/' });
  });

  it('an SPA navigation asks for the new page’s policy and reads it', async () => {
    const h = harness();
    h.reader.start();
    await h.settle();
    h.url.current = 'https://apnews.com/article/other-456';
    h.reader.onNavigation();
    await h.settle();
    expect(types(h.sent)).toEqual(['content:hello', 'content:article', 'content:hello', 'content:article']);
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
    expect(types(h.sent)).toEqual(['content:hello', 'content:hello', 'content:article']);
  });
});

describe('auto-capture', () => {
  const head = `<link rel="canonical" href="/article/russia-china-ties-123">
    <meta property="article:published_time" content="2023-02-22T10:15:00Z">`;

  it('sends content:capture with the canonical URL and the published date', async () => {
    const h = harness({ html: articleHtml(head), policy: { check: true, capture: true } });
    h.reader.start();
    await h.settle();
    expect(types(h.sent)).toEqual(['content:hello', 'content:article', 'content:capture']);
    const capture = h.sent[2] as Extract<ContentMessage, { type: 'content:capture' }>;
    expect(capture).toMatchObject({
      url: URL_A,
      canonicalUrl: 'https://apnews.com/article/russia-china-ties-123',
      published: '2023-02-22T10:15:00Z',
      title: 'Russia, China Promote Ties as Ukraine Considerations Grow',
    });
    expect(capture.text).toBe((h.sent[1] as { text: string }).text);
  });

  it('captures once per story version, and captures without checking when only capture is on', async () => {
    const h = harness({ html: articleHtml(head), policy: { check: false, capture: true } });
    h.reader.start();
    await h.settle();
    h.reader.readNow();
    expect(types(h.sent)).toEqual(['content:hello', 'content:capture']);
  });

  it('sends no capture for a page that is not an article', async () => {
    const h = harness({ html: NOT_ARTICLE, policy: { check: true, capture: true } });
    h.reader.start();
    await h.settle();
    expect(types(h.sent)).toEqual(['content:hello', 'content:not-article']);
  });
});
