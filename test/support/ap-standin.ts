/**
 * A stand-in for apnews.com: a Node http server on 127.0.0.1 serving what a follower of AP
 * reads (robots.txt, the sitemap index, monthly and news sitemaps, story pages and the other
 * pages the sitemaps list), generated from a seed, with faults a test switches on and off.
 *
 *   const ap = await startApStandin({ stories: 40, now: '2025-03-10T12:00:00Z' });
 *   ap.faults.tooMany = { count: 2, retryAfter: 3 };   // the next 2 requests get 429
 *   ...fetch(`${ap.origin}/sitemap.xml`)...
 *   ap.log.requestsTo('/article/');                    // what was asked, with which headers
 *   await ap.close();
 *
 * Links in sitemaps and pages use the origin the request came in on (`http://<Host header>`),
 * or `publicOrigin`, so the same server is apnews.com to a browser that maps that name to
 * 127.0.0.1 and 127.0.0.1 to a unit test. Stories are spread evenly over `spanDays` ending at
 * `now`, oldest first (story 0 is the oldest); the monthly sitemap of a month lists the stories
 * published in it (UTC) and the non-story pages dated in it; the news sitemap lists the stories
 * of the last two days. Sitemaps carry an ETag (a hash of the body) and Last-Modified (their
 * newest lastmod) and answer 304 to a matching If-None-Match, or, without one, to an
 * If-Modified-Since not older than Last-Modified.
 *
 * Faults (`ap.faults`, a plain object read on every request; set at start with `faults`):
 * a status (429 with Retry-After, or 5xx) for the next N requests or for a path prefix, a hang
 * (the request is never answered), a slow answer, a malformed monthly sitemap, a monthly
 * sitemap of 51 MiB streamed in chunks, stories that redirect to another host or to their
 * second URL, robots.txt rules, and stories listed under two URLs (same canonical). A changed
 * story (`changeStory`) gets new text and a later dateModified and lastmod. A request meets the
 * faults in this order: hang, slow, 429, 5xx, then the page (with its redirect, if any).
 *
 * Beside it: ap-standin-prose.ts writes the stories, ap-standin-pages.ts the HTML,
 * ap-standin-sitemaps.ts the XML and the conditional answers, ap-standin-log.ts the request log
 * and a recorder server standing for "another host".
 *
 * Run it by hand: `npx tsx test/support/ap-standin.ts --port 8080 [--stories 40] [--seed 1]`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Article } from '../../src/core/types';
import {
  galleryPage,
  hex32,
  hubPage,
  livePage,
  scoresPage,
  slugify,
  storyPage,
  videoPage,
} from './ap-standin-pages';
import {
  isoSeconds,
  newsSitemapXml,
  robotsTxt,
  sendHugeSitemap,
  sendSitemap,
  sitemapIndexXml,
  urlsetXml,
  type HugeSitemap,
  type SitemapBody,
} from './ap-standin-sitemaps';
import { createRequestLog, logEntry, type RequestLog } from './ap-standin-log';
import { updateStory, writeStory, type StoryContent } from './ap-standin-prose';

export { DEFAULT_HUGE_BYTES, hugeSitemapBytes, isoSeconds, type HugeSitemap } from './ap-standin-sitemaps';
export { createRequestLog, startRecorder, type LoggedRequest, type RequestLog } from './ap-standin-log';

export interface StandinStory extends StoryContent {
  index: number;
  /** `/article/<slug>-<32 hex>` */
  path: string;
  /** The story's second URL: served always, listed in the sitemap when `faults.duplicates` names it. */
  aliasPath: string;
  /** ISO 8601 (seconds, UTC). */
  published: string;
  modified: string;
}

export type NonStoryKind = 'hub' | 'live' | 'gallery' | 'scores' | 'video';

export interface StandinPage {
  kind: NonStoryKind;
  path: string;
  published: string;
  modified: string;
}

/** A status answered instead of the page: for the next `count` requests (all when absent) to `path` (a prefix; any when absent). */
export interface StatusFault {
  count?: number;
  path?: string;
  status?: number;
  /** Retry-After: delta-seconds (a number) or the header's text. */
  retryAfter?: number | string;
}

