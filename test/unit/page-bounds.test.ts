// Bounding the background's work on a page before it parses one: the tree measured off the
// HTML string (page-bounds.ts) is exactly the tree linkedom builds, on the fixture pages and on
// tag soup made to fool a count; the content script measures its DOM and does not send a page
// beyond the limits; the background refuses such a page unparsed whatever the page says about
// itself, answers a page it already found not to be an article from memory, and parses at most
// a few reads per tab in a window, ending on the tab's last URL.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Background } from '../../src/background/background';
import { CorpusChecker } from '../../src/background/corpus-checker';
import { READS_PER_WINDOW, READ_WINDOW_MS, type ReadTimers } from '../../src/background/page-reads';
import { PageReader, checkPageSize, serialisePage } from '../../src/content/page-reader';
import { MAX_DEPTH, MAX_ELEMENTS } from '../../src/core/extract';
import { parseHtmlDocument } from '../../src/extraction/html';
import { PAGE_TREE_LIMITS, readPageHtml } from '../../src/extraction/page';
import { measureHtmlTree } from '../../src/extraction/page-bounds';
import { MAX_PAGE_DEPTH, MAX_PAGE_ELEMENTS } from '../../src/core/limits';
import { type ContentMessage, type TabState, parseContentMessage } from '../../src/messaging/protocol';
import { dbName, seededBackgroundEachTest } from './background-harness';
import { seedPage } from './seeds';

// Every parse the background makes goes through these two; the spies count them.
vi.mock('../../src/extraction/html', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/extraction/html')>();
  return { ...actual, parseHtmlDocument: vi.fn(actual.parseHtmlDocument) };
});
vi.mock('../../src/extraction/page', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/extraction/page')>();
  return { ...actual, readPageHtml: vi.fn(actual.readPageHtml) };
});
const parses = vi.mocked(parseHtmlDocument);
const reads = vi.mocked(readPageHtml);

/** Elements, deepest nesting (ancestors) and nodes of the tree linkedom builds from `html`. */
function linkedomTree(html: string): { elements: number; depth: number; nodes: number } {
  const doc = parseHtmlDocument(html);
  let elements = 0;
  let depth = 0;
  let nodes = 0;
  const stack: [Node, number][] = Array.from(doc.childNodes, (c): [Node, number] => [c, 0]);
  while (stack.length > 0) {
    const [node, d] = stack.pop()!;
    nodes++;
    if (node.nodeType === 1) {
      elements++;
      depth = Math.max(depth, d);
    }
    for (const c of Array.from(node.childNodes)) stack.push([c, d + 1]);
  }
  return { elements, depth, nodes };
}

/** The measure is linkedom's tree: elements and depth exactly, nodes at least. */
function expectTheTree(html: string, what: string): void {
  const measured = measureHtmlTree(html);
  const tree = linkedomTree(html);
  expect({ elements: measured.elements, depth: measured.depth }, what).toEqual({ elements: tree.elements, depth: tree.depth });
  expect(measured.nodes, what).toBeGreaterThanOrEqual(tree.nodes);
}

