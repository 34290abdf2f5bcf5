// The per-site record on disk (src/storage/sites-store.ts) on fake-indexeddb: the totals kept
// per host always equal core's `summarize` over the visits kept, through replacements,
// retention and clearing; clearing every site leaves both object stores empty; and a full
// disk at any write leaves the record exactly as it was, is told as a StorageError of kind
// 'quota', and with room again the same write goes through.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, SITE_RETENTION_DAYS, migrateSettings, retentionDays } from '../../src/core/settings';
import { summarize, summarizeAll } from '../../src/core/sites/summary';
import type { SiteVisit } from '../../src/core/sites/types';
import { VERDICTS, type Verdict } from '../../src/core/types';
import { StorageError } from '../../src/storage';
import { SitesStore } from '../../src/storage/sites-store';
import { type Dump, QUOTA_MODES, type QuotaMode, failEachWrite } from './full-disk';
import { dumpDatabase } from './raw-database';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 7, 12);
const KEEP = { retentionDays: 180, now: NOW };

let n = 0;
const opened: SitesStore[] = [];
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
});
function freshStore(): SitesStore {
  const store = new SitesStore(`wirecheck-sites-test-${++n}`);
  opened.push(store);
  return store;
}

function visit(host: string, slug: string, verdict: Verdict, daysAgo: number, credited = false): SiteVisit {
  return {
    host,
    url: `https://${host}/${slug}`,
    title: `${slug} on ${host}`,
    checkedAt: NOW - daysAgo * DAY,
    verdict,
    ...(verdict === 'none' ? {} : { sourceId: `ap-${slug}`, sourceTitle: `AP ${slug}`, paraphraseScore: 40 }),
    credited,
    ...(credited ? { creditSignal: 'dateline' as const } : {}),
  };
}

/** A seeded stream of visits over a few hosts, some URLs checked again. */
function visits(count: number, seed = 1): SiteVisit[] {
  let x = seed;
  const next = () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
  return Array.from({ length: count }, (_, i) => {
    const host = `site${Math.floor(next() * 5)}.example`;
    return visit(host, `story-${Math.floor(next() * count * 0.7)}`, VERDICTS[Math.floor(next() * VERDICTS.length)]!, Math.floor(next() * 200) - i * 0.001, next() < 0.3);
  });
}

/** What the record should say: core's summaries over the visits it should hold (one per URL, within the retention). */
function expected(all: SiteVisit[], retention = KEEP): ReturnType<typeof summarizeAll> {
  const cutoff = retention.now - retention.retentionDays * DAY;
  const latest = new Map<string, SiteVisit>();
  for (const v of all) latest.set(v.url, v);
  return summarizeAll([...latest.values()].filter((v) => v.checkedAt >= cutoff));
}
const byHost = <T extends { host: string }>(list: T[]) => [...list].sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0));

describe('the per-site record', () => {
  it('keeps one visit per URL and totals equal to summarize over the visits kept', async () => {
    const store = freshStore();
    const all = visits(300);
    for (const v of all) await store.recordVisit(v, KEEP);
    expect(byHost(await store.listSummaries(KEEP))).toEqual(byHost(expected(all)));
    for (const s of expected(all)) expect(await store.summaryFor(s.host, KEEP)).toEqual(s);
    expect(await store.summaryFor('nowhere.example', KEEP)).toBeNull();
  });

  it('a later check of a URL replaces the earlier one, on its site’s totals too', async () => {
    const store = freshStore();
    await store.recordVisit(visit('a.example', 'x', 'rewritten', 10), KEEP);
    await store.recordVisit(visit('a.example', 'y', 'none', 5), KEEP);
    await store.recordVisit(visit('a.example', 'x', 'verbatim', 1, true), KEEP);
    const s = await store.summaryFor('a.example', KEEP);
    expect(s).toMatchObject({ articles: 2, apCopy: 1, credited: 1, uncredited: 0, uncreditedRewrites: 0, firstCheckedAt: NOW - 5 * DAY, lastCheckedAt: NOW - DAY });
    expect(s!.byVerdict).toEqual({ verbatim: 1, edited: 0, rewritten: 0, partial: 0, none: 1 });
  });

  it('shows a site’s visits newest last, and exports them by site', async () => {
    const store = freshStore();
    const all = [visit('b.example', 'one', 'edited', 3), visit('a.example', 'two', 'none', 2), visit('b.example', 'three', 'partial', 1)];
    for (const v of all) await store.recordVisit(v, KEEP);
    const site = await store.siteVisits('b.example', KEEP);
    expect(site?.visits.map((v) => v.url)).toEqual(['https://b.example/one', 'https://b.example/three']);
    expect(site?.summary).toEqual(summarize('b.example', all));
    expect(await store.siteVisits('c.example', KEEP)).toBeNull();
    expect((await store.exportVisits(KEEP)).map((v) => v.url)).toEqual(['https://a.example/two', 'https://b.example/one', 'https://b.example/three']);
    expect(await store.exportVisits(KEEP, 'a.example')).toEqual([all[1]]);
  });

  it('drops visits past the retention when it records and when it lists, moving first and last check', async () => {
    const store = freshStore();
    const all = [visit('a.example', 'old', 'rewritten', 100), visit('a.example', 'mid', 'none', 50), visit('b.example', 'old', 'edited', 90)];
    for (const v of all) await store.recordVisit(v, KEEP);
    // Listed with a shorter retention: the oldest go, a site left without visits goes with them.
    const shorter = { retentionDays: 60, now: NOW };
    expect(byHost(await store.listSummaries(shorter))).toEqual(byHost(expected(all, shorter)));
    expect(await store.summaryFor('b.example', shorter)).toBeNull();
    expect((await store.summaryFor('a.example', shorter))?.firstCheckedAt).toBe(NOW - 50 * DAY);
    // Recording later prunes by then's clock.
    const later = { retentionDays: 60, now: NOW + 20 * DAY };
    await store.recordVisit({ ...visit('c.example', 'new', 'none', 0), checkedAt: later.now }, later);
    expect((await store.exportVisits(later)).map((v) => v.url)).toEqual(['https://c.example/new']);
    expect((await dumpDatabase(store.name)).sites).toHaveLength(1);
  });

  it('clearing one site leaves the others; clearing all leaves nothing', async () => {
    const store = freshStore();
    const all = visits(60, 7);
    for (const v of all) await store.recordVisit(v, KEEP);
    const [first, ...rest] = expected(all);
    await store.clear(first!.host);
    expect(byHost(await store.listSummaries(KEEP))).toEqual(byHost(rest));
    expect(await store.exportVisits(KEEP, first!.host)).toEqual([]);
    await store.clear();
    expect(await dumpDatabase(store.name)).toEqual({ sites: [], visits: [] });
  });
});

