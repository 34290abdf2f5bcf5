/**
 * Big imports, staged: how 100,000 articles get into the corpus without one transaction (or
 * one page's memory) holding them all, and without an interrupted import leaving half a
 * corpus or duplicates.
 *
 * The choice: stage, then commit once. The options page reads the files in slices, parses
 * them line by line and hands the articles over in chunks (src/ui/options/import-run.ts).
 * Each chunk is validated, fingerprinted (the costly part) and written to `staging` in its own
 * short transaction, outside the corpus; the reader's corpus does not change while a file is
 * read. When every file is read, `commitImport` moves the staged articles into the corpus in
 * ONE transaction that also deletes the journal and the staged chunks, so the corpus changes
 * all at once, the saved index snapshot is written once (not once per chunk: at 100,000
 * articles it is ~150 MB), and an import is either committed or still staged, never both.
 *
 * The other choice, committing chunk by chunk with ids making re-runs idempotent, was
 * rejected: every chunk would rewrite the index snapshot, an import cancelled half way would
 * leave half the files in the corpus, and "nothing is imported when a line is malformed"
 * would need the whole input checked before the first write.
 *
 * Resuming. A journal (`imports`) is keyed by the files' names, sizes and modification times
 * and the fingerprint parameters. A page closed mid-import leaves the journal and the chunks
 * staged so far. Choosing the same files again opens the same journal; each chunk's articles
 * are parsed again (cheap) and their checksum (ids and content hashes) compared with the
 * staged chunk's: equal means the chunk is reused without fingerprinting, different (the file
 * changed under the same size and time) means it is staged again. Chunk boundaries are a
 * fixed number of articles in file order, so the same input gives the same chunks. A chunk is
 * written with its journal update in one transaction, so the journal never counts a chunk
 * that is not there. A commit cut short (page closed inside the transaction) is rolled back
 * by IndexedDB and leaves the import staged: committing again finishes it.
 *
 * A chunk is two records: a head (ids, content hashes, word counts, band keys) and a body
 * (the articles). Planning a commit (what is new, updated, unchanged) reads only heads and
 * the summaries already in memory; bodies are read inside the commit transaction one at a
 * time (staged-commit.ts).
 *
 * Measured, ~700-word synthetic articles (bench/storage-scale.ts; the browsers
 * through the options page):
 *
 *                                   Node + fake-indexeddb   Chromium 156    Firefox ESR 153
 *   20,000 articles (84 MB)         —                        18 s, 1,130/s   24 s, 850/s
 *   100,000 articles (420 MB)       191 s, 525/s             97 s, 1,030/s   270 s, 370/s
 *     of which the one commit       12 s                     35 s            78 s
 *   same 100,000 again, unchanged   19 s (nothing fingerprinted)
 *   cancelled at 50,000, resumed    115 s for the rest (50,000 chunks reused)
 *
 * Staging is bound by fingerprinting (~1.3 ms per article in Node); an article the corpus
 * already holds unchanged is not fingerprinted at all (StagedHead.fingerprinted).
 *
 * In the options page, staging and the commit run in two dedicated workers
 * (src/ui/options/import-worker.ts), each with a CorpusStore of its own on the same database,
 * and a third worker reads and parses the files and hands them the chunks (the page itself
 * reads them only when an HTML file needs its DOMParser). Chunks may be staged side by side,
 * so the journal counts a chunk as new when its head was not there yet. Working off the page
 * keeps the options page's longest task short (the import rate and longest task are the
 * `browser.import` rows of bench/results.json, from `npm run bench:browser`). Per article, in
 * a worker: fingerprint, deflate and content hash. The commit is about two puts an article in
 * one transaction, which more workers cannot split.
 */

import { hashString } from '../core/fingerprint/hash';
import { totalBands } from '../core/fingerprint/minhash';
import type { Article } from '../core/types';
import { textsCompressed } from './batches';
import { validArticles } from './changes';
import { type Db, track, writeAll } from './connection';
import type { StoreContext } from './context';
import { StorageError, stagingError } from './errors';
import { contentHashOf } from './records';
import type { ImportJournal, ImportSource, StagedArticle, StagedBody, StagedHead } from './schema';

/** Articles per staged chunk: ~1.5 MB of text and ~330 ms of fingerprinting per transaction. */
export const STAGE_CHUNK_ARTICLES = 250;

