// How small article texts get when stored compressed (src/core/pack/deflate.ts):
//
//   npx tsx bench/text-compression.ts [--save]
//
// On the texts Readability extracts from the 30 real pages of ../shared/fixtures/pages, on the
// storage tests' synthetic 700-word texts and on the evaluation's Markov-chain stories; with
// the codec the store writes (raw deflate with the news-English dictionary, fflate) and with
// what database version 4 wrote (CompressionStream 'deflate-raw', no dictionary). Two
// baselines: the text's UTF-8 bytes, and what an engine's IndexedDB stores for the string
// (V8 and SpiderMonkey keep a string with only Latin-1 characters at one byte a character,
// any other string at two: one curly quote makes the whole text UTF-16).
//
// The dictionary is built from the English ones among those same pages (bench/text-dictionary.ts),
// so their row flatters it; the "held out" row builds it twice, each time without one half of
// the pages, and measures each half with the dictionary that never saw it. `--save` writes the
// real pages' rows (`text.stored.real`, `text.stored.held-out`) into bench/results.json.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'fflate';
import { compressText, decompressText, TEXT_CODEC } from '../src/core/pack/deflate';
import { extractFromHtml } from '../src/extraction/node';
import { syntheticArticles } from '../test/unit/storage-synthetic';
import { generateCorpus } from './eval/synthetic';
import { type BenchRow, saveRows } from './results.ts';
import { buildDictionary, trainingTexts } from './text-dictionary';

const dir = new URL('../../shared/fixtures/pages/', import.meta.url).pathname;
const real: { name: string; text: string }[] = [];
for (const d of existsSync(dir) ? readdirSync(dir).sort() : []) {
  const f = join(dir, d, 'source.html');
  if (!existsSync(f)) continue;
  const a = extractFromHtml(readFileSync(f, 'utf8'));
  if (a) real.push({ name: d, text: a.text });
}
const encoder = new TextEncoder();
const utf8 = (s: string) => encoder.encode(s).length;
// eslint-disable-next-line no-control-regex -- V8 stores a string of Latin-1 characters one byte each
const stored = (s: string) => (/^[\u0000-\u00ff]*$/.test(s) ? s.length : 2 * s.length);
const platform = async (text: string) =>
  new Uint8Array(await new Response(new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer());
const platformInflate = async (bytes: Uint8Array) =>
  new TextDecoder().decode(await new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate-raw'))).arrayBuffer());

const pct = (z: number, of: number) => `${((100 * z) / of).toFixed(1)}%`;
const percent = (z: number, of: number) => Math.round((1000 * z) / of) / 10;
const saved: BenchRow[] = [];
const rows: Record<string, Record<string, string>> = {};
for (const [label, texts] of [
  [`real pages (${real.length})`, real.map((r) => r.text)],
  ['synthetic 700-word (2,000)', syntheticArticles(2000, { words: 700, seed: 3 }).map((a) => a.text)],
  ['eval synthetic stories (2,000)', generateCorpus({ seed: 1, count: 2000, topics: 200 }).map((a) => a.text)],
] as const) {
  const plain = texts.reduce((s, x) => s + utf8(x), 0);
  // Warm both paths up once, so the timings are of running code, not of compiling it.
  for (const x of texts.slice(0, 20)) decompressText(compressText(x), TEXT_CODEC);
  let t = performance.now();
  const z = texts.map((x) => compressText(x));
  const compressMs = performance.now() - t;
  t = performance.now();
  for (const c of z) decompressText(c, TEXT_CODEC);
  const inflateMs = performance.now() - t;
  t = performance.now();
  const p = await Promise.all(texts.map((x) => platform(x)));
  const pCompressMs = performance.now() - t;
  t = performance.now();
  for (const c of p) await platformInflate(c);
  const pInflateMs = performance.now() - t;
  const zBytes = z.reduce((s, c) => s + c.length, 0);
  const pBytes = p.reduce((s, c) => s + c.length, 0);
  if (label.startsWith('real pages') && texts.length > 0) {
    saved.push({
      id: 'text.stored.real',
      measure: 'article text as stored (raw deflate, news-English dictionary) vs its UTF-8 size, real pages the dictionary was built from',
      value: percent(zBytes, plain),
      unit: '%',
      peer: { name: "CompressionStream 'deflate-raw'", value: percent(pBytes, plain), unit: '%' },
      note: `${texts.length} pages`,
    });
  }
  rows[label] = {
    'vs UTF-8': pct(zBytes, plain),
    'vs string in IndexedDB': pct(zBytes, texts.reduce((s, x) => s + stored(x), 0)),
    'compress ms/text': (compressMs / texts.length).toFixed(2),
    'inflate ms/text': (inflateMs / texts.length).toFixed(2),
    'CompressionStream vs UTF-8': pct(pBytes, plain),
    'its compress / inflate ms': `${(pCompressMs / texts.length).toFixed(2)} / ${(pInflateMs / texts.length).toFixed(2)}`,
  };
}
if (real.length > 0) {
  const training = trainingTexts();
  let held = 0;
  let heldPlain = 0;
  for (const half of [0, 1].map((h) => real.filter((_, i) => i % 2 === h))) {
    const names = new Set(half.map((p) => p.name));
    const dictionary = encoder.encode(buildDictionary(training.filter((t) => !names.has(t.name)).map((t) => t.text)));
    for (const p of half) {
      const bytes = encoder.encode(p.text);
      heldPlain += bytes.length;
      held += deflateSync(bytes, { level: 6, dictionary }).length;
    }
  }
  rows['real pages, dictionary held out (2-fold)'] = { 'vs UTF-8': pct(held, heldPlain) };
  saved.push({ id: 'text.stored.held-out', measure: 'article text as stored vs its UTF-8 size, real pages the dictionary never saw (2-fold)', value: percent(held, heldPlain), unit: '%', note: `${real.length} pages` });
}
console.log(`\nCompressed article texts: raw deflate with dictionary '${TEXT_CODEC}' (fflate), and CompressionStream 'deflate-raw' (Node ${process.versions.node})`);
console.table(rows);
if (process.argv.includes('--save')) {
  if (saved.length < 2) throw new Error('--save needs the real pages of ../shared/fixtures/pages');
  saveRows(saved, 'npx tsx bench/text-compression.ts');
}