export interface ApFaults {
  /** 429 Too Many Requests (status defaults to 429, Retry-After to 1 second). */
  tooMany?: StatusFault;
  /** A server error (status defaults to 503; no Retry-After unless given). */
  serverError?: StatusFault;
  /** Path prefixes whose requests are never answered (until close()). */
  hang?: string[];
  /** Path prefixes answered after `ms`. */
  slow?: { path?: string; ms: number };
  /** Months (YYYYMM) whose sitemap is cut off mid-element. */
  malformedSitemap?: string[];
  /** Months whose sitemap is `bytes` long (default 51 MiB), streamed; Content-Length sent when `contentLength`. */
  hugeSitemap?: HugeSitemap[];
  /** Story indexes whose page answers 302 to the same path on `otherOrigin`. */
  redirectOffHost?: number[];
  /** Story indexes whose page answers 301 to its aliasPath on this host. */
  redirectSameHost?: number[];
  /** Story indexes listed under their aliasPath too (both in the monthly sitemap, one canonical). */
  duplicates?: number[];
  /** robots.txt: allow all (default), `Disallow: /article/`, `Disallow: /`, 404, or 503. */
  robots?: 'allow' | 'disallow-articles' | 'disallow-all' | 'missing' | 'error';
  /** `Crawl-delay:` in robots.txt, seconds. */
  crawlDelay?: number;
  /** robots.txt verbatim (wins over `robots` and `crawlDelay`). */
  robotsText?: string;
}

export interface ApStandinOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Origin used in links, canonicals and sitemaps instead of `http://<Host header>`. */
  publicOrigin?: string;
  /** How many stories (default 40). */
  stories?: number;
  /** The stories' span in days, ending at `now` (default 35). */
  spanDays?: number;
  /** The newest moment of the stand-in's news (default: when it starts). */
  now?: number | string | Date;
  /** Seed of the stories' text (default 1). */
  seed?: number;
  /** List and serve the non-story pages (hub, live blog, gallery, scores, video); default true. */
  nonStories?: boolean;
  /** Where `redirectOffHost` points (default `http://other-host.invalid`). */
  otherOrigin?: string;
  faults?: ApFaults;
  /** A log to record into (to share one with another server); a new one by default. */
  log?: RequestLog;
  /** Answer pages with a Set-Cookie, as apnews.com does (default true). */
  setCookie?: boolean;
}

export interface ApStandin {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** `http://apnews.com:<port>`: the origin a browser mapping apnews.com to 127.0.0.1 uses. */
  readonly apOrigin: string;
  readonly host: string;
  readonly port: number;
  /** The stand-in's "now" (ms). */
  readonly now: number;
  /** The stories, oldest first; index i is story i. Mutated by addStory/changeStory. */
  readonly stories: StandinStory[];
  readonly pages: StandinPage[];
  readonly log: RequestLog;
  /** The live fault settings, read on every request. */
  faults: ApFaults;
  setFaults(change: Partial<ApFaults>): void;
  clearFaults(): void;
  /** Most requests in flight at once so far (politeness: one at a time). */
  readonly maxInFlight: number;
  /** Absolute URL of story i (on `origin`, or the given origin). */
  storyUrl(i: number, origin?: string): string;
  url(path: string, origin?: string): string;
  /** `/sitemap.xml` on `origin` (or the given origin). */
  sitemapIndexUrl(origin?: string): string;
  /** The months (YYYYMM) the index lists, newest first. */
  months(): string[];
  addStory(story?: Partial<StoryContent & { published: string; modified: string }>): StandinStory;
  /** New text (paragraphs split by blank lines, or a list; an update by default) and a later dateModified. */
  changeStory(i: number, newText?: string | string[], modified?: string): StandinStory;
  /** The stories as corpus articles, id and url their canonical URL on `origin` (default: this.origin). */
  storyRecords(origin?: string): Article[];
  close(): Promise<void>;
}

const DAY_MS = 86_400_000;
const NEWS_SITEMAP_MS = 2 * DAY_MS;

const monthOf = (iso: string): string => iso.slice(0, 4) + iso.slice(5, 7);
const maxIso = (list: string[], fallback: string): string => list.reduce((a, b) => (b > a ? b : a), fallback);

