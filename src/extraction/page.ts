/**
 * A whole page, from its serialised HTML, as the background reads it: is it an article, its
 * text, and what auto-capture needs (canonical URL, publication date) from the same parse.
 *
 * The content script sends `document.documentElement.outerHTML` (`content:page`) instead of
 * running Readability on the page's main thread; this runs in the background on linkedom.
 */

import { type ExtractedArticle, extractArticle, isArticlePage } from './extract';
import { parseHtmlDocument } from './html';
import { canonicalUrl, publishedDate } from './page-metadata';

/** Longest article text kept (the protocol's MAX_ARTICLE_CHARS). */
export const PAGE_MAX_ARTICLE_CHARS = 200_000;

export interface ReadPage {
  article: ExtractedArticle | null;
  /** For auto-capture: the story's canonical URL and ISO publication date (or ''). */
  canonicalUrl: string;
  published: string;
}

function isHttp(url: string): boolean {
  return /^https?:/.test(url);
}

/** The page's article, or null when it is not an article (or not an http(s) page). */
export function readArticle(doc: Document, url: string): ExtractedArticle | null {
  if (!isHttp(url) || !isArticlePage(doc)) return null;
  return extractArticle(doc, { url, maxChars: PAGE_MAX_ARTICLE_CHARS });
}

/**
 * Parses untrusted HTML and reads it. Never throws: HTML the parser or Readability chokes on
 * is "not an article". `metadata` (auto-capture) reads the canonical URL and date first, since
 * Readability then rewrites this parse in place (it is ours: no clone needed).
 */
export function readPageHtml(html: string, url: string, opts: { metadata?: boolean } = {}): ReadPage {
  const none: ReadPage = { article: null, canonicalUrl: '', published: '' };
  let doc: Document;
  try {
    doc = parseHtmlDocument(html, url);
  } catch {
    return none;
  }
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
  const article = extractArticle(doc, { url, maxChars: PAGE_MAX_ARTICLE_CHARS, inPlace: true });
  return article ? { article, canonicalUrl: canonical, published } : none;
}
