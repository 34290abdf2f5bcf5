/**
 * The per-site record on disk: its own IndexedDB database, `wirecheck-sites`, apart from the
 * corpus (whose version and generation it never moves), so forgetting every site is clearing
 * two object stores and nothing of the corpus is touched.
 *
 * - `visits`, one record per page URL (core/sites/types.ts SiteVisit: host, URL, title,
 *   verdict, source, score, credit; no page text), indexed by (host, checkedAt) for a site's
 *   pages newest first and its clearing, and by checkedAt for the retention.
 * - `sites`, one record per host: its running totals (sites-tally.ts), moved in the same
 *   transaction as every visit added, replaced or removed, so totals and visits never disagree.
 *
 * Retention: visits older than the reader's `siteRetentionDays` are removed inside the
 * transaction that records a visit, and before the record is listed, shown or exported (a
 * read-only count first, so a list with nothing to prune writes nothing).
 *
 * A write that fails (a full disk) changes nothing, visits and totals alike, and is told as a
 * StorageError of kind 'quota' or 'failed'; the background logs it and the verdict stands.
 *
 * Measured (fake-indexeddb, Node 22, CPU time; `npx tsx bench/site-record.ts`): with 5,000
 * visits over 200 sites, listing every site from the totals takes ~1.5 ms, and computing the
 * same summaries from every visit ~40 ms; recording one visit with its totals and the
 * retention check ~0.1 ms. A visit costs ~1.25 KB on disk, keys and indexes included (the
 * URL is its key and is repeated in both index entries): that bench's row
 * `site-record.bytes-per-visit`, ~14 MB for a year of 30 articles a day.
 */

import { type DBSchema, type IDBPDatabase, type IDBPTransaction, openDB } from 'idb';
import type { SiteSummary, SiteVisit } from '../core/sites/types';
import { ignore, track, writeAll } from './connection';
import { StorageError, errorName, reasonOf } from './errors';
import { type SiteTally, TallyWrites, emptyTally, summaryOfTally } from './sites-tally';

export const SITES_DB_NAME = 'wirecheck-sites';
export const SITES_DB_VERSION = 1;
const DAY_MS = 86_400_000;
/** A site's visits returned by `detail`, newest first. */
export const DETAIL_VISITS = 50;

export interface SitesDB extends DBSchema {
  visits: { key: string; value: SiteVisit; indexes: { 'host-checkedAt': [string, number]; checkedAt: number } };
  sites: { key: string; value: SiteTally };
}

type Db = IDBPDatabase<SitesDB>;
type WriteTx = IDBPTransaction<SitesDB, ['visits', 'sites'], 'readwrite'>;

/** How long visits are kept, and the clock they are measured against. */
export interface Retention {
  retentionDays: number;
  now?: number;
}

/** A site's summary, its visits within the retention (oldest first), and nothing when it has none. */
export interface SiteVisits {
  summary: SiteSummary;
  visits: SiteVisit[];
}

const hostRange = (host: string) => IDBKeyRange.bound([host, -Infinity], [host, Infinity]);
const cutoffOf = ({ retentionDays, now = Date.now() }: Retention) => now - retentionDays * DAY_MS;

export class SitesStore {
  private db: Db | null = null;
  private opening: Promise<Db> | null = null;
  private closed = false;

  constructor(readonly name = SITES_DB_NAME) {}

  /**
   * Records one checked page in place of an earlier record of its URL, moving its site's
   * totals, and removes visits past the retention, in one transaction.
   */
  async recordVisit(visit: SiteVisit, retention: Retention): Promise<void> {
    await this.writing((db) => {
      const tx = db.transaction(['visits', 'sites'], 'readwrite');
      return writeAll(tx, async () => {
        const tallies = tallyWrites(tx);
        const visits = tx.objectStore('visits');
        const old = await visits.get(visit.url);
        if (old) await tallies.remove(old);
        track(visits.put(visit));
        await tallies.add(visit);
        await pruneIn(tx, tallies, cutoffOf(retention));
        await tallies.flush(track);
      });
    });
  }

  /** The site's summary, or null when the record holds none of its pages. */
  async summaryFor(host: string, retention: Retention): Promise<SiteSummary | null> {
    await this.prune(retention);
    const tally = await this.reading((db) => db.get('sites', host));
    return tally ? summaryOfTally(tally) : null;
  }

  /** Every site's summary, from the totals: one read however many pages the record holds. */
  async listSummaries(retention: Retention): Promise<SiteSummary[]> {
    await this.prune(retention);
    const tallies = await this.reading((db) => db.getAll('sites'));
    return tallies.map(summaryOfTally);
  }

  /** One site: its summary and every visit kept, oldest first; null when it has none. */
  async siteVisits(host: string, retention: Retention): Promise<SiteVisits | null> {
    await this.prune(retention);
    return this.reading(async (db) => {
      const tx = db.transaction(['sites', 'visits']);
      const [tally, visits] = await Promise.all([tx.objectStore('sites').get(host), tx.objectStore('visits').index('host-checkedAt').getAll(hostRange(host))]);
      return tally ? { summary: summaryOfTally(tally), visits } : null;
    });
  }

