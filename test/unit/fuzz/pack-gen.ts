/**
 * Damaged and forged corpus packs for the fuzz suite, all starting from packs the real writer
 * made (`buildPack`, `encodePack`):
 * - damaged: bytes flipped, cut or added, the CRC left as it was (a transfer or a disk broke it);
 * - forged: the same damage, or changed header fields, section offsets, article records, texts
 *   or index snapshot, with the layout and the CRC made right again (someone wrote a pack on
 *   purpose), which only openPack's own checks can catch.
 *
 * `splitPack` reads a pack's parts without verifying anything; `layPack` writes parts back as
 * encodePack lays them out (sections at multiples of 8, the header's offsets filled in unless
 * the case forges them), so a forged pack differs from a real one only where it means to.
 */

import { crc32 } from '../../../src/core/pack/crc32';
import { buildPack } from '../../../src/core/pack/build';
import { compressText } from '../../../src/core/pack/deflate';
import { PACK_MAGIC, type PackHeader } from '../../../src/core/pack/pack';
import { encodeStructured } from '../../../src/core/pack/structured';
import { deflateSync } from 'fflate';
import type { Rng } from './fuzz';
import { BASE_ARTICLES } from './corpus-gen';
import { EXTREME_NUMBER_TEXT, asText, concat, hostileChar, hostileDate, hostileString, hostileUrl, insertAt, jsonValue, mutateBytes, utf8 } from './mutate';

const PREFIX = 24;
const SECTIONS = ['articles', 'bandKeys', 'textOffsets', 'texts', 'snapshot'] as const;
type Section = (typeof SECTIONS)[number];
const align8 = (n: number) => (n + 7) & ~7;

export interface PackParts {
  header: Record<string, unknown>;
  sections: Record<Section, Uint8Array>;
}

/** Packs the real writer made: empty, one article, a few, a dozen. */
export async function basePacks(): Promise<Uint8Array[]> {
  const createdAt = '2024-05-01T00:00:00.000Z';
  return Promise.all([
    buildPack([], { createdAt }),
    buildPack(BASE_ARTICLES.slice(0, 1), { createdAt }),
    buildPack(BASE_ARTICLES.slice(3, 8), { createdAt }),
    buildPack(BASE_ARTICLES.slice(14), { createdAt }),
  ]);
}

/** A pack's header and sections, read without any check (the input is a pack the writer made). */
export function splitPack(bytes: Uint8Array): PackParts {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(12, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(PREFIX, PREFIX + headerLength))) as PackHeader;
  const sections = {} as Record<Section, Uint8Array>;
  for (const name of SECTIONS) {
    const [at, length] = header.sections[name];
    sections[name] = bytes.slice(at, at + length);
  }
  return { header: header as unknown as Record<string, unknown>, sections };
}

export interface LayOptions {
  /** Keep the header's `sections` as the case set them instead of the real offsets. */
  keepOffsets?: boolean;
  /** The header as text, when the case forges the JSON itself. */
  headerText?: string;
  /** The u32 format version at offset 8. */
  version?: number;
  /** The u32 header length at offset 12, when forged. */
  headerLength?: number;
}

/** Writes parts as a pack with a correct CRC and total length (the forger's tool). */
export function layPack(parts: PackParts, opts: LayOptions = {}): Uint8Array {
  const header = { ...parts.header };
  const placeholder = Object.fromEntries(SECTIONS.map((s) => [s, [1e11, 1e11]]));
  const text = (h: Record<string, unknown>) => opts.headerText ?? JSON.stringify(h);
  const maxHeader = utf8(text({ ...header, sections: opts.keepOffsets ? header.sections : placeholder })).length;
  let at = align8(PREFIX + maxHeader);
  const offsets: Record<string, [number, number]> = {};
  for (const name of SECTIONS) {
    offsets[name] = [at, parts.sections[name].length];
    at = align8(at + parts.sections[name].length);
  }
  if (!opts.keepOffsets) header.sections = offsets;
  const headerBytes = utf8(text(header).padEnd(maxHeader, ' '));
  const total = at + 4;
  const out = new Uint8Array(Math.max(total, align8(PREFIX + headerBytes.length) + 4));
  const view = new DataView(out.buffer);
  out.set(PACK_MAGIC, 0);
  view.setUint32(8, opts.version ?? 1, true);
  view.setUint32(12, opts.headerLength ?? headerBytes.length, true);
  out.set(headerBytes, PREFIX);
  for (const name of SECTIONS) if (parts.sections[name].length > 0) out.set(parts.sections[name], offsets[name]![0]);
  return fixLengthAndCrc(out);
}

