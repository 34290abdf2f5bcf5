/**
 * A whole page, from its serialised HTML, as the background reads it: is it an article, its
 * text, and what auto-capture needs (canonical URL, publication date) from the same parse.
 *
 * The content script sends `document.documentElement.outerHTML` (`content:page`) instead of
 * running Readability on the page's main thread; this runs in the background on linkedom.
 * Before the parse, the HTML's tree is measured off the string (page-bounds.ts): a page with
 * more elements or deeper nesting than extract.ts would read (MAX_ELEMENTS, MAX_DEPTH), or more
 * nodes than MAX_PAGE_NODES, is refused unparsed, since linkedom alone spends seconds on deep
 * nesting, and linkedom and Readability on a flood of nodes: 4 MiB of `x&amp;` in one <p> is
 * 1.4 million text nodes, 10 s to parse and over a minute to read.
 */

import { type ExtractedArticle, MAX_DEPTH, MAX_ELEMENTS, extractArticle, isArticlePage } from '../core/extract';
import { MAX_ARTICLE_CHARS } from '../core/limits';
import { parseHtmlDocument } from './html';
import { type TreeTooBig, measureHtmlTree, treeOverLimits } from './page-bounds';
import { canonicalUrl, publishedDate } from './page-metadata';

export interface ReadPage {
  article: ExtractedArticle | null;
  /** For auto-capture: the story's canonical URL and ISO publication date (or ''). */
  canonicalUrl: string;
  published: string;
  /** Set when the page was refused before parsing: its tree is beyond PAGE_TREE_LIMITS. */
  tooBig?: TreeTooBig;
}

/**
 * Nodes of every kind the background parses at most: ~10× the 30 fixture pages' most (6,014,
 * yahoo-2), twice MAX_ELEMENTS. At the limit the worst case measured is 29,000 entities in one
 * <p> (58,000 text nodes): ~0.4 s to parse, ~1.3 s to read, on a loaded 2-core machine.
 */
export const MAX_PAGE_NODES = 60_000;

/** The tree the background parses at most: what extract.ts would read at all, and MAX_PAGE_NODES. */
export const PAGE_TREE_LIMITS = Object.freeze({ elements: MAX_ELEMENTS, depth: MAX_DEPTH, nodes: MAX_PAGE_NODES });

function isHttp(url: string): boolean {
  return /^https?:/.test(url);
}

/** The page's article, or null when it is not an article (or not an http(s) page). */
export function readArticle(doc: Document, url: string): ExtractedArticle | null {
  if (!isHttp(url) || !isArticlePage(doc)) return null;
  return extractArticle(doc, { url, maxChars: MAX_ARTICLE_CHARS });
}

/**
 * Parses untrusted HTML and reads it. Never throws: HTML the parser or Readability chokes on
 * is "not an article", and so is HTML whose tree is beyond PAGE_TREE_LIMITS, left unparsed.
 * `metadata` (auto-capture) reads the canonical URL and date first, since Readability then
 * rewrites this parse in place (it is ours: no clone needed); `inspect` is handed the parsed
 * page before anything reads it (the follower's storyMetadata), article or not.
 */
export function readPageHtml(html: string, url: string, opts: { metadata?: boolean; inspect?: (doc: Document) => void } = {}): ReadPage {
  const none: ReadPage = { article: null, canonicalUrl: '', published: '' };
  const tooBig = treeOverLimits(measureHtmlTree(html, PAGE_TREE_LIMITS), PAGE_TREE_LIMITS);
  if (tooBig) return { ...none, tooBig };
  let doc: Document;
  try {
    doc = parseHtmlDocument(html, url);
  } catch {
    return none;
  }
  opts.inspect?.(doc);
  if (!isHttp(url) || !isArticlePage(doc)) return none;
  let canonical = '';
  let published = '';
  if (opts.metadata) {
    try {
      canonical = canonicalUrl(doc, url);
      published = publishedDate(doc);
    } catch {
      // metadata is optional; a page whose metadata breaks the reader still gets checked
    }
  }
  const article = extractArticle(doc, { url, maxChars: MAX_ARTICLE_CHARS, inPlace: true });
  return article ? { article, canonicalUrl: canonical, published } : none;
}
