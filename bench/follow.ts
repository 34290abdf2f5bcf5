// Follow AP and pack subscriptions in Node, against their goals:
//
//   npx tsx bench/follow.ts [--days 30] [--per-day 250] [--runs 9] [--store idb|memory]
//                           [--articles 10000] [--delta 500] [--only update,subscription,storage] [--save]
//
// - update: the core Follower (src/core/follow/follower.ts) with Node's fetch
//   (src/cli/follow-fetch.ts) follows the apnews.com stand-in (test/support/ap-standin.ts)
//   holding a month of AP's output (follow-support.ts: AP_STORIES_PER_DAY, an estimate), with
//   no pace between requests (the product's is one a second), into the extension's
//   IdbFollowStore on fake-indexeddb (`--store memory`: the tests' in-memory store). Then,
//   with the clock moved past the next update each time, `runs` update checks while nothing
//   changed: the time of one run (`run()` resolved) and the requests the stand-in logged,
//   against the sitemaps the follow reads (the index and those in the window). A month of
//   7,500 stories takes about a minute to backfill here.
// - subscription: a 10,000-article pack, then a 500-article delta on it, served by a local
//   pack host (ETag, 304) and taken through `checkSubscription` (core/follow/subscription.ts,
//   the background's fetch src/background/fetch.ts over Node's) into `CorpusStore.importPack`
//   on fake-indexeddb, a fresh database per run; each check timed whole (request, body,
//   open and verify, one commit), the commit alone in the note. bench/browser/follow.ts
//   measures the same in the extension's service worker.
// - storage: a few hundred stand-in stories followed into IdbFollowStore on fake-indexeddb,
//   at the stand-in's length and lengthened to AP_STORY_WORDS: the bytes the store charges a
//   story against the budget (`counts().bytes`), and every record of the database
//   V8-serialized as bench/storage-size.ts does; × AP's stories a year against the 1 GB budget.
//
// fake-indexeddb clones in JavaScript: absolute times are Node's, not a browser's. The machine
// is shared (2 cores, other test runs): every timed row is a median and records the load.
// `--save` writes the rows into bench/results.json (bench/results.ts).
import 'fake-indexeddb/auto';
import assert from 'node:assert/strict';
import path from 'node:path';
import { serialize } from 'node:v8';
import { parseArgs } from 'node:util';
import { openDB } from 'idb';
import { browserFollowFetch } from '../src/background/fetch';
import { nodeFollowFetch } from '../src/cli/follow-fetch';
import { Follower } from '../src/core/follow/follower';
import { checkSubscription } from '../src/core/follow/subscription';
import type { FollowStore, SubscriptionRecord } from '../src/core/follow/types';
import { readStoryHtml } from '../src/extraction/story';
import { CorpusStore, IdbFollowStore } from '../src/storage';
import { MemoryFollowStore } from '../test/unit/follow-memory-store';
import {
  AP_STORIES_PER_DAY,
  AP_STORY_WORDS,
  BUDGET_BYTES,
  loadNote,
  loadSpan,
  meanWords,
  median,
  monthOfAp,
  round,
  servePack,
  sha256Hex,
  subscriptionPacks,
} from './follow-support';
import { type BenchRow, saveRows } from './results.ts';

const log = (s: string) => process.stderr.write(`${s}\n`);
const s2 = (ms: number) => Math.round(ms / 10) / 100;

// ── update check ─────────────────────────────────────────────────────────────────────────