function hash64(text: string): string {
  return `${hashString(text, 0x6a09e667).toString(36)}${hashString(text, 0xbb67ae85).toString(36).padStart(7, '0')}`;
}

/** The journal key of an import: the same files (name, size, time) with the same parameters. */
export function importKeyOf(sources: readonly ImportSource[], paramsKey: string): string {
  const files = sources.map((s) => [s.name, s.size, s.lastModified]);
  return `import-${hash64(JSON.stringify([paramsKey, files]))}`;
}

/** Identifies a chunk's content: the same ids with the same contents, in the same order. */
export function chunkChecksum(ids: readonly string[], contentHashes: readonly string[]): string {
  return hash64(`${ids.join('\u0000')}\u0001${contentHashes.join(',')}`);
}

/** Every staged record of one import: keys [key, chunk, part] sort between [key] and [key, []]. */
export function stagingRange(key: string): IDBKeyRange {
  return IDBKeyRange.bound([key], [key, []]);
}

const DISCARDED = 'This import was discarded or finished in another tab; choose the files again.';

/**
 * Starts an import of these files, or resumes the one already journaled for them (same
 * names, sizes and modification times, same fingerprint parameters). Journals of earlier
 * versions of the same files (same names, other sizes or times) are discarded.
 */
export async function openImport(store: StoreContext, sources: readonly ImportSource[]): Promise<ImportJournal> {
  const key = importKeyOf(sources, store.paramsKey);
  const names = sourceNames(sources);
  // Told as the import's own failure (stagingError), not as a setting's: the reader started an import.
  try {
    const db = await store.connection.open();
    const tx = db.transaction(['imports', 'staging'], 'readwrite');
    return await writeAll(tx, async () => {
      const imports = tx.objectStore('imports');
      const now = Date.now();
      let journal: ImportJournal | undefined;
      for (const j of await imports.getAll()) {
        if (j.key === key && j.paramsKey === store.paramsKey) journal = j;
        else if (j.key === key || sourceNames(j.sources) === names) {
          track(imports.delete(j.key));
          track(tx.objectStore('staging').delete(stagingRange(j.key)));
        }
      }
      journal = journal
        ? { ...journal, state: 'staging', updatedAt: now }
        : {
            key,
            sources: sources.map(({ name, size, lastModified }) => ({ name, size, lastModified })),
            paramsKey: store.paramsKey,
            state: 'staging',
            chunks: 0,
            articles: 0,
            problems: 0,
            startedAt: now,
            updatedAt: now,
          };
      track(imports.put(journal));
      return journal;
    });
  } catch (e) {
    throw stagingError(e);
  }
}

/**
 * Stages chunk number `chunk` of an import: validates and fingerprints the articles and
 * writes them outside the corpus. When the journal already holds this chunk with the same
 * ids and contents (a re-run after an interruption), nothing is fingerprinted again.
 */
export async function stageChunk(store: StoreContext, key: string, chunk: number, articles: readonly Article[], opts: { signal?: AbortSignal } = {}): Promise<{ reused: boolean }> {
  const { signal } = opts;
  signal?.throwIfAborted();
  const incoming = validArticles(articles);
  const contentHashes = incoming.map(contentHashOf);
  const checksum = chunkChecksum(incoming.map((a) => a.id), contentHashes);
  try {
    const db = await store.connection.open();
    const [journal, head] = await Promise.all([db.get('imports', key), db.get('staging', [key, chunk, 'head'])]);
    if (!journal) throw new StorageError(DISCARDED, 'failed');
    if (head?.part === 'head' && head.checksum === checksum && head.bandKeys.length === incoming.length * totalBands(store.params)) return { reused: true };
    const [staged, body] = await chunkRecords(store, { key, chunk, part: 'head', checksum, contentHashes }, incoming, signal);
    signal?.throwIfAborted();
    await writeChunk(db, staged, body);
    return { reused: false };
  } catch (e) {
    if (signal?.aborted) throw signal.reason;
    throw stagingError(e);
  }
}

/**
 * A chunk's two records. Articles the corpus already holds unchanged are neither
 * fingerprinted (see StagedHead) nor compressed: they are staged plain, read only if they
 * change before the commit, which keeps a re-import of an unchanged export from deflating
 * every text for nothing.
 */
