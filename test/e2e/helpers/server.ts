/**
 * A tiny static HTTP server on 127.0.0.1 (ephemeral port) that serves generated news pages.
 *
 * Pages are shaped like real news sites (lang, header/nav, one <article> with an <h1> and a
 * <p> per paragraph, an aside, a footer) so that Readability's `isProbablyReaderable` takes
 * them, which is what the content script checks before extracting.
 *
 * Routes
 *   /article/<name>   the registered article as a static news page
 *   /spa/<name>       a single-page app showing <name>; `window.spaNavigate(other)` (or a click
 *                     on a[data-spa-link]) swaps the article in place with history.pushState
 *   /not-an-article   a section front: navigation and short teasers only
 *   /storm/<name>     the section front, whose URL a script rewrites with history.pushState
 *                     every STORM.intervalMs for STORM.durationMs (`?step=<n>`, same content),
 *                     then settles on <name>'s article at `?step=final`
 *   /deep             DEEP_DIVS nested <div>s (~1.1 MB): the parser builds a page too deep or
 *                     too big to read
 *   /deep-template    TEMPLATE_DEEP_DIVS nested <div>s built by a script in a <template>: not
 *                     in the live tree, but in its HTML, and (built by script, not parsed)
 *                     nested all the way down
 *   /healthz          "ok" (text/plain)
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FixtureArticle {
  headline: string;
  paragraphs: string[];
  byline?: string;
  /** ISO date shown in the dateline. */
  published?: string;
  /** `<link rel=canonical>` in the head (as apnews.com serves it). */
  canonical?: string;
  /** `<meta property="article:published_time">` in the head (Open Graph, as apnews.com serves it). */
  publishedTime?: string;
}

/** The pushState storm of `/storm/<name>`: one new URL every `intervalMs` for `durationMs`. */
export const STORM = { intervalMs: 50, durationMs: 3_000 } as const;

/**
 * How many <div>s `/deep` nests: past both limits (more elements, deeper nesting). Not more:
 * a browser's time to load nested divs grows with the square of their number, and at 100,000
 * it ran into the test's 30 s page-load timeout on a slower two-core machine (without the
 * extension: Firefox ESR 153 28 s, Debian's Chromium 150 36 s; at 40,000: 5.2 s and 5.7 s).
 */
export const DEEP_DIVS = 40_000;
/**
 * How many <div>s `/deep-template`'s script nests. Not DEEP_DIVS: Chromium's outerHTML of a
 * tree 100,000 deep crashes the tab (measured; 20,000 takes ~0.35 s), and building one by
 * script took the page 9 s.
 */
export const TEMPLATE_DEEP_DIVS = 20_000;

export interface FixtureServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  url(pathname: string): string;
  /** Registers an article (object, or text: headline on line 1, paragraphs split by blank lines). */
  addArticle(name: string, article: FixtureArticle | string): string;
  articleUrl(name: string): string;
  spaUrl(name: string): string;
  /** `/storm/<name>`; its final URL is stormFinalUrl(name). */
  stormUrl(name: string): string;
  stormFinalUrl(name: string): string;
  readonly notAnArticleUrl: string;
  readonly deepUrl: string;
  readonly deepTemplateUrl: string;
  /** Paths requested so far, in order (to check what the browser fetched). */
  readonly requests: readonly string[];
  close(): Promise<void>;
}

/** Line 1 is the headline; the rest are paragraphs separated by blank lines. */
export function articleFromText(text: string): FixtureArticle {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0) throw new Error('Empty article text');
  const headline = lines[first]!.trim();
  const paragraphs = lines
    .slice(first + 1)
    .join('\n')
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s*\n\s*/g, ' ').trim())
    .filter((p) => p !== '');
  return { headline, paragraphs };
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const SITE = 'The Fixture Gazette';

function slugOf(name: string): string {
  return encodeURIComponent(name);
}

function articleBody(a: FixtureArticle): string {
  const dateline = a.published ?? '2023-02-22';
  return `
      <h1>${escapeHtml(a.headline)}</h1>
      <p class="byline">By ${escapeHtml(a.byline ?? 'Staff Reporter')} · <time datetime="${escapeHtml(dateline)}">${escapeHtml(dateline)}</time></p>
      ${a.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n      ')}`;
}