export async function updateCheckRows(opts: { days: number; perDay: number; runs: number; store: 'memory' | 'idb' }): Promise<BenchRow[]> {
  const ap = await monthOfAp({ days: opts.days, perDay: opts.perDay });
  let offset = 0;
  const now = () => Date.now() + offset;
  const store: FollowStore = opts.store === 'idb' ? new IdbFollowStore(await CorpusStore.open(`bench-follow-update-${process.pid}`)) : new MemoryFollowStore();
  const follower = new Follower({ fetch: nodeFollowFetch, store, readStory: readStoryHtml, now, minIntervalMs: 0, maxWaitMs: Number.POSITIVE_INFINITY });
  try {
    await follower.start({ sitemapIndex: ap.sitemapIndexUrl(), window: 'month', budgetBytes: BUDGET_BYTES });
    log(`Backfilling ${ap.stories.length.toLocaleString('en-US')} stand-in stories (${opts.days} days × ${opts.perDay}) into the ${opts.store} store, no pace…`);
    let t = performance.now();
    const backfill = await follower.run();
    const backfillS = (performance.now() - t) / 1000;
    const state = await store.loadState();
    const sitemaps = 1 + (state?.indexRefs?.length ?? 0);
    log(`  ${backfill.phase}: ${JSON.stringify(backfill.counts)} in ${backfillS.toFixed(1)} s; ${sitemaps} sitemaps in the window`);
    assert.equal(backfill.counts.queued, 0, 'the backfill finished');

    const times: number[] = [];
    const requests: number[] = [];
    const load = loadNote();
    for (let i = 0; i < opts.runs; i++) {
      offset += 31 * 60_000; // past UPDATE_INTERVAL_MS, within robots.txt's 24 hours
      const before = ap.log.entries.length;
      t = performance.now();
      const p = await follower.run();
      times.push(performance.now() - t);
      const asked = ap.log.entries.slice(before);
      requests.push(asked.length);
      assert.equal(p.phase, 'done');
      assert.equal(p.counts.added, backfill.counts.added, 'nothing new was added');
      if (i === 0) log(`  update check: ${asked.map((e) => `${e.path} ${e.status}`).join(', ')}`);
    }
    const ms = median(times);
    const most = Math.max(...requests);
    log(`  update check, nothing changed: median ${ms.toFixed(2)} ms (runs ${times.map((x) => x.toFixed(1)).join(', ')}), ${most} request(s)`);
    const month = `${backfill.counts.added.toLocaleString('en-US')} stories of ${opts.days} days followed (${opts.perDay} a day), ${opts.store === 'idb' ? 'IdbFollowStore on fake-indexeddb' : 'the tests\' in-memory store'}`;
    return [
      {
        id: 'follow.update.unchanged',
        measure: `Follow AP: update check when nothing changed, ${backfill.counts.added.toLocaleString('en-US')} stories followed (Follower + Node fetch, stand-in)`,
        value: round(ms, 2),
        unit: 'ms',
        goal: '< 1 s',
        met: ms < 1000,
        note: `median of ${opts.runs} runs (${round(Math.min(...times), 2)}–${round(Math.max(...times), 2)} ms); ${month}; the backfill took ${backfillS.toFixed(1)} s without pace; ${loadSpan(load)}`,
      },
      {
        id: 'follow.update.requests',
        measure: 'Follow AP: requests of an update check when nothing changed',
        value: most,
        unit: 'requests',
        goal: `≤ ${sitemaps} requests (one per sitemap)`,
        met: most <= sitemaps,
        note: `${requestsNote(requests)}; ${sitemaps} sitemaps read: the index and ${sitemaps - 1} in the window; the index answers 304 to its ETag and the monthly and news sitemaps it lists are not asked while their lastmod is unchanged`,
      },
    ];
  } finally {
    await ap.close();
  }
}

const requestsNote = (requests: number[]) => (new Set(requests).size === 1 ? `${requests[0]} request(s) in each of ${requests.length} checks` : `requests per check: ${requests.join(', ')}`);

// ── subscription ─────────────────────────────────────────────────────────────────────────