  /** Every visit kept (of one site, or of all), by site and then oldest first. */
  async exportVisits(retention: Retention, host?: string): Promise<SiteVisit[]> {
    await this.prune(retention);
    return this.reading((db) => (host === undefined ? db.getAllFromIndex('visits', 'host-checkedAt') : db.getAllFromIndex('visits', 'host-checkedAt', hostRange(host))));
  }

  /** Forgets one site (its visits and totals), or every site: the database is then empty. */
  async clear(host?: string): Promise<void> {
    await this.writing((db) => {
      const tx = db.transaction(['visits', 'sites'], 'readwrite');
      return writeAll(tx, async () => {
        if (host === undefined) {
          track(tx.objectStore('visits').clear());
          track(tx.objectStore('sites').clear());
          return;
        }
        for (const url of await tx.objectStore('visits').index('host-checkedAt').getAllKeys(hostRange(host))) track(tx.objectStore('visits').delete(url));
        track(tx.objectStore('sites').delete(host));
      });
    });
  }

  /**
   * Removes visits older than the retention, if any. Best effort: a prune the disk refuses
   * leaves the record as it was, and what is read next still holds the old visits.
   */
  async prune(retention: Retention): Promise<number> {
    const cutoff = cutoffOf(retention);
    const old = await this.reading((db) => db.countFromIndex('visits', 'checkedAt', IDBKeyRange.upperBound(cutoff, true)));
    if (old === 0) return 0;
    try {
      return await this.writing((db) => {
        const tx = db.transaction(['visits', 'sites'], 'readwrite');
        return writeAll(tx, async () => {
          const tallies = tallyWrites(tx);
          const removed = await pruneIn(tx, tallies, cutoff);
          await tallies.flush(track);
          return removed;
        });
      });
    } catch {
      return 0;
    }
  }

  close(): void {
    this.closed = true;
    this.db?.close();
    this.db = null;
  }

  private open(): Promise<Db> {
    if (this.closed) return Promise.reject(new StorageError('The site record is closed.', 'closed'));
    if (this.db) return Promise.resolve(this.db);
    this.opening ??= openDB<SitesDB>(this.name, SITES_DB_VERSION, {
      upgrade(db) {
        const visits = db.createObjectStore('visits', { keyPath: 'url' });
        visits.createIndex('host-checkedAt', ['host', 'checkedAt']);
        visits.createIndex('checkedAt', 'checkedAt');
        db.createObjectStore('sites', { keyPath: 'host' });
      },
      blocked: ignore,
      // Another context upgrades or deletes the database: let go, and open again on the next call.
      blocking: () => this.drop(),
      terminated: () => {
        this.db = null;
      },
    }).then(
      (db) => {
        this.opening = null;
        if (this.closed) {
          db.close();
          throw new StorageError('The site record is closed.', 'closed');
        }
        this.db = db;
        return db;
      },
      (e: unknown) => {
        this.opening = null;
        throw new StorageError(`Could not open the site record (${reasonOf(e)})`, 'failed', { cause: e });
      },
    );
    return this.opening;
  }

  private async reading<T>(read: (db: Db) => Promise<T>): Promise<T> {
    try {
      return await read(await this.open());
    } catch (e) {
      if (e instanceof StorageError) throw e;
      throw new StorageError(`Could not read the site record (${reasonOf(e)})`, 'read', { cause: e });
    }
  }

  private async writing<T>(write: (db: Db) => Promise<T>): Promise<T> {
    try {
      return await write(await this.open());
    } catch (e) {
      const told = siteWriteError(e);
      // Firefox refuses every later write on a connection that hit the quota: open another.
      if (told.kind === 'quota' || errorName(told.cause) === 'InvalidStateError') this.drop();
      throw told;
    }
  }

  private drop(): void {
    this.db?.close();
    this.db = null;
  }
}

function siteWriteError(e: unknown): StorageError {
  if (e instanceof StorageError) return e;
  const name = errorName(e);
  if (name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED') {
    return new StorageError('Not enough storage space to update the site record; it is unchanged. Free some disk space.', 'quota', { cause: e });
  }
  return new StorageError(`Could not update the site record; it is unchanged (${reasonOf(e)})`, 'failed', { cause: e });
}

function tallyWrites(tx: WriteTx): TallyWrites {
  const sites = tx.objectStore('sites');
  const byHost = tx.objectStore('visits').index('host-checkedAt');
  return new TallyWrites({
    get: (host) => sites.get(host),
    put: (tally) => sites.put(tally),
    delete: (host) => sites.delete(host),
    async bounds(host) {
      const first = await byHost.openKeyCursor(hostRange(host), 'next');
      if (!first) return undefined;
      const last = await byHost.openKeyCursor(hostRange(host), 'prev');
      return { first: first.key[1], last: (last ?? first).key[1] };
    },
  });
}

/** Deletes the visits checked before `cutoff`, taking them off their sites' totals; how many. */
async function pruneIn(tx: WriteTx, tallies: TallyWrites, cutoff: number): Promise<number> {
  let removed = 0;
  let cursor = await tx.objectStore('visits').index('checkedAt').openCursor(IDBKeyRange.upperBound(cutoff, true));
  while (cursor) {
    await tallies.remove(cursor.value);
    track(cursor.delete());
    removed++;
    cursor = await cursor.continue();
  }
  return removed;
}

export { emptyTally, summaryOfTally };