function layout(options: { title: string; main: string; head?: string; script?: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(options.title)}</title>
  ${options.head ?? ''}
  <style>
    body { font: 17px/1.5 Georgia, serif; margin: 0; color: #222; }
    header, footer { background: #f2f2f2; padding: 12px 24px; font-family: sans-serif; }
    nav a { margin-right: 12px; }
    main { display: flex; gap: 32px; max-width: 1100px; margin: 24px auto; padding: 0 24px; }
    article { flex: 3; } aside { flex: 1; font: 14px sans-serif; }
  </style>
</head>
<body>
  <header>
    <a class="logo" href="/">${SITE}</a>
    <nav aria-label="Sections">
      <a href="/not-an-article">World</a><a href="/not-an-article">Politics</a>
      <a href="/not-an-article">Business</a><a href="/not-an-article">Sports</a>
    </nav>
  </header>
  <main>
${options.main}
  </main>
  <footer>
    <p>© 2023 ${SITE}. <a href="/not-an-article">About us</a> · <a href="/not-an-article">Contact</a></p>
  </footer>
${options.script ?? ''}
</body>
</html>
`;
}

function articlePage(a: FixtureArticle): string {
  return layout({
    title: `${a.headline} | ${SITE}`,
    head: [
      '<meta property="og:type" content="article">',
      `<meta property="og:title" content="${escapeHtml(a.headline)}">`,
      ...(a.canonical ? [`<link rel="canonical" href="${escapeHtml(a.canonical)}">`] : []),
      ...(a.publishedTime ? [`<meta property="article:published_time" content="${escapeHtml(a.publishedTime)}">`] : []),
    ].join('\n  '),
    main: `    <article>${articleBody(a)}
    </article>
    <aside aria-label="More stories"><h2>Most read</h2><ul><li><a href="/not-an-article">Weather</a></li><li><a href="/not-an-article">Local sports</a></li></ul></aside>`,
  });
}

function spaPage(initial: string, articles: Map<string, FixtureArticle>): string {
  const a = articles.get(initial)!;
  const data = Object.fromEntries(articles);
  const links = [...articles.keys()]
    .map((n) => `<li><a data-spa-link href="/spa/${slugOf(n)}">${escapeHtml(articles.get(n)!.headline)}</a></li>`)
    .join('');
  // JSON inside <script>: escape "<" so no text can close the element.
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  return layout({
    title: `${a.headline} | ${SITE}`,
    main: `    <article id="story">${articleBody(a)}
    </article>
    <aside aria-label="More stories"><h2>More stories</h2><ul>${links}</ul></aside>`,
    script: `<script type="application/json" id="spa-data">${json}</script>
<script>
// Every message posted to this window, as a page script sees it: nothing of an extension's should be here.
window.spaMessages = [];
addEventListener('message', (e) => window.spaMessages.push(JSON.stringify(e.data)));
(() => {
  const articles = JSON.parse(document.getElementById('spa-data').textContent);
  const esc = (s) => String(s).replace(/[&<>"']/g, (c) => '&#' + c.charCodeAt(0) + ';');
  function render(name) {
    const a = articles[name];
    if (!a) throw new Error('unknown article ' + name);
    const story = document.getElementById('story');
    story.innerHTML = '<h1>' + esc(a.headline) + '</h1>' +
      '<p class="byline">By ' + esc(a.byline || 'Staff Reporter') + '</p>' +
      a.paragraphs.map((p) => '<p>' + esc(p) + '</p>').join('');
    document.title = a.headline + ' | ${SITE}';
    document.documentElement.dataset.spaArticle = name;
  }
  window.spaNavigate = (name) => {
    history.pushState({ name }, '', '/spa/' + encodeURIComponent(name));
    render(name);
  };
  addEventListener('popstate', (e) => { if (e.state && e.state.name) render(e.state.name); });
  document.addEventListener('click', (e) => {
    const link = e.target instanceof Element && e.target.closest('a[data-spa-link]');
    if (!link) return;
    e.preventDefault();
    window.spaNavigate(decodeURIComponent(new URL(link.href).pathname.slice('/spa/'.length)));
  });
  history.replaceState({ name: ${JSON.stringify(initial).replace(/</g, '\\u003c')} }, '');
  document.documentElement.dataset.spaArticle = ${JSON.stringify(initial).replace(/</g, '\\u003c')};
})();
</script>`,
  });
}

function notAnArticlePage(): string {
  const teasers = ['Council meets on budget', 'Rain expected this weekend', 'Late goal settles derby', 'Markets close mixed']
    .map((t) => `<li><a href="/not-an-article">${t}</a> <span>2 min read</span></li>`)
    .join('\n        ');
  return layout({
    title: `World news | ${SITE}`,
    main: `    <section aria-label="Top stories">
      <h1>World</h1>
      <ul>
        ${teasers}
      </ul>
    </section>`,
  });
}

/**
 * The section front under a script that keeps changing the URL (a feed rewriting `?step=`),
 * then shows the article `a` at its final URL. The page notes how many steps it took and
 * when it settled (`data-storm-steps`, `data-storm-settled-after` in ms) on <html>.
 */
function stormPage(name: string, a: FixtureArticle): string {
  const front = notAnArticlePage();
  const article = `<article>${articleBody(a)}</article>`;
  const json = JSON.stringify({ article, title: `${a.headline} | ${SITE}`, base: `/storm/${slugOf(name)}`, ...STORM }).replace(/</g, '\\u003c');
  return front.replace(
    '</body>',
    () => `<script type="application/json" id="storm-data">${json}</script>
<script>
(() => {
  const d = JSON.parse(document.getElementById('storm-data').textContent);
  const started = performance.now();
  let step = 0;
  const timer = setInterval(() => {
    step += 1;
    if (performance.now() - started < d.durationMs) {
      history.pushState({ step }, '', d.base + '?step=' + step);
      return;
    }
    clearInterval(timer);
    history.pushState({ step: 'final' }, '', d.base + '?step=final');
    document.querySelector('main').innerHTML = d.article;
    document.title = d.title;
    document.documentElement.dataset.stormSteps = String(step - 1);
    document.documentElement.dataset.stormSettledAfter = String(Math.round(performance.now() - started));
  }, d.intervalMs);
})();
</script>
</body>`,
  );
}

/**
 * DEEP_DIVS nested divs in the body as HTML, or (`hidden`) TEMPLATE_DEEP_DIVS built by a
 * script inside a <template>. Browsers' HTML parsers stop nesting at ~512 (what is deeper
 * becomes siblings), so the served page is ~512 deep and DEEP_DIVS elements big; the DOM
 * methods have no such limit, so the template's content, and its HTML, nest all the way.
 */
function deepPage(hidden: boolean): string {
  const body = hidden
    ? `<p>Nothing to see here.</p><script>
(() => {
  const template = document.createElement('template');
  let parent = template.content;
  for (let i = 0; i < ${TEMPLATE_DEEP_DIVS}; i++) parent = parent.appendChild(document.createElement('div'));
  parent.textContent = 'deep';
  document.body.appendChild(template);
})();
</script>`
    : `${'<div>'.repeat(DEEP_DIVS)}deep${'</div>'.repeat(DEEP_DIVS)}`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Deep | ${SITE}</title></head><body>${body}</body></html>`;
}

export async function startFixtureServer(): Promise<FixtureServer> {
  const articles = new Map<string, FixtureArticle>();
  const requests: string[] = [];

  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    requests.push(pathname);
    const send = (status: number, body: string, type = 'text/html; charset=utf-8') => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'method not allowed', 'text/plain');
    if (pathname === '/healthz') return send(200, 'ok', 'text/plain');
    if (pathname === '/favicon.ico') return send(204, '', 'image/x-icon');
    if (pathname === '/' || pathname === '/not-an-article') return send(200, notAnArticlePage());
    if (pathname === '/deep' || pathname === '/deep-template') return send(200, deepPage(pathname === '/deep-template'));
    const match = /^\/(article|spa|storm)\/(.+)$/.exec(pathname);
    const article = match ? articles.get(match[2]!) : undefined;
    if (match && article) {
      const kind = match[1];
      return send(200, kind === 'spa' ? spaPage(match[2]!, articles) : kind === 'storm' ? stormPage(match[2]!, article) : articlePage(article));
    }
    return send(404, layout({ title: `Not found | ${SITE}`, main: '    <p>Not found.</p>' }));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const url = (pathname: string) => new URL(pathname, origin).href;

  return {
    origin,
    url,
    requests,
    notAnArticleUrl: url('/not-an-article'),
    addArticle(name, article) {
      articles.set(name, typeof article === 'string' ? articleFromText(article) : article);
      return url(`/article/${slugOf(name)}`);
    },
    articleUrl: (name) => url(`/article/${slugOf(name)}`),
    spaUrl: (name) => url(`/spa/${slugOf(name)}`),
    stormUrl: (name) => url(`/storm/${slugOf(name)}`),
    stormFinalUrl: (name) => url(`/storm/${slugOf(name)}?step=final`),
    deepUrl: url('/deep'),
    deepTemplateUrl: url('/deep-template'),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
