/**
 * The corpus index in IndexedDB, in shards (core/index/shards.ts): `indexShards` holds the
 * shards, `indexIds` one record per article number (its id, and an index by id for deletes),
 * and `snapshots` the directory under SNAPSHOT_KEY, tagged with the generation it reflects.
 *
 * Every write happens inside a commit's transaction (commit.ts), with the change it indexes:
 *
 * - A change adds articles as a small index of their own (`CorpusIndex`, numbered from 0):
 *   each band's run of it is cut by key prefix and merged into the shards those prefixes
 *   name, which are read (the whole band in one range when the change touches many of its
 *   shards), merged and written back; no other shard is touched. A deleted or
 *   replaced article gets its bit in the directory, and its entries go when their shard is
 *   next rewritten.
 * - When the corpus has grown or shrunk 4× since its layout was made, or deleted numbers
 *   outnumber live ones, the change writes a new layout: each band's shards are read in one
 *   range, merged with the change's run, cut again and written under the next layout number,
 *   and the old layout is deleted by one key range. Deleted numbers are then dropped and the
 *   live ones renumbered in order.
 * - A whole index (a rebuild from the texts, a pack into an empty corpus) is written as a new
 *   layout from its sorted tables, one band at a time.
 *
 * Every shard of a layout is written, empty ones included, so a missing shard is damage.
 */

import type { IDBPTransaction } from 'idb';
import type { FingerprintParams } from '../core/fingerprint/minhash';
import type { CorpusIndex } from '../core/index/corpus-index';
import { type ShardSource, ShardedIndex } from '../core/index/sharded-index';
import {
  type BandRun,
  type PackedShard,
  type Shard,
  type ShardDirectory,
  type ShardRecord,
  type StoredDocId,
  MAX_SHARDED_ARTICLES,
  bandsOf,
  bitsetBytes,
  cutByPrefix,
  docIdCheck,
  layoutRange,
  makeDirectory,
  makeShard,
  mergeRuns,
  needsRelayout,
  prefixBitsFor,
  shardKey,
  verifyShard,
} from '../core/index/shards';
import { SnapshotError } from '../core/index/snapshot';
import type { Connection } from './connection';
import { StorageError } from './errors';
import type { WirecheckDB } from './schema';

type IndexStores = 'indexShards' | 'indexIds';
/** Any transaction that can write the index's stores. */
export type IndexTx = IDBPTransaction<WirecheckDB, IndexStores[], 'readwrite' | 'versionchange'>;

/** What one commit does to the index. */
export interface IndexChange {
  /** Articles added or replaced, as an index of their own. */
  add?: CorpusIndex;
  /** Ids deleted (ids not indexed are ignored). */
  remove?: readonly string[];
  /**
   * The added ids the index may already hold (updated articles); the others are new and are
   * not looked up. Absent: every added id is looked up.
   */
  replaces?: readonly string[];
  /** `add` is the whole index: it replaces what the stores hold (a pack into an empty corpus). */
  whole?: boolean;
}

/** connection.ts's `track`, here too: schema.ts's upgrade imports this file, and connection.ts imports schema.ts. */
function track(request: Promise<unknown>): void {
  void request.catch(() => undefined);
}

const EMPTY_RUN: BandRun = { keys: new Uint32Array(0), docs: new Uint8Array(0), offset: 0 };

/** Where a whole index's records go: the stores of a transaction, or memory. */
interface IndexSink {
  shard(shard: PackedShard): void;
  id(record: StoredDocId): void;
}

/** Writes a whole index as a new layout, replacing whatever the stores held; returns its directory. */
export async function writeWholeIndex(tx: IndexTx, index: CorpusIndex, previousLayout: number): Promise<ShardDirectory> {
  const shards = tx.objectStore('indexShards');
  const ids = tx.objectStore('indexIds');
  track(shards.clear());
  track(ids.clear());
  return wholeIndex(index, previousLayout + 1, { shard: (r) => track(shards.put(r)), id: (r) => track(ids.put(r)) });
}

