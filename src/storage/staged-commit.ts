/**
 * Committing a staged import (staged-import.ts has the design): the staged articles move into
 * the corpus in ONE transaction that also deletes the import's journal and staged chunks, so
 * the corpus changes all at once or not at all, and a commit interrupted by a closed page
 * leaves the import staged, to be committed again.
 *
 * The commit is a plan handed to `commitChange` (commit.ts). Planning reads only the chunks'
 * heads (ids, content hashes, band keys) and the summaries in memory; another writer
 * committing in between makes the plan stale, and it is made again. An article staged
 * unfingerprinted because the corpus held it unchanged, and changed since, is fingerprinted
 * while planning. The texts are read inside the write transaction, one chunk's body at a time,
 * so no more than one chunk of text is held at once. Each body is asked for before the
 * previous chunk's puts are issued: requests in a transaction run in order, and in Chromium a
 * put costs ~30 µs of structured clone and IPC in the calling thread plus ~50 µs in the
 * database (10,000 puts of article-sized records, measured in an extension page), so the two
 * overlap instead of taking turns.
 */

import { totalBands } from '../core/fingerprint/minhash';
import { CorpusIndex } from '../core/index/corpus-index';
import type { ImportOptions, ImportSummary } from './changes';
import { type CommitTx, articlePuts, commitChange } from './commit';
import { type Db, track } from './connection';
import type { StoreContext } from './context';
import { StorageError, importFailure } from './errors';
import { type CommittedRecord, type StoredSummary, articleRecord } from './records';
import { COMMIT_STORES, type ImportJournal, type StagedArticle } from './schema';
import { discardImport, stagingRange } from './staged-import';
import type { SummaryTable } from './summaries';
import { compressedText, textsOf } from './text-codec';

const DISCARDED = 'This import was discarded or finished in another tab; nothing more was imported.';
const PART_MISSING = 'Part of this import is missing; choose the files again.';

/** An article of a staged import that the commit writes to the corpus. */
interface PlannedArticle {
  chunk: number;
  at: number;
  addedAt: number;
  wordCount: number;
  contentHash: string;
  bandKeys: Uint32Array;
  isNew: boolean;
}

/** What a commit writes, found from the chunks' heads: the latest copy of each article that changes the corpus. */
interface StagedPlan {
  summary: ImportSummary;
  latest: Map<string, PlannedArticle>;
  /** Changed since staging (unchanged then, so not fingerprinted): to be fingerprinted now. */
  late: PlannedArticle[];
}

/** Moves a staged import into the corpus, with its journal and staged chunks deleted. */
export async function commitImport(store: StoreContext, key: string, opts: ImportOptions = {}): Promise<ImportSummary> {
  const { signal, onProgress } = opts;
  signal?.throwIfAborted();
  let staged = 0;
  return commitChange(store, {
    stores: COMMIT_STORES,
    signal,
    failure: importFailure(() => staged),
    planWithTable: async ({ table }) => {
      const db = await store.connection.open();
      const journal = await db.get('imports', key);
      staged = journal?.articles ?? 0;
      if (!journal) throw new StorageError(DISCARDED, 'failed');
      if (journal.state !== 'staged') throw new StorageError('This import has not finished reading its files; choose them again to continue.', 'failed');
      const { summary, latest, late } = await planFromHeads(db, journal, table, totalBands(store.params), signal);
      await fingerprintLate(store, db, key, late, signal);
      const total = latest.size;
      onProgress?.(0, total);
      if (total === 0) {
        // Nothing to write to the corpus, and no generation to bump: only forget the import.
        await discardImport(store, key);
        onProgress?.(0, 0);
        return { result: summary };
      }
      const chunks = [...byChunk(latest, ([, p]) => p.chunk)];
      const put: StoredSummary[] = [];
      return {
        index: {
          add: CorpusIndex.build(store.params, [...latest].map(([id, p]) => ({ id, bandKeys: p.bandKeys }))),
          replaces: [...latest].filter(([, p]) => !p.isNew).map(([id]) => id),
        },
        check: async (tx) => {
          if ((await tx.objectStore('imports').get(key))?.state !== 'staged') throw new StorageError(DISCARDED, 'failed');
        },
        write: (tx) => writeStaged(tx, key, chunks, put, signal, (written) => onProgress?.(written, total)),
        table: { put },
        result: summary,
      };
    },
  });
}

