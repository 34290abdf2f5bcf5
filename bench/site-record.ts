// What the per-site record (src/storage/sites-store.ts) costs: bytes on disk per article
// recorded, and the time to record a visit and to list the sites.
//
//   npx tsx bench/site-record.ts [--visits 5000] [--sites 200] [--save]
//
// V visits over S sites, shaped like real ones (a news URL with a dated path and a slug, a
// ~70-character title, half of them AP copy naming a followed AP story by its canonical URL
// and title, a paraphrase score, a credit signal on some), are recorded one at a time through
// SitesStore.recordVisit into fake-indexeddb, as the background records them. Then every
// record of both stores is serialized with V8's ValueSerializer (`v8.serialize`, what
// Chromium's IndexedDB stores for a value, before its own compression and without LevelDB
// overhead) and the keys are counted as IndexedDB encodes them (strings two bytes a character,
// numbers eight): the visit's key (its URL), its two index entries ((host, checkedAt) and
// checkedAt, each pointing back at the URL), and each site's totals record with its key,
// shared out over the visits. The bytes a visit costs are that sum over the visits.
//
// Times are CPU time of this process (process.cpuUsage), the median of several runs, so a
// shared machine changes them less than wall-clock time: recording one visit (its totals and
// the retention check in the same transaction), listing every site from the totals, and the
// same summaries computed by reading every visit (what the totals save).
//
// `--save` writes the row `site-record.bytes-per-visit` into bench/results.json.
import 'fake-indexeddb/auto';
import assert from 'node:assert/strict';
import { serialize } from 'node:v8';
import { parseArgs } from 'node:util';
import { openDB } from 'idb';
import { summarizeAll } from '../src/core/sites/summary';
import type { CreditSignal, SiteVisit } from '../src/core/sites/types';
import type { Verdict } from '../src/core/types';
import { SitesStore } from '../src/storage/sites-store';
import { saveRows } from './results.ts';

const { values } = parseArgs({
  options: { visits: { type: 'string', default: '5000' }, sites: { type: 'string', default: '200' }, save: { type: 'boolean', default: false } },
});
const V = Number(values.visits);
const S = Number(values.sites);
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 7, 12);
const retention = { retentionDays: 180, now: NOW };

