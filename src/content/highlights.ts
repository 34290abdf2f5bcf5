/**
 * In-page highlights: wrap the page's passages that derive from the AP source in <mark>s
 * coloured by how much each was reworded, and take them away again leaving the page exactly as
 * it was.
 *
 * Works on any Document (the live page, or linkedom in unit tests) through the plain DOM
 * interfaces both implement: no TreeWalker filters, no Range, no layout.
 *
 * How a passage is found. The background sends page sentences as the core segmented them from
 * Readability's text, which was read from a clone of this DOM. So every passage is text of the
 * live page, give or take: whitespace (collapsed by extraction), typography (pages mix curly
 * and straight quotes), and inline element boundaries ("<a>Putin</a>’s" is one run of text to
 * the reader). The page's text nodes are folded into one flat string, one code point at a time
 * by core/text/normalize.ts's `foldCodePoint` (whitespace collapsed, quotes, dashes and
 * compatibility forms folded, case folded) with a space at every block boundary, and with, for
 * each folded character, the text node and offsets it came from. A passage is folded the same
 * way (`foldPassage`) and searched with indexOf, in page order from the previous match (a
 * lead sentence repeated in a teaser above the article then costs at most one wrong mark). A
 * passage not found whole is looked for by its first and last 40 characters within 1.5× its
 * length, which survives an inline element Readability dropped from the middle of a sentence
 * (an ad label, a footnote marker).
 *
 * How it is undone. A match becomes one <mark> per text node it covers (a sentence across
 * `<a>` and `<em>` gives three marks), made by splitting text nodes, never by rewriting markup.
 * Removal puts each mark's text back in its place and joins the split pieces into the original
 * text node (the one splitText left in place), so the container's innerHTML, its number of text
 * nodes and even the identity of the page's text nodes are what they were. normalize() is not
 * used: it would also join text nodes the page itself left adjacent.
 *
 * Limits: text inside <script>, <style>, form controls, <svg>/<math>, contenteditable regions,
 * hidden elements and any shadow root (web components' text) is never searched or marked; a passage whose words the page
 * splits differently (hyphenation inserted by script, text reordered by CSS) is not found; if
 * the page rewrites a marked paragraph while it is marked, removal restores what it can and
 * leaves the page's own text alone. The whole body is searched rather than a guessed article
 * container: Readability's choice is made on a clone and cannot be mapped back, and in-order
 * search keeps the marks in the article on the pages measured.
 *
 * Measured: on the 30 real pages of test/fixtures/pages, every one of the 1,312 sentences the
 * core segments from the extracted text (16+ folded characters) is found in its page, and every
 * body is restored byte for byte (linkedom; test/unit/content-highlights.test.ts). On the spun
 * seed page all aligned passages are found and marked, 32 in Chromium, 31 in Firefox, and the
 * body is restored exactly (test/e2e/in-page.e2e.ts). A 2.7 M-character page with 5,000 nested
 * divs takes about 1 s under linkedom; a browser's DOM is faster.
 */

import { EDITED_MAX, VERBATIM_MAX } from '../core/match/verdict';
import { foldCodePoint } from '../core/text/normalize';
import { t } from '../i18n/content-t';

export interface HighlightPassage {
  text: string;
  paraphraseScore: number;
  quote: boolean;
}

export type Band = 'verbatim' | 'edited' | 'rewritten' | 'quote';

export const MARK_ATTRIBUTE = 'data-wirecheck-mark';

// The bands use the verdict's own thresholds (a score below VERBATIM_MAX is word for word,
// below EDITED_MAX lightly edited), so a mark's colour and the verdict never disagree.
export { EDITED_MAX, VERBATIM_MAX };

/** Beyond this much folded text the rest of the page is not searched (a hostile page's size). */
export const MAX_PAGE_CHARS = 3_000_000;
/** Shorter passages would match by chance ("he said."). */
const MIN_PASSAGE_CHARS = 16;
const ANCHOR_CHARS = 40;

export function bandOf(p: Pick<HighlightPassage, 'paraphraseScore' | 'quote'>): Band {
  if (p.quote) return 'quote';
  if (p.paraphraseScore < VERBATIM_MAX) return 'verbatim';
  if (p.paraphraseScore < EDITED_MAX) return 'edited';
  return 'rewritten';
}

/** The tooltip of a mark: what its colour means, in the reader's words. */
export function markTitle(p: Pick<HighlightPassage, 'paraphraseScore' | 'quote'>): string {
  const band = bandOf(p);
  return band === 'quote' ? t('mark_quote') : t(`mark_${band}`, Math.round(p.paraphraseScore));
}

