/**
 * Article extraction: the page's story as plain text with its paragraphs kept.
 *
 * Shared by the background (on linkedom, from the page's HTML: src/extraction/page.ts), the
 * options page (saved web pages, parsed by the browser's DOMParser) and the CLI
 * (src/extraction/node.ts), so it touches only the DOM interfaces that both a browser and
 * linkedom implement (no layout, no `window`, no `document.implementation`, which linkedom
 * lacks). It reads only the Document it is given, never a global one, which is why it sits in
 * core: each caller brings its own parser (src/extraction/ holds linkedom's).
 *
 * Why this way:
 * - Readability runs on `doc.cloneNode(true)` because it rewrites the tree it is given; the
 *   reader's page must never change under them. A cloned document has no browsing context, so
 *   its scripts never run.
 * - Readability's `textContent` glues paragraphs together ("said.The"), which breaks
 *   sentence segmentation downstream. Instead of serialising to HTML and parsing it again,
 *   a `serializer` that returns the content element itself hands us Readability's own tree,
 *   and a walk over its block elements builds "paragraph\n\nparagraph" text. No markup is
 *   ever parsed or rendered here.
 * - Comments are removed from the clone first (see removeComments).
 * - Readability's cleaning is roughly cubic in nesting depth (`_getTextDensity` re-reads the
 *   text of every nested div for every div): under linkedom 1,000 nested divs take 1.4 s and
 *   5,000 took 7 minutes. Its retry loop re-runs the whole page up to four times, so a page of
 *   link-only divs costs 2.6 s at 15,000 elements, 6–8 s at 28,000, and overflows linkedom's
 *   stack by 250,000. The 30 real pages in test/fixtures/pages have at most 2,564 elements
 *   and depth 34, so a page beyond MAX_ELEMENTS or MAX_DEPTH is treated as hostile and yields
 *   null before Readability runs. Readability's own `maxElemsToParse` cannot do this: it
 *   counts with `getElementsByTagName('*')`, which returns nothing under linkedom 0.18.
 *
 * Measured (linkedom 0.18.15, Readability 0.6.0, the 30 fixture pages): word-token F1
 * against Readability's expected output is 1.000 on every page, and every non-empty <p> of
 * the expected output is exactly one paragraph of ours; 10–300 ms per page. A 5 MB page of
 * 7,000 paragraphs extracts and truncates to 200,000 characters in about 0.5 s.
 */

import { Readability, isProbablyReaderable } from '@mozilla/readability';
import { MAX_ARTICLE_CHARS, MAX_PAGE_DEPTH, MAX_PAGE_ELEMENTS } from './limits';

export interface ExtractedArticle {
  title: string;
  byline: string | null;
  /** Paragraphs separated by a blank line; whitespace inside a paragraph collapsed. */
  text: string;
  /** Canonical BCP 47 tag from `<html lang>`, when the page declares a valid one. */
  lang?: string;
  /** As the page states it (JSON-LD or meta tags); not normalised. */
  published?: string;
}

export interface ExtractOptions {
  /**
   * The page's address. The text does not depend on it (links are never rendered), so it is
   * accepted for callers that have it and is not used today.
   */
  url?: string;
  /** Longest text returned; cut at a paragraph boundary. Default MAX_ARTICLE_CHARS (core/limits.ts). */
  maxChars?: number;
  /**
   * The document is the caller's own throwaway parse (the background's, from a page's HTML):
   * Readability may rewrite it, so it is not cloned first. Never for a live page.
   */
  inPlace?: boolean;
}

/** Under this the "article" is a teaser, a paywall stub or a gallery caption. */
export const MIN_TEXT_CHARS = 200;
/** The page-tree limits (core/limits.ts); see the note above for the cost near them. */
export { MAX_PAGE_DEPTH as MAX_DEPTH, MAX_PAGE_ELEMENTS as MAX_ELEMENTS };

// Elements that end one paragraph and start another.
const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'caption', 'center', 'dd', 'details', 'dialog',
  'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3',
  'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'legend', 'li', 'main', 'menu', 'nav', 'ol', 'p',
  'pre', 'section', 'summary', 'table', 'tbody', 'tfoot', 'thead', 'tr', 'ul',
]);

// A table row reads as one line; its cells only need a space between them.
const SPACED_TAGS = new Set(['br', 'td', 'th']);

// Never article text, even if Readability let one through: code, styling, embeds, controls.
const SKIPPED_TAGS = new Set([
  'audio', 'button', 'canvas', 'embed', 'head', 'iframe', 'input', 'link', 'math', 'meta',
  'noscript', 'object', 'script', 'select', 'style', 'svg', 'template', 'textarea', 'title',
  'video',
]);

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

/** True when the page looks like an article worth extracting (cheap: no Readability run). */
export function isArticlePage(doc: Document): boolean {
  try {
    return isProbablyReaderable(doc);
  } catch {
    return false; // a hostile page must not break the background
  }
}