/** A seeded generator (mulberry32), so every run records the same visits. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = random(16);
const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
const WORDS = 'russia china ties ukraine talks minister wang visit moscow kremlin treaty peace summit trade border war sanctions energy leaders meeting officials deal'.split(' ');
const words = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
const hex = (n: number) => Array.from({ length: n }, () => Math.floor(rnd() * 16).toString(16)).join('');
const slug = (n: number) => words(n).replace(/ /g, '-');
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const SITE_NAMES = Array.from({ length: S }, (_, i) => `${pick(['daily', 'herald', 'courier', 'times', 'post', 'news'])}-${i}.example.com`);
const VERDICTS: readonly Verdict[] = ['verbatim', 'edited', 'rewritten', 'partial', 'none', 'none', 'none', 'none'];
const SIGNALS: readonly CreditSignal[] = ['byline', 'dateline', 'contributed', 'source-line'];

function visit(i: number): SiteVisit {
  const host = SITE_NAMES[i % S]!;
  const checkedAt = NOW - Math.floor(rnd() * 170 * DAY);
  const date = new Date(checkedAt).toISOString().slice(0, 10).replace(/-/g, '/');
  const verdict = pick(VERDICTS);
  const credited = verdict !== 'none' && rnd() < 0.3;
  const story = words(9);
  return {
    host,
    url: `https://www.${host}/${date}/world/${slug(9)}-${100000 + i}`,
    title: capital(`${story} – ${host.split('.')[0]}`).slice(0, 90),
    checkedAt,
    verdict,
    ...(verdict !== 'none'
      ? { sourceId: `https://apnews.com/article/${slug(6)}-${hex(32)}`, sourceTitle: capital(words(10)), paraphraseScore: Math.round(rnd() * 100) }
      : {}),
    credited,
    ...(credited ? { creditSignal: pick(SIGNALS) } : {}),
  };
}

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const name = `wirecheck-sites-bench-${V}`;
const store = new SitesStore(name);
const visits = Array.from({ length: V }, (_, i) => visit(i));
const recordTimes: number[] = [];
for (const [i, v] of visits.entries()) {
  const t0 = cpuMs();
  await store.recordVisit(v, retention);
  if (i % 50 === 0) recordTimes.push(cpuMs() - t0);
}
const listTimes: number[] = [];
const scanTimes: number[] = [];
for (let run = 0; run < 7; run++) {
  let t0 = cpuMs();
  const listed = await store.listSummaries(retention);
  listTimes.push(cpuMs() - t0);
  t0 = cpuMs();
  const scanned = summarizeAll(await store.exportVisits(retention));
  scanTimes.push(cpuMs() - t0);
  assert.equal(listed.length, S);
  assert.deepEqual(
    [...listed].sort((a, b) => (a.host < b.host ? -1 : 1)).map((s) => [s.host, s.articles, s.apCopy, s.credited, s.uncreditedRewrites]),
    scanned.map((s) => [s.host, s.articles, s.apCopy, s.credited, s.uncreditedRewrites]),
    'the totals agree with the visits',
  );
}
store.close();

// Bytes: values as V8 serializes them, keys as IndexedDB encodes them.
const keyBytes = (key: unknown): number => (typeof key === 'string' ? 2 * key.length : Array.isArray(key) ? key.reduce((n: number, k) => n + keyBytes(k), 0) : 8);
const db = await openDB(name);
const bytes = { visitValues: 0, visitKeys: 0, indexEntries: 0, siteRecords: 0 };
let count = 0;
for (const v of (await db.getAll('visits')) as SiteVisit[]) {
  count++;
  bytes.visitValues += serialize(v).byteLength;
  bytes.visitKeys += keyBytes(v.url);
  bytes.indexEntries += keyBytes([v.host, v.checkedAt]) + keyBytes(v.url) + keyBytes(v.checkedAt) + keyBytes(v.url);
}
for (const tally of await db.getAll('sites')) bytes.siteRecords += serialize(tally).byteLength + keyBytes((tally as { host: string }).host);
db.close();
assert.equal(count, V, 'every visit is kept (all within the retention)');

const total = bytes.visitValues + bytes.visitKeys + bytes.indexEntries + bytes.siteRecords;
const per = (n: number) => Math.round(n / V);
console.log(`${V} visits over ${S} sites`);
console.log(
  `bytes per visit: ${per(total)} (visit record ${per(bytes.visitValues)}, its key ${per(bytes.visitKeys)}, index entries ${per(bytes.indexEntries)}, site totals ${per(bytes.siteRecords)})`,
);
console.log(`a year of reading 30 articles a day (${30 * 365} visits): ${((per(total) * 30 * 365) / 1e6).toFixed(1)} MB`);
console.log(
  `CPU time: record one visit ${median(recordTimes).toFixed(2)} ms (median); list ${S} sites from their totals ${median(listTimes).toFixed(1)} ms; the same summaries from every visit ${median(scanTimes).toFixed(1)} ms`,
);

if (values.save) {
  saveRows(
    [
      {
        id: 'site-record.bytes-per-visit',
        measure: 'per-site record: bytes per article page recorded',
        value: per(total),
        unit: 'bytes/article',
        note: `${V} visits over ${S} sites, fake-indexeddb: visit record ${per(bytes.visitValues)} B (V8-serialized), its key ${per(bytes.visitKeys)} B, two index entries ${per(bytes.indexEntries)} B, site totals ${per(bytes.siteRecords)} B; keys at 2 B a character`,
      },
    ],
    `npx tsx bench/site-record.ts --visits ${V} --sites ${S} --save`,
  );
}
