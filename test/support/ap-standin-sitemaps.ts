/**
 * The sitemaps and robots.txt of the apnews.com stand-in (test/support/ap-standin.ts): the
 * XML text of a sitemap index, a URL set and a Google News sitemap, the conditional answers
 * (ETag, Last-Modified, 304), and an oversized sitemap streamed in chunks of 500 entries,
 * waiting for the socket to drain between them, so 51 MiB never sit in memory at once and a
 * client that hangs up stops the stream.
 */
import { createHash } from 'node:crypto';
import type http from 'node:http';
import { escapeXml } from './ap-standin-pages';

export const DEFAULT_HUGE_BYTES = 51 * 1024 * 1024;
const XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';
const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const URLSET_OPEN = `${XML_DECL}<urlset xmlns="${SITEMAP_NS}">\n`;
const URLSET_CLOSE = '</urlset>\n';

/** A sitemap's text and its newest lastmod (its Last-Modified). */
export interface SitemapBody {
  body: string;
  lastmod: string;
}

export interface LocLastmod {
  loc: string;
  lastmod: string;
}

/** ISO 8601 in whole seconds, UTC: `2025-03-10T12:00:00Z`. */
export const isoSeconds = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

function urlEntry(loc: string, lastmod: string): string {
  return `  <url><loc>${escapeXml(loc)}</loc><lastmod>${lastmod}</lastmod></url>\n`;
}

export function sitemapIndexXml(refs: readonly LocLastmod[]): string {
  return (
    `${XML_DECL}<sitemapindex xmlns="${SITEMAP_NS}">\n` +
    refs.map((r) => `  <sitemap><loc>${escapeXml(r.loc)}</loc><lastmod>${r.lastmod}</lastmod></sitemap>\n`).join('') +
    '</sitemapindex>\n'
  );
}

/** A URL set; with `cutOff`, a last `<url>` whose `</url>` is missing, so `</urlset>` mismatches. */
export function urlsetXml(entries: readonly LocLastmod[], cutOff?: LocLastmod): string {
  const body = URLSET_OPEN + entries.map((e) => urlEntry(e.loc, e.lastmod)).join('');
  if (cutOff) return `${body}  <url><loc>${escapeXml(cutOff.loc)}</loc><lastmod>${cutOff.lastmod}</lastmod>\n${URLSET_CLOSE}`;
  return body + URLSET_CLOSE;
}

/** A Google News sitemap: no lastmod, a publication date per story. */
export function newsSitemapXml(items: readonly { loc: string; published: string; title: string }[]): string {
  return (
    `${XML_DECL}<urlset xmlns="${SITEMAP_NS}" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n` +
    items
      .map(
        (s) =>
          `  <url><loc>${escapeXml(s.loc)}</loc><news:news><news:publication><news:name>AP News</news:name>` +
          `<news:language>en</news:language></news:publication><news:publication_date>${s.published}</news:publication_date>` +
          `<news:title>${escapeXml(s.title)}</news:title></news:news></url>\n`,
      )
      .join('') +
    URLSET_CLOSE
  );
}

export interface RobotsSettings {
  robots?: 'allow' | 'disallow-articles' | 'disallow-all' | 'missing' | 'error';
  crawlDelay?: number;
  robotsText?: string;
}

export function robotsTxt(origin: string, r: RobotsSettings): { status: number; body: string } {
  if (r.robotsText !== undefined) return { status: 200, body: r.robotsText };
  const mode = r.robots ?? 'allow';
  if (mode === 'missing') return { status: 404, body: 'Not found\n' };
  if (mode === 'error') return { status: 503, body: 'Service unavailable\n' };
  const rule = mode === 'disallow-all' ? 'Disallow: /' : mode === 'disallow-articles' ? 'Disallow: /article/' : 'Allow: /';
  const delay = r.crawlDelay !== undefined ? `Crawl-delay: ${r.crawlDelay}\n` : '';
  return { status: 200, body: `User-agent: *\n${rule}\n${delay}\nSitemap: ${origin}/sitemap.xml\n` };
}

