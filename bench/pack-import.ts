// Importing a corpus pack against importing the same corpus as JSON Lines, through the same
// options-page code (src/ui/options/import-run.ts) on fake-indexeddb, in one run:
//
//   npx tsx bench/pack-import.ts [--articles 10000] [--save]
//
// The corpus is bench/eval/synthetic.ts's news-like stories. The pack is made once, as
// `wirecheck index` makes it (its time is printed too: that cost moves to whoever builds the
// pack). fake-indexeddb clones in JavaScript: the ratio, not the absolute times, carries over.
// `--save` writes the row `pack.import.vs-jsonl` into bench/results.json (bench/results.ts).
import 'fake-indexeddb/auto';
import assert from 'node:assert/strict';
import { parseArgs } from 'node:util';
import { buildPack } from '../src/core/pack/build';
import { CorpusStore } from '../src/storage';
import { importFiles } from '../src/ui/options/import-run';
import { jsonLines } from '../test/unit/storage-synthetic';
import { defaultMarkovModel, generateCorpus } from './eval/synthetic';
import { saveRows } from './results.ts';

const { values } = parseArgs({ options: { articles: { type: 'string', default: '10000' }, save: { type: 'boolean', default: false } } });
const N = Number(values.articles);
const articles = generateCorpus({ seed: 7, count: N, topics: Math.max(1, Math.floor(N / 4)), model: defaultMarkovModel() });
const jsonl = new File([jsonLines(articles)], 'corpus.jsonl', { lastModified: 1 });

const ms = (from: number) => performance.now() - from;
let t = performance.now();
const packBytes = await buildPack(articles);
const buildMs = ms(t);
const pack = new File([packBytes as BlobPart], 'corpus.wcpack', { lastModified: 1 });

const a = await CorpusStore.open('bench-jsonl');
t = performance.now();
const viaJsonl = await importFiles(a, [jsonl]);
const jsonlMs = ms(t);
assert.ok(viaJsonl.kind === 'imported' && viaJsonl.added === N, JSON.stringify(viaJsonl));

const b = await CorpusStore.open('bench-pack');
t = performance.now();
const viaPack = await importFiles(b, [pack]);
const packMs = ms(t);
assert.ok(viaPack.kind === 'imported' && viaPack.added === N, JSON.stringify(viaPack));
const sortedEntries = async (s: CorpusStore) => (await (await s.loadIndex()).entries()).sort((x, y) => (x.id < y.id ? -1 : 1));
assert.deepEqual(await sortedEntries(b), await sortedEntries(a), 'both imports give the same index');
const some = articles.slice(0, 50).map((x) => x.id);
assert.deepEqual(await b.getArticles(some), await a.getArticles(some));

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
console.log(`\nImport of ${N.toLocaleString('en-US')} synthetic news articles (fake-indexeddb, Node ${process.versions.node})`);
console.table({
  'JSON Lines file': mb(jsonl.size),
  'pack file': mb(pack.size),
  'make the pack (wirecheck index, once)': `${(buildMs / 1000).toFixed(2)} s`,
  'import JSON Lines (read, parse, fingerprint, compress, stage, commit)': `${(jsonlMs / 1000).toFixed(2)} s`,
  'import the pack (read, verify, one transaction)': `${(packMs / 1000).toFixed(2)} s`,
  'pack import is faster by': `${(jsonlMs / packMs).toFixed(1)}×`,
});
a.close();
b.close();
if (values.save) {
  const s = (msTaken: number) => Math.round(msTaken / 10) / 100;
  saveRows(
    [
      {
        id: 'pack.import.vs-jsonl',
        measure: 'options page: import a corpus pack vs the same corpus as JSON Lines (fake-indexeddb)',
        corpus: N,
        value: s(packMs),
        unit: 's',
        peer: { name: 'JSON Lines import', value: s(jsonlMs), unit: 's' },
        ratio: Math.round((jsonlMs / packMs) * 10) / 10,
        note: `synthetic news stories; making the pack (wirecheck index, once) ${(buildMs / 1000).toFixed(2)} s; Node ${process.versions.node}`,
      },
    ],
    `npx tsx bench/pack-import.ts${N === 10_000 ? '' : ` --articles ${N}`}`,
  );
}