/**
 * Inline styles, because a stylesheet would have to be added to the page. Translucent
 * backgrounds keep the page's own text colour readable on light and dark pages; each band also
 * has its own underline style, so the colour is never the only signal.
 */
const BAND_STYLE: Record<Band, { background: string; decoration: string }> = {
  verbatim: { background: 'rgba(37, 99, 235, 0.16)', decoration: 'underline solid rgb(29, 78, 216)' },
  edited: { background: 'rgba(217, 119, 6, 0.2)', decoration: 'underline dashed rgb(180, 83, 9)' },
  rewritten: { background: 'rgba(220, 38, 38, 0.18)', decoration: 'underline wavy rgb(185, 28, 28)' },
  quote: { background: 'rgba(107, 114, 128, 0.14)', decoration: 'underline dotted rgb(87, 96, 106)' },
};

export interface Highlighting {
  /** <mark> elements added. */
  readonly marks: number;
  /** Passages found in the page (each gives one or more marks). */
  readonly found: number;
  /** Passages not found (too short, or not in the page's text). */
  readonly missed: number;
  /** Removes every mark and joins the text nodes that were split; safe to call twice. */
  remove(): void;
}

// ── folding ──────────────────────────────────────────────────────────────────────────────

/** A passage as the flat page text spells it: each code point folded, spaces collapsed. */
export function foldPassage(text: string): string {
  let out = '';
  for (const ch of text) {
    const f = foldCodePoint(ch);
    if (f === ' ') {
      if (out !== '' && !out.endsWith(' ')) out += ' ';
    } else out += f;
  }
  return out.trimEnd();
}

// ── the page's text ──────────────────────────────────────────────────────────────────────

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

// Boundaries the reader sees as a break between words (as extraction treats them).
const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'caption', 'center', 'dd', 'details', 'dialog',
  'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4',
  'h5', 'h6', 'header', 'hgroup', 'hr', 'legend', 'li', 'main', 'menu', 'nav', 'ol', 'p', 'pre',
  'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);

// Never article text, or not ours to split: code, styling, embeds, form controls.
const SKIPPED_TAGS = new Set([
  'audio', 'button', 'canvas', 'embed', 'head', 'iframe', 'input', 'link', 'math',
  'meta', 'noscript', 'object', 'option', 'script', 'select', 'style', 'svg', 'template', 'textarea',
  'title', 'video',
]);

// A whitespace-only text node directly inside these is layout, and a <mark> there is invalid.
const STRUCTURAL_PARENTS = new Set(['table', 'tbody', 'thead', 'tfoot', 'tr', 'colgroup', 'ul', 'ol', 'dl', 'select', 'optgroup', 'datalist']);

function tagOf(node: Node): string {
  return ((node as Element).localName ?? node.nodeName).toLowerCase();
}

function skipped(el: Element, skip: ((el: Element) => boolean) | undefined): boolean {
  const tag = tagOf(el);
  if (SKIPPED_TAGS.has(tag)) return true;
  if (tag === 'mark' && el.hasAttribute(MARK_ATTRIBUTE)) return true; // never nest our marks
  const editable = el.getAttribute('contenteditable');
  if (editable !== null && editable !== 'false') return true;
  // Hidden as Readability judges it, so hidden text is not in the passages either.
  if (el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true') return true;
  return skip?.(el) ?? false;
}

/** A growable Int32Array: the map from folded characters to their sources can be millions long. */
class IntList {
  data = new Int32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }
}

interface FlatText {
  text: string;
  nodes: Text[];
  /** Per folded character: index into nodes, or -1 for a block boundary. */
  node: IntList;
  /** Per folded character: its source's first and one-past-last offset in the node's data. */
  start: IntList;
  end: IntList;
}