function wholeIndex(index: CorpusIndex, layout: number, sink: IndexSink): ShardDirectory {
  const prefixBits = prefixBitsFor(index.size);
  for (let b = 0; b < bandsOf(index.params); b++) {
    const run = index.bandRun(b);
    writeBand(sink.shard, layout, prefixBits, b, [{ ...run, offset: 0 }]);
  }
  for (let d = 0; d < index.size; d++) {
    const id = index.idAt(d);
    sink.id({ doc: d, id, check: docIdCheck(d, id) });
  }
  return makeDirectory({ params: index.params, layout, prefixBits, docs: index.size, live: index.size, deleted: new Uint8Array(bitsetBytes(index.size)) });
}

/**
 * An index held in memory in the same shards, for when the rebuilt one cannot be saved (a
 * full disk): checks go on, and the next load rebuilds it again.
 */
export function memoryIndex(index: CorpusIndex): ShardedIndex {
  const shards = new Map<number, ShardRecord>();
  const byDoc = new Map<number, StoredDocId>();
  const byId = new Map<string, number>();
  const directory = wholeIndex(index, 1, {
    shard: (r) => shards.set(r.key, r),
    id: (r) => {
      byDoc.set(r.doc, r);
      byId.set(r.id, r.doc);
    },
  });
  return new ShardedIndex(directory, {
    shards: async (keys) => keys.map((k) => shards.get(k)),
    docIds: async (docs) => docs.map((d) => byDoc.get(d)),
    docNumbers: async (ids) => ids.map((id) => byId.get(id)),
  });
}

/** The directory of an empty corpus, before anything was written. */
export function emptyDirectory(params: FingerprintParams): ShardDirectory {
  return makeDirectory({ params, layout: 0, prefixBits: 0, docs: 0, live: 0, deleted: new Uint8Array(0) });
}

/** Applies `change` to the index of `dir` in the commit's transaction; returns the new directory. */
export async function writeIndexChange(tx: IndexTx, dir: ShardDirectory, change: IndexChange): Promise<ShardDirectory> {
  const add = change.add;
  if (change.whole && add) return writeWholeIndex(tx, add, dir.layout);
  const adding = add?.size ?? 0;
  const ids = tx.objectStore('indexIds');
  const docs = dir.docs + adding;
  if (docs > MAX_SHARDED_ARTICLES) throw new StorageError(`an index holds at most ${MAX_SHARDED_ARTICLES} articles`, 'invalid');
  const deleted = new Uint8Array(bitsetBytes(docs));
  deleted.set(dir.deleted);
  let live = dir.live;
  // Deleted ids, and added ids that replace an article: their old numbers are marked deleted.
  const gone = new Set(change.remove ?? []);
  if (change.replaces) for (const id of change.replaces) gone.add(id);
  else for (let d = 0; d < adding; d++) gone.add(add!.idAt(d));
  const byId = ids.index('by-id');
  const numbers = await Promise.all([...gone].map((id) => byId.getKey(id)));
  for (const doc of numbers) {
    if (doc === undefined) continue;
    deleted[doc >>> 3] = deleted[doc >>> 3]! | (1 << (doc & 7));
    live--;
    track(ids.delete(doc));
  }
  for (let d = 0; d < adding; d++) {
    const id = add!.idAt(d);
    track(ids.put({ doc: dir.docs + d, id, check: docIdCheck(dir.docs + d, id) }));
  }
  live += adding;
  const runOf = (b: number): BandRun => (add ? { ...add.bandRun(b), offset: dir.docs } : EMPTY_RUN);
  if (dir.layout === 0 || needsRelayout(dir.prefixBits, live, docs)) return relayout(tx, dir, { docs, live, deleted }, runOf);
  for (let b = 0; b < bandsOf(dir.params); b++) {
    const run = runOf(b);
    if (run.keys.length > 0) await mergeIntoShards(tx, dir, b, run, deleted);
  }
  return makeDirectory({ params: dir.params, layout: dir.layout, prefixBits: dir.prefixBits, docs, live, deleted });
}

/** A shard read back to be rewritten, unpacked; one missing or damaged fails the change (a check then rebuilds the index). */
function storedShard(record: ShardRecord | undefined, key: number, docs: number): Shard {
  try {
    return verifyShard(record, key, docs);
  } catch (e) {
    if (e instanceof SnapshotError) throw new StorageError(`${e.message}; the index will be rebuilt from the texts`, 'failed');
    throw e;
  }
}