function paragraphsOf(text: string | string[]): string[] {
  if (Array.isArray(text)) return text;
  return text.split(/\n\s*\n/).map((p) => p.replace(/\s*\n\s*/g, ' ').trim()).filter(Boolean);
}

const NON_STORY_NAMES: [NonStoryKind, string][] = [
  ['hub', '/hub/wildfires'],
  ['live', '/live/election-results-updates'],
  ['gallery', `/photo-gallery/storm-flooding-photos-${hex32('gallery')}`],
  ['scores', '/sports/scores/nhl'],
  ['video', `/video/city-council-budget-vote-${hex32('video')}`],
];

export async function startApStandin(opts: ApStandinOptions = {}): Promise<ApStandin> {
  const seed = opts.seed ?? 1;
  const count = opts.stories ?? 40;
  const spanMs = (opts.spanDays ?? 35) * DAY_MS;
  const now = opts.now === undefined ? Date.now() : new Date(opts.now).getTime();
  const otherOrigin = (opts.otherOrigin ?? 'http://other-host.invalid').replace(/\/$/, '');
  const log = opts.log ?? createRequestLog();
  const setCookie = opts.setCookie ?? true;
  const stories: StandinStory[] = [];
  let faults: ApFaults = { ...opts.faults };
  let inFlight = 0;
  let maxInFlight = 0;

  function makeStory(content: StoryContent, published: string, modified: string): StandinStory {
    const index = stories.length;
    const slug = slugify(content.headline);
    const story: StandinStory = {
      ...content,
      index,
      path: `/article/${slug}-${hex32(`${seed}:${index}:${content.headline}`)}`,
      aliasPath: `/article/${slug}-${hex32(`${seed}:${index}:alias`)}`,
      published,
      modified,
    };
    stories.push(story);
    return story;
  }

  for (let i = 0; i < count; i++) {
    const publishedMs = now - spanMs + ((i + 0.5) * spanMs) / count;
    const modifiedMs = Math.min(now, publishedMs + ((i * 7) % 90) * 60_000);
    makeStory(writeStory(seed * 100_003 + i), isoSeconds(publishedMs), isoSeconds(modifiedMs));
  }
  const pages: StandinPage[] = (opts.nonStories ?? true)
    ? NON_STORY_NAMES.map(([kind, path], i) => {
        const at = isoSeconds(now - spanMs + ((i * 2 + 1) * spanMs) / (NON_STORY_NAMES.length * 2));
        return { kind, path, published: at, modified: at };
      })
    : [];

  const byPath = (path: string): { story: StandinStory; alias: boolean } | undefined => {
    for (const story of stories) {
      if (story.path === path) return { story, alias: false };
      if (story.aliasPath === path) return { story, alias: true };
    }
    return undefined;
  };

  function months(): string[] {
    const set = new Set<string>([...stories.map((s) => monthOf(s.published)), ...pages.map((p) => monthOf(p.published))]);
    for (const m of faults.malformedSitemap ?? []) set.add(m);
    for (const h of faults.hugeSitemap ?? []) set.add(h.month);
    return [...set].sort().reverse();
  }

  function monthEntries(month: string): { path: string; lastmod: string }[] {
    const dup = new Set(faults.duplicates ?? []);
    const out: { path: string; lastmod: string }[] = [];
    for (const s of stories) {
      if (monthOf(s.published) !== month) continue;
      out.push({ path: s.path, lastmod: s.modified });
      if (dup.has(s.index)) out.push({ path: s.aliasPath, lastmod: s.modified });
    }
    for (const p of pages) if (monthOf(p.published) === month) out.push({ path: p.path, lastmod: p.modified });
    return out;
  }

  const newsStories = () => stories.filter((s) => Date.parse(s.published) > now - NEWS_SITEMAP_MS);
  const monthLastmod = (month: string) => maxIso(monthEntries(month).map((e) => e.lastmod), `${month.slice(0, 4)}-${month.slice(4)}-01T00:00:00Z`);
  const newsLastmod = () => maxIso(newsStories().map((s) => s.modified), isoSeconds(now - NEWS_SITEMAP_MS));

  function sitemapIndex(origin: string): SitemapBody {
    const refs = months().map((m) => ({ loc: `${origin}/ap-sitemap-${m}.xml`, lastmod: monthLastmod(m) }));
    refs.push({ loc: `${origin}/news-sitemap.xml`, lastmod: newsLastmod() });
    return { body: sitemapIndexXml(refs), lastmod: maxIso(refs.map((r) => r.lastmod), '') };
  }

  function monthSitemap(origin: string, month: string): SitemapBody {
    const entries = monthEntries(month).map((e) => ({ loc: origin + e.path, lastmod: e.lastmod }));
    const cutOff = faults.malformedSitemap?.includes(month) ? { loc: `${origin}/article/cut-off`, lastmod: isoSeconds(now) } : undefined;
    return { body: urlsetXml(entries, cutOff), lastmod: monthLastmod(month) };
  }

  function newsSitemap(origin: string): SitemapBody {
    const items = newsStories().map((s) => ({ loc: origin + s.path, published: s.published, title: s.headline }));
    return { body: newsSitemapXml(items), lastmod: newsLastmod() };
  }

  /** Takes one request from a status fault if it applies; the fault is removed once used up. */
  function takeStatus(key: 'tooMany' | 'serverError', path: string): StatusFault | undefined {
    const f = faults[key];
    if (!f || (f.path !== undefined && !path.startsWith(f.path))) return undefined;
    if (f.count !== undefined) {
      if (f.count <= 0) return undefined;
      f.count -= 1;
      if (f.count === 0) delete faults[key];
    }
    return f;
  }

  function sendHtml(res: http.ServerResponse, status: number, html: string, extra: Record<string, string> = {}): void {
    res.writeHead(status, {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'max-age=60',
      ...(setCookie ? { 'Set-Cookie': 'gdpr_consent=1; Path=/; SameSite=Lax' } : {}),
      ...extra,
    });
    res.end(html);
  }

  const related = (origin: string, story: StandinStory) =>
    [1, 2, 3]
      .map((d) => stories[(story.index + d * 7) % stories.length]!)
      .filter((s) => s !== story)
      .map((s) => ({ title: s.headline, href: origin + s.path }));

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, origin: string): Promise<void> {
    const path = req.url ?? '/';
    const pathname = path.split('?')[0]!;
    if ((faults.hang ?? []).some((p) => pathname.startsWith(p))) return; // never answered
    if (faults.slow && pathname.startsWith(faults.slow.path ?? '')) await new Promise((r) => setTimeout(r, faults.slow!.ms));
    const tooMany = takeStatus('tooMany', pathname);
    if (tooMany) {
      const retryAfter = String(tooMany.retryAfter ?? 1);
      res.writeHead(tooMany.status ?? 429, { 'Retry-After': retryAfter, 'Content-Type': 'text/plain' }).end('Too many requests\n');
      return;
    }
    const serverError = takeStatus('serverError', pathname);
    if (serverError) {
      const headers: Record<string, string> = { 'Content-Type': 'text/plain' };
      if (serverError.retryAfter !== undefined) headers['Retry-After'] = String(serverError.retryAfter);
      res.writeHead(serverError.status ?? 503, headers).end('Server error\n');
      return;
    }
    if (pathname === '/robots.txt') {
      const r = robotsTxt(origin, faults);
      res.writeHead(r.status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(r.body);
      return;
    }
    if (pathname === '/sitemap.xml') return sendSitemap(req, res, sitemapIndex(origin));
    if (pathname === '/news-sitemap.xml') return sendSitemap(req, res, newsSitemap(origin));
    const monthly = /^\/ap-sitemap-(\d{6})\.xml$/.exec(pathname);
    if (monthly) {
      const month = monthly[1]!;
      const huge = faults.hugeSitemap?.find((h) => h.month === month);
      if (huge) return sendHugeSitemap(req, res, origin, huge);
      if (!months().includes(month)) return sendHtml(res, 404, '<!doctype html><title>Not found</title><h1>Not found</h1>');
      return sendSitemap(req, res, monthSitemap(origin, month));
    }
    const found = byPath(pathname);
    if (found) {
      const { story, alias } = found;
      if (!alias && faults.redirectOffHost?.includes(story.index)) {
        res.writeHead(302, { Location: otherOrigin + pathname }).end();
        return;
      }
      if (!alias && faults.redirectSameHost?.includes(story.index)) {
        res.writeHead(301, { Location: origin + story.aliasPath }).end();
        return;
      }
      const html = storyPage({ ...story, canonical: origin + story.path, related: related(origin, story) });
      return sendHtml(res, 200, html, { 'Last-Modified': new Date(story.modified).toUTCString() });
    }
    const page = pages.find((p) => p.path === pathname);
    if (page || pathname === '/') {
      const canonical = origin + pathname;
      const name = pathname.split('/').filter(Boolean).pop() ?? 'home';
      const links = stories.slice(-15).reverse().map((s) => ({ title: s.headline, href: origin + s.path }));
      const published = page?.published ?? isoSeconds(now);
      const html =
        !page || page.kind === 'hub' ? hubPage(page ? name : 'ap-news', canonical, links)
        : page.kind === 'live' ? livePage(name, canonical, published)
        : page.kind === 'gallery' ? galleryPage(name.replace(/-[0-9a-f]{32}$/, ''), canonical, published, seed)
        : page.kind === 'scores' ? scoresPage(name, canonical, seed)
        : videoPage(name.replace(/-[0-9a-f]{32}$/, ''), canonical, published);
      return sendHtml(res, 200, html);
    }
    sendHtml(res, 404, '<!doctype html><title>Not found</title><h1>Page not found</h1>');
  }

  const server = http.createServer((req, res) => {
    const entry = logEntry(req, listening);
    log.entries.push(entry);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      inFlight--;
    };
    res.on('finish', () => {
      entry.status = res.statusCode;
      finish();
    });
    res.on('close', () => {
      if (res.headersSent) entry.status = res.statusCode;
      finish();
    });
    const origin = (opts.publicOrigin ?? `http://${req.headers.host ?? listening.slice(7)}`).replace(/\/$/, '');
    handle(req, res, origin).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(err));
    });
  });
  let listening = '';
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, '127.0.0.1', () => ok());
  });
  const port = (server.address() as AddressInfo).port;
  listening = `http://127.0.0.1:${port}`;
  const defaultOrigin = (opts.publicOrigin ?? listening).replace(/\/$/, '');

  const standin: ApStandin = {
    origin: listening,
    apOrigin: `http://apnews.com:${port}`,
    host: '127.0.0.1',
    port,
    now,
    stories,
    pages,
    log,
    get faults() {
      return faults;
    },
    set faults(value: ApFaults) {
      faults = value;
    },
    setFaults: (change) => void Object.assign(faults, change),
    clearFaults: () => void (faults = {}),
    get maxInFlight() {
      return maxInFlight;
    },
    url: (path, origin = defaultOrigin) => origin + path,
    storyUrl: (i, origin = defaultOrigin) => {
      const story = stories[i];
      if (!story) throw new RangeError(`no story ${i} (the stand-in has ${stories.length})`);
      return origin + story.path;
    },
    sitemapIndexUrl: (origin = defaultOrigin) => `${origin}/sitemap.xml`,
    months,
    addStory(story = {}) {
      const written = writeStory(seed * 100_003 + stories.length);
      const published = story.published ?? isoSeconds(now);
      return makeStory({ ...written, ...story }, published, story.modified ?? published);
    },
    changeStory(i, newText, modified) {
      const story = stories[i];
      if (!story) throw new RangeError(`no story ${i} (the stand-in has ${stories.length})`);
      story.paragraphs = newText === undefined ? updateStory(story, seed * 7919 + i) : paragraphsOf(newText);
      story.modified = modified ?? isoSeconds(Math.max(now, Date.parse(story.modified) + 60_000));
      return story;
    },
    storyRecords: (origin = defaultOrigin) =>
      stories.map((s) => ({ id: origin + s.path, title: s.headline, url: origin + s.path, published: s.published, text: s.paragraphs.join('\n\n') })),
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
  return standin;
}

function cliArg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const num = (name: string) => (cliArg(name) === undefined ? undefined : Number(cliArg(name)));
  const ap = await startApStandin({
    port: num('port') ?? 8080,
    stories: num('stories'),
    seed: num('seed'),
    spanDays: num('span-days'),
    publicOrigin: cliArg('public-origin'),
  });
  console.log(`AP stand-in on ${ap.origin} (${ap.stories.length} stories; sitemap index ${ap.origin}/sitemap.xml). Ctrl-C stops it.`);
  const stop = () => void ap.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