const PAGES_DIR = join(import.meta.dirname, '../fixtures/pages');
const PAGES = readdirSync(PAGES_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
const nested = (n: number) => `<html><body>${'<div>'.repeat(n)}<p>${'words '.repeat(50)}</p>${'</div>'.repeat(n)}</body></html>`;

describe('the tree measured off the HTML', () => {
  it(`is linkedom's tree on the ${PAGES.length} fixture pages, as fetched and as the content script sends them`, () => {
    const sizes = [];
    for (const name of PAGES) {
      const source = readFileSync(join(PAGES_DIR, name, 'source.html'), 'utf8');
      const sent = serialisePage(parseHTML(source).document as unknown as Document);
      for (const html of [source, sent]) {
        expectTheTree(html, name);
        const measured = measureHtmlTree(html);
        sizes.push(measured);
        expect(measured.nodes, name).toBeLessThan(linkedomTree(html).nodes * 1.1); // and close to it
      }
    }
    // The limits keep a wide margin over real pages: 2,564 elements (2,513 as sent, without the
    // head's scripts and styles), 33 ancestors and 6,014 nodes at most.
    const most = Math.max(...sizes.map((s) => s.elements));
    const deepest = Math.max(...sizes.map((s) => s.depth));
    const nodes = Math.max(...sizes.map((s) => s.nodes));
    expect([most, deepest, nodes]).toEqual([2_564, 33, 6_014]);
    expect(MAX_PAGE_ELEMENTS).toBeGreaterThanOrEqual(10 * most);
    expect(MAX_PAGE_DEPTH).toBeGreaterThanOrEqual(7 * deepest);
    expect(PAGE_TREE_LIMITS.nodes).toBeGreaterThanOrEqual(9.9 * nodes);
  });

  it('uses the limits extract.ts reads within, in the content script and the background alike', () => {
    expect({ elements: MAX_PAGE_ELEMENTS, depth: MAX_PAGE_DEPTH }).toEqual({ elements: MAX_ELEMENTS, depth: MAX_DEPTH });
    expect(PAGE_TREE_LIMITS).toMatchObject({ elements: MAX_ELEMENTS, depth: MAX_DEPTH });
  });

  it('is not fooled by markup that a count of tags reads differently from the parser', () => {
    const tricks = [
      '<div a="></div>">', // a close tag inside a quoted value
      "<div a='></div>'>",
      '<div a=b></div >', // unquoted value, space in the close tag
      '<script></div>\x1c\x0fscript><div>', // \x1c\x0f end a script like `</`
      '<title></div></title ><div>',
      '<tmp></div></xmp><div>', // <tmp> is raw text until </xmp>, and stays open
      '<!--></div>-->', // `<!-->` is a whole comment
      'a&amp;b&lt;c&#60;d</>e< f', // entities split text; `</>` and a stray `<` are text
      '<!-x></div>',
      '<![CDATA[</div>]]>',
      '<svg><g/><div/></svg><div/>', // `/>` closes only in SVG
      '<svg/><div/>', // …and after `<svg/>`, still
      '</p></br><ul><li><li></ul>', // `</p>` and `</br>` make elements; <li> closes <li>
      '<div></span></div>', // a close tag with nothing to close
      '<DIV><Div></div></DIV>',
    ];
    for (const trick of tricks) {
      expectTheTree(trick.repeat(40), JSON.stringify(trick));
    }
  });

  it('matches linkedom on random tag soup made of the tricky pieces', () => {
    const pieces = ['<div>', '</div>', '<p>', '</p>', '<span>', '</span>', '<li>', '<ul>', '</ul>', '<br>', '</br>', '<img>', '<svg>', '</svg>', '<path/>', '<div/>',
      '<math>', '</math>', '<mi>', '</mi>', '<title>', '</title>', '<desc>', '<foreignObject>', '</foreignobject>', '<script>', '</script>', '</SCRIPT >',
      '<style>', '</style>', '<textarea>', '</textarea>', '<xmp>', '</xmp>', '<tmp>', '<xitle>', '\x1c\x0fscript>', '\x1c', '\x0f', '<script/>', '<!--', '-->',
      '<!-->', '<!--->', '--!>', '<!-', '<!', '<![CDATA[', ']]>', '<?', '<!DOCTYPE html>', '<div a="', '"', "'", '=', ' ', '/', '>', '<', '</', '</ div>',
      '</3>', '</>', '</ >', 'x', '<div a=b>', '<div a', "<div a='", '&lt;', '&amp;', '&#60;', '&', 'a&b', '&ampx', '<table>', '<tr>', '<td>', '<tbody>', '<body>', '<head>', '<html>', '</html>', '<option>',
      '<select>', '<dd>', '<dt>', '<h1>', '<a>', '</a>', '\n', '<template>', '</template>'];
    let seed = 20_240_601;
    const random = () => (seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32;
    for (let t = 0; t < 3_000; t++) {
      let html = '';
      for (let i = 1 + Math.floor(random() * 60); i > 0; i--) html += pieces[Math.floor(random() * pieces.length)];
      expectTheTree(html, JSON.stringify(html));
    }
  });

  it('stops at the first limit crossed, so a page far beyond them costs no more than one within', () => {
    const html = nested(100_000); // 1.1 MB; linkedom alone takes seconds on it
    expect(html.length).toBeGreaterThan(1_000_000);
    expect(measureHtmlTree(html, PAGE_TREE_LIMITS)).toMatchObject({ elements: 252, depth: 251 });
    expect(measureHtmlTree('<i></i>'.repeat(100_000), PAGE_TREE_LIMITS)).toMatchObject({ elements: 30_001, depth: 0 });
    expect(measureHtmlTree('<!---->'.repeat(600_000), PAGE_TREE_LIMITS)).toEqual({ elements: 0, depth: 0, nodes: 60_001 });
  });

  it('is refused by readPageHtml before linkedom sees it', () => {
    parses.mockClear();
    expect(readPageHtml(nested(100_000), 'https://deep.example/a')).toMatchObject({ article: null, tooBig: 'too-deep' });
    expect(readPageHtml(`<html><body>${'<p>word</p>'.repeat(MAX_ELEMENTS)}</body></html>`, 'https://wide.example/a')).toMatchObject({ article: null, tooBig: 'too-many-elements' });
    // 4 MiB of entities in one paragraph: 1.4 million text nodes to linkedom, a minute to read.
    const flood = `<html><body><article><p>${'x&amp;'.repeat(699_000)}</p></article></body></html>`;
    expect(readPageHtml(flood, 'https://flood.example/a')).toMatchObject({ article: null, tooBig: 'too-many-nodes' });
    expect(parses).not.toHaveBeenCalled();
    // Within the limits, the page is parsed and read as before.
    expect(readPageHtml(nested(200), 'https://fine.example/a').tooBig).toBeUndefined();
    expect(parses).toHaveBeenCalledTimes(1);
  });
});

describe('the content script measures its DOM first', () => {
  function reader(html: string) {
    const sent: ContentMessage[] = [];
    const idle: (() => void)[] = [];
    const host = {
      document: parseHTML(html).document as unknown as Document,
      currentUrl: () => 'https://news.example/story',
      whenIdle: (task: () => void) => idle.push(task),
      after: () => undefined,
      send: async (m: ContentMessage) => {
        sent.push(m);
        return { ok: true, value: { check: true, capture: false } };
      },
    };
    return { host, sent, read: () => new PageReader(host).readNow(true) };
  }

  it('counts what the background would count off the HTML it sends, and sends the count', () => {
    for (const name of ['yahoo-2', 'guardian-1', 'nytimes-1']) {
      const doc = parseHTML(readFileSync(join(PAGES_DIR, name, 'source.html'), 'utf8')).document as unknown as Document;
      const tree = measureHtmlTree(doc.documentElement.outerHTML);
      expect(tree.depth, name).toBeLessThanOrEqual(MAX_PAGE_DEPTH);
      expect(checkPageSize(doc), name).toEqual({ elements: tree.elements, tooBig: null });
    }
    const { sent, read, host } = reader(nested(20));
    expect(checkPageSize(host.document)).toEqual({ elements: 23, tooBig: null }); // html, body, 20 divs, p
    read();
    expect(sent[0]).toMatchObject({ type: 'content:page', elements: 23 });
    expect(sent[0]).not.toHaveProperty('depth');
  });

  it('reports a page beyond the limits as not an article, with the reason, instead of sending it', () => {
    const deep = reader(nested(MAX_PAGE_DEPTH + 10));
    deep.read();
    expect(deep.sent).toEqual([{ type: 'content:not-article', url: 'https://news.example/story', reason: 'too-deep' }]);
    const wide = reader(`<html><body>${'<i></i>'.repeat(MAX_PAGE_ELEMENTS)}</body></html>`);
    wide.read();
    expect(wide.sent).toEqual([{ type: 'content:not-article', url: 'https://news.example/story', reason: 'too-many-elements' }]);
    expect(checkPageSize(wide.host.document)).toEqual({ elements: MAX_PAGE_ELEMENTS + 1, tooBig: 'too-many-elements' }); // stopped there
  });

  it('counts what a <template> holds: outerHTML serialises it, so a deep one is too deep', () => {
    const deepInside = (n: number) => `<html><body><template>${'<div>'.repeat(n)}${'</div>'.repeat(n)}</template><p>Story.</p></body></html>`;
    const hidden = reader(deepInside(MAX_PAGE_DEPTH + 10));
    const template = hidden.host.document.querySelector('template') as HTMLTemplateElement | null;
    expect(template?.content?.firstElementChild, 'linkedom gives a template its content').toBeTruthy();
    expect(checkPageSize(hidden.host.document).tooBig).toBe('too-deep');
    hidden.read();
    expect(hidden.sent).toEqual([{ type: 'content:not-article', url: 'https://news.example/story', reason: 'too-deep' }]);
    // html, body, template, 3 divs, p; the divs one level below the template. linkedom keeps a
    // template's children in the tree as well as in its content, so they count twice here (10);
    // a browser has them only in the content (test/e2e/hardening.e2e.ts serves such a page).
    expect(checkPageSize(reader(deepInside(3)).host.document)).toEqual({ elements: 10, tooBig: null });
  });

  it('the protocol carries the figures and the reason, and nothing else in their place', () => {
    const page = { type: 'content:page', url: 'https://news.example/a', html: '<p>x</p>', check: true, capture: false, force: false };
    expect(parseContentMessage({ ...page, elements: 3, depth: 1 })).toEqual({ ...page, elements: 3, depth: 1 });
    for (const bad of [-1, 1.5, '3', Number.MAX_VALUE]) expect(() => parseContentMessage({ ...page, elements: bad })).toThrow(/elements must be a count/);
    const notArticle = { type: 'content:not-article', url: 'https://news.example/a' };
    expect(parseContentMessage({ ...notArticle, reason: 'too-deep' })).toEqual({ ...notArticle, reason: 'too-deep' });
    expect(() => parseContentMessage({ ...notArticle, reason: 'paywall' })).toThrow(/reason/);
  });
});

// The background, driven directly with a clock the test moves.
seededBackgroundEachTest('wirecheck-page-bounds-test');

function manualTimers() {
  let now = 1_000_000;
  let due: { at: number; task: () => void }[] = [];
  const timers: ReadTimers = {
    now: () => now,
    after: (ms, task) => {
      const entry = { at: now + ms, task };
      due.push(entry);
      return () => (due = due.filter((d) => d !== entry));
    },
  };
  /** Moves the clock on, running what falls due. */
  const advance = (ms: number) => {
    now += ms;
    const ready = due.filter((d) => d.at <= now);
    due = due.filter((d) => d.at > now);
    for (const d of ready) d.task();
  };
  return { timers, advance, pending: () => due.length };
}

function background(timers: ReadTimers) {
  const bg = new Background({
    extensionId: fakeBrowser.runtime.id,
    extensionOrigin: fakeBrowser.runtime.getURL('/'),
    action: fakeBrowser.action,
    sendToTab: async () => undefined,
    checker: new CorpusChecker(dbName),
    timers,
  });
  const fromTab = (tabId: number, message: { url: string }) => bg.handle(message, { id: fakeBrowser.runtime.id, url: message.url, tabId, frameId: 0 });
  return { bg, fromTab };
}

const escape = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const FRONT = (n: number) => `<html><head><title>Front ${n}</title></head><body><ul><li><a href="/a">Story ${n}</a></li></ul></body></html>`;
const SPUN_ARTICLE = (() => {
  const { title, text } = seedPage('001_2b3f9f2055e0df11.txt');
  const paragraphs = text.split(/\n\s*\n/).map((p) => `<p>${escape(p)}</p>`);
  return `<html lang="en"><head><title>${escape(title)}</title></head><body><main><article><h1>${escape(title)}</h1>${paragraphs.join('\n')}</article></main></body></html>`;
})();
const pageMsg = (url: string, html: string, extra: object = {}) => ({ type: 'content:page', url, html, check: true, capture: false, force: false, ...extra });

describe('the background refuses too big a page unparsed', () => {
  it('measures the HTML itself: a page claiming a small tree is still refused, and says why', async () => {
    const { bg, fromTab } = background(manualTimers().timers);
    parses.mockClear();
    const url = 'https://deep.example/story';
    expect(await fromTab(3, pageMsg(url, nested(100_000), { elements: 10, depth: 3 }))).toEqual({ ok: true, value: null });
    expect(bg.tabs.get(3)).toEqual({ status: 'not-article', url, reason: 'too-deep' });
    expect(parses).not.toHaveBeenCalled();
    // A page's own word that it is too big is enough (it could say "not an article" anyway).
    expect(await fromTab(4, pageMsg(url, FRONT(1), { elements: MAX_PAGE_ELEMENTS + 1 }))).toEqual({ ok: true, value: null });
    expect(bg.tabs.get(4)).toEqual({ status: 'not-article', url, reason: 'too-many-elements' });
    await fromTab(6, pageMsg(url, `<html><body>${'<!---->'.repeat(70_000)}</body></html>`));
    expect(bg.tabs.get(6)).toEqual({ status: 'not-article', url, reason: 'too-many-nodes' });
    await fromTab(5, { type: 'content:not-article', url, reason: 'too-long' } as never);
    expect(bg.tabs.get(5)).toEqual({ status: 'not-article', url, reason: 'too-long' });
    expect(parses).not.toHaveBeenCalled();
  });
});

describe('the background parses a page only when it must', () => {
  it('answers the same page at the same URL that was no article from memory, forced or not', async () => {
    const { bg, fromTab } = background(manualTimers().timers);
    reads.mockClear();
    const url = 'https://front.example/';
    await fromTab(6, pageMsg(url, FRONT(1)));
    await fromTab(6, pageMsg(url, FRONT(1)));
    await fromTab(6, pageMsg(url, FRONT(1), { force: true }));
    expect(reads).toHaveBeenCalledTimes(1);
    expect(bg.tabs.get(6)).toEqual({ status: 'not-article', url });
    await fromTab(6, pageMsg(url, FRONT(2))); // the page changed: read again
    await fromTab(7, pageMsg(url, FRONT(1))); // another tab has its own memory
    expect(reads).toHaveBeenCalledTimes(3);
  });

  it(`parses at most ${READS_PER_WINDOW} reads per tab in ${READ_WINDOW_MS / 1000} s, and then the tab's last URL`, async () => {
    const clock = manualTimers();
    const { bg, fromTab } = background(clock.timers);
    reads.mockClear();
    const url = (n: number) => `https://spa.example/map?at=${n}`;
    // A page that rewrites its URL ten times in a row, each a new not-article page.
    for (let n = 1; n <= 10; n++) await fromTab(8, pageMsg(url(n), FRONT(n)));
    expect(reads).toHaveBeenCalledTimes(READS_PER_WINDOW);
    expect(bg.tabs.get(8)).toEqual({ status: 'checking', url: url(10), title: '' });
    expect(clock.pending()).toBe(1);
    // Another tab is not held up by this one.
    await fromTab(9, pageMsg(url(1), FRONT(1)));
    expect(reads).toHaveBeenCalledTimes(READS_PER_WINDOW + 1);
    clock.advance(READ_WINDOW_MS);
    await vi.waitFor(() => expect(bg.tabs.get(8)).toEqual({ status: 'not-article', url: url(10) }));
    expect(reads).toHaveBeenCalledTimes(READS_PER_WINDOW + 2); // the last read, not the five before it
    expect(reads.mock.calls.at(-1)![1]).toBe(url(10));
  });

  const verdictOf = (state: TabState) => (state.status === 'checked' ? state.result.verdict : state.status);

  it('still checks an article whose read had to wait', async () => {
    const clock = manualTimers();
    const { bg, fromTab } = background(clock.timers);
    for (let n = 1; n <= READS_PER_WINDOW; n++) await fromTab(10, pageMsg(`https://spun.example/${n}`, FRONT(n)));
    await fromTab(10, pageMsg('https://spun.example/story', SPUN_ARTICLE));
    expect(bg.tabs.get(10)).toMatchObject({ status: 'checking', url: 'https://spun.example/story' });
    clock.advance(READ_WINDOW_MS);
    await vi.waitFor(() => expect(verdictOf(bg.tabs.get(10))).toBe('rewritten'));
    expect(await fakeBrowser.action.getBadgeText({ tabId: 10 })).toBe('RW');
  });

  it('does not leave the tab "checking" when the read that waited is the article it already showed', async () => {
    const clock = manualTimers();
    const { bg, fromTab } = background(clock.timers);
    const url = 'https://spun.example/story';
    for (let n = 1; n <= READS_PER_WINDOW + 1; n++) await fromTab(12, pageMsg(url, SPUN_ARTICLE));
    expect(bg.tabs.get(12)).toMatchObject({ status: 'checking', url });
    clock.advance(READ_WINDOW_MS);
    await vi.waitFor(() => expect(verdictOf(bg.tabs.get(12))).toBe('rewritten'));
  });

  it('forgets a closed tab’s waiting read', async () => {
    const clock = manualTimers();
    const { bg, fromTab } = background(clock.timers);
    for (let n = 1; n <= READS_PER_WINDOW + 1; n++) await fromTab(11, pageMsg(`https://spa.example/${n}`, FRONT(n)));
    expect(clock.pending()).toBe(1);
    reads.mockClear();
    bg.onTabRemoved(11);
    expect(clock.pending()).toBe(0);
    // …and what it knew of the tab's pages: a new tab with its id reads them afresh.
    await fromTab(11, pageMsg('https://spa.example/1', FRONT(1)));
    expect(reads).toHaveBeenCalledTimes(1);
  });
});
