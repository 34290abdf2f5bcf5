// Timings of the corpus table and of staged imports at scale, on fake-indexeddb in Node.
// A bench, not a test, because it takes minutes and gigabytes:
//
//   NODE_OPTIONS=--max-old-space-size=12000 npm run bench:storage -- --table 100000 --import 10000
//
// WIRECHECK_SCALE articles (~700 words each, synthetic) are written straight into the
// database (queries do not need real fingerprints), then every query the options page makes
// is timed; WIRECHECK_SCALE_IMPORT articles go through the real import (read, parse,
// fingerprint, stage, commit). fake-indexeddb keeps everything in the JS heap and clones
// every value in JavaScript: absolute times are not a browser's, but which operation is
// cheap and which scans everything carries over. The figures are printed, and asserted only
// for correctness.
import 'fake-indexeddb/auto';
import assert from 'node:assert/strict';
import { parseArgs } from 'node:util';
import { serializeJsonLines } from '../src/core/corpus/files';
import { CorpusStore } from '../src/storage';
import { importFiles } from '../src/ui/options/import-run';
import { jsonLines, seedDatabase, syntheticArticles } from '../test/unit/storage-synthetic';

const { values } = parseArgs({ options: { table: { type: 'string', default: '10000' }, import: { type: 'string', default: '2000' } } });
const SCALE = Number(values.table);
const IMPORT = Number(values.import);

