/**
 * The one way the corpus changes: `commitChange(store, plan)`. Importing articles, importing
 * a pack, deleting, committing a staged import, and a followed story stored or evicted with
 * its queue entry (follow-store.ts) are each a plan (what to read, what to write) handed to it.
 *
 * Every change is all or nothing. The costly work (fingerprinting, compressing) is done
 * before, outside any transaction: awaiting anything but an IndexedDB request inside a
 * transaction lets it commit itself half done. The plan says what changes in the index (the
 * added articles as a small index of their own, the deleted ids), and articles, summaries,
 * the index shards those articles touch, the index directory and a bumped `meta.generation`
 * are written in ONE readwrite transaction (index-shards.ts). Any failure, an abort signal
 * included, aborts that transaction, so the corpus on disk is never half changed, and the
 * index and table in memory follow only a change that committed.
 *
 * Several contexts write to the same database (the options page imports, the service worker
 * captures pages and repairs the snapshot), so writes are optimistic: a plan is made against
 * the index of generation G, and the transaction reads the generation first; if it is no
 * longer G, another context committed in between, the transaction is aborted with nothing
 * written and the plan is made again on the fresh index, at most MAX_COMMIT_ATTEMPTS times.
 * Fingerprints do not depend on the corpus, so a retry redoes only the cheap part.
 */

import type { IDBPTransaction } from 'idb';
import type { ShardDirectory } from '../core/index/shards';
import { ignore, track, watchWrite } from './connection';
import type { StoreContext } from './context';
import { type Failure, StorageError, keptChanging } from './errors';
import type { Loaded } from './index-cache';
import { type IndexChange, type IndexTx, writeIndexChange } from './index-shards';
import { type CommittedRecord, type StoredSummary, summaryOf } from './records';
import { COMMIT_STORES, CORPUS_STORES, FOLLOW_COMMIT_STORES, GENERATION_KEY, SNAPSHOT_KEY, SUMMARIES_KEY, type WirecheckDB, generationOf } from './schema';
import type { SummaryTable } from './summaries';
import type { TableChange } from './table-cache';

/** Commit attempts before a change gives up on a corpus that keeps changing. */
const MAX_COMMIT_ATTEMPTS = 5;

/** The corpus stores alone, with a staged import's journal and chunks, or with the follow's queue (schema.ts). */
export type CommitStores = typeof CORPUS_STORES | typeof COMMIT_STORES | typeof FOLLOW_COMMIT_STORES;

export type CommitTx<S extends CommitStores> = IDBPTransaction<WirecheckDB, S, 'readwrite'>;

/** What a plan that needs the table is made against: the index and the table of one generation. */
export interface TableBase extends Loaded {
  table: SummaryTable;
}

/** What one attempt writes. */
export interface Change<R, S extends CommitStores> {
  /** What changes in the index; written in the same transaction. */
  index: IndexChange;
  /** Inside the transaction, once the generation is found unchanged; throwing gives up with nothing written. */
  check?: (tx: CommitTx<S>) => Promise<void>;
  /** Issues the change's requests (each through `track`); may await reads of the same transaction. */
  write: (tx: CommitTx<S>) => void | Promise<void>;
  /** What the write does to the table in memory, read once the transaction has committed. */
  table: TableChange;
  result: R;
}

/** A plan that found nothing to write: its result, with no transaction and no generation bump. */
export interface NothingToWrite<R> {
  result: R;
  write?: undefined;
}

type Planned<R, S extends CommitStores> = Change<R, S> | NothingToWrite<R>;

interface CommitOptions<S extends CommitStores, P> {
  /** The stores the transaction spans. */
  stores: S;
  /** Aborting rejects with the signal's reason and writes nothing. */
  signal?: AbortSignal;
  /** How a failure is told to the reader ("Import failed; …", "Delete failed; …"). */
  failure: Failure;
  /**
   * Work done once, before the first plan and outside any transaction: fingerprinting,
   * compressing. The first attempt's index is read before it, so that a change another
   * context commits meanwhile is planned against again, and counted in `commitAttempts`.
   */
  prepare?: () => Promise<P>;
}

/**
 * What to read and what to write: `plan` against the index alone, or `planWithTable` against
 * the index and the table in memory (every summary) of the same generation.
 */
export type CommitPlan<R, S extends CommitStores, P> = CommitOptions<S, P> &
  (
    | { plan(base: Loaded, prepared: P): Promise<Planned<R, S>>; planWithTable?: undefined }
    | { planWithTable(base: TableBase, prepared: P): Promise<Planned<R, S>>; plan?: undefined }
  );

/**
 * Plans and writes a change, again while other writers keep committing first; returns the
 * plan's result. Every failure is told as the plan's `failure`, but an abort, which rejects
 * with the signal's reason.
 */
export async function commitChange<R, S extends CommitStores, P = undefined>(store: StoreContext, plan: CommitPlan<R, S, P>): Promise<R> {
  try {
    return await commitAttempts(store, plan);
  } catch (e) {
    if (plan.signal?.aborted) throw plan.signal.reason;
    const told = plan.failure.told(e);
    store.connection.reopenAfter(told);
    throw told;
  }
}

