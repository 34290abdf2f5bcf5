/**
 * Text compression: raw deflate with a preset dictionary of news English, through `fflate`
 * (pure JavaScript, synchronous, the same bytes in every engine and in Node).
 *
 * Why not the platform's CompressionStream, which versions 4 of the database and packs of
 * format 1 used ('deflate-raw'): it is asynchronous, so every text read went through a stream
 * and a promise (the options page's text search over 10,000 articles took ~1.6–2.2 s, against
 * ~0.1 s with plain texts), and it takes no dictionary. A dictionary is what small texts need:
 * deflate starts each text with its 32 KB window already holding the phrases news English
 * repeats (text-dictionary.ts, built by bench/text-dictionary.ts), instead of spending the
 * first kilobytes of every article learning them again.
 *
 * Every compressed text names its codec (`TextCodec`): stored records carry `textCodec`, pack
 * headers `textCodec`. 'deflate-raw' (no dictionary: what CompressionStream wrote) still
 * reads, here, synchronously: fflate inflates any raw deflate stream. A new dictionary gets a
 * new id, and the old one stays readable under its own.
 *
 * Article texts are compressed one by one, not as one stream, so a single article can be read
 * (alignment, the article dialog) without inflating its neighbours, and a pack's compressed
 * texts can be stored in IndexedDB as they are.
 *
 * Measured (Node 22.23, `npx tsx bench/text-compression.ts`; ratio to UTF-8 size): the 30 real
 * pages of ../shared/fixtures/pages 43.3% (CompressionStream: 45.2%), but the dictionary was
 * built from those pages' English texts: built without the half measured (2-fold), 44.4%;
 * the evaluation's Markov-chain stories 44.6% (48.8%); the storage tests' synthetic
 * syllable-word texts 42.4% (41.6%: not English, nothing in the dictionary helps them).
 * Why 16 KB and not 32: a 32 KB dictionary gave 40.6% on the pages it was built from but
 * 44.1% held out (the rest was those pages' own phrases), and fflate hashes the whole
 * dictionary on every call, so it cost ~0.25 ms a text against ~0.18 ms (no dictionary:
 * ~0.1 ms, 46.6%). Inflating is ~0.03 ms a text, synchronous; on a quiet machine. Import
 * cost: see src/storage/batches.ts.
 *
 * Compressing goes through raw-deflate.ts, fflate's deflate ported with the dictionary's hash
 * chains made once and its buffers reused: the same bytes as fflate's `deflateSync`, ~0.1 ms
 * a text against fflate's 0.16–0.26 ms with the 16 KB dictionary (figures there). Inflating
 * stays fflate's.
 */

import { inflateSync } from 'fflate';
import { DictionaryDeflater } from './raw-deflate';
import { TEXT_DICTIONARY, TEXT_DICTIONARY_ID } from './text-dictionary';

/** How a text's bytes were made: plain raw deflate, or raw deflate with the named dictionary. */
export type TextCodec = 'deflate-raw' | typeof TEXT_DICTIONARY_ID;
/** What compressText writes. */
export const TEXT_CODEC: TextCodec = TEXT_DICTIONARY_ID;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
const DICTIONARIES: Record<TextCodec, Uint8Array | undefined> = {
  'deflate-raw': undefined,
  [TEXT_DICTIONARY_ID]: encoder.encode(TEXT_DICTIONARY),
};

export function isTextCodec(codec: unknown): codec is TextCodec {
  return typeof codec === 'string' && Object.hasOwn(DICTIONARIES, codec);
}

/** The text's UTF-8 bytes, deflated with the current dictionary (`TEXT_CODEC`). */
export function compressText(text: string): Uint8Array {
  deflater ??= new DictionaryDeflater(DICTIONARIES[TEXT_CODEC]!);
  return deflater.deflateText(text, encoder);
}

/** fflate's level-6 deflate with TEXT_CODEC's dictionary, made on first use. */
let deflater: DictionaryDeflater | undefined;

const SCRATCH_BYTES = 1 << 20;
let scratch: Uint8Array | undefined;

/** Throws a TypeError when the codec is unknown or the bytes are not its data of UTF-8 text. */
export function decompressText(bytes: Uint8Array, codec: TextCodec = 'deflate-raw'): string {
  if (!isTextCodec(codec)) throw new TypeError(`unknown text codec ${JSON.stringify(codec)}`);
  let raw: Uint8Array;
  try {
    // Into one reused buffer (decoding copies out of it before anything else can run): ~45%
    // faster than letting fflate allocate per text (0.032 against 0.057 ms a 700-word text).
    // A text that fills it may have been cut, since fflate drops what does not fit: inflated
    // again into a buffer of its own.
    scratch ??= new Uint8Array(SCRATCH_BYTES);
    raw = inflateSync(bytes, { dictionary: DICTIONARIES[codec], out: scratch });
    if (raw.length >= scratch.length) raw = inflateSync(bytes, { dictionary: DICTIONARIES[codec] });
  } catch (e) {
    throw new TypeError(`compressed text is damaged (${e instanceof Error ? e.message : String(e)})`);
  }
  return decoder.decode(raw);
}