function flatten(root: Node, skip: ((el: Element) => boolean) | undefined): FlatText {
  const chunks: string[] = [];
  const flat: FlatText = { text: '', nodes: [], node: new IntList(), start: new IntList(), end: new IntList() };
  let length = 0;
  let lastSpace = true; // no leading space

  const emit = (s: string, nodeIndex: number, start: number, end: number) => {
    for (let k = 0; k < s.length; k++) {
      const c = s[k]!;
      if (c === ' ') {
        if (lastSpace) continue;
        lastSpace = true;
      } else lastSpace = false;
      chunks.push(c);
      flat.node.push(nodeIndex);
      flat.start.push(start);
      flat.end.push(end);
      length++;
    }
  };
  const boundary = () => emit(' ', -1, 0, 0);

  const readText = (textNode: Text) => {
    const data = textNode.data;
    const nodeIndex = flat.nodes.push(textNode) - 1;
    for (let i = 0; i < data.length && length < MAX_PAGE_CHARS; ) {
      const code = data.charCodeAt(i);
      const width = code >= 0xd800 && code <= 0xdbff && i + 1 < data.length ? 2 : 1;
      const ch = width === 2 ? data.slice(i, i + 2) : data[i]!;
      emit(foldCodePoint(ch), nodeIndex, i, i + width);
      i += width;
    }
  };

  // Iterative walk: a hostile page's nesting can be deeper than the call stack.
  let node: Node | null = root.firstChild;
  outer: while (node && length < MAX_PAGE_CHARS) {
    let descend = false;
    if (node.nodeType === TEXT_NODE) readText(node as Text);
    else if (node.nodeType === ELEMENT_NODE && !skipped(node as Element, skip)) {
      if (BLOCK_TAGS.has(tagOf(node))) boundary();
      descend = true;
    }
    if (descend && node.firstChild) {
      node = node.firstChild;
      continue;
    }
    while (node && node !== root) {
      if (node.nodeType === ELEMENT_NODE && BLOCK_TAGS.has(tagOf(node))) boundary();
      if (node.nextSibling) {
        node = node.nextSibling;
        continue outer;
      }
      node = node.parentNode;
    }
    break;
  }
  flat.text = chunks.join('');
  return flat;
}

// ── matching ─────────────────────────────────────────────────────────────────────────────

interface Match {
  start: number;
  end: number;
  passage: HighlightPassage;
}

function overlaps(taken: readonly Match[], start: number, end: number): boolean {
  return taken.some((m) => start < m.end && m.start < end);
}

/** The passage's place in the flat text, searching from `from` first, then from the top. */
function locate(flat: string, needle: string, from: number, taken: readonly Match[]): { start: number; end: number } | null {
  for (const origin of from > 0 ? [from, 0] : [0]) {
    let at = flat.indexOf(needle, origin);
    while (at >= 0) {
      if (!overlaps(taken, at, at + needle.length)) return { start: at, end: at + needle.length };
      at = flat.indexOf(needle, at + 1);
    }
  }
  if (needle.length < ANCHOR_CHARS * 2) return null;
  // Anchored by its ends: something the extraction dropped sits inside the sentence.
  const head = needle.slice(0, ANCHOR_CHARS);
  const tail = needle.slice(-ANCHOR_CHARS);
  const maxSpan = Math.ceil(needle.length * 1.5);
  for (const origin of from > 0 ? [from, 0] : [0]) {
    let at = flat.indexOf(head, origin);
    while (at >= 0) {
      const t = flat.indexOf(tail, at + head.length);
      if (t >= 0 && t + ANCHOR_CHARS - at <= maxSpan && !overlaps(taken, at, t + ANCHOR_CHARS)) return { start: at, end: t + ANCHOR_CHARS };
      at = flat.indexOf(head, at + 1);
    }
  }
  return null;
}

// ── marking and unmarking ────────────────────────────────────────────────────────────────

interface Segment {
  node: number;
  start: number;
  end: number;
  passage: HighlightPassage;
}

function segmentsOf(flat: FlatText, m: Match): Segment[] {
  const out: Segment[] = [];
  for (let i = m.start; i < m.end; i++) {
    const n = flat.node.data[i]!;
    if (n < 0) continue;
    const last = out[out.length - 1];
    if (last && last.node === n) last.end = flat.end.data[i]!;
    else out.push({ node: n, start: flat.start.data[i]!, end: flat.end.data[i]!, passage: m.passage });
  }
  return out;
}

function styleMark(mark: HTMLElement, band: Band): void {
  const s = BAND_STYLE[band];
  const style = (mark as { style?: CSSStyleDeclaration }).style;
  if (!style?.setProperty) return; // a DOM without CSSOM (linkedom): attributes are enough
  // !important: pages style <mark> (and everything) freely.
  style.setProperty('background-color', s.background, 'important');
  style.setProperty('color', 'inherit', 'important');
  style.setProperty('text-decoration', s.decoration, 'important');
  style.setProperty('text-decoration-thickness', '1.5px', 'important');
  style.setProperty('text-underline-offset', '0.2em', 'important');
  style.setProperty('padding', '0', 'important');
  style.setProperty('border-radius', '2px', 'important');
}

