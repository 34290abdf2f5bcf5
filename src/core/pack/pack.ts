/**
 * Corpus packs: a whole corpus, ready to use, in one versioned and checksummed file.
 *
 * `wirecheck index` fingerprints a corpus once and writes a pack; the options page and
 * `wirecheck check --corpus` read it without fingerprinting anything, which is what makes a
 * pack import fast (fingerprinting is most of what importing an article costs; rates in
 * bench/results.json, README "Speed and scale"). What a pack holds:
 *
 * - `articles`: each article without its text (id, title, url, published, word count, and
 *   the content hash an import compares to tell unchanged articles without reading text);
 * - `bandKeys`: each article's LSH band keys (N × bands), the source of truth for the index;
 * - `snapshot`: the index itself, as `CorpusIndex.toSnapshot()` made it, encoded generically
 *   (structured.ts): the pack never looks inside. Its format version is in the header; when
 *   it is not the running code's (the index format changed since the pack was made) or the
 *   snapshot does not verify, the index is rebuilt from `bandKeys` (a sort per band), as the
 *   extension does with a stale saved index. No fingerprinting either way.
 * - `textOffsets` and `texts`: each article's text, compressed one by one (deflate.ts: raw
 *   deflate with a preset dictionary, named by the header's `textCodec`; a pack whose codec is
 *   'deflate-raw', without the dictionary, reads too), so the extension stores them as they
 *   are, with their codec.
 *
 * Every header carries `corpusId` (identity.ts: a digest of the set of (id, contentHash)
 * pairs of the pack's articles); a reader checks it against the articles and computes it for
 * a pack written before it existed (25–45 ms at 100,000 articles, identity.ts). A DELTA pack's header adds `delta`: the corpus id it
 * builds on (`base`) and the one it leaves (`result`), the ids it removes, and links to the
 * delta before it and to the full pack (delta.ts). Its articles, band keys and texts are the
 * new and changed articles only, and its snapshot is the index of those alone: a reader
 * merges their entries into its own index (as an import does), removing the removed ids, and
 * never uses a delta's index as the whole corpus's. Its format version stays 1: a reader that
 * predates deltas imports a delta's articles as it imports any pack, and ignores the rest.
 *
 * The fingerprint parameters (format version, seed, permutations, bands) are part of the
 * pack's identity, as datasketch treats them: a pack made with other parameters is REFUSED
 * with a message saying to rebuild it, not silently re-fingerprinted (re-fingerprinting would
 * take the time a pack exists to save; `wirecheck index` on the JSON Lines is the fix).
 *
 * Layout (little-endian):
 *   0  magic "\x89WCPK\r\n\x1a" (8 bytes: the high byte and the line endings catch a transfer
 *      in text mode, as PNG's signature does)
 *   8  u32 pack format version
 *  12  u32 header length H
 *  16  u32 total length, low · u32 total length, high
 *  24  header (JSON, UTF-8): versions, parameters, article count, section offsets
 *  …   sections, each starting at a multiple of 8
 *  end u32 CRC-32 of every byte before it
 * A reader checks the magic, the version, the length (a short file is "truncated", not
 * "damaged"), then the CRC over everything, and only then parses the header: a flipped bit
 * anywhere is refused before any of it is used.
 *
 * The CRC says the bytes are the writer's, not that the writer was Wirecheck: a forged pack
 * can carry a valid CRC over a text that does not inflate, which the extension would store
 * and then fail to read on every check, search and export that reaches it. So opening a pack
 * inflates every text once, keeps none, and refuses the pack naming the first that fails.
 * Measured (Node 22.23, 2-core EPYC, 10,000 synthetic news stories of ~2,900 characters,
 * a 28 MB pack): opening takes ~110 ms without this; inflating every text adds ~36 µs a
 * text, ~360 ms in all. It is paid once per import (on fake-indexeddb the whole import of
 * that pack went from ~0.97 to ~1.15 s, medians on a loaded machine), and once per
 * `wirecheck check` run: its worker threads reopen the bytes it verified with
 * `verifyTexts: false`.
 */

