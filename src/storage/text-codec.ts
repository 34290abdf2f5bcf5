/**
 * Article texts are stored compressed (src/core/pack/deflate.ts: raw deflate with a preset
 * dictionary of news English, synchronous), one text per record, so reading one article
 * inflates only it.
 *
 * A record holds either `textz` (compressed, written since database version 4) or `text`
 * (plain, written by earlier versions, or by an import staged before the upgrade). `textz`
 * comes with `textCodec`, the dictionary it was deflated with; records of version 4 have
 * none, which means 'deflate-raw' (CompressionStream, no dictionary). Every reader goes
 * through `textOf`, so all three read the same, and CorpusStore.compressStoredTexts rewrites
 * the older two in the background. A compressed record also carries its `contentHash`, so
 * summaries can be rebuilt and re-imports compared without inflating text.
 *
 * Measured (Node 22.23): `npx tsx bench/text-compression.ts` for ratios (real pages 43.3% of
 * UTF-8, 44.4% with a dictionary not built from the pages measured; CompressionStream was
 * 45.2%), and `npm run bench:storage -- --table 10000 --import 0` (fake-indexeddb) for what
 * reading costs: see src/storage/corpus-store.ts. Alignment reads ~9 texts a check.
 */

import { TEXT_CODEC, type TextCodec, compressText, decompressText } from '../core/pack/deflate';
import type { Article } from '../core/types';

/** A text as a record holds it. */
export type StoredText = { text: string; textz?: undefined; textCodec?: undefined } | { textz: Uint8Array; textCodec?: TextCodec; text?: undefined };

/** The record's text; throws (TypeError) when it has none or it does not inflate. */
export function textOfSync(r: StoredText): string {
  if (typeof r.text === 'string') return r.text;
  if (r.textz instanceof Uint8Array) return decompressText(r.textz, r.textCodec ?? 'deflate-raw');
  throw new TypeError('article record has no text');
}

export async function textOf(r: StoredText): Promise<string> {
  return textOfSync(r);
}

/** Texts of many records, in order. */
export async function textsOf(records: readonly StoredText[]): Promise<string[]> {
  return records.map(textOfSync);
}

/** True when the record is already in the current codec (nothing for compressStoredTexts to do). */
export function isCurrentText(r: StoredText): boolean {
  return r.textz instanceof Uint8Array && r.textCodec === TEXT_CODEC;
}

/** The text compressed, with the codec to store next to it. */
export function compressedText(text: string): { textz: Uint8Array; textCodec: TextCodec } {
  return { textz: compressText(text), textCodec: TEXT_CODEC };
}

/** The article with its text compressed, and without the plain text. */
export function compressArticle<A extends Article>(a: A): Omit<A, 'text'> & { textz: Uint8Array; textCodec: TextCodec } {
  const { text, ...rest } = a;
  return { ...rest, ...compressedText(text) };
}

export { TEXT_CODEC, compressText };