async function commitAttempts<R, S extends CommitStores, P>(store: StoreContext, plan: CommitPlan<R, S, P>): Promise<R> {
  let first = plan.prepare ? await store.index.current() : undefined;
  const prepared = (plan.prepare ? await plan.prepare() : undefined) as P;
  for (let attempt = 1; attempt <= MAX_COMMIT_ATTEMPTS; attempt++) {
    store.commitAttempts = attempt;
    const base = first ?? (await store.index.current());
    first = undefined;
    const change = await planOn(store, plan, base, prepared);
    if (change === null) continue; // changed while the table loaded: plan again
    if (!change.write) return change.result;
    const written = await writeIfUnchanged(store, plan.stores, plan.signal, base, change);
    if (written === null) continue; // another writer committed first: plan again on its index
    const { generation, directory } = written;
    store.index.remember(store.index.loaded(directory, generation));
    store.tables.committed(base.generation, generation, change.table);
    return change.result;
  }
  throw keptChanging(plan.failure.action);
}

/** The plan's change against `base`; null when the table in memory is of another generation. */
async function planOn<R, S extends CommitStores, P>(store: StoreContext, plan: CommitPlan<R, S, P>, base: Loaded, prepared: P): Promise<Planned<R, S> | null> {
  if (!plan.planWithTable) return plan.plan(base, prepared);
  const table = await store.tables.load();
  return table.generation === base.generation ? plan.planWithTable({ ...base, table }, prepared) : null;
}

/**
 * Writes `change` in one transaction if the corpus is still at generation `expected`; returns
 * the new generation, or null when another writer got there first (the transaction is
 * aborted, nothing written). Success or failure is read from the transaction (`watchWrite`).
 */
async function writeIfUnchanged<R, S extends CommitStores>(store: StoreContext, stores: S, signal: AbortSignal | undefined, base: Loaded, change: Change<R, S>): Promise<{ generation: number; directory: ShardDirectory } | null> {
  const expected = base.generation;
  signal?.throwIfAborted();
  const db = await store.connection.open();
  const tx = db.transaction(stores, 'readwrite');
  const { done, failed } = watchWrite(tx);
  try {
    const generation = generationOf(await corpusStores(tx).objectStore('meta').get(GENERATION_KEY));
    signal?.throwIfAborted();
    if (generation !== expected) {
      tx.abort();
      await done.catch(ignore);
      return null;
    }
    await change.check?.(tx);
    await change.write(tx);
    const directory = await writeIndexChange(tx as unknown as IndexTx, base.index.directory, change.index);
    signal?.throwIfAborted();
    writeCommitMarks(corpusStores(tx), generation + 1, directory);
    await done;
    return { generation: generation + 1, directory };
  } catch (e) {
    // A StorageError of ours (a part of an import missing) says more than the transaction's reason.
    throw await failed(e, (x) => x instanceof StorageError);
  }
}

/**
 * The last writes of every commit: the index directory, the generation it belongs to, and
 * the summaries marker (schema.ts SUMMARIES_KEY), so a reader never sees one without the others.
 */
function writeCommitMarks(tx: CommitTx<typeof CORPUS_STORES>, generation: number, directory: ShardDirectory): void {
  track(tx.objectStore('snapshots').put({ key: SNAPSHOT_KEY, generation, directory }));
  track(tx.objectStore('meta').put({ key: GENERATION_KEY, value: generation }));
  track(tx.objectStore('meta').put({ key: SUMMARIES_KEY, value: generation }));
}

/** Every commit's transaction holds the corpus stores; idb's types do not relate the store lists. */
function corpusStores<S extends CommitStores>(tx: CommitTx<S>): CommitTx<typeof CORPUS_STORES> {
  return tx as unknown as CommitTx<typeof CORPUS_STORES>;
}

/**
 * Puts articles and their summaries in a commit's transaction. Each put returns the summary,
 * for the table in memory.
 */
export function articlePuts<S extends CommitStores>(tx: CommitTx<S>): (record: CommittedRecord) => StoredSummary {
  const articles = corpusStores(tx).objectStore('articles');
  const summaries = corpusStores(tx).objectStore('summaries');
  return (record) => {
    const summary = summaryOf(record, record.contentHash);
    track(articles.put(record));
    track(summaries.put(summary));
    return summary;
  };
}

/** What `puttingArticles` writes. */
export interface ArticleWrites<R, S extends CommitStores> {
  /** What changes in the index. */
  index: IndexChange;
  /** Put (added or replaced), iterated once, as the transaction writes them. */
  records: Iterable<CommittedRecord>;
  /** Deleted, with their summaries; ids not stored must not be here. */
  remove?: readonly string[];
  /** Whatever else the change writes, after the articles, in the same transaction; may read it. */
  also?: (tx: CommitTx<S>) => void | Promise<void>;
  result: R;
}

/** A change that puts articles and their summaries, deletes others, and writes whatever else `also` writes. */
export function puttingArticles<R, S extends CommitStores>(change: ArticleWrites<R, S>): Change<R, S> {
  const put: StoredSummary[] = [];
  const remove = change.remove ?? [];
  const write = async (tx: CommitTx<S>) => {
    const corpus = corpusStores(tx);
    for (const id of remove) {
      track(corpus.objectStore('articles').delete(id));
      track(corpus.objectStore('summaries').delete(id));
    }
    const putArticle = articlePuts(tx);
    for (const record of change.records) put.push(putArticle(record));
    await change.also?.(tx);
  };
  return { index: change.index, write, table: { put, remove }, result: change.result };
}
