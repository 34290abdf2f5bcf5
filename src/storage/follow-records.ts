/**
 * The records of the follow's queue (schema.ts FollowRecord) and the one way they change:
 * `FollowWrites`, bound to a transaction, puts each entry in place of the one it replaces and
 * moves the running totals (schema.ts FOLLOW_COUNTS_KEY) by the difference, writing them once
 * at the end of the same transaction. Every write of `follow` goes through it, so the totals
 * always equal what the entries say, and `counts()` is one read however long the queue is.
 *
 * Measured (fake-indexeddb 6.2.8, Node 22.23, a shared 2-core EPYC; 100,000 entries, 40,000
 * of them holding stories): `counts()` reads the totals in ~0.3 ms, where counting the
 * `by-state` index once per state and summing the bytes over `by-published` takes ~1.6–1.8 s.
 * Enqueuing one sitemap's 50,000 new URLs takes ~3.5 s, in one transaction; `nextDue` ~50 ms.
 * (`npx tsx bench/follow-counts.ts` prints these.)
 *
 * What a stored story costs (`storedBytesOf`): its compressed text as stored; its id, title,
 * URL and date, held by the article record, by its summary and (the id) by the index
 * snapshot, counted at 1 byte a character as V8 serialises ASCII strings, plus the title's
 * sort key in the summary; its band keys in the index, charged at 7 bytes a band (a 4-byte key
 * and a 3-byte article number, as a shard holds them unpacked; packed they take about 4.3,
 * core/index/shard-codec.ts, so the charge errs high); and RECORD_OVERHEAD for the
 * fixed fields (the content hash twice, dates and counts, the records' own framing). The
 * browser's files take more than the records: in Chromium, IndexedDB grows by two to two and
 * a half times these records' bytes for each story a backfill adds (bench/results.json
 * `browser.follow.story.bytes`, whose note gives each run, against what the records come to;
 * LevelDB keeps rewritten index snapshots until it compacts), so a story is charged
 * ON_DISK_FACTOR times its records, the high end, and a budget of 1 GB is at most about 1 GB
 * of the reader's disk.
 */

import type { IDBPTransaction } from 'idb';
import type { FollowCounts, QueueEntry } from '../core/follow/types';
import { track } from './connection';
import type { StoredArticleRecord } from './records';
import { FOLLOW_COUNTS_KEY, type FollowRecord, type WirecheckDB } from './schema';

/** A transaction that writes the queue: `follow` and `meta`, and possibly more. */
export type FollowTx = IDBPTransaction<WirecheckDB, ['follow', 'meta'], 'readwrite'>;

/** Any readwrite transaction over `follow` and `meta` (idb's types do not relate store lists). */
export function followTx(tx: unknown): FollowTx {
  return tx as FollowTx;
}

export const NO_COUNTS: Readonly<FollowCounts> = { queued: 0, added: 0, skipped: 0, failed: 0, evicted: 0, bytes: 0 };

const STATES = ['queued', 'added', 'skipped', 'failed', 'evicted'] as const satisfies readonly QueueEntry['state'][];

/** The totals a `meta` record holds; none, or anything malformed, reads as zeros. */
export function countsOf(value: unknown): FollowCounts {
  const counts = { ...NO_COUNTS };
  if (!value || typeof value !== 'object') return counts;
  for (const key of [...STATES, 'bytes'] as const) {
    const v = (value as Record<string, unknown>)[key];
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0) counts[key] = v;
  }
  return counts;
}

/** The fields of a QueueEntry, in order, and nothing else. */
const ENTRY_FIELDS = ['url', 'lastmod', 'state', 'attempts', 'notBefore', 'reason', 'articleId', 'published', 'bytes', 'settledAt'] as const satisfies readonly (keyof QueueEntry)[];

/** The entry as `follow` stores it: undefined fields left out, and `due` on a queued one. */
export function toRecord(entry: QueueEntry): FollowRecord {
  const record: Record<string, unknown> = {};
  for (const key of ENTRY_FIELDS) if (entry[key] !== undefined) record[key] = entry[key];
  if (entry.state === 'queued') record.due = entry.notBefore ?? 0;
  return record as unknown as FollowRecord;
}

/** The entry a stored record is. */
export function toEntry(record: FollowRecord): QueueEntry {
  const { due: _due, ...entry } = record;
  return entry;
}

/** The entry without its stored story: `published` and `bytes` go together (schema.ts FollowRecord). */
export function withoutStory(entry: QueueEntry): QueueEntry {
  const { published: _p, bytes: _b, ...rest } = entry;
  return rest;
}

/**
 * True when `next` is a later lastmod than `previous`: both given, compared as dates when
 * both parse (sitemaps mix time zones), else as text. A lastmod that appears where there was
 * none is not later: nothing says the page changed.
 */
export function isLater(next: string, previous: string): boolean {
  if (!next || !previous) return false;
  const a = Date.parse(next);
  const b = Date.parse(previous);
  if (Number.isFinite(a) && Number.isFinite(b)) return a > b;
  return next > previous;
}

/** Fixed fields of an article, its summary and their framing, in bytes (see the note above). */
const RECORD_OVERHEAD = 160;
/** Bytes a band is charged in the index: a 4-byte key and a 3-byte article number, unpacked. */
const INDEX_BYTES_PER_BAND = 7;

/** The browser's files over the records' bytes, as measured in Chromium (see the note above). */
export const ON_DISK_FACTOR = 2.4;

/** What a stored article costs on disk, in bytes (see the note above). */
export function storedBytesOf(record: StoredArticleRecord, bands: number): number {
  const text = record.textz instanceof Uint8Array ? record.textz.byteLength : (record.text?.length ?? 0);
  const strings = record.id.length + record.title.length + record.url.length + record.published.length;
  const records = text + 2 * strings + record.title.length + record.id.length + bands * INDEX_BYTES_PER_BAND + RECORD_OVERHEAD;
  return Math.round(records * ON_DISK_FACTOR);
}

/** Writes of the queue in one transaction, with the totals kept in step. */
export class FollowWrites {
  private dirty = false;

  private constructor(
    private readonly tx: FollowTx,
    private readonly totals: FollowCounts,
  ) {}

  /** Reads the totals first: every later `put` moves them. */
  static async open(tx: FollowTx): Promise<FollowWrites> {
    return new FollowWrites(tx, countsOf((await tx.objectStore('meta').get(FOLLOW_COUNTS_KEY))?.value));
  }

  get(url: string): Promise<FollowRecord | undefined> {
    return this.tx.objectStore('follow').get(url);
  }

  /** Every entry whose story is stored under this corpus id. */
  byArticle(id: string): Promise<FollowRecord[]> {
    return this.tx.objectStore('follow').index('by-article').getAll(id);
  }

  /** Puts `next` in place of `old` (the stored record of the same URL, or undefined) and counts the difference. */
  put(old: QueueEntry | undefined, next: QueueEntry): void {
    if (old) this.count(old, -1);
    this.count(next, 1);
    track(this.tx.objectStore('follow').put(toRecord(next)));
  }

  /** Writes the totals, if anything changed; the last request of the transaction's queue work. */
  finish(): void {
    if (this.dirty) track(this.tx.objectStore('meta').put({ key: FOLLOW_COUNTS_KEY, value: { ...this.totals } }));
  }

  private count(entry: QueueEntry, sign: 1 | -1): void {
    this.totals[entry.state] += sign;
    this.totals.bytes += sign * (entry.bytes ?? 0);
    this.dirty = true;
  }
}