async function chunkRecords(
  store: StoreContext,
  known: Pick<StagedHead, 'key' | 'chunk' | 'part' | 'checksum' | 'contentHashes'>,
  incoming: readonly Article[],
  signal?: AbortSignal,
): Promise<[StagedHead, StagedBody]> {
  const { contentHashes } = known;
  const table = await store.tables.load();
  const needed = incoming.flatMap((a, i) => (table.get(a.id)?.contentHash === contentHashes[i] ? [] : [i]));
  const fingerprints = await store.fingerprintAll(needed.map((i) => incoming[i]!), signal);
  const bands = totalBands(store.params);
  const bandKeys = new Uint32Array(incoming.length * bands);
  const wordCounts = new Array<number>(incoming.length).fill(0);
  const fingerprinted = new Uint8Array(incoming.length);
  needed.forEach((i, k) => {
    bandKeys.set(fingerprints[k]!.bandKeys, i * bands);
    wordCounts[i] = fingerprints[k]!.wordCount;
    fingerprinted[i] = 1;
  });
  const head: StagedHead = { ...known, ids: incoming.map((a) => a.id), wordCounts, bandKeys, fingerprinted };
  const compressed = await textsCompressed(needed.map((i) => incoming[i]!), signal);
  const staged: StagedArticle[] = incoming.map(({ id, title, url, published, text }) => ({ id, title, url, published, text }));
  needed.forEach((i, k) => {
    const { text: _, ...rest } = staged[i]!;
    staged[i] = { ...rest, ...compressed[k]!, contentHash: contentHashes[i]! };
  });
  return [head, { key: known.key, chunk: known.chunk, part: 'body', articles: staged }];
}

/** Writes a chunk and counts it in its journal, in one transaction; fails when the import is gone. */
async function writeChunk(db: Db, head: StagedHead, body: StagedBody): Promise<void> {
  const { key, chunk } = head;
  const tx = db.transaction(['imports', 'staging'], 'readwrite');
  await writeAll(tx, async () => {
    const journal = await tx.objectStore('imports').get(key);
    if (!journal) throw new StorageError(DISCARDED, 'failed');
    // Chunks may be staged side by side (the options page's import workers) and finish out
    // of order: a chunk counts as new when its head was not there yet.
    const fresh = (await tx.objectStore('staging').getKey([key, chunk, 'head'])) === undefined;
    track(tx.objectStore('staging').put(head));
    track(tx.objectStore('staging').put(body));
    const articles = journal.articles + (fresh ? head.ids.length : 0);
    track(tx.objectStore('imports').put({ ...journal, chunks: Math.max(journal.chunks, chunk + 1), articles, updatedAt: Date.now() }));
  });
}

/**
 * Every chunk is staged: records the totals and drops chunks a longer earlier run left
 * beyond them. The import then waits for `commitImport` (or `discardImport`).
 */
export async function finishStaging(store: StoreContext, key: string, totals: { chunks: number; articles: number; problems: number }): Promise<ImportJournal> {
  try {
    const db = await store.connection.open();
    const tx = db.transaction(['imports', 'staging'], 'readwrite');
    return await writeAll(tx, async () => {
      const journal = await tx.objectStore('imports').get(key);
      if (!journal) throw new StorageError(DISCARDED, 'failed');
      const finished: ImportJournal = { ...journal, ...totals, state: 'staged', updatedAt: Date.now() };
      track(tx.objectStore('staging').delete(IDBKeyRange.bound([key, totals.chunks], [key, []])));
      track(tx.objectStore('imports').put(finished));
      return finished;
    });
  } catch (e) {
    throw stagingError(e);
  }
}

/** Forgets an import: its journal and staged chunks. The corpus is not touched. */
export async function discardImport(store: StoreContext, key: string): Promise<void> {
  await store.connection.writing(async (db) => {
    const tx = db.transaction(['imports', 'staging'], 'readwrite');
    await writeAll(tx, () => {
      track(tx.objectStore('imports').delete(key));
      track(tx.objectStore('staging').delete(stagingRange(key)));
    });
  });
}

/** Imports started and not committed or discarded: interrupted, or waiting for the reader. */
export function pendingImports(store: StoreContext): Promise<ImportJournal[]> {
  return store.connection.reading((db) => db.getAll('imports'));
}

function sourceNames(sources: readonly ImportSource[]): string {
  return sources
    .map((s) => s.name)
    .sort()
    .join('\u0000');
}