/**
 * A merge that touches at least 1 in WHOLE_BAND_READ of a band's shards reads the whole band in
 * one getAll instead of one get per shard: a request costs ~40 µs in a database of 100,000
 * articles and ~150 µs at a million, a shard's bytes ~6–17 µs more, so past about one shard in
 * eight the range should be the cheaper read (a 100,000-article import into a corpus that size
 * touches nearly every shard). Measured, the gain is not clear: importing 100,000 articles into
 * 100,000 and into 200,000 took 66 s and 112 s with it, 62 s and 117 s without; at 700,000 to
 * 900,000 a part took 125–139 s with it and 181–198 s without, in two runs on a loaded machine.
 */
const WHOLE_BAND_READ = 8;

/** Merges one band's added run into the shards its prefixes fall into. */
async function mergeIntoShards(tx: IndexTx, dir: ShardDirectory, b: number, run: BandRun, deleted: Uint8Array): Promise<void> {
  const store = tx.objectStore('indexShards');
  const parts: { key: number; from: number; to: number }[] = [];
  cutByPrefix(run.keys, dir.prefixBits, (prefix, from, to) => parts.push({ key: shardKey(dir.layout, shardNumber(dir.prefixBits, b, prefix)), from, to }));
  const span = 2 ** dir.prefixBits;
  let old: (ShardRecord | undefined)[];
  if (parts.length * WHOLE_BAND_READ >= span) {
    const first = shardKey(dir.layout, shardNumber(dir.prefixBits, b, 0));
    const band = new Map((await store.getAll(IDBKeyRange.bound(first, first + span, false, true))).map((r) => [r.key, r]));
    old = parts.map((p) => band.get(p.key));
  } else {
    old = await Promise.all(parts.map((p) => store.get(p.key)));
  }
  parts.forEach((p, i) => {
    const shard = storedShard(old[i], p.key, dir.docs);
    const merged = mergeRuns([{ keys: shard.keys, docs: shard.docs, offset: 0 }, { keys: run.keys.subarray(p.from, p.to), docs: run.docs.subarray(p.from * 3, p.to * 3), offset: run.offset }], deleted);
    track(store.put(makeShard(p.key, merged.keys, merged.docs)));
  });
}

/**
 * A new layout for `next`: each band's old shards (one range read) merged with the added run,
 * deleted entries dropped, live numbers renumbered in order, cut by the new prefix width.
 */
async function relayout(tx: IndexTx, dir: ShardDirectory, next: { docs: number; live: number; deleted: Uint8Array }, runOf: (b: number) => BandRun): Promise<ShardDirectory> {
  const layout = dir.layout + 1;
  const prefixBits = prefixBitsFor(next.live);
  const renumber = new Int32Array(next.docs);
  let live = 0;
  for (let d = 0; d < next.docs; d++) renumber[d] = (next.deleted[d >>> 3]! & (1 << (d & 7))) !== 0 ? -1 : live++;
  const shards = tx.objectStore('indexShards');
  const [oldFrom] = layoutRange(dir.layout);
  const oldSpan = dir.layout === 0 ? 0 : 2 ** dir.prefixBits;
  for (let b = 0; b < bandsOf(dir.params); b++) {
    const old = oldSpan === 0 ? [] : await shards.getAll(IDBKeyRange.bound(oldFrom + b * oldSpan, oldFrom + (b + 1) * oldSpan, false, true));
    if (old.length !== oldSpan) throw new StorageError(`the index is missing shards of band ${b}; it will be rebuilt from the texts`, 'failed');
    const runs: BandRun[] = old.map((s, i) => ({ ...storedShard(s, oldFrom + b * oldSpan + i, dir.docs), offset: 0 }));
    runs.push(runOf(b));
    writeBand((r) => track(shards.put(r)), layout, prefixBits, b, [concatRuns(runs)], renumber);
  }
  if (dir.layout !== 0) track(shards.delete(IDBKeyRange.bound(...layoutRange(dir.layout), false, true)));
  await renumberIds(tx, renumber);
  return makeDirectory({ params: dir.params, layout, prefixBits, docs: live, live, deleted: new Uint8Array(bitsetBytes(live)) });
}

