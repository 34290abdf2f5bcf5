/**
 * Mutations shared by the fuzz targets: hostile characters and strings, byte-level damage,
 * dates that are almost dates, and values of every JSON type.
 *
 * Each generator draws from a seeded Rng (fuzz.ts), so what it makes is replayable. The pools
 * favour what parsers get wrong: C0/C1 controls, bidirectional and zero-width characters, lone
 * surrogates, characters outside the BMP, line and paragraph separators, byte sequences that
 * are not UTF-8 (overlong forms, encoded surrogates, bytes above F4), byte-order marks.
 */

import type { Rng } from './fuzz';

const encoder = new TextEncoder();

export const CONTROL = ['\u0000', '\u0001', '\u0007', '\b', '\u000b', '\f', '\r', '\u001b', '\u001b[31m', '\u001b]0;title\u0007', '\u007f', '\u0085', '\u009b', '\u009b2J'];
export const BIDI = ['\u061c', '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'];
export const INVISIBLE = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u2028', '\u2029', '\u00a0', '\u3000'];
export const ODD = ['\ud800', '\udfff', '\ud83d', '\ufffd', '\ufffe', '\uffff', '😀', '𝕏', '👩‍👩‍👧', 'e\u0301', '\u0301', '"', '\\', '<', '>', '&', "'", '`', '{', '}', '[', ']'];
export const SCRIPTS = [
  'The council approved the budget on Tuesday',
  'Зеленский заявил во вторник',
  '北京时间周二上午，会议通过了预算',
  'الحكومة أعلنت يوم الثلاثاء',
  'הממשלה הודיעה ביום שלישי',
  'सरकार ने मंगलवार को घोषणा की',
  'Ελληνική κυβέρνηση ανακοίνωσε',
  '東京都は火曜日に発表した',
  '정부는 화요일에 발표했다',
  'Zürich, México, Émigrés, São Paulo',
];

/** One character (or short cluster) a parser may mishandle. */
export function hostileChar(rng: Rng): string {
  return rng.weighted<() => string>([
    [3, () => String.fromCharCode(rng.range(0x20, 0x7e))],
    [2, () => rng.pick(CONTROL)],
    [2, () => rng.pick(BIDI)],
    [1, () => rng.pick(INVISIBLE)],
    [2, () => rng.pick(ODD)],
    [1, () => String.fromCodePoint(rng.range(0x80, 0x10ffff))],
  ])();
}

/** A string of up to `max` characters: words of mixed scripts and hostile characters. */
export function hostileString(rng: Rng, max = 80): string {
  const n = rng.size(max);
  let s = '';
  while (s.length < n) s += rng.chance(0.3) ? `${rng.pick(SCRIPTS).slice(0, rng.range(1, 30))} ` : hostileChar(rng);
  return s;
}

/** Any value as text, whatever it is (an object whose `toString` is not a function included). */
export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}

/** Inserts `piece` at a random place in `s`. */
export function insertAt(rng: Rng, s: string, piece: string): string {
  const at = rng.int(s.length + 1);
  return s.slice(0, at) + piece + s.slice(at);
}