/** A matching If-None-Match; without one, an If-Modified-Since not older than Last-Modified. */
export function notModified(req: http.IncomingMessage, etag: string, lastModified: string): boolean {
  const inm = req.headers['if-none-match'];
  if (inm !== undefined) return inm.split(',').some((t) => t.trim() === etag || t.trim() === '*');
  const ims = req.headers['if-modified-since'];
  if (ims === undefined) return false;
  const since = Date.parse(ims);
  return !Number.isNaN(since) && Date.parse(lastModified) <= since;
}

/** 200 with ETag (a hash of the body) and Last-Modified, or 304. */
export function sendSitemap(req: http.IncomingMessage, res: http.ServerResponse, sm: SitemapBody): void {
  const etag = `"${createHash('sha1').update(sm.body).digest('hex').slice(0, 20)}"`;
  const lastModified = new Date(sm.lastmod).toUTCString();
  const headers = { ETag: etag, 'Last-Modified': lastModified, 'Cache-Control': 'max-age=300' };
  if (notModified(req, etag, lastModified)) {
    res.writeHead(304, headers).end();
    return;
  }
  res.writeHead(200, { ...headers, 'Content-Type': 'application/xml; charset=utf-8' }).end(sm.body);
}

export interface HugeSitemap {
  month: string;
  /** Size of the body (default DEFAULT_HUGE_BYTES; the exact size is this rounded up to whole entries). */
  bytes?: number;
  /** Send Content-Length (default: chunked, the size unknown until the end). */
  contentLength?: boolean;
}

/** Size of the body sendHugeSitemap sends for `huge` from `origin`. */
export function hugeSitemapBytes(origin: string, huge: HugeSitemap): number {
  return hugePlan(origin, huge).total;
}

function hugePlan(origin: string, huge: HugeSitemap) {
  const lastmod = `${huge.month.slice(0, 4)}-${huge.month.slice(4)}-15T00:00:00Z`;
  const entry = (n: number) => urlEntry(`${origin}/article/bulk-${String(n).padStart(9, '0')}-${'0'.repeat(32)}`, lastmod);
  const entryBytes = Buffer.byteLength(entry(0));
  const target = huge.bytes ?? DEFAULT_HUGE_BYTES;
  const count = Math.max(1, Math.ceil((target - URLSET_OPEN.length - URLSET_CLOSE.length) / entryBytes));
  return { lastmod, entry, count, total: URLSET_OPEN.length + count * entryBytes + URLSET_CLOSE.length };
}

export async function sendHugeSitemap(req: http.IncomingMessage, res: http.ServerResponse, origin: string, huge: HugeSitemap): Promise<void> {
  const { lastmod, entry, count, total } = hugePlan(origin, huge);
  const etag = `"huge-${huge.month}-${total}"`;
  const lastModified = new Date(lastmod).toUTCString();
  if (notModified(req, etag, lastModified)) {
    res.writeHead(304, { ETag: etag, 'Last-Modified': lastModified }).end();
    return;
  }
  res.writeHead(200, {
    'Content-Type': 'application/xml; charset=utf-8',
    ETag: etag,
    'Last-Modified': lastModified,
    ...(huge.contentLength ? { 'Content-Length': String(total) } : {}),
  });
  if (req.method === 'HEAD') return void res.end();
  let gone = false;
  res.on('close', () => (gone = true));
  res.write(URLSET_OPEN);
  const perChunk = 500;
  for (let i = 0; i < count && !gone; i += perChunk) {
    let chunk = '';
    for (let j = i; j < Math.min(count, i + perChunk); j++) chunk += entry(j);
    if (!res.write(chunk)) {
      await new Promise<void>((done) => {
        const go = () => {
          res.off('drain', go);
          res.off('close', go);
          done();
        };
        res.on('drain', go);
        res.on('close', go);
      });
    }
  }
  if (!gone) res.end(URLSET_CLOSE);
}
