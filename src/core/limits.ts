/**
 * Sizes that more than one part of Wirecheck must agree on, defined once.
 */

/**
 * The longest article text kept from a page: extraction cuts there at a paragraph boundary,
 * ~30,000 words, beyond any news story. A corpus file's article may be longer
 * (core/corpus/files.ts, MAX_TEXT_CHARS).
 */
export const MAX_ARTICLE_CHARS = 200_000;