/** Byte sequences that are not UTF-8, and byte-order marks. */
export const BAD_UTF8: readonly number[][] = [
  [0x80],
  [0xbf],
  [0xc0, 0x80], // overlong NUL
  [0xc1, 0xbf],
  [0xe0, 0x80, 0x80], // overlong
  [0xed, 0xa0, 0x80], // an encoded surrogate
  [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
  [0xf5],
  [0xff],
  [0xfe, 0xff], // UTF-16 byte-order marks
  [0xff, 0xfe],
  [0xc3], // a lead byte without its continuation
  [0xe2, 0x82],
  [0x00],
];
export const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** Byte-level damage: flips, cuts, insertions of bad UTF-8, deletions, repeats, swaps. */
export function mutateBytes(rng: Rng, input: Uint8Array, rounds = rng.range(1, 4)): Uint8Array {
  let b = input;
  for (let r = 0; r < rounds; r++) {
    const at = rng.int(b.length + 1);
    b = rng.weighted<() => Uint8Array>([
      [3, () => {
        if (b.length === 0) return b;
        const c = b.slice();
        const i = Math.min(at, c.length - 1);
        c[i] = rng.chance(0.5) ? c[i]! ^ (1 << rng.int(8)) : rng.int(256);
        return c;
      }],
      [2, () => b.slice(0, at)],
      [2, () => concat(b.subarray(0, at), Uint8Array.from(rng.pick(BAD_UTF8)), b.subarray(at))],
      [1, () => concat(Uint8Array.from(UTF8_BOM), b)],
      [1, () => concat(b.subarray(0, at), Uint8Array.from(UTF8_BOM), b.subarray(at))],
      [1, () => concat(b.subarray(0, at), b.subarray(Math.min(b.length, at + rng.size(64))))],
      [1, () => concat(b.subarray(0, at), b.subarray(Math.max(0, at - rng.size(64)), at), b.subarray(at))],
      [1, () => concat(b.subarray(0, at), rng.bytes(rng.size(32)), b.subarray(at))],
    ])();
  }
  return b;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export const utf8 = (s: string) => encoder.encode(s);

/** Dates: valid forms at their edges, impossible days and times, near-misses, and noise. */
export function hostileDate(rng: Rng): string {
  const year = rng.pick(['0000', '0001', '0050', '0099', '0100', '1900', '1969', '1970', '2000', '2024', '2038', '9999', String(rng.range(1000, 2100))]);
  const month = rng.pick(['00', '01', '02', '09', '12', '13', '99', String(rng.range(1, 12)).padStart(2, '0')]);
  const day = rng.pick(['00', '01', '28', '29', '30', '31', '32', String(rng.range(1, 31)).padStart(2, '0')]);
  const time = rng.pick(['00:00', '12:30', '23:59', '24:00', '23:60', '23:59:60', '23:59:61', '9:05', '12:00:00.123456789']);
  const zone = rng.pick(['', 'Z', 'z', '+00:00', '-0100', '+14:00', '-12:00', '+2400', ' UTC', ' GMT', ' EST', ' PDT', ' XYZ']);
  const monthName = rng.pick(['Jan', 'Feb.', 'February', 'Sept', 'Sept.', 'Dec', 'Foo', 'may']);
  return rng.weighted<() => string>([
    [3, () => `${year}-${month}-${day}`],
    [3, () => `${year}-${month}-${day}T${time}${zone.trim()}`],
    [2, () => `${year}-${month}-${day} ${time}${zone}`],
    [2, () => `${rng.pick(['Wed, ', 'Xyz, ', ''])}${day} ${monthName} ${year} ${time}${zone}`],
    [2, () => `${month}/${day}/${year}${rng.chance(0.5) ? ` ${time} ${rng.pick(['AM', 'p.m.', 'pm', ''])}` : ''}${zone}`],
    [2, () => `${monthName} ${day}, ${year}${rng.chance(0.5) ? ` at ${time} ${rng.pick(['a.m.', 'PM', ''])}` : ''}${zone}`],
    [1, () => `${year}-${month}-${day}${'0'.repeat(rng.size(80))}`],
    [1, () => hostileString(rng, 70)],
    [1, () => String(rng.range(-1e9, 1e10))],
    [1, () => insertAt(rng, `${year}-${month}-${day}`, hostileChar(rng))],
  ])();
}

/** URLs a corpus or a page may name: good ones, and every scheme and shape that is not. */
export function hostileUrl(rng: Rng): string {
  return rng.weighted<() => string>([
    [3, () => `https://apnews.example/article/${rng.int(1e6)}`],
    [3, () => rng.pick(['javascript:alert(1)', 'JaVaScRiPt:alert(1)', ' javascript:alert(1)', 'java\tscript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox', 'file:///etc/passwd', 'ftp://example.com/', 'chrome://settings', 'blob:https://a.example/x', 'about:blank'])],
    [2, () => rng.pick(['http://', 'https://', 'https://[::1', 'http://a b.example/', '//apnews.example/x', '/relative/path', 'apnews.example', 'https://xn--nxasmq6b.example/', 'https://user:pass@apnews.example/', 'http://127.0.0.1:99999/', 'https://%00.example/'])],
    [1, () => `https://apnews.example/${'a'.repeat(rng.size(20_000))}`],
    [1, () => insertAt(rng, 'https://apnews.example/article/1', hostileChar(rng))],
    [1, () => hostileString(rng, 40)],
  ])();
}

/** Any JSON value, up to `depth` levels, with numbers at and past their edges. */
export function jsonValue(rng: Rng, depth = 3): unknown {
  return rng.weighted<() => unknown>([
    [2, () => hostileString(rng, 30)],
    [2, () => rng.pick([0, -0, 1, -1, 0.5, 1e21, -1e-7, 2 ** 53, 2 ** 53 + 2, Number.MAX_VALUE, Number.MIN_VALUE, 4294967296, -2147483649])],
    [1, () => rng.pick([true, false, null])],
    [depth > 0 ? 1 : 0, () => Array.from({ length: rng.size(4) }, () => jsonValue(rng, depth - 1))],
    [depth > 0 ? 1 : 0, () => Object.fromEntries(Array.from({ length: rng.size(4) }, () => [rng.pick(['id', 'title', 'text', 'url', 'published', '__proto__', 'constructor', 'toString', hostileString(rng, 8)]), jsonValue(rng, depth - 1)]))],
  ])();
}

/** JSON text nested `depth` levels deep (closed or not), for parsers that recurse. */
export function deepJson(rng: Rng, depth: number): string {
  const open = rng.pick(['[', '{"a":']);
  const close = open === '[' ? ']' : '}';
  const closed = rng.chance(0.7);
  return `${open.repeat(depth)}${rng.pick(['1', '"x"', 'null', '[]', ''])}${closed ? close.repeat(depth) : close.repeat(rng.int(depth))}`;
}

/** Numbers as JSON text that JSON.parse turns into Infinity, -0, rounded or huge values. */
export const EXTREME_NUMBER_TEXT = ['1e400', '-1e400', '-0', '9007199254740993', '1e-400', '123456789012345678901234567890', '0.0000000000000000000001', '1E+308', '-1.7976931348623157e309'];
