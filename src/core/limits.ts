/**
 * Sizes that more than one part of Wirecheck must agree on, defined once.
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
