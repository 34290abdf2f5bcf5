// How many bytes the extension's database holds per article, store by store:
//
//   npx tsx bench/storage-size.ts [--articles 10000] [--save]
//
// N synthetic ~700-word articles (test/unit/storage-synthetic.ts) go through the options
// page's import (read, parse, fingerprint, stage, commit: src/ui/options/import-run.ts) into
// fake-indexeddb; then every record of every store is serialized with V8's ValueSerializer
// (`v8.serialize`), which is what Chromium's IndexedDB stores for a value (before its own
// compression of large values, and without keys, indexes or LevelDB overhead), and summed.
// The `articles` store is split into the text (compressed bytes, or the string) and the rest.
// "Not text" is everything else: the index (its shards, article numbers and directory), the
// summaries (the table's rows, which repeat the title, url and dates), the article records
// without their text, and meta. `--save` writes the rows `storage.not-text` and
// `storage.index` into bench/results.json (bench/results.ts).
import 'fake-indexeddb/auto';
import assert from 'node:assert/strict';
import { serialize } from 'node:v8';
import { parseArgs } from 'node:util';
import { openDB } from 'idb';
import { CorpusStore } from '../src/storage';
import { importFiles } from '../src/ui/options/import-run';
import { jsonLines, syntheticArticles } from '../test/unit/storage-synthetic';
import { saveRows } from './results.ts';

const { values } = parseArgs({ options: { articles: { type: 'string', default: '10000' }, save: { type: 'boolean', default: false } } });
const N = Number(values.articles);
const name = `wirecheck-size-${N}`;

const articles = syntheticArticles(N, { words: 700, seed: 5 });
const store = await CorpusStore.open(name);
const outcome = await importFiles(store, [new File([jsonLines(articles)], 'corpus.jsonl', { lastModified: 1 })]);
assert.equal(outcome.kind, 'imported');
assert.equal(await store.count(), N);
store.close();

const db = await openDB(name);
const bytes: Record<string, number> = {};
const add = (label: string, n: number) => (bytes[label] = (bytes[label] ?? 0) + n);
const utf8 = new TextEncoder();
let rawText = 0;
for (const storeName of [...db.objectStoreNames]) {
  for (const record of await db.getAll(storeName)) {
    if (storeName === 'articles') {
      // The text, with the name of its codec where it has one.
      const { text, textz, textCodec, ...rest } = record as { text?: string; textz?: Uint8Array; textCodec?: string };
      add('articles: text', textz ? serialize(textz).length + (textCodec ? serialize(textCodec).length : 0) : serialize(text).length);
      add('articles: without text', serialize(rest).length);
    } else add(storeName, serialize(record).length);
  }
}
for (const a of articles) rawText += utf8.encode(a.text).length;
db.close();

const perArticle = (n: number) => `${(n / N).toFixed(0)} B`;
const notText = Object.entries(bytes)
  .filter(([k]) => k !== 'articles: text')
  .reduce((s, [, v]) => s + v, 0);
const indexOnly = (bytes.snapshots ?? 0) + (bytes.indexShards ?? 0) + (bytes.indexIds ?? 0);
console.log(`\nDatabase size per article at ${N.toLocaleString('en-US')} articles (V8-serialized records, Node ${process.versions.node})`);
console.table({
  ...Object.fromEntries(Object.entries(bytes).map(([k, v]) => [k, perArticle(v)])),
  'index: shards + article numbers + directory': perArticle(indexOnly),
  'everything but article text': perArticle(notText),
  'article text, UTF-8': perArticle(rawText),
  'article text as stored, vs UTF-8': `${((100 * (bytes['articles: text'] ?? 0)) / rawText).toFixed(1)}%`,
});
if (values.save) {
  const per = (n: number) => Math.round(n / N);
  saveRows(
    [
      {
        id: 'storage.not-text',
        measure: "extension database per article, everything but the article's text",
        corpus: N,
        value: per(notText),
        unit: 'bytes/article',
        note: `index ${per(indexOnly)} B (shards ${per(bytes.indexShards ?? 0)} B, article numbers ${per(bytes.indexIds ?? 0)} B), summaries ${per(bytes.summaries ?? 0)} B, article records without text ${per(bytes['articles: without text'] ?? 0)} B; synthetic ~700-word articles through the options page's import, V8-serialized records`,
      },
      { id: 'storage.index', measure: 'extension database per article: the index (shards, article numbers, directory)', corpus: N, value: per(indexOnly), unit: 'bytes/article' },
    ],
    `npx tsx bench/storage-size.ts${N === 10_000 ? '' : ` --articles ${N}`}`,
  );
}
