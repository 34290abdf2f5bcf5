// How small article texts get when stored compressed (src/storage/text-codec.ts):
//
//   npx tsx bench/text-compression.ts
//
// On the texts Readability extracts from the 30 real pages of ../shared/fixtures/pages, on the
// storage tests' synthetic 700-word texts and on the evaluation's Markov-chain stories. Two
// baselines: the text's UTF-8 bytes, and what an engine's IndexedDB stores for the string
// (V8 and SpiderMonkey keep a string with only Latin-1 characters at one byte a character,
// any other string at two: one curly quote makes the whole text UTF-16).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compressText, decompressText } from '../src/core/pack/deflate';
import { extractFromHtml } from '../src/extraction/node';
import { syntheticArticles } from '../test/unit/storage-synthetic';
import { generateCorpus } from './eval/synthetic';

const dir = new URL('../../shared/fixtures/pages/', import.meta.url).pathname;
const real: string[] = [];
for (const d of existsSync(dir) ? readdirSync(dir).sort() : []) {
  const f = join(dir, d, 'source.html');
  if (!existsSync(f)) continue;
  const a = extractFromHtml(readFileSync(f, 'utf8'));
  if (a) real.push(a.text);
}
const utf8 = (s: string) => new TextEncoder().encode(s).length;
// eslint-disable-next-line no-control-regex
const stored = (s: string) => (/^[\u0000-\u00ff]*$/.test(s) ? s.length : 2 * s.length);

const rows: Record<string, Record<string, string>> = {};
for (const [label, texts] of [
  [`real pages (${real.length})`, real],
  ['synthetic 700-word (2,000)', syntheticArticles(2000, { words: 700, seed: 3 }).map((a) => a.text)],
  ['eval synthetic stories (2,000)', generateCorpus({ seed: 1, count: 2000, topics: 200 }).map((a) => a.text)],
] as const) {
  let t = performance.now();
  const z = await Promise.all(texts.map((x) => compressText(x)));
  const compressMs = performance.now() - t;
  t = performance.now();
  for (const c of z) await decompressText(c);
  const inflateMs = performance.now() - t;
  const zBytes = z.reduce((s, c) => s + c.length, 0);
  rows[label] = {
    'vs UTF-8': `${((100 * zBytes) / texts.reduce((s, x) => s + utf8(x), 0)).toFixed(1)}%`,
    'vs string in IndexedDB': `${((100 * zBytes) / texts.reduce((s, x) => s + stored(x), 0)).toFixed(1)}%`,
    'compress ms/text': (compressMs / texts.length).toFixed(2),
    'inflate ms/text': (inflateMs / texts.length).toFixed(2),
  };
}
console.log(`\nCompressed article texts, deflate-raw via CompressionStream (Node ${process.versions.node})`);
console.table(rows);
