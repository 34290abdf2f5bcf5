// The follow's queue at scale in the extension's store (IdbFollowStore on fake-indexeddb):
// enqueuing one sitemap's worth of new URLs, `nextDue`, and `counts()` reading the running
// totals against counting the `by-state` index once per state and summing the bytes over
// `by-published`. The figures in the note of src/storage/follow-records.ts come from this
// script:
//
//   npx tsx bench/follow-counts.ts [--entries 100000]
//
// Half the entries are enqueued in one call (the time printed), the other half in a second;
// 40% of them are then written raw as added stories of 5,000 bytes with the totals to match
// (storing that many articles is not what is measured). Both ways of counting must agree.
import 'fake-indexeddb/auto';
import assert from 'node:assert/strict';
import { parseArgs } from 'node:util';
import { CorpusStore, FOLLOW_COUNTS_KEY, type FollowRecord, IdbFollowStore } from '../src/storage';
import { withRaw } from '../test/unit/raw-database';
import { seedCorpus } from '../test/unit/seeds';

const { values } = parseArgs({ options: { entries: { type: 'string', default: '100000' } } });
const N = Number(values.entries);
assert.ok(Number.isInteger(N) && N >= 10, `--entries wants a whole number of at least 10, not ${values.entries}`);
const half = Math.floor(N / 2);
const added = Math.floor(N * 0.4);
const n = (x: number) => x.toLocaleString('en-US');

const name = 'bench-follow-counts';
const corpus = await CorpusStore.open(name);
await corpus.importArticles(seedCorpus('both'));
const follow = new IdbFollowStore(corpus);

const urls = Array.from({ length: N }, (_, i) => ({ loc: `https://apnews.com/article/s-${String(i).padStart(6, '0')}`, lastmod: '2024-01-01' }));
let t = performance.now();
await follow.enqueue(urls.slice(0, half));
const enqueued = performance.now() - t;
await follow.enqueue(urls.slice(half));
await withRaw(name, async (db) => {
  const tx = db.transaction(['follow', 'meta'], 'readwrite');
  for (let i = 0; i < added; i++) {
    const r: FollowRecord = { url: urls[i]!.loc, lastmod: '2024-01-01', state: 'added', attempts: 0, articleId: urls[i]!.loc, published: `2024-01-01T${i}`, bytes: 5_000 };
    void tx.objectStore('follow').put(r);
  }
  void tx.objectStore('meta').put({ key: FOLLOW_COUNTS_KEY, value: { queued: N - added, added, skipped: 0, failed: 0, evicted: 0, bytes: added * 5_000 } });
  await tx.done;
});

t = performance.now();
const due = await follow.nextDue(Date.now());
const next = performance.now() - t;
assert.equal(due?.state, 'queued');
t = performance.now();
const counts = await follow.counts();
const record = performance.now() - t;
t = performance.now();
const byIndex = await withRaw(name, async (db) => {
  const tx = db.transaction('follow');
  const states = await Promise.all(['queued', 'added', 'skipped', 'failed', 'evicted'].map((s) => tx.store.index('by-state').count(s)));
  let bytes = 0;
  for (let c = await tx.store.index('by-published').openCursor(); c; c = await c.continue()) bytes += c.value.bytes ?? 0;
  return [...states, bytes];
});
const indexed = performance.now() - t;
corpus.close();

console.log(
  `enqueue of ${n(half)} new URLs ${enqueued.toFixed(0)} ms; at ${n(N)} entries (${n(added)} added): nextDue ${next.toFixed(2)} ms, counts() ${record.toFixed(2)} ms, index counts and a bytes cursor ${indexed.toFixed(0)} ms`,
);
assert.deepEqual(Object.values(counts), byIndex);
