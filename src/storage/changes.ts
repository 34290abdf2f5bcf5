/**
 * The changes that arrive whole: articles held in memory (a captured page, "add page", the
 * sample corpus), a corpus pack, and deletes. Each does what costs CPU outside any
 * transaction, then hands a plan to `commitChange` (commit.ts), which writes it in one
 * transaction and plans again when another context committed first. Big imports of files go
 * through staged-import.ts instead.
 *
 * An article the corpus already holds with the same content hash is left alone (nothing
 * written, and no generation bump when nothing else changes); one with other content
 * replaces it and keeps the date it was first added. Articles are validated before anything
 * is done: they come from files the reader picked.
 *
 * A change may carry writes of the follow's queue (follow-store.ts): `Alongside` names ids to
 * delete in the same change and what to write to `follow` in the same transaction, so a
 * followed story and its queue entry are stored, replaced or deleted together. A pack may name
 * ids to delete too (a delta pack's removals), committed with its articles.
 *
 * Measured (Node 22.23, fake-indexeddb 6.2.8, synthetic articles of ~1,060 words):
 * fingerprinting is nearly all of an import (5,000 articles: 6.5 s). A pack is stored with
 * nothing fingerprinted or compressed (`npx tsx bench/pack-import.ts`).
 */

import { paramsKey } from '../core/fingerprint/minhash';
import { CorpusIndex, type IndexEntry } from '../core/index/corpus-index';
import type { Pack } from '../core/pack/pack';
import type { Article } from '../core/types';
import { type Progress, textsCompressed } from './batches';
import { type CommitStores, type CommitTx, commitChange, puttingArticles } from './commit';
import { track } from './connection';
import type { StoreContext } from './context';
import { StorageError, deleteFailure, importFailure } from './errors';
import { type CommittedRecord, articleRecord, contentHashFor, contentHashOf } from './records';
import { CORPUS_STORES, FOLLOW_COMMIT_STORES, TEXTS_KEY } from './schema';
import { TEXT_CODEC } from './text-codec';

export interface ImportSummary {
  added: number;
  updated: number;
  unchanged: number;
  /** Articles deleted by the same change: present when the import was asked to remove some. */
  removed?: number;
}

/** The follow's writes, in the same transaction as a corpus change (follow-store.ts). */
export interface Alongside {
  /** Ids to delete in the same change (those not stored are ignored, as are ids the change writes). */
  remove?: readonly string[];
  /**
   * Issued after the corpus writes, in the same transaction (it may read them back). Not
   * called when the corpus has nothing to change: no transaction is made then.
   */
  write(tx: CommitTx<typeof FOLLOW_COMMIT_STORES>): void | Promise<void>;
}

/** The import's stores: the corpus, and the follow's queue when it writes alongside. */
function storesFor(along: Alongside | undefined): CommitStores {
  return along ? FOLLOW_COMMIT_STORES : CORPUS_STORES;
}

/** `along.write` typed for whichever transaction runs it: it only ever runs in a FOLLOW_COMMIT_STORES one. */
function alsoFor(along: Alongside | undefined) {
  return along && ((tx: CommitTx<CommitStores>) => along.write(tx as CommitTx<typeof FOLLOW_COMMIT_STORES>));
}

export interface ImportOptions {
  /** Aborting rejects with the signal's reason and leaves the corpus unchanged. */
  signal?: AbortSignal;
  /** Articles fingerprinted so far; called at 0, every ~50 articles, and at the end. */
  onProgress?: Progress;
}

/** Counts one incoming article against the corpus's copy; true when it is to be written. */
function counted(summary: ImportSummary, old: object | undefined, sameContent: boolean): boolean {
  if (old && sameContent) summary.unchanged++;
  else if (old) summary.updated++;
  else summary.added++;
  return !(old && sameContent);
}

