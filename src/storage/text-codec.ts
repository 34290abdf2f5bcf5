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
 * Why deflate with a dictionary in JavaScript rather than CompressionStream: ratios are the
 * `text.stored` rows of bench/results.json (`npx tsx bench/text-compression.ts`);
 * reads are synchronous, which is what makes text search and export over every article fast
 * (`npm run bench:storage`: inflating, ~0.03 ms a text, is most of what is left). Alignment
 * reads ~9 texts a check. Deflating runs on the calling thread (~0.2 ms a text, in the
 * import workers); an unchanged article on re-import is staged plain, not deflated. A 32 KB
 * dictionary costs ~15% of the import rate for 0.3 points of ratio on pages it has not seen.
 */

import { TEXT_CODEC, type TextCodec, compressText, decompressText } from '../core/pack/deflate';

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

export { TEXT_CODEC };