/** Rewrites `indexIds` under the new numbers: ascending, so a record is never overwritten before it is read. */
async function renumberIds(tx: IndexTx, renumber: Int32Array): Promise<void> {
  const ids = tx.objectStore('indexIds');
  for (let cursor = await ids.openCursor(); cursor; cursor = await cursor.continue()) {
    const { doc, id } = cursor.value;
    const to = doc < renumber.length ? renumber[doc]! : -1;
    if (to === doc) continue;
    track(cursor.delete());
    if (to >= 0) track(ids.put({ doc: to, id, check: docIdCheck(to, id) }));
  }
}

/**
 * Old shards of one band, in prefix order, are one sorted run; the added run is another. The
 * two are merged once (mergeRuns) rather than shard by shard.
 */
function concatRuns(runs: readonly BandRun[]): BandRun {
  const olds = runs.slice(0, -1);
  const added = runs[runs.length - 1]!;
  let total = 0;
  for (const r of olds) total += r.keys.length;
  const keys = new Uint32Array(total);
  const docs = new Uint8Array(total * 3);
  let at = 0;
  for (const r of olds) {
    keys.set(r.keys, at);
    docs.set(r.docs.subarray(0, r.keys.length * 3), at * 3);
    at += r.keys.length;
  }
  return mergeRunsToRun([{ keys, docs, offset: 0 }, added]);
}

function mergeRunsToRun(runs: BandRun[]): BandRun {
  if (runs[1]!.keys.length === 0) return runs[0]!;
  const merged = mergeRuns(runs);
  return { keys: merged.keys, docs: merged.docs, offset: 0 };
}

/** Writes band `b` of a layout: every shard of it, empty ones included. */
function writeBand(write: (shard: PackedShard) => void, layout: number, prefixBits: number, b: number, runs: BandRun[], renumber?: Int32Array): void {
  const run = runs.length === 1 && !renumber && runs[0]!.offset === 0 ? runs[0]! : { ...mergeRuns(runs, undefined, renumber), offset: 0 };
  let next = 0;
  const span = 2 ** prefixBits;
  const put = (prefix: number, from: number, to: number) => {
    const keys = run.keys.slice(from, to);
    const docs = new Uint8Array(((to - from) * 3 + 3) & ~3);
    docs.set(run.docs.subarray(from * 3, to * 3));
    write(makeShard(shardKey(layout, shardNumber(prefixBits, b, prefix)), keys, docs));
  };
  cutByPrefix(run.keys, prefixBits, (prefix, from, to) => {
    for (; next < prefix; next++) put(next, 0, 0);
    put(prefix, from, to);
    next = prefix + 1;
  });
  for (; next < span; next++) put(next, 0, 0);
}

const shardNumber = (prefixBits: number, b: number, prefix: number) => b * 2 ** prefixBits + prefix;

/** Reads shards and ids for queries, each batch in one transaction that also checks the generation. */
export function shardSource(connection: Connection, generation: number, readGeneration: (tx: IDBPTransaction<WirecheckDB, ('meta' | IndexStores)[], 'readonly'>) => Promise<number>): ShardSource {
  const read = async <T>(store: IndexStores, keys: readonly number[]): Promise<(T | undefined)[]> => {
    const db = await connection.open();
    const tx = db.transaction(['meta', store]);
    const [now, ...records] = await Promise.all([readGeneration(tx), ...keys.map((k) => tx.objectStore(store).get(k))]);
    if (now !== generation) throw new IndexMovedError();
    return records as (T | undefined)[];
  };
  return {
    shards: (keys) => read<ShardRecord>('indexShards', keys),
    docIds: (docs) => read('indexIds', docs),
    docNumbers: async (ids) => {
      const db = await connection.open();
      const byId = db.transaction('indexIds').store.index('by-id');
      return Promise.all(ids.map((id) => byId.getKey(id)));
    },
  };
}

/** The corpus changed while a query read its shards: load the index again and ask again. */
export class IndexMovedError extends Error {
  constructor() {
    super('the corpus changed during the check');
    this.name = 'IndexMovedError';
  }
}