/** Makes the total-length fields and the CRC match the bytes, whatever was done to them. */
export function fixLengthAndCrc(input: Uint8Array): Uint8Array {
  const bytes = input.length < PREFIX + 4 ? concat(input, new Uint8Array(PREFIX + 4 - input.length)) : input.slice();
  const view = new DataView(bytes.buffer);
  const total = bytes.length;
  view.setUint32(16, total % 2 ** 32, true);
  view.setUint32(20, Math.floor(total / 2 ** 32), true);
  view.setUint32(total - 4, crc32(bytes.subarray(0, total - 4)), true);
  return bytes;
}

const MARKUP = ['<b>', '</i>', '<!--', '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '<svg/onload=alert(1)>'];

/** Hostile metadata for one article record: what a forged pack would like to smuggle in. */
export function hostileRecordChange(rng: Rng, rec: Record<string, unknown>, ids: readonly string[]): string {
  const what = rng.weighted<string>([
    [3, 'url'],
    [3, 'title-markup'],
    [3, 'date'],
    [1, 'id-blank'],
    [1, 'id-duplicate'],
    [1, 'id-cleaned-duplicate'],
    [2, 'wrong-type'],
    [1, 'word-count'],
    [1, 'content-hash'],
    [2, 'hostile-chars'],
    [1, 'huge'],
    [1, 'extra-field'],
    [1, 'remove'],
  ]);
  const key = rng.pick(['id', 'title', 'url', 'published', 'wordCount', 'contentHash']);
  switch (what) {
    case 'url':
      rec.url = hostileUrl(rng);
      break;
    case 'title-markup':
      rec.title = insertAt(rng, asText(rec.title), rng.pick(MARKUP));
      break;
    case 'date':
      rec.published = hostileDate(rng);
      break;
    case 'id-blank':
      rec.id = rng.pick(['', ' ', '\u0000', '\t\n', '\u200b']);
      break;
    case 'id-duplicate':
      if (ids.length > 0) rec.id = rng.pick(ids);
      break;
    case 'id-cleaned-duplicate':
      if (ids.length > 0) rec.id = ` ${rng.pick(ids)}\u0001 `;
      break;
    case 'wrong-type':
      rec[key] = jsonValue(rng, 2);
      break;
    case 'word-count':
      rec.wordCount = rng.pick([-1, 0.5, 2 ** 53, Number.MAX_VALUE, '12', null, 1e21]);
      break;
    case 'content-hash':
      rec.contentHash = rng.pick(['', 'x', 5, null, hostileString(rng, 20)]);
      break;
    case 'hostile-chars':
      rec[rng.pick(['id', 'title', 'url', 'published'])] = insertAt(rng, asText(rec[key]), hostileChar(rng));
      break;
    case 'huge':
      rec[rng.pick(['id', 'title'])] = 'x'.repeat(rng.size(300_000));
      break;
    case 'extra-field':
      rec[rng.pick(['text', '__proto__', 'constructor', 'lang', hostileString(rng, 8)])] = jsonValue(rng, 2);
      break;
    case 'remove':
      delete rec[key];
      break;
  }
  return `${what}:${key}`;
}

export interface PackCase {
  bytes: Uint8Array;
  /** True when the CRC was made right after the damage (only openPack's checks can refuse it). */
  forged: boolean;
  recipe: string[];
}

/** Texts a forger may put in a pack: not deflate, deflate of what no corpus line could hold. */
function forgedText(rng: Rng): Uint8Array {
  return rng.weighted<() => Uint8Array>([
    [2, () => rng.bytes(rng.size(64))],
    [1, () => new Uint8Array(0)],
    [2, () => deflateSync(Uint8Array.from([0xff, 0xfe, 0xc0, 0x80]))],
    [2, () => compressText(`\u001b]0;pwned\u0007${hostileString(rng, 60)}\u0000`)],
    [1, () => compressText('')],
    [1, () => compressText('word '.repeat(rng.size(300_000)))],
  ])();
}

/** One damaged or forged pack from one of `bases`. */
export function generatePack(rng: Rng, bases: readonly Uint8Array[]): PackCase {
  const base = rng.pick(bases);
  const recipe: string[] = [`base of ${base.length} bytes`];
  const kind = rng.weighted<string>([
    [3, 'damaged'],
    [3, 'forged-bytes'],
    [3, 'header'],
    [4, 'records'],
    [2, 'texts'],
    [2, 'offsets'],
    [1, 'snapshot'],
    [1, 'prefix'],
  ]);
  recipe.push(kind);
  if (kind === 'damaged') return { bytes: mutateBytes(rng, base), forged: false, recipe };
  if (kind === 'forged-bytes') {
    // Damage past the prefix (the prefix's own fields are the 'prefix' kind), then a true CRC.
    const body = mutateBytes(rng, base.subarray(PREFIX, base.length - 4));
    return { bytes: fixLengthAndCrc(concat(base.subarray(0, PREFIX), body, new Uint8Array(4))), forged: true, recipe };
  }
  if (kind === 'prefix') {
    const bytes = base.slice();
    const view = new DataView(bytes.buffer);
    const field = rng.pick([8, 12, 16, 20]);
    view.setUint32(field, rng.pick([0, 1, 2, 255, 0xffffffff, bytes.length, bytes.length + 8, rng.u32()]), true);
    recipe.push(`u32 at ${field}`);
    // The CRC covers the prefix: made right again, so only the field's own check can refuse it.
    view.setUint32(bytes.length - 4, crc32(bytes.subarray(0, bytes.length - 4)), true);
    return { bytes, forged: true, recipe };
  }
  const parts = splitPack(base);
  const h = parts.header;
  const opts: LayOptions = {};
  switch (kind) {
    case 'header': {
      const field = rng.pick(['packVersion', 'indexFormatVersion', 'params', 'paramsKey', 'articleCount', 'textCodec', 'createdAt', 'sections', 'whole']);
      recipe.push(field);
      if (field === 'whole') {
        opts.headerText = rng.pick(['null', '[]', '5', '"x"', '{}', JSON.stringify(h).slice(0, rng.int(200)), `${JSON.stringify(h)} trailing`, `{"__proto__":${JSON.stringify(h)}}`]);
      } else if (field === 'params') {
        const params = JSON.parse(JSON.stringify(h.params)) as Record<string, unknown>;
        const sub = rng.pick(['seed', 'formatVersion', 'verbatim', 'reworded', 'passageBands', 'leadBands', 'whole']);
        if (sub === 'whole') h.params = jsonValue(rng, 2);
        else params[sub] = rng.chance(0.5) ? jsonValue(rng, 2) : typeof params[sub] === 'number' ? (params[sub] as number) + rng.pick([-1, 1, 2 ** 32]) : params[sub];
        if (sub !== 'whole') h.params = params;
      } else if (field === 'articleCount') {
        h.articleCount = rng.pick([(h.articleCount as number) + 1, (h.articleCount as number) - 1, 0, -1, 0.5, 2 ** 31, 1e21, '3', null, Number.MAX_SAFE_INTEGER]);
      } else if (field === 'textCodec') {
        h.textCodec = rng.pick(['deflate-raw', 'gzip', '', '__proto__', 'constructor', 'toString', 5, null, hostileString(rng, 10)]);
      } else if (field === 'sections') {
        h.sections = rng.chance(0.3) ? jsonValue(rng, 2) : { ...(h.sections as object), [rng.pick(SECTIONS)]: rng.pick([[0, 10], [-8, 4], [24, -1], [0.5, 1], ['24', 4], [2 ** 53, 1], [24, 2 ** 32], null, [], [24]]) };
        opts.keepOffsets = true;
      } else {
        h[field] = rng.chance(0.5) ? jsonValue(rng, 1) : rng.pick([2, 0, -1, 'x', null, hostileDate(rng)]);
      }
      break;
    }
    case 'records': {
      const text = new TextDecoder().decode(parts.sections.articles);
      const records = JSON.parse(text) as Record<string, unknown>[];
      const how = rng.weighted<string>([
        [8, 'hostile'],
        [1, 'not-array'],
        [1, 'not-object'],
        [1, 'count'],
        [1, 'json-text'],
      ]);
      recipe.push(how);
      if (how === 'hostile' && records.length > 0) {
        const ids = records.map((r) => String(r.id));
        for (let n = rng.range(1, 3); n > 0; n--) recipe.push(hostileRecordChange(rng, rng.pick(records), ids));
        parts.sections.articles = utf8(JSON.stringify(records));
      } else if (how === 'not-array') {
        parts.sections.articles = utf8(JSON.stringify(rng.pick([{}, null, 5, 'x', { 0: records[0], length: records.length }])));
      } else if (how === 'not-object' && records.length > 0) {
        (records as unknown[])[rng.int(records.length)] = rng.pick([null, 5, 'x', [], [records[0]]]);
        parts.sections.articles = utf8(JSON.stringify(records));
      } else if (how === 'count') {
        if (rng.chance(0.5) || records.length === 0) records.push({ ...(records[0] ?? { id: 'x', title: 'y', wordCount: 1, contentHash: 'h' }), id: 'extra' });
        else records.pop();
        parts.sections.articles = utf8(JSON.stringify(records));
      } else {
        const mangled = rng.pick([
          () => text.slice(0, rng.int(text.length)),
          () => insertAt(rng, text, hostileChar(rng)),
          () => text.replace(/"wordCount":\d+/, `"wordCount":${rng.pick(EXTREME_NUMBER_TEXT)}`),
          () => text.replace('{', '{"id":"dup",'),
        ])();
        parts.sections.articles = rng.chance(0.2) ? mutateBytes(rng, utf8(mangled)) : utf8(mangled);
      }
      break;
    }
    case 'texts': {
      const n = h.articleCount as number;
      if (n === 0) break;
      const offsets = new Uint32Array(parts.sections.textOffsets.slice().buffer);
      const texts: Uint8Array[] = Array.from({ length: n }, (_, i) => parts.sections.texts.slice(offsets[i], offsets[i + 1]));
      const i = rng.int(n);
      texts[i] = forgedText(rng);
      recipe.push(`text ${i}`);
      const fixed = new Uint32Array(n + 1);
      texts.forEach((t, k) => (fixed[k + 1] = fixed[k]! + t.length));
      parts.sections.texts = concat(...texts);
      parts.sections.textOffsets = new Uint8Array(fixed.buffer);
      break;
    }
    case 'offsets': {
      const which = rng.pick(['textOffsets', 'bandKeys'] as const);
      recipe.push(which);
      const words = new Uint32Array(parts.sections[which].slice().buffer);
      if (words.length > 0) {
        const i = rng.int(words.length);
        words[i] = rng.pick([0, words[i]! + 1, words[i]! - 1, 0xffffffff, rng.u32()]);
      }
      parts.sections[which] = rng.chance(0.2) ? new Uint8Array(words.buffer).subarray(0, Math.max(0, words.byteLength - 4)) : new Uint8Array(words.buffer);
      break;
    }
    case 'snapshot': {
      const how = rng.pick(['bytes', 'structure', 'ids']);
      recipe.push(how);
      if (how === 'bytes') parts.sections.snapshot = mutateBytes(rng, parts.sections.snapshot);
      else if (how === 'structure') parts.sections.snapshot = encodeStructured(jsonValue(rng, 3) ?? null);
      else
        parts.sections.snapshot = encodeStructured({
          formatVersion: h.indexFormatVersion,
          params: h.params,
          ids: ['a', 'b'],
          tableKeys: new Uint32Array(rng.size(4096)),
          tableDocs: new Uint8Array(rng.size(4096)),
          checksum: rng.u32(),
        });
      break;
    }
  }
  return { bytes: layPack(parts, opts), forged: true, recipe };
}