/** The plan of a commit from the chunks' heads alone: which articles change the corpus, and the latest copy of each. */
async function planFromHeads(db: Db, journal: ImportJournal, table: SummaryTable, bands: number, signal?: AbortSignal): Promise<StagedPlan> {
  const { key } = journal;
  const summary: ImportSummary = { added: 0, updated: 0, unchanged: 0 };
  const latest = new Map<string, PlannedArticle>();
  const late: PlannedArticle[] = [];
  const now = Date.now();
  for (let chunk = 0; chunk < journal.chunks; chunk++) {
    signal?.throwIfAborted();
    const head = await db.get('staging', [key, chunk, 'head']);
    if (head?.part !== 'head') throw new StorageError(PART_MISSING, 'failed');
    head.ids.forEach((id, at) => {
      const old = table.get(id);
      const contentHash = head.contentHashes[at]!;
      // A later chunk's copy of an id wins, as in importArticles (the file parser already
      // refuses duplicate ids, so this is only defence).
      if (old && old.contentHash === contentHash) {
        latest.delete(id);
        return;
      }
      const bandKeys = head.bandKeys.slice(at * bands, (at + 1) * bands);
      const entry = { chunk, at, addedAt: old?.addedAt ?? now, wordCount: head.wordCounts[at] ?? 0, contentHash, bandKeys, isNew: !old };
      latest.set(id, entry);
      if (head.fingerprinted?.[at] !== 1) late.push(entry);
    });
    summary.unchanged += head.ids.length;
  }
  for (const c of latest.values()) {
    summary.unchanged--;
    if (c.isNew) summary.added++;
    else summary.updated++;
  }
  return { summary, latest, late };
}

/**
 * Articles staged unfingerprinted because the corpus held them unchanged, which changed (or
 * were deleted) before the commit: read their text and fingerprint them now. Rare, so one
 * read transaction per chunk is fine.
 */
async function fingerprintLate(store: StoreContext, db: Db, key: string, entries: readonly PlannedArticle[], signal?: AbortSignal): Promise<void> {
  for (const [chunk, list] of byChunk(entries, (e) => e.chunk)) {
    const body = await db.get('staging', [key, chunk, 'body']);
    if (body?.part !== 'body') throw new StorageError(PART_MISSING, 'failed');
    const staged = list.map((e) => body.articles[e.at]!);
    const texts = await textsOf(staged);
    const fingerprints = await store.fingerprintAll(staged.map((a, i) => ({ title: a.title, text: texts[i]! })), signal);
    list.forEach((e, i) => {
      e.bandKeys = fingerprints[i]!.bandKeys;
      e.wordCount = fingerprints[i]!.wordCount;
    });
  }
}

/**
 * Writes the planned articles inside the commit's transaction, one chunk's body at a time,
 * then deletes the import's journal and staged chunks in the same transaction.
 */
async function writeStaged(
  tx: CommitTx<typeof COMMIT_STORES>,
  key: string,
  chunks: readonly [number, [string, PlannedArticle][]][],
  put: StoredSummary[],
  signal: AbortSignal | undefined,
  onWritten: (written: number) => void,
): Promise<void> {
  const putArticle = articlePuts(tx);
  // Each chunk's body is asked for before the previous chunk's puts are issued, so the
  // database reads it while this thread still clones the puts, and writes those while this
  // thread turns the next body into records (requests run in order).
  const bodyAt = (i: number) => {
    if (i >= chunks.length) return undefined;
    const request = tx.objectStore('staging').get([key, chunks[i]![0], 'body']);
    track(request);
    return request;
  };
  let nextBody = bodyAt(0);
  let written = 0;
  for (let i = 0; i < chunks.length; i++) {
    signal?.throwIfAborted();
    const body = await nextBody;
    nextBody = bodyAt(i + 1);
    if (body?.part !== 'body') throw new StorageError(PART_MISSING, 'failed');
    const planned = chunks[i]![1];
    for (const [, p] of planned) put.push(putArticle(committedRecord(body.articles[p.at]!, p)));
    written += planned.length;
    onWritten(written);
  }
  track(tx.objectStore('staging').delete(stagingRange(key)));
  track(tx.objectStore('imports').delete(key));
}

/** A staged article as the corpus stores it. */
function committedRecord(a: StagedArticle, planned: PlannedArticle): CommittedRecord {
  // Plain in staging: unchanged when staged (see chunkRecords) or staged before version 4.
  // Compressed here: synchronous, so the transaction stays open, and rare.
  const text = a.textz ? { textz: a.textz, textCodec: a.textCodec } : compressedText(a.text!);
  return articleRecord(a, text, { contentHash: planned.contentHash, addedAt: planned.addedAt, wordCount: planned.wordCount });
}

/** Items grouped by the chunk they come from, chunks in the order first met. */
function byChunk<T>(items: Iterable<T>, chunkOf: (item: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const item of items) {
    const chunk = chunkOf(item);
    let list = groups.get(chunk);
    if (!list) groups.set(chunk, (list = []));
    list.push(item);
  }
  return groups;
}
