/**
 * What auto-capture needs besides the text: the URL that names the story across its updates,
 * and the date it was published, read from the page's metadata only.
 *
 * - canonicalUrl: `<link rel=canonical>` resolved against the page, http(s) only, without its
 *   fragment, and only on the page's own site: the canonical URL becomes the story's id in the
 *   reader's corpus, so a page must not be able to file its text under another site's story.
 *   Otherwise the page URL without query and hash (tracking parameters would make one story
 *   many).
 * - publishedDate: `meta[property="article:published_time"]` (Open Graph, what apnews.com
 *   serves), `meta[name=...]`, JSON-LD `datePublished` (also inside @graph and arrays), then the
 *   first `<time datetime>`. Only ISO 8601 dates or date-times count; anything else is ''.
 *   The corpus shows this date to the reader, and a page's free text ("2 hours ago") is not one.
 *
 * - storyMetadata: what the follower tells stories from other pages by
 *   (core/follow/story-page.ts): the JSON-LD @types of the page's top-level items and @graph
 *   items (not nested ones: a story's embedded VideoObject is not the page's kind), og:type,
 *   and how many words sit in tables against paragraphs outside them. Read before Readability
 *   rewrites the parse; the JSON-LD bounds below apply.
 *
 * Pure DOM reads on any Document (linkedom in the unit tests); nothing is written.
 */

import type { StoryPageSignals } from '../core/follow/story-page';

const ISO_DATE =
  /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?:T([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)?)?$/;

/** The protocol's limit for `published`. */
const MAX_DATE_CHARS = 64;
/** JSON-LD blocks larger than this are not parsed (a hostile page's size). */
const MAX_JSON_LD_CHARS = 500_000;
const MAX_JSON_LD_BLOCKS = 20;
const MAX_JSON_NODES = 5_000;

export function isIsoDate(value: string): boolean {
  return value.length <= MAX_DATE_CHARS && ISO_DATE.test(value);
}

function httpUrl(raw: string, base: string): URL | null {
  try {
    const url = new URL(raw, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

function siteOf(host: string): string {
  return host.toLowerCase().replace(/^www\./, '');
}

function sameSite(a: URL, b: URL): boolean {
  const x = siteOf(a.hostname);
  const y = siteOf(b.hostname);
  return x === y || x.endsWith(`.${y}`) || y.endsWith(`.${x}`);
}

/** The page's canonical URL (see the note above), or '' when the page URL itself is not http(s). */
export function canonicalUrl(doc: Document, pageUrl: string): string {
  const page = httpUrl(pageUrl, 'http://invalid.invalid/');
  if (!page || !/^https?:/.test(pageUrl)) return '';
  for (const link of Array.from(doc.querySelectorAll('link[rel][href]'))) {
    const rel = (link.getAttribute('rel') ?? '').toLowerCase().split(/\s+/);
    if (!rel.includes('canonical')) continue;
    const url = httpUrl((link.getAttribute('href') ?? '').trim(), page.href);
    if (!url || !sameSite(url, page)) continue;
    url.hash = '';
    return url.href;
  }
  page.search = '';
  page.hash = '';
  return page.href;
}

/** The page's publication date as an ISO string, or ''. */
export function publishedDate(doc: Document): string {
  for (const selector of ['meta[property="article:published_time"]', 'meta[name="article:published_time"]']) {
    const value = doc.querySelector(selector)?.getAttribute('content')?.trim() ?? '';
    if (isIsoDate(value)) return value;
  }
  const fromJsonLd = jsonLdDatePublished(doc);
  if (fromJsonLd) return fromJsonLd;
  const time = doc.querySelector('time[datetime]')?.getAttribute('datetime')?.trim() ?? '';
  return isIsoDate(time) ? time : '';
}

function jsonLdDatePublished(doc: Document): string {
  const blocks = Array.from(doc.querySelectorAll('script[type="application/ld+json"]')).slice(0, MAX_JSON_LD_BLOCKS);
  for (const block of blocks) {
    const text = block.textContent ?? '';
    if (text.length > MAX_JSON_LD_CHARS) continue;
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      continue; // pages ship broken JSON-LD often enough
    }
    const found = findDatePublished(data);
    if (found) return found;
  }
  return '';
}

/** Breadth-first, bounded: the first ISO `datePublished` anywhere in the data. */
function findDatePublished(data: unknown): string {
  const queue: unknown[] = [data];
  for (let seen = 0; queue.length && seen < MAX_JSON_NODES; seen++) {
    const item = queue.shift();
    if (Array.isArray(item)) queue.push(...item);
    else if (item && typeof item === 'object') {
      const record = item as Record<string, unknown>;
      const value = record.datePublished;
      if (typeof value === 'string' && isIsoDate(value.trim())) return value.trim();
      for (const v of Object.values(record)) if (v && typeof v === 'object') queue.push(v);
    }
  }
  return '';
}

function jsonLdBlocks(doc: Document): unknown[] {
  const blocks = Array.from(doc.querySelectorAll('script[type="application/ld+json"]')).slice(0, MAX_JSON_LD_BLOCKS);
  const data: unknown[] = [];
  for (const block of blocks) {
    const text = block.textContent ?? '';
    if (text.length > MAX_JSON_LD_CHARS) continue;
    try {
      data.push(JSON.parse(text));
    } catch {
      // broken JSON-LD says nothing
    }
  }
  return data;
}

/** The @types of a JSON-LD block's top-level items and @graph items. */
function topLevelTypes(data: unknown): string[] {
  const items = (Array.isArray(data) ? data : [data]).slice(0, MAX_JSON_NODES);
  const graph = items.flatMap((item) => {
    const g = item && typeof item === 'object' ? (item as Record<string, unknown>)['@graph'] : undefined;
    return Array.isArray(g) ? g.slice(0, MAX_JSON_NODES) : [];
  });
  return [...items, ...graph].flatMap((item) => {
    const type = item && typeof item === 'object' ? (item as Record<string, unknown>)['@type'] : undefined;
    const types = Array.isArray(type) ? type : [type];
    return types.filter((t): t is string => typeof t === 'string' && t.length <= 200);
  });
}

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

/**
 * Words under a node, counted text node by text node: a table's cells are not glued together
 * ("Fairview3Millbrook" as textContent has them) and a <br> parts its words.
 */
function words(root: Node): number {
  let n = 0;
  const stack: Node[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.nodeType === TEXT_NODE) n += node.nodeValue?.match(/\S+/g)?.length ?? 0;
    else if (node.nodeType === ELEMENT_NODE) for (const child of Array.from(node.childNodes)) stack.push(child);
  }
  return n;
}

/** What the page says of its kind: JSON-LD @types, og:type, words in tables and in prose. */
export function storyMetadata(doc: Document): StoryPageSignals {
  const jsonLdTypes = [...new Set(jsonLdBlocks(doc).flatMap(topLevelTypes))];
  const ogType = (doc.querySelector('meta[property="og:type"]')?.getAttribute('content') ?? '').trim().toLowerCase();
  const tables = Array.from(doc.querySelectorAll('table')).filter((t) => !t.parentElement?.closest('table'));
  const tableWords = tables.reduce((sum, t) => sum + words(t), 0);
  const proseWords = Array.from(doc.querySelectorAll('p'))
    .filter((p) => !p.closest('table'))
    .reduce((sum, p) => sum + words(p), 0);
  return { jsonLdTypes, ogType, tables: tables.length, tableWords, proseWords };
}