async function time<T>(label: string, rows: [string, string][], run: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const value = await run();
  const ms = performance.now() - start;
  rows.push([label, ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`]);
  return value;
}

async function tableBench(): Promise<void> {
  {
    const rows: [string, string][] = [];
    const articles = await time('generate synthetic articles', rows, async () => syntheticArticles(SCALE, { words: 700, seed: 3 }));
    const name = `wirecheck-scale-${SCALE}`;
    await time('write them straight to the database', rows, () => seedDatabase(name, articles));
    const store = await CorpusStore.open(name);

    const first = await time('first page, cold (title, from the index)', rows, () => store.queryArticles({ limit: 50 }));
    assert.equal(first.total, SCALE);
    await time('sort change: words desc, first page (index)', rows, () => store.queryArticles({ sort: 'words', direction: 'desc' }));
    await time('sort change: published asc, first page (index)', rows, () => store.queryArticles({ sort: 'published' }));
    await time('page at offset 4,950 (index, cursor advance)', rows, () => store.queryArticles({ offset: 4_950 }));
    await time('load every summary into memory (first search)', rows, () => store.prepareSearch());
    await time('first page from memory (title order computed)', rows, () => store.queryArticles({}));
    await time('sort change in memory: words desc (order computed)', rows, () => store.queryArticles({ sort: 'words', direction: 'desc' }));
    await time('sort change in memory: words asc (order known)', rows, () => store.queryArticles({ sort: 'words' }));
    await time(`page at offset ${SCALE / 2} from memory`, rows, () => store.queryArticles({ offset: SCALE / 2 }));
    const title = await time('title search "zurich storm" (first time: folds titles)', rows, () => store.queryArticles({ search: 'zurich storm' }));
    await time('title search "harbor vote"', rows, () => store.queryArticles({ search: 'harbor vote' }));
    assert.ok(title.total > 0);
    const marked = Math.floor(SCALE * 0.12345);
    const one = await time(`text search "mark${marked}x" (reads every text)`, rows, () => store.queryArticles({ search: `mark${marked}x`, searchIn: 'text' }));
    assert.deepEqual(one.rows.map((r) => r.id), [articles[marked]!.id]);
    const many = await time('text search "kalomi" (common syllables)', rows, () => store.queryArticles({ search: 'kalomi', searchIn: 'text' }));
    await time('same text search, next page (kept result)', rows, () => store.queryArticles({ search: 'kalomi', searchIn: 'text', offset: 50 }));
    rows.push(['  ("kalomi" matches)', String(many.total)]);

    const ids = (await store.matchingIds({ search: 'harbor vote' })).slice(0, 1000);
    await time(`bulk delete of ${ids.length} matching articles (index loaded from its snapshot first)`, rows, () => store.deleteArticles(ids));
    await time('first page after the delete (memory, updated in place)', rows, () => store.queryArticles({}));
    const more = (await store.queryArticles({ sort: 'added', limit: 1000 })).rows.map((r) => r.id);
    await time(`bulk delete of ${more.length} more (index in memory)`, rows, () => store.deleteArticles(more));
    await time('delete 1 article (index in memory)', rows, () => store.deleteArticles([articles[1]!.id]));
    store.close();
    const reopened = await CorpusStore.open(name);
    await time('reopen: load the index from its snapshot', rows, () => reopened.loadIndex());
    await time('delete 1 article after reopening', rows, () => reopened.deleteArticles([articles[2]!.id]));
    reopened.close();
    const again = await CorpusStore.open(name);
    let exported = 0;
    await time('export everything as JSON Lines (pages of 256)', rows, async () => {
      for await (const page of again.exportArticles()) exported += serializeJsonLines(page).length;
    });
    rows.push(['  (exported characters)', exported.toLocaleString('en-US')]);
    again.close();
    console.log(`\nCorpus table at ${SCALE.toLocaleString('en-US')} articles (fake-indexeddb, Node ${process.versions.node})`);
    console.table(Object.fromEntries(rows));
  }
}

async function importBench(): Promise<void> {
  {
    const rows: [string, string][] = [];
    const articles = syntheticArticles(IMPORT, { words: 700, seed: 5, prefix: 'imp' });
    const file = new File([jsonLines(articles)], 'big.jsonl', { lastModified: 1 });
    rows.push(['file size', `${(file.size / 1024 / 1024).toFixed(1)} MB`]);
    const store = await CorpusStore.open(`wirecheck-scale-import-${IMPORT}`);
    let stagedAt = 0;
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const outcome = await time('import: read, parse, fingerprint, stage, commit', rows, () =>
      importFiles(store, [file], {
        onProgress: (p) => {
          if (p.phase === 'saving' && !stagedAt) stagedAt = performance.now();
        },
      }),
    );
    assert.ok(outcome.kind === 'imported' && outcome.added === IMPORT, JSON.stringify(outcome));
    const total = performance.now() - started;
    rows.push(['  of which the commit', `${((performance.now() - stagedAt) / 1000).toFixed(2)} s (approx.)`]);
    rows.push(['  articles per second', (IMPORT / (total / 1000)).toFixed(0)]);
    // CPU time of every thread of the process (Node runs CompressionStream's zlib on its thread
    // pool): steadier than wall time on a shared machine, and it counts work moved off the
    // main thread, which a browser's options page does not get for free.
    const cpu = process.cpuUsage(cpuStarted);
    rows.push(['  CPU time, all threads (articles per CPU second)', `${((cpu.user + cpu.system) / 1e6).toFixed(2)} s (${(IMPORT / ((cpu.user + cpu.system) / 1e6)).toFixed(0)})`]);

    const again = await time('re-run of the same file (all unchanged)', rows, () => importFiles(store, [new File([file], 'big.jsonl', { lastModified: 2 })]));
    assert.ok(again.kind === 'imported' && again.unchanged === IMPORT, JSON.stringify(again));

    // Interrupted at half way, then resumed.
    const other = await CorpusStore.open(`wirecheck-scale-import-${IMPORT}-resume`);
    const controller = new AbortController();
    await time('import cancelled at half way', rows, () =>
      importFiles(other, [file], {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.articles >= IMPORT / 2) controller.abort();
        },
      }),
    );
    const resumed = await time('same file again: resumes (half reused)', rows, () => importFiles(other, [file]));
    assert.ok(resumed.kind === 'imported' && resumed.added === IMPORT, JSON.stringify(resumed));
    rows.push(['  articles reused from the first run', String((resumed as { reused: number }).reused)]);
    store.close();
    other.close();
    console.log(`\nStaged import of ${IMPORT.toLocaleString('en-US')} articles (fake-indexeddb, Node ${process.versions.node})`);
    console.table(Object.fromEntries(rows));
  }
}

if (SCALE > 0) await tableBench();
if (IMPORT > 0) await importBench();