/** The page's article, or null when there is none (or the page is too big to judge safely). */
export function extractArticle(doc: Document, opts: ExtractOptions = {}): ExtractedArticle | null {
  const maxChars = opts.maxChars ?? MAX_ARTICLE_CHARS;
  const root = doc.documentElement;
  if (!root || exceedsLimits(root)) return null;

  let parsed: ReturnType<Readability<Node>['parse']>;
  try {
    const clone = opts.inPlace ? doc : (doc.cloneNode(true) as Document);
    removeComments(clone);
    parsed = new Readability<Node>(clone, { serializer: (node) => node }).parse();
  } catch {
    // Readability throws on some malformed trees, linkedom on huge re-parses.
    return null;
  }
  if (!parsed?.content) return null;

  const text = blockText(parsed.content, maxChars);
  if (text.length < Math.min(MIN_TEXT_CHARS, maxChars)) return null;

  const article: ExtractedArticle = {
    title: collapse(parsed.title ?? ''),
    byline: parsed.byline ? collapse(parsed.byline) || null : null,
    text,
  };
  const lang = pageLang(root);
  if (lang) article.lang = lang;
  const published = parsed.publishedTime?.trim();
  if (published) article.published = published;
  return article;
}

/**
 * Readability ends a paragraph at any node that is not phrasing content, comments included,
 * so React's `<!-- -->` hydration markers split "Abigail Williams<!-- --> and ..." into four
 * paragraphs (schema-org-context-object). Readability's own test harness strips comments
 * before parsing, which is why its expected output keeps the sentence whole.
 */
function removeComments(doc: Document): void {
  const SHOW_COMMENT = 0x80; // NodeFilter is not a global under linkedom
  const walker = doc.createTreeWalker(doc.documentElement, SHOW_COMMENT);
  const comments: Node[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) comments.push(node);
  for (const comment of comments) comment.parentNode?.removeChild(comment);
}

/** Walks without recursion and stops at the first limit crossed, so a hostile page costs little. */
function exceedsLimits(root: Element): boolean {
  let count = 0;
  let depth = 0;
  let node: Element | null = root;
  while (node) {
    if (++count > MAX_PAGE_ELEMENTS || depth > MAX_PAGE_DEPTH) return true;
    const child: Element | null = node.firstElementChild;
    if (child) {
      node = child;
      depth++;
      continue;
    }
    while (node && node !== root && !node.nextElementSibling) {
      node = node.parentElement;
      depth--;
    }
    if (!node || node === root) return false;
    node = node.nextElementSibling;
  }
  return false;
}

/**
 * Text of Readability's content tree, one paragraph per block element. Iterative, because
 * article trees from hostile pages can be deeper than the call stack.
 */
function blockText(root: Node, maxChars: number): string {
  const paragraphs: string[] = [];
  let length = 0;
  let full = false;
  let pending: string[] = [];

  const flush = () => {
    if (pending.length === 0) return;
    const paragraph = collapse(pending.join(''));
    pending = [];
    if (!paragraph) return;
    const separator = paragraphs.length ? 2 : 0;
    if (length + separator + paragraph.length > maxChars) {
      // A single paragraph longer than the whole budget is cut at a word rather than lost.
      if (paragraphs.length === 0) paragraphs.push(cutAtWord(paragraph, maxChars));
      full = true;
      return;
    }
    paragraphs.push(paragraph);
    length += separator + paragraph.length;
  };

  let node: Node | null = root.firstChild;
  outer: while (node && !full) {
    let descend = false;
    if (node.nodeType === TEXT_NODE || node.nodeType === CDATA_SECTION_NODE) {
      pending.push(node.nodeValue ?? '');
    } else if (node.nodeType === ELEMENT_NODE) {
      const tag = tagOf(node);
      if (!SKIPPED_TAGS.has(tag)) {
        if (BLOCK_TAGS.has(tag)) flush();
        else if (SPACED_TAGS.has(tag)) pending.push(' ');
        descend = true;
      }
    }
    if (descend && node.firstChild) {
      node = node.firstChild;
      continue;
    }
    // Leave this node, then every ancestor that has no next sibling, closing blocks on the way.
    while (node && node !== root) {
      if (node.nodeType === ELEMENT_NODE) {
        const tag = tagOf(node);
        if (BLOCK_TAGS.has(tag)) flush();
        else if (SPACED_TAGS.has(tag)) pending.push(' ');
      }
      if (full) break outer;
      if (node.nextSibling) {
        node = node.nextSibling;
        continue outer;
      }
      node = node.parentNode;
    }
    break;
  }
  flush();
  return paragraphs.join('\n\n');
}

function tagOf(node: Node): string {
  // localName is lower case for HTML in browsers; linkedom keeps the source's case for some.
  return ((node as Element).localName ?? node.nodeName).toLowerCase();
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function cutAtWord(text: string, maxChars: number): string {
  const cut = text.slice(0, maxChars);
  const lastSpace = cut.lastIndexOf(' ');
  return lastSpace > maxChars / 2 ? cut.slice(0, lastSpace) : cut;
}

/** `<html lang>` in canonical form; "en_US" (a common mistake) is read as "en-US". */
function pageLang(root: Element): string | undefined {
  const raw = root.getAttribute('lang')?.trim().replace(/_/g, '-');
  if (!raw) return undefined;
  try {
    return Intl.getCanonicalLocales(raw)[0];
  } catch {
    return undefined;
  }
}