export async function importArticles(store: StoreContext, articles: readonly Article[], opts: ImportOptions = {}, along?: Alongside): Promise<ImportSummary> {
  const { signal, onProgress } = opts;
  signal?.throwIfAborted();
  const incoming = validArticles(articles);
  if (incoming.length === 0) return { added: 0, updated: 0, unchanged: 0 };
  const written = new Set(incoming.map((a) => a.id));
  return commitChange(store, {
    stores: storesFor(along),
    signal,
    failure: importFailure(() => incoming.length),
    prepare: async () => ({
      fingerprints: await store.fingerprintAll(incoming, signal, onProgress),
      hashes: incoming.map(contentHashOf),
      // Compressed before any transaction opens (see text-codec.ts); an unchanged article's
      // compression is wasted, which costs less than a second pass.
      compressed: await textsCompressed(incoming, signal),
    }),
    plan: async (_base, { fingerprints, hashes, compressed }) => {
      const stored = await readStored(store, incoming.map((a) => a.id));
      const now = Date.now();
      const summary: ImportSummary = { added: 0, updated: 0, unchanged: 0 };
      const changed: { record: CommittedRecord; entry: IndexEntry }[] = [];
      const replaces: string[] = [];
      incoming.forEach((a, i) => {
        const old = stored[i];
        if (!counted(summary, old, old !== undefined && contentHashFor(old) === hashes[i])) return;
        const { bandKeys, wordCount } = fingerprints[i]!;
        const record = articleRecord(a, compressed[i]!, { contentHash: hashes[i]!, addedAt: old?.addedAt ?? now, wordCount });
        changed.push({ record, entry: { id: a.id, bandKeys } });
        if (old) replaces.push(a.id);
      });
      const remove = await storedIds(store, (along?.remove ?? []).filter((id) => !written.has(id)));
      if (changed.length === 0 && remove.length === 0) return { result: summary }; // nothing to write, and no generation to bump
      return puttingArticles({
        index: { add: CorpusIndex.build(store.params, changed.map((c) => c.entry)), remove, replaces },
        records: changed.map((c) => c.record),
        remove,
        also: alsoFor(along),
        result: summary,
      });
    },
  });
}

/**
 * A corpus pack (core/pack): its articles, band keys and compressed texts go to the corpus as
 * they are, in ONE transaction, with the ids in `remove` deleted in the same one (a delta
 * pack's removals; an id the pack also holds is kept, as the pack has it). Into an empty
 * corpus the pack's own index is used as it is; otherwise its band keys are merged into the
 * current index. The pack must come from `openPack(bytes, params)`, which has verified it.
 */
export async function importPack(store: StoreContext, pack: Pack, opts: Pick<ImportOptions, 'signal'> & { remove?: readonly string[] } = {}): Promise<ImportSummary> {
  const { signal } = opts;
  signal?.throwIfAborted();
  if (pack.params !== store.params && paramsKey(pack.params) !== store.paramsKey) {
    throw new StorageError('Import failed; your corpus is unchanged (the pack was made with other fingerprint parameters)', 'invalid');
  }
  const removing = validIds(opts.remove);
  const n = pack.articles.length;
  if (n === 0 && !removing) return { added: 0, updated: 0, unchanged: 0 };
  return commitChange(store, {
    stores: CORPUS_STORES,
    signal,
    failure: importFailure(() => n),
    planWithTable: async ({ index, table }) => {
      const now = Date.now();
      const summary: ImportSummary = { added: 0, updated: 0, unchanged: 0 };
      const changed: { i: number; addedAt: number }[] = [];
      const replaces: string[] = [];
      pack.articles.forEach((a, i) => {
        const old = table.get(a.id);
        if (!counted(summary, old, old?.contentHash === a.contentHash)) return;
        changed.push({ i, addedAt: old?.addedAt ?? now });
        if (old) replaces.push(a.id);
      });
      const inPack = removing ? new Set(pack.articles.map((a) => a.id)) : undefined;
      const remove = (removing ?? []).filter((id) => table.get(id) !== undefined && !inPack!.has(id));
      if (removing) summary.removed = remove.length;
      if (changed.length === 0 && remove.length === 0) return { result: summary };
      // Into an empty corpus the pack's own index is the whole index; otherwise the changed
      // articles' keys are merged into the shards they touch.
      const whole = index.size === 0 && changed.length === n;
      const add = whole || changed.length === n ? pack.index : CorpusIndex.build(store.params, changed.map(({ i }) => ({ id: pack.articles[i]!.id, bandKeys: pack.bandKeysOf(i) })));
      return puttingArticles({
        index: { add, remove, whole, replaces },
        records: packRecords(pack, changed),
        remove,
        also: (tx) => {
          // A pack of texts without the current dictionary: compressStoredTexts rewrites them.
          if (pack.textCodec !== TEXT_CODEC && changed.length > 0) track(tx.objectStore('meta').put({ key: TEXTS_KEY, value: 'plain' }));
        },
        result: summary,
      });
    },
  });
}