export async function subscriptionRows(opts: { articles: number; delta: number; runs: number }): Promise<BenchRow[]> {
  log(`Making a ${opts.articles.toLocaleString('en-US')}-article pack and a ${opts.delta}-article delta…`);
  const packs = await subscriptionPacks(opts.articles, opts.delta);
  log(`  full ${(packs.full.length / 2 ** 20).toFixed(1)} MB, delta ${(packs.delta.length / 2 ** 20).toFixed(2)} MB (${packs.added} new, ${packs.changed} changed, ${packs.removed} removed) in ${packs.buildSeconds.toFixed(1)} s`);
  const host = await servePack();
  const fetch = browserFollowFetch();
  const full: number[] = [];
  const fullApply: number[] = [];
  const delta: number[] = [];
  const deltaApply: number[] = [];
  const load = loadNote();
  try {
    for (let run = 0; run < opts.runs; run++) {
      const name = `bench-follow-subscription-${process.pid}-${run}`;
      const corpus = await CorpusStore.open(name);
      let applyMs = 0;
      const check = async (record: SubscriptionRecord) => {
        applyMs = 0;
        const t = performance.now();
        const result = await checkSubscription(record, {
          fetch,
          sha256: sha256Hex,
          now: Date.now,
          params: corpus.params,
          apply: async (pack, o) => {
            const a = performance.now();
            const summary = await corpus.importPack(pack, { remove: o.remove });
            applyMs += performance.now() - a;
            return summary;
          },
        });
        const ms = performance.now() - t;
        assert.equal(result.outcome, 'updated', result.record.error);
        return { ms, record: result.record };
      };
      host.serve(packs.full, `full-${run}`);
      const first = await check({ url: host.url, addedAt: Date.now() });
      full.push(first.ms);
      fullApply.push(applyMs);
      assert.equal(await corpus.count(), packs.articles);
      host.serve(packs.delta, `delta-${run}`);
      const second = await check(first.record);
      delta.push(second.ms);
      deltaApply.push(applyMs);
      assert.equal(await corpus.count(), packs.after);
      log(`  run ${run + 1}: full ${(first.ms / 1000).toFixed(2)} s (commit ${(fullApply.at(-1)! / 1000).toFixed(2)} s), delta ${(second.ms / 1000).toFixed(3)} s (commit ${(applyMs / 1000).toFixed(3)} s)`);
      corpus.close();
      await new Promise<void>((done) => {
        const r = indexedDB.deleteDatabase(name);
        r.onsuccess = r.onerror = r.onblocked = () => done();
      });
    }
  } finally {
    await host.close();
  }
  const f = median(full);
  const d = median(delta);
  const how = `median of ${opts.runs} runs, each on a fresh database; checkSubscription whole (conditional GET from a local pack host, body, open and verify, one commit) on fake-indexeddb in Node`;
  const runsOf = (xs: number[]) => xs.map((x) => (x / 1000).toFixed(2)).join(', ');
  return [
    {
      id: 'subscription.import.full',
      measure: 'subscribed pack: first check imports a full pack (Node, fake-indexeddb)',
      corpus: packs.articles,
      value: s2(f),
      unit: 's',
      goal: '< 2 s',
      met: f < 2000,
      note: `${how}; the commit alone ${(median(fullApply) / 1000).toFixed(2)} s; runs ${runsOf(full)} s; pack ${(packs.full.length / 2 ** 20).toFixed(1)} MB of synthetic ~700-word stories; ${loadSpan(load)}`,
    },
    {
      id: 'subscription.import.delta',
      measure: 'subscribed pack: a delta applied onto it (Node, fake-indexeddb)',
      corpus: packs.articles,
      value: Math.round(d) / 1000,
      unit: 's',
      goal: '< 0.3 s',
      met: d < 300,
      note: `${opts.delta} articles (${packs.added} new, ${packs.changed} changed) and ${packs.removed} removals, ${(packs.delta.length / 2 ** 20).toFixed(2)} MB; ${how}; the commit alone ${(median(deltaApply) / 1000).toFixed(3)} s; runs ${delta.map((x) => (x / 1000).toFixed(3)).join(', ')} s; ${loadSpan(load)}`,
    },
  ];
}

// ── storage: a year of AP ────────────────────────────────────────────────────────────────

interface StoryCost {
  words: number;
  stories: number;
  /** What IdbFollowStore charges a story against the budget. */
  charged: number;
  /** Every record of the database, V8-serialized, per story; and by part. */
  serialized: number;
  parts: Record<string, number>;
}

async function storyCost(stories: number, words: number | undefined): Promise<StoryCost> {
  const ap = await monthOfAp({ days: 30, perDay: stories / 30, words, seed: 2 });
  const name = `bench-follow-storage-${process.pid}-${words ?? 0}`;
  const corpus = await CorpusStore.open(name);
  const store = new IdbFollowStore(corpus);
  try {
    const follower = new Follower({ fetch: nodeFollowFetch, store, readStory: readStoryHtml, minIntervalMs: 0, maxWaitMs: Number.POSITIVE_INFINITY });
    await follower.start({ sitemapIndex: ap.sitemapIndexUrl(), window: 'month', budgetBytes: BUDGET_BYTES });
    const done = await follower.run();
    const added = done.counts.added;
    corpus.close();
    const db = await openDB(name);
    const parts: Record<string, number> = {};
    const add = (label: string, n: number) => (parts[label] = (parts[label] ?? 0) + n);
    for (const storeName of [...db.objectStoreNames]) {
      for (const record of await db.getAll(storeName)) {
        if (storeName === 'articles') {
          const { text, textz, textCodec, ...rest } = record as { text?: string; textz?: Uint8Array; textCodec?: string };
          add('compressed text', textz ? serialize(textz).length + (textCodec ? serialize(textCodec).length : 0) : serialize(text).length);
          add('article record', serialize(rest).length);
        } else add(['snapshots', 'indexShards', 'indexIds'].includes(storeName) ? 'index' : storeName === 'follow' ? 'queue entry' : storeName, serialize(record).length);
      }
    }
    db.close();
    const per = Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, v / added]));
    return { words: meanWords(ap), stories: added, charged: done.counts.bytes / added, serialized: Object.values(parts).reduce((a, b) => a + b, 0) / added, parts: per };
  } finally {
    await ap.close();
    await new Promise<void>((ok) => {
      const r = indexedDB.deleteDatabase(name);
      r.onsuccess = r.onerror = r.onblocked = () => ok();
    });
  }
}