import { checkArticleMetadata } from '../corpus/records';
import { DEFAULT_PARAMS, type FingerprintParams, paramsKey, totalBands } from '../fingerprint/minhash';
import { CorpusIndex, INDEX_FORMAT_VERSION, type IndexEntry, type IndexSnapshot } from '../index/corpus-index';
import { crc32 } from './crc32';
import { CORPUS_ID_PATTERN, type PackDelta, corpusIdOf, readDelta } from './identity';
import { TEXT_CODEC, type TextCodec, decompressText, isTextCodec } from './deflate';
import { decodeStructured, encodeStructured } from './structured';

export const PACK_MAGIC = Uint8Array.of(0x89, 0x57, 0x43, 0x50, 0x4b, 0x0d, 0x0a, 0x1a);
export const PACK_FORMAT_VERSION = 1;
/** The usual file name ending; recognising a pack goes by its magic bytes, not its name. */
export const PACK_EXTENSION = '.wcpack';
const PREFIX = 24;
const TRAILER = 4;

export type PackErrorKind = 'not-pack' | 'truncated' | 'damaged' | 'version' | 'params';

/** A pack that cannot be used, with a message that finishes "<file>: …". */
export class PackError extends Error {
  override readonly name = 'PackError';
  constructor(
    readonly kind: PackErrorKind,
    message: string,
  ) {
    super(message);
  }
}

/** An article in a pack, without its text. */
export interface PackArticle {
  id: string;
  title: string;
  url: string;
  published: string;
  wordCount: number;
  contentHash: string;
}

export interface PackContents {
  params: FingerprintParams;
  articles: readonly PackArticle[];
  /** articles.length × totalBands(params), in article order. */
  bandKeys: Uint32Array;
  /** Each article's text, compressed (deflate.ts `compressText`). */
  texts: readonly Uint8Array[];
  /** How `texts` were compressed: TEXT_CODEC when absent. */
  textCodec?: TextCodec;
  snapshot: IndexSnapshot;
  createdAt?: string;
  /** For a delta pack (delta.ts): what it builds on, leaves, removes and links to. */
  delta?: PackDelta;
}

type SectionName = 'articles' | 'bandKeys' | 'textOffsets' | 'texts' | 'snapshot';
const SECTIONS: readonly SectionName[] = ['articles', 'bandKeys', 'textOffsets', 'texts', 'snapshot'];

export interface PackHeader {
  packVersion: number;
  indexFormatVersion: number;
  params: FingerprintParams;
  paramsKey: string;
  articleCount: number;
  /** 'deflate-raw' (packs written before the text dictionary) or a dictionary id (deflate.ts). */
  textCodec: TextCodec;
  createdAt: string;
  /** corpusIdOf(the pack's articles); absent from packs written before it existed. */
  corpusId?: string;
  sections: Record<SectionName, [offset: number, length: number]>;
  /** Present on a delta pack only. */
  delta?: PackDelta;
}

/** What a reader says of a file that looksLikeDamagedPack. */
export const DAMAGED_SIGNATURE = "the corpus pack is damaged (its first bytes are not a pack's signature)";
/** Invalid article records named in a refusal; the rest are counted. */
const LISTED_RECORDS = 3;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
const quoteId = (id: string) => JSON.stringify(id.length > 40 ? `${id.slice(0, 37)}...` : id);
const align8 = (n: number) => (n + 7) & ~7;

/** Whether these bytes (the first 8 of a file suffice) start like a pack. */
export function looksLikePack(head: Uint8Array): boolean {
  if (head.length < PACK_MAGIC.length) return false;
  return PACK_MAGIC.every((b, i) => head[i] === b);
}

