/**
 * Article texts are stored compressed: deflate-raw through the platform's CompressionStream
 * (src/core/pack/deflate.ts), one text per record, so reading one article inflates only it.
 *
 * A record holds either `textz` (compressed, written since database version 4) or `text`
 * (plain, written by earlier versions, or by an import staged before the upgrade); every
 * reader goes through `textOf`, so both read the same. `CorpusStore.compressStoredTexts`
 * rewrites plain records in the background. A compressed record also carries its
 * `contentHash`, so summaries can be rebuilt and re-imports compared without inflating text.
 *
 * Why compression is done outside transactions: CompressionStream is asynchronous, and an
 * IndexedDB transaction commits itself as soon as it waits on anything but its own requests.
 * So texts are compressed before a write transaction opens (importArticles, stageChunk,
 * importPack's texts come compressed already), never inside one.
 *
 * Measured (Node 22.23, `npx tsx bench/text-compression.ts`): the texts Readability extracts
 * from the 30 real pages of ../shared/fixtures/pages are 45.2% of their UTF-8 size, 25.7% of
 * the size IndexedDB gave them as strings (engines store a string with any character past
 * U+00FF, such as a curly quote, as UTF-16); synthetic 700-word texts
 * (test/unit/storage-synthetic.ts) 41.6% / 41.6%; the evaluation's Markov-chain stories
 * (bench/eval/synthetic.ts) 48.8% / 24.6%. Compressing costs ~0.6–1.0 ms a text, inflating
 * ~0.15–0.4 ms. The price is the options page's full-text search, which inflates every text:
 * at 10,000 articles (bench/storage-scale.ts, fake-indexeddb) 1.5–1.7 s, against ~0.1 s
 * with plain texts; export 1.1 s against 0.1 s. Alignment reads ~9 texts a check: noise.
 */

import { compressText, decompressText } from '../core/pack/deflate';
import type { Article } from '../core/types';

/** A text as a record holds it. */
export type StoredText = { text: string; textz?: undefined } | { textz: Uint8Array; text?: undefined };

export async function textOf(r: StoredText): Promise<string> {
  if (typeof r.text === 'string') return r.text;
  if (r.textz instanceof Uint8Array) return decompressText(r.textz);
  throw new TypeError('article record has no text');
}

/** Texts of many records at once (inflations overlap), in order. */
export function textsOf(records: readonly StoredText[]): Promise<string[]> {
  return Promise.all(records.map(textOf));
}

/** The article with its text compressed, and without the plain text. */
export async function compressArticle<A extends Article>(a: A): Promise<Omit<A, 'text'> & { textz: Uint8Array }> {
  const { text, ...rest } = a;
  return { ...rest, textz: await compressText(text) };
}

export { compressText };
