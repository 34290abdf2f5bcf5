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

export interface FixtureServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  url(pathname: string): string;
  /** Registers an article (object, or text: headline on line 1, paragraphs split by blank lines). */
  addArticle(name: string, article: FixtureArticle | string): string;
  articleUrl(name: string): string;
  spaUrl(name: string): string;
  readonly notAnArticleUrl: string;
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
    const match = /^\/(article|spa)\/(.+)$/.exec(pathname);
    const article = match ? articles.get(match[2]!) : undefined;
    if (match && article) {
      return send(200, match[1] === 'spa' ? spaPage(match[2]!, articles) : articlePage(article));
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
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