/**
 * Whether bytes that do NOT start with PACK_MAGIC are still a pack, one whose first bytes were
 * damaged (a flipped bit, a transfer in text mode, an editor's save), so that a reader can say
 * "damaged corpus pack" instead of reading it as JSON Lines and listing nonsense: half the
 * magic or more in place, or the rest of the prefix a pack's (a format version, a plausible
 * header length, the file's own length), or a pack header's JSON where it belongs. A text
 * corpus has none of these: the prefix needs NUL bytes, which no text file holds. `head` is
 * the file's first bytes (64 suffice); `size` the whole file's, when known.
 */
export function looksLikeDamagedPack(head: Uint8Array, size?: number): boolean {
  if (looksLikePack(head)) return false;
  let inPlace = 0;
  for (let i = 0; i < PACK_MAGIC.length && i < head.length; i++) if (head[i] === PACK_MAGIC[i]) inPlace++;
  if (inPlace >= PACK_MAGIC.length / 2) return true;
  if (head.length < PREFIX) return false;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const version = view.getUint32(8, true);
  const headerLength = view.getUint32(12, true);
  const total = view.getUint32(16, true) + view.getUint32(20, true) * 2 ** 32;
  if (version >= 1 && version < 256 && headerLength > 1 && headerLength < 1 << 20 && total >= PREFIX + headerLength + TRAILER && (size === undefined || total === size)) return true;
  const headerStart = '{"packVersion":';
  return head.length >= PREFIX + headerStart.length && String.fromCharCode(...head.subarray(PREFIX, PREFIX + headerStart.length)) === headerStart;
}

export function encodePack(c: PackContents): Uint8Array {
  const n = c.articles.length;
  if (c.texts.length !== n) throw new Error(`pack: ${n} articles but ${c.texts.length} texts`);
  if (c.bandKeys.length !== n * totalBands(c.params)) throw new Error('pack: band keys do not match the article count');
  const offsets = new Uint32Array(n + 1);
  let textBytes = 0;
  c.texts.forEach((t, i) => {
    offsets[i] = textBytes;
    textBytes += t.length;
  });
  offsets[n] = textBytes;
  if (textBytes > 0xffffffff) throw new Error('pack: texts exceed 4 GB');
  const articles = encoder.encode(JSON.stringify(c.articles.map(({ id, title, url, published, wordCount, contentHash }) => ({ id, title, url, published, wordCount, contentHash }))));
  const snapshot = encodeStructured(c.snapshot);
  // String(): a record that is not what its type says (a forger's, a fuzzer's) is written as
  // given, for the reader to refuse, rather than thrown on here.
  const corpusId = corpusIdOf(c.articles.map((a) => ({ id: String(a.id), contentHash: String(a.contentHash) })));
  const parts: Record<SectionName, Uint8Array> = {
    articles,
    bandKeys: new Uint8Array(c.bandKeys.buffer, c.bandKeys.byteOffset, c.bandKeys.byteLength),
    textOffsets: new Uint8Array(offsets.buffer),
    texts: new Uint8Array(0), // written piece by piece below
    snapshot,
  };
  // The header holds section offsets, which depend on the header's length: lay out with a
  // placeholder, then again with the real numbers (the second JSON is never longer than
  // the first, whose offsets were padded to 12 digits).
  const layout = (headerLength: number) => {
    let at = align8(PREFIX + headerLength);
    const sections = {} as PackHeader['sections'];
    for (const name of SECTIONS) {
      const length = name === 'texts' ? textBytes : parts[name].length;
      sections[name] = [at, length];
      at = align8(at + length);
    }
    return { sections, end: at };
  };
  const header = (sections: PackHeader['sections']): PackHeader => ({
    packVersion: PACK_FORMAT_VERSION,
    indexFormatVersion: (c.snapshot as { formatVersion?: number }).formatVersion ?? INDEX_FORMAT_VERSION,
    params: c.params,
    paramsKey: paramsKey(c.params),
    articleCount: n,
    textCodec: c.textCodec ?? TEXT_CODEC,
    createdAt: c.createdAt ?? new Date().toISOString(),
    corpusId,
    sections,
    ...(c.delta ? { delta: c.delta } : {}),
  });
  const wide = Object.fromEntries(SECTIONS.map((s) => [s, [1e11, 1e11]])) as PackHeader['sections'];
  const maxHeader = encoder.encode(JSON.stringify(header(wide))).length;
  const { sections, end } = layout(maxHeader);
  const headerBytes = encoder.encode(JSON.stringify(header(sections)).padEnd(maxHeader, ' '));
  const total = end + TRAILER;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  out.set(PACK_MAGIC, 0);
  view.setUint32(8, PACK_FORMAT_VERSION, true);
  view.setUint32(12, headerBytes.length, true);
  view.setUint32(16, total % 2 ** 32, true);
  view.setUint32(20, Math.floor(total / 2 ** 32), true);
  out.set(headerBytes, PREFIX);
  for (const name of SECTIONS) {
    const [at] = sections[name];
    if (name === 'texts') {
      let p = at;
      for (const t of c.texts) {
        out.set(t, p);
        p += t.length;
      }
    } else out.set(parts[name], at);
  }
  view.setUint32(total - TRAILER, crc32(out.subarray(0, total - TRAILER)), true);
  return out;
}

