/**
 * Sizes that more than one part of Wirecheck must agree on, defined once, and the one check
 * of a page tree against them.
 */

/**
 * The longest article text kept from a page: extraction cuts there at a paragraph boundary,
 * ~30,000 words, beyond any news story. A corpus file's article may be longer
 * (core/corpus/files.ts, MAX_TEXT_CHARS).
 */
export const MAX_ARTICLE_CHARS = 200_000;

/**
 * The biggest page tree that is parsed and read: 11.7× the most elements (2,564) and 7.6× the
 * deepest nesting (33 ancestors) of the 30 fixture pages. Readability's cleaning is roughly
 * cubic in nesting depth (core/extract.ts); the content script measures its DOM against these
 * before serialising it, the background measures the HTML again before parsing it
 * (extraction/page-bounds.ts), and extract.ts refuses a tree beyond them.
 */
export const MAX_PAGE_ELEMENTS = 30_000;
/** Ancestors of the deepest element (`<html>` is 0). */
export const MAX_PAGE_DEPTH = 250;

/** MAX_PAGE_ELEMENTS and MAX_PAGE_DEPTH together, as `treeOverLimits` takes them. */
export const PAGE_LIMITS: Readonly<{ elements: number; depth: number }> = Object.freeze({ elements: MAX_PAGE_ELEMENTS, depth: MAX_PAGE_DEPTH });

/** The limit a page tree crosses, in this order of checking. */
export type TreeTooBig = 'too-many-elements' | 'too-deep' | 'too-many-nodes';

/**
 * Whether a tree of this size is beyond the limits, and which limit it crosses first; nodes
 * count only where both the size and the limits have them. The content script asks it of the
 * live DOM, the background of the HTML it is sent and of what a page says of itself.
 */
export function treeOverLimits(size: { elements: number; depth: number; nodes?: number }, limits: { elements: number; depth: number; nodes?: number }): TreeTooBig | null {
  if (size.elements > limits.elements) return 'too-many-elements';
  if (size.depth > limits.depth) return 'too-deep';
  if (size.nodes !== undefined && limits.nodes !== undefined && size.nodes > limits.nodes) return 'too-many-nodes';
  return null;
}