describe('the per-site record on a full disk', () => {
  const modes = Object.keys(QUOTA_MODES) as QuotaMode[];
  const seeded = async () => {
    const store = freshStore();
    const kept = [visit('a.example', 'x', 'rewritten', 100), visit('a.example', 'y', 'edited', 10), visit('b.example', 'z', 'none', 5), visit('c.example', 'old', 'none', 200)];
    for (const v of kept) await store.recordVisit(v, { retentionDays: 365, now: NOW });
    return { name: store.name, store };
  };
  const toldQuota = (outcome: { ok: boolean; error?: unknown }) => {
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toBeInstanceOf(StorageError);
    expect(outcome.error).toMatchObject({ kind: 'quota' });
  };
  const unchanged = (after: Dump, before: Dump) => expect(after).toEqual(before);

  it.each(modes)('recording a visit (a replacement, with a prune): %s', async (mode) => {
    const writes = await failEachWrite(mode, {
      setup: seeded,
      run: ({ store }) => store.recordVisit(visit('a.example', 'x', 'verbatim', 0, true), KEEP),
      told: toldQuota,
      leaves: unchanged,
      async succeeded(_, { store }) {
        expect(await store.summaryFor('a.example', KEEP)).toMatchObject({ articles: 2, apCopy: 2, credited: 1, uncreditedRewrites: 1 });
        expect(await store.summaryFor('c.example', KEEP)).toBeNull();
      },
    });
    expect(writes).toBeGreaterThanOrEqual(3);
  });

  it.each(modes)('clearing one site and every site: %s', async (mode) => {
    for (const host of ['a.example', undefined]) {
      await failEachWrite(mode, {
        setup: seeded,
        run: ({ store }) => store.clear(host),
        told: toldQuota,
        leaves: unchanged,
        async succeeded(_, { store }) {
          expect(await store.summaryFor('a.example', KEEP)).toBeNull();
          if (host === undefined) expect(await dumpDatabase(store.name)).toEqual({ sites: [], visits: [] });
        },
      });
    }
  });

  it.each(modes)('a prune the disk refuses is left for later, and the list still reads: %s', async (mode) => {
    await failEachWrite(mode, {
      setup: seeded,
      run: ({ store }) => store.listSummaries({ retentionDays: 30, now: NOW }),
      told: (outcome) => expect(outcome.ok).toBe(true),
      leaves: unchanged,
      succeeded(list) {
        expect(list.map((s) => s.host).sort()).toEqual(['a.example', 'b.example']);
      },
    });
  });
});

describe('the record’s settings', () => {
  it('are on, for 180 days, unless the reader says otherwise, also in settings saved before them', () => {
    expect(DEFAULT_SETTINGS).toMatchObject({ siteRecord: true, siteRetentionDays: 180 });
    const older = { ...DEFAULT_SETTINGS } as Record<string, unknown>;
    delete older.siteRecord;
    delete older.siteRetentionDays;
    expect(migrateSettings(older)).toEqual(DEFAULT_SETTINGS);
    expect(migrateSettings({ ...older, siteRecord: false, siteRetentionDays: 30 })).toMatchObject({ siteRecord: false, siteRetentionDays: 30 });
  });

  it('keep the retention within 7 to 3,650 days', () => {
    expect([0, 6.6, 7, 30.4, 3650, 1e9].map(retentionDays)).toEqual([7, 7, 7, 30, 3650, 3650]);
    expect(['30', null, Number.NaN, Infinity].map(retentionDays)).toEqual(Array(4).fill(SITE_RETENTION_DAYS.default));
  });
});