/** A verified pack, ready to use. */
export interface Pack {
  header: PackHeader;
  params: FingerprintParams;
  articles: PackArticle[];
  /** How the index was obtained: its snapshot, or rebuilt from the band keys. */
  indexFrom: 'snapshot' | 'rebuilt';
  index: CorpusIndex;
  /** Size of the whole pack in bytes. */
  bytes: number;
  /** Article i's band keys (a copy). */
  bandKeysOf(i: number): Uint32Array;
  /** Article i's compressed text (a copy of its own, safe to store). */
  compressedText(i: number): Uint8Array;
  /** How every text of the pack is compressed. */
  textCodec: TextCodec;
  /** Article i's text. */
  text(i: number): Promise<string>;
  /** Every article's band keys, for merging into another index. */
  entries(): IndexEntry[];
  /** corpusIdOf(articles): the header's, checked, or computed for a pack without one. */
  corpusId: string;
  /** Present on a delta pack: its articles are only the new and changed ones. */
  delta?: PackDelta;
  /** The corpus id a reader holds after taking this pack: corpusId for a full pack, delta.result for a delta. */
  resultId: string;
}

export interface OpenPackOptions {
  /**
   * Inflate every text to prove it reads (default true). False only for bytes this process
   * has already opened with it, or has built itself.
   */
  verifyTexts?: boolean;
}

/**
 * Verifies and opens a pack. Throws PackError for anything that is not a usable pack made
 * with `expected` fingerprint parameters; nothing else is thrown for bad input.
 */