/** Deletes these articles (and writes `along`'s follow changes with them); returns how many existed. */
export async function deleteArticles(store: StoreContext, ids: readonly string[], along?: Alongside): Promise<number> {
  const wanted = [...new Set(ids)].filter((id) => typeof id === 'string');
  if (wanted.length === 0) return 0;
  return commitChange(store, {
    stores: storesFor(along),
    failure: deleteFailure,
    plan: async () => {
      const present = await storedIds(store, wanted);
      if (present.length === 0) return { result: 0 };
      return puttingArticles({ index: { remove: present }, records: [], remove: present, also: alsoFor(along), result: present.length });
    },
  });
}

/** Those of these ids the corpus holds, in order. */
async function storedIds(store: StoreContext, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const db = await store.connection.open();
  const tx = db.transaction('articles');
  const stored = await Promise.all(ids.map((id) => tx.store.getKey(id)));
  return ids.filter((_, i) => stored[i] !== undefined);
}

/** A list of ids to remove, deduplicated; undefined when none was given. */
function validIds(ids: readonly string[] | undefined): string[] | undefined {
  if (ids === undefined) return undefined;
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) {
    throw new StorageError('Import failed; your corpus is unchanged (the ids to remove are not a list of ids)', 'invalid');
  }
  return [...new Set(ids)];
}

/**
 * The records of these pack articles, made as the transaction writes them, so their texts are
 * not all held at once. `compressedText` returns a copy: a view into the pack would make
 * IndexedDB clone the whole pack's buffer into every record.
 */
function* packRecords(pack: Pack, changed: readonly { i: number; addedAt: number }[]): Generator<CommittedRecord> {
  for (const { i, addedAt } of changed) {
    const a = pack.articles[i]!;
    yield articleRecord(a, { textz: pack.compressedText(i), textCodec: pack.textCodec }, { contentHash: a.contentHash, addedAt, wordCount: a.wordCount });
  }
}

async function readStored(store: StoreContext, ids: readonly string[]) {
  const db = await store.connection.open();
  const tx = db.transaction('articles');
  return Promise.all(ids.map((id) => tx.store.get(id)));
}

/** Checks shape (imports come from files the reader picked) and keeps only Article fields. */
export function validArticles(input: readonly Article[]): Article[] {
  if (!Array.isArray(input)) throw new StorageError('Import failed; your corpus is unchanged (expected a list of articles)', 'invalid');
  const byId = new Map<string, Article>();
  input.forEach((a: unknown, i) => {
    const problem = articleProblem(a);
    if (problem) throw new StorageError(`Import failed; your corpus is unchanged (article ${i + 1} ${problem})`, 'invalid');
    const { id, title, url, published, text } = a as Article;
    byId.set(id, { id, title, url, published, text }); // a later duplicate id wins
  });
  return [...byId.values()];
}

function articleProblem(a: unknown): string | null {
  if (!a || typeof a !== 'object') return 'is not an article';
  const r = a as Record<string, unknown>;
  if (typeof r.id !== 'string' || r.id === '') return 'has no id';
  for (const field of ['title', 'url', 'published'] as const) {
    if (typeof r[field] !== 'string') return `(${r.id}) has no ${field}`;
  }
  // Empty texts would all share one fingerprint and land in one bucket.
  if (typeof r.text !== 'string' || r.text.trim() === '') return `(${r.id}) has no text`;
  return null;
}