export interface HighlightOptions {
  /** Elements whose text is never searched (the notice's host, say). */
  skip?: (el: Element) => boolean;
}

/**
 * Marks `passages` inside `root`. Passages are expected in page order; each is marked at most
 * once and marks never nest.
 */
export function highlightPassages(root: Node, passages: readonly HighlightPassage[], opts: HighlightOptions = {}): Highlighting {
  const doc = root.ownerDocument ?? (root as Document);
  const flat = flatten(root, opts.skip);

  const matches: Match[] = [];
  let cursor = 0;
  let missed = 0;
  for (const passage of passages) {
    const needle = foldPassage(passage.text).trim();
    const where = needle.length >= MIN_PASSAGE_CHARS ? locate(flat.text, needle, cursor, matches) : null;
    if (!where) {
      missed++;
      continue;
    }
    matches.push({ ...where, passage });
    cursor = where.end;
  }

  // Per text node, split from the last segment back to the first, so the offsets still to be
  // used always refer to the original node, which keeps the text before them.
  const byNode = new Map<number, Segment[]>();
  for (const m of matches) for (const seg of segmentsOf(flat, m)) {
    const list = byNode.get(seg.node);
    if (list) list.push(seg);
    else byNode.set(seg.node, [seg]);
  }

  const marks: HTMLElement[] = [];
  /** Original text node → the nodes split off it (what removal joins back). */
  const splits = new Map<Text, Text[]>();
  for (const [index, segments] of byNode) {
    const original = flat.nodes[index]!;
    const parent = original.parentNode;
    if (!parent) continue;
    const created: Text[] = [];
    segments.sort((a, b) => b.start - a.start);
    for (const seg of segments) {
      const piece = original.data.slice(seg.start, seg.end);
      if (!piece.trim() && parent.nodeType === ELEMENT_NODE && STRUCTURAL_PARENTS.has(tagOf(parent))) continue;
      if (seg.end < original.data.length) created.push(splitText(original, seg.end));
      const middle = seg.start > 0 ? splitText(original, seg.start) : original;
      if (middle !== original) created.push(middle);
      const mark = doc.createElement('mark');
      const band = bandOf(seg.passage);
      mark.setAttribute(MARK_ATTRIBUTE, band);
      mark.setAttribute('title', markTitle(seg.passage));
      styleMark(mark, band);
      parent.insertBefore(mark, middle);
      mark.appendChild(middle);
      marks.push(mark);
    }
    if (created.length) splits.set(original, created);
  }

  let removed = false;
  return {
    marks: marks.length,
    found: matches.length,
    missed,
    remove() {
      if (removed) return;
      removed = true;
      for (const mark of marks) {
        const parent = mark.parentNode;
        if (!parent) continue; // the page removed it
        while (mark.firstChild) parent.insertBefore(mark.firstChild, mark);
        parent.removeChild(mark);
      }
      for (const [original, created] of splits) joinPieces(original, created);
    },
  };
}

/**
 * Text.splitText where the DOM has it (browsers, which also keep the reader's selection
 * right); linkedom has none, so the same thing by hand: the node keeps the text before
 * `offset`, a new node after it holds the rest.
 */
function splitText(node: Text, offset: number): Text {
  if (typeof node.splitText === 'function') return node.splitText(offset);
  const rest = node.ownerDocument.createTextNode(node.data.slice(offset));
  node.data = node.data.slice(0, offset);
  node.parentNode!.insertBefore(rest, node.nextSibling);
  return rest;
}

/**
 * Joins the pieces split off `original` back into it, if they still follow it as consecutive
 * siblings; if the page moved or rewrote them meanwhile, its text is left as it now is.
 */
function joinPieces(original: Text, created: readonly Text[]): void {
  const pieces = new Set<Node>(created);
  const run: Text[] = [];
  for (let n = original.nextSibling; n && pieces.has(n); n = n.nextSibling) run.push(n as Text);
  if (run.length !== created.length) return;
  original.data += run.map((t) => t.data).join('');
  for (const t of run) t.parentNode?.removeChild(t);
}

/** Every Wirecheck mark in a subtree (for code that must find marks it did not make). */
export function countMarks(root: ParentNode): number {
  return root.querySelectorAll(`mark[${MARK_ATTRIBUTE}]`).length;
}