export function openPack(input: Uint8Array, expected: FingerprintParams = DEFAULT_PARAMS, opts: OpenPackOptions = {}): Pack {
  // A plain Uint8Array view: on a subclass such as Node's Buffer, slice() would share memory
  // instead of copying, and the copies below must own their bytes.
  const bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  if (!looksLikePack(bytes)) {
    if (bytes.length < PACK_MAGIC.length && bytes.length > 0 && PACK_MAGIC.subarray(0, bytes.length).every((b, i) => bytes[i] === b)) {
      throw new PackError('truncated', `the corpus pack is truncated (${bytes.length} bytes)`);
    }
    if (looksLikeDamagedPack(bytes.subarray(0, 64), bytes.length)) throw new PackError('damaged', DAMAGED_SIGNATURE);
    throw new PackError('not-pack', 'not a Wirecheck corpus pack');
  }
  if (bytes.length < PREFIX + TRAILER) throw new PackError('truncated', `the corpus pack is truncated (${bytes.length} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== PACK_FORMAT_VERSION) {
    throw new PackError(
      'version',
      version > PACK_FORMAT_VERSION
        ? `the corpus pack has format ${version}, newer than this Wirecheck reads (${PACK_FORMAT_VERSION}); update Wirecheck`
        : `the corpus pack has format ${version}, older than this Wirecheck reads (${PACK_FORMAT_VERSION}); make it again with 'wirecheck index'`,
    );
  }
  const total = view.getUint32(16, true) + view.getUint32(20, true) * 2 ** 32;
  if (bytes.length < total) throw new PackError('truncated', `the corpus pack is truncated (${bytes.length} of ${total} bytes)`);
  if (bytes.length > total) throw new PackError('damaged', `the corpus pack is damaged (${bytes.length - total} unexpected bytes at the end)`);
  const stored = view.getUint32(total - TRAILER, true);
  if (crc32(bytes.subarray(0, total - TRAILER)) !== stored) throw new PackError('damaged', 'the corpus pack is damaged (checksum mismatch)');

  // From here on the bytes are what the writer wrote; the checks below guard against a writer
  // that was not Wirecheck, and say so in the same words.
  const bad = (what: string) => new PackError('damaged', `the corpus pack is damaged (${what})`);
  let header: PackHeader;
  try {
    const headerLength = view.getUint32(12, true);
    header = JSON.parse(decoder.decode(bytes.subarray(PREFIX, PREFIX + headerLength))) as PackHeader;
  } catch {
    throw bad('unreadable header');
  }
  if (!header || typeof header !== 'object' || !header.params || typeof header.articleCount !== 'number' || !header.sections) throw bad('incomplete header');
  let packKey: string;
  try {
    packKey = paramsKey(header.params);
  } catch {
    throw bad('unreadable fingerprint parameters');
  }
  const wantKey = paramsKey(expected);
  if (packKey !== wantKey) {
    throw new PackError('params', `the corpus pack was made with other fingerprint parameters (${packKey}; this Wirecheck uses ${wantKey}); make it again with 'wirecheck index'`);
  }
  const section = (name: SectionName): Uint8Array => {
    const s = header.sections[name];
    if (!Array.isArray(s) || !Number.isSafeInteger(s[0]) || !Number.isSafeInteger(s[1]) || s[0] < PREFIX || s[1] < 0 || s[0] + s[1] > total - TRAILER) throw bad(`section ${name}`);
    return bytes.subarray(s[0], s[0] + s[1]);
  };
  const textCodec = header.textCodec;
  if (!isTextCodec(textCodec)) {
    throw new PackError('version', `the corpus pack's texts are compressed as ${JSON.stringify(textCodec)}, which this Wirecheck does not read; update Wirecheck`);
  }
  const n = header.articleCount;
  const bands = totalBands(expected);
  let records: unknown;
  try {
    records = JSON.parse(decoder.decode(section('articles')));
  } catch (e) {
    if (e instanceof PackError) throw e;
    throw bad('unreadable article list');
  }
  if (!Array.isArray(records) || records.length !== n) throw bad('article count');
  // Each record's metadata goes through the JSON Lines validation (core/corpus/records.ts), so a
  // pack with a valid checksum but forged contents (a javascript: url, markup in a title, a
  // date that is none) is refused as the same line in JSON Lines would be.
  const articles: PackArticle[] = [];
  const invalid: string[] = [];
  const ids = new Set<string>();
  records.forEach((record: unknown, i) => {
    if (!record || typeof record !== 'object' || Array.isArray(record)) throw bad('article record');
    const { id, wordCount, contentHash } = record as Record<string, unknown>;
    if (typeof contentHash !== 'string' || typeof wordCount !== 'number' || !Number.isSafeInteger(wordCount) || wordCount < 0) throw bad('article record');
    const metadata = checkArticleMetadata(record as Record<string, unknown>);
    if (typeof metadata === 'string') {
      invalid.push(`article ${i + 1}${typeof id === 'string' && id ? ` (${quoteId(id)})` : ''}: ${metadata}`);
      return;
    }
    if (ids.has(metadata.id)) throw bad(`duplicate article id ${JSON.stringify(metadata.id)}`);
    ids.add(metadata.id);
    articles.push({ ...metadata, wordCount, contentHash });
  });
  if (invalid.length > 0) {
    const more = invalid.length - LISTED_RECORDS;
    throw new PackError(
      'damaged',
      `the corpus pack has ${invalid.length} invalid article record${invalid.length === 1 ? '' : 's'}, refused: ${invalid.slice(0, LISTED_RECORDS).join('; ')}${more > 0 ? `; and ${more} more` : ''}`,
    );
  }
  const corpusId = corpusIdOf(articles);
  if (header.corpusId !== undefined && (typeof header.corpusId !== 'string' || !CORPUS_ID_PATTERN.test(header.corpusId))) throw bad('corpus id');
  if (header.corpusId !== undefined && header.corpusId !== corpusId) throw bad('its corpus id does not match its articles');
  let delta: PackDelta | undefined;
  if (header.delta !== undefined) {
    const read = readDelta(header.delta, ids);
    if (typeof read === 'string') throw bad(read);
    delta = read;
  }
  const bandBytes = section('bandKeys');
  if (bandBytes.length !== n * bands * 4) throw bad('band keys');
  const bandKeys = new Uint32Array(bandBytes.slice().buffer);
  const offsetBytes = section('textOffsets');
  if (offsetBytes.length !== (n + 1) * 4) throw bad('text offsets');
  const offsets = new Uint32Array(offsetBytes.slice().buffer);
  const texts = section('texts');
  for (let i = 0; i < n; i++) if (offsets[i]! > offsets[i + 1]!) throw bad('text offsets');
  if (offsets[0] !== 0 || offsets[n] !== texts.length) throw bad('text offsets');
  if (opts.verifyTexts !== false) {
    for (let i = 0; i < n; i++) {
      try {
        decompressText(texts.subarray(offsets[i], offsets[i + 1]), textCodec);
      } catch (e) {
        const why = e instanceof Error ? e.message : String(e);
        throw bad(`article ${i + 1} (${quoteId(articles[i]!.id)}): its text does not read: ${why.replace(/^compressed text is damaged \((.*)\)$/, '$1')}`);
      }
    }
  }

  const entries = (): IndexEntry[] => articles.map((a, i) => ({ id: a.id, bandKeys: bandKeys.slice(i * bands, (i + 1) * bands) }));
  let index: CorpusIndex | null = null;
  let indexFrom: Pack['indexFrom'] = 'rebuilt';
  if (header.indexFormatVersion === INDEX_FORMAT_VERSION) {
    try {
      index = CorpusIndex.fromSnapshot(decodeStructured(section('snapshot')) as IndexSnapshot, expected);
      indexFrom = 'snapshot';
    } catch (e) {
      if (e instanceof PackError) throw e;
      index = null; // refused by the index itself: rebuilt below, as a stale saved index is
    }
  }
  if (index && (index.size !== n || !articles.every((a) => index!.has(a.id)))) index = null;
  if (!index) {
    index = CorpusIndex.build(expected, entries());
    indexFrom = 'rebuilt';
  }
  return {
    header,
    params: expected,
    articles,
    indexFrom,
    index,
    bytes: total,
    bandKeysOf: (i) => bandKeys.slice(i * bands, (i + 1) * bands),
    compressedText: (i) => texts.slice(offsets[i], offsets[i + 1]),
    textCodec,
    text: async (i) => decompressText(texts.subarray(offsets[i], offsets[i + 1]), textCodec),
    entries,
    corpusId,
    ...(delta ? { delta } : {}),
    resultId: delta ? delta.result : corpusId,
  };
}
