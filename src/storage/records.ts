/**
 * What the corpus stores hold, record by record, and how one record is made from another:
 * an article as `articles` holds it (its text compressed), and its summary in `summaries`
 * (the article without its text, plus the keys the table sorts and compares by).
 *
 * `summaryOf` is the one definition of a summary: the schema's upgrade fills `summaries`
 * with it, every commit writes it next to the article, and the table in memory holds what
 * it returns. It lives here, below both schema.ts and summaries.ts, so the schema can use it
 * without depending on the table and the table can read the record types without depending
 * on the schema.
 */

import { contentHashOf } from '../core/corpus/content-hash';
import type { TextCodec } from '../core/pack/deflate';
import type { Article } from '../core/types';
import type { StoredText } from './text-codec';

export type StoredArticle = Article & {
  /** Epoch milliseconds when the article first entered the corpus (kept across updates). */
  addedAt: number;
  /** Words in the fingerprinted text (headline and body), for listings. */
  wordCount: number;
};

/**
 * An article as the `articles` store holds it: its text compressed (`textz`, with the
 * `contentHash` of the plain article), or plain (`text`, records written before version 4).
 * Read the text through text-codec.ts `textOf`.
 */
export type StoredArticleRecord = Omit<StoredArticle, 'text'> & { contentHash?: string } & StoredText;

/**
 * An article without its text, for listings: what the options page's table pages through.
 * `titleKey` orders titles the way a reader sorts them (case and accents folded, numbers by
 * value) with plain code-unit comparison, which is all an IndexedDB index can do.
 * `contentHash` tells an unchanged re-import without reading the stored text.
 */
export interface StoredSummary {
  id: string;
  title: string;
  url: string;
  published: string;
  addedAt: number;
  wordCount: number;
  titleKey: string;
  contentHash: string;
}

/** What the corpus knows of an article besides its metadata and text. */
export interface ArticleFacts {
  contentHash: string;
  addedAt: number;
  wordCount: number;
}

/** An article record as a commit writes it: its text compressed, its content hash known. */
export type CommittedRecord = StoredArticleRecord & ArticleFacts;

/** The record of an article with its text compressed: only Article fields, the text, and the facts. */
export function articleRecord(a: Omit<Article, 'text'>, text: { textz: Uint8Array; textCodec?: TextCodec }, facts: ArticleFacts): CommittedRecord {
  return { id: a.id, title: a.title, url: a.url, published: a.published, textz: text.textz, textCodec: text.textCodec, ...facts };
}

/** A record's content hash: carried by compressed records, computed from the text of plain ones. */
export function contentHashFor(a: StoredArticle | StoredArticleRecord): string {
  if (typeof a.text === 'string') return contentHashOf(a as StoredArticle);
  if ('contentHash' in a && typeof a.contentHash === 'string') return a.contentHash;
  throw new TypeError(`article ${a.id} has neither text nor content hash`);
}

/** Lowercase, without accents and compatibility forms: "Café ＡＢＣ" → "cafe abc". */
export function foldText(text: string): string {
  // NFKD is the costly step; pure ASCII (most English copy) has nothing to decompose.
  // eslint-disable-next-line no-control-regex
  const plain = /^[\u0000-\u007f]*$/.test(text) ? text : text.normalize('NFKD').replace(/\p{M}+/gu, '');
  return plain.toLowerCase();
}

const MAX_TITLE_KEY = 200;

/** How a title sorts: folded, digit runs zero-padded so numbers order by value. */
export function titleSortKey(title: string): string {
  return foldText(title)
    .replace(/\d+/g, (digits) => digits.replace(/^0+(?=\d)/, '').padStart(12, '0'))
    .slice(0, MAX_TITLE_KEY);
}

export { contentHashOf };

/** The summary of a stored article (tolerating records of older versions without counts). */
export function summaryOf(a: StoredArticle | StoredArticleRecord, contentHash = contentHashFor(a)): StoredSummary {
  return {
    id: a.id,
    title: a.title,
    url: a.url,
    published: a.published,
    addedAt: typeof a.addedAt === 'number' ? a.addedAt : 0,
    wordCount: typeof a.wordCount === 'number' ? a.wordCount : 0,
    titleKey: titleSortKey(a.title),
    contentHash,
  };
}
