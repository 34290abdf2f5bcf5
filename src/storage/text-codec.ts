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
 * 45.2%). Alignment reads ~9 texts a check. What reading and writing cost against version 4's
 * CompressionStream, run back to back on the same shared 2-core machine (load average ~4–5;
 * a quiet machine is faster for both), fake-indexeddb: `npm run bench:storage -- --table
 * 10000 --import 0`: text search over 10,000 articles 2.27–2.37 s → 0.45–0.50 s, export
 * 2.78 s → 0.44 s (plain texts were ~0.1 s; inflating in JavaScript, ~0.03 ms a text, is what
 * is left). `npm run bench:storage -- --table 0 --import 10000`, two runs each: 779–849 →
 * 762–825 articles/s wall, 1,297–1,305 → 1,330–1,344 per CPU second (all threads: Node
 * deflated CompressionStream's texts on its thread pool, free in wall time on an idle second
 * core; fflate deflates on the calling thread, ~0.18 ms a text); re-importing the same
 * unchanged file 2.9–4.2 s → 1.25–1.28 s (unchanged articles are staged plain, not
 * deflated). A 32 KB dictionary cost ~15% of the import rate for 0.3 points of ratio on pages
 * it had not seen.
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