export async function storageRows(opts: { stories: number }): Promise<BenchRow[]> {
  log(`Following ${opts.stories} stand-in stories into IdbFollowStore (fake-indexeddb), at the stand-in's length and at ${AP_STORY_WORDS} words…`);
  const short = await storyCost(opts.stories, undefined);
  const long = await storyCost(opts.stories, AP_STORY_WORDS);
  for (const c of [short, long]) log(`  ${c.words.toFixed(0)} words: charged ${c.charged.toFixed(0)} B, serialized ${c.serialized.toFixed(0)} B (${Object.entries(c.parts).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ')})`);
  const perYear = AP_STORIES_PER_DAY * 365;
  const cost = Math.max(long.charged, long.serialized);
  const yearMB = (cost * perYear) / 1e6;
  const fit = Math.floor(BUDGET_BYTES / cost);
  const parts = (c: StoryCost) => Object.entries(c.parts).filter(([, v]) => v >= 1).map(([k, v]) => `${k} ${Math.round(v)} B`).join(', ');
  return [
    {
      id: 'follow.story.bytes',
      measure: `Follow AP: storage a followed story costs (${AP_STORY_WORDS}-word stories, IdbFollowStore on fake-indexeddb)`,
      value: Math.round(cost),
      unit: 'bytes/article',
      note: `the larger of two counts: what the follow charges against its budget ${Math.round(long.charged)} B; every record V8-serialized ${Math.round(long.serialized)} B: ${parts(long)}; at the stand-in's own ${Math.round(short.words)} words: charged ${Math.round(short.charged)} B, serialized ${Math.round(short.serialized)} B; ${long.stories} stories each`,
    },
    {
      id: 'follow.year.size',
      measure: `Follow AP: a year of AP (${perYear.toLocaleString('en-US')} stories) in the extension's database`,
      value: Math.round(yearMB),
      unit: 'MB',
      goal: '≤ 1,000 MB (the default budget, 1 GB)',
      met: yearMB <= 1000,
      note: `${AP_STORIES_PER_DAY} stories a day is an estimate, not a count of AP's sitemaps (none reachable here); ${Math.round(cost).toLocaleString('en-US')} B a story (follow.story.bytes); the 1 GB budget holds ${fit.toLocaleString('en-US')} such stories, ${Math.floor(fit / AP_STORIES_PER_DAY)} days of AP`,
    },
  ];
}

// ── main ─────────────────────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      days: { type: 'string', default: '30' },
      'per-day': { type: 'string', default: String(AP_STORIES_PER_DAY) },
      runs: { type: 'string', default: '9' },
      store: { type: 'string', default: 'idb' },
      articles: { type: 'string', default: '10000' },
      delta: { type: 'string', default: '500' },
      'storage-stories': { type: 'string', default: '300' },
      only: { type: 'string', default: 'update,subscription,storage' },
      save: { type: 'boolean', default: false },
    },
  });
  const only = new Set(values.only.split(','));
  const runs = Number(values.runs);
  const rows: BenchRow[] = [];
  if (only.has('update')) rows.push(...(await updateCheckRows({ days: Number(values.days), perDay: Number(values['per-day']), runs, store: values.store === 'memory' ? 'memory' : 'idb' })));
  if (only.has('subscription')) rows.push(...(await subscriptionRows({ articles: Number(values.articles), delta: Number(values.delta), runs: Math.min(runs, 5) })));
  if (only.has('storage')) rows.push(...(await storageRows({ stories: Number(values['storage-stories']) })));
  console.table(rows.map((r) => ({ id: r.id, value: `${r.value} ${r.unit}`, goal: r.goal ?? '', met: r.met === undefined ? '' : r.met ? 'yes' : 'NO' })));
  for (const r of rows) console.log(`${r.id}: ${r.note ?? ''}`);
  if (values.save) {
    const args = process.argv.slice(2).filter((a) => a !== '--save');
    saveRows(rows, ['npx tsx bench/follow.ts', ...args].join(' '));
    log(`saved ${rows.length} rows to bench/results.json`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
