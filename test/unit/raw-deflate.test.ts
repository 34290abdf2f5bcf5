// src/core/pack/raw-deflate.ts writes the bytes fflate's deflateSync writes with the same
// dictionary at level 6: on the evaluation's synthetic stories, the fixture pages' HTML, texts
// of every size class fflate picks a hash width for (one deflater reused across them), block
// splits, incompressible bytes (stored blocks) and non-ASCII text.
import { readFileSync, readdirSync } from 'node:fs';
import { deflateSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { generateStory } from '../../bench/eval/synthetic';
import { compressText, decompressText, TEXT_CODEC } from '../../src/core/pack/deflate';
import { DictionaryDeflater } from '../../src/core/pack/raw-deflate';
import { TEXT_DICTIONARY } from '../../src/core/pack/text-dictionary';

const encoder = new TextEncoder();
const dictionary = encoder.encode(TEXT_DICTIONARY);
/** Byte equality without vitest's element-by-element diff, slow on megabyte arrays. */
const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(a, b) === 0;
const reference = (data: Uint8Array, dict: Uint8Array = dictionary) => deflateSync(data, { level: 6, dictionary: dict });

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

const stories = Array.from({ length: 120 }, (_, i) => generateStory({ seed: 3, topic: i % 40, story: Math.floor(i / 40) }).text);
const pagesDir = new URL('../fixtures/pages/', import.meta.url);
const pages = readdirSync(pagesDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => readFileSync(new URL(`${d.name}/source.html`, pagesDir), 'utf8'));

describe('raw deflate with a dictionary', () => {
  it('writes fflate’s bytes for stories, pages and texts of every size class, with one deflater', () => {
    const deflater = new DictionaryDeflater(dictionary);
    const joined = stories.join('\n');
    const texts = [
      '',
      'a',
      'ab',
      'abc',
      'Señor Müller’s “quote” — 中文字符测试 😀',
      ...stories,
      ...pages,
      joined,
      joined.repeat(3).slice(0, 500_000),
      'ab'.repeat(60_000),
      'x'.repeat(70_000),
    ];
    for (const t of texts) expect(same(deflater.deflateText(t, encoder), reference(encoder.encode(t))), `a text of ${t.length} characters`).toBe(true);
  });

  it('writes fflate’s bytes for random bytes and for other dictionaries', () => {
    const next = seeded(7);
    for (const dict of [dictionary, dictionary.subarray(0, 100), new Uint8Array(0), encoder.encode(stories.join(' ').repeat(3))]) {
      const deflater = new DictionaryDeflater(dict);
      for (const length of [0, 1, 2, 3, 100, 5_000, 40_000, 70_000]) {
        const data = new Uint8Array(length);
        for (let i = 0; i < length; i++) data[i] = next() < 0.5 ? Math.floor(next() * 256) : 97 + Math.floor(next() * 4);
        expect(same(deflater.deflate(data), dict.length ? reference(data, dict) : deflateSync(data, { level: 6 })), `${length} bytes, a ${dict.length}-byte dictionary`).toBe(true);
      }
    }
  });

  it('compressText reads back', () => {
    for (const t of stories.slice(0, 10)) expect(decompressText(compressText(t), TEXT_CODEC)).toBe(t);
  });
});
