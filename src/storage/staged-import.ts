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
 * time.
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
 * In the options page, staging and the commit run in two dedicated
 * workers (src/ui/options/import-worker.ts), the page only reads, parses and posts chunks.
 * `npm run bench:browser -- --sizes 10000,100000 --skip-pages`, Chromium 156 headless, a
 * shared 2-core machine at load average 5–9, builds alternated in one session (articles/s;
 * the options page's longest task during the import):
 *
 *                      before (07945da)                 after
 *   10,000 articles    834, 669/s · 127, 229 ms          801, 752, 763, 692/s · 55, 0, 128, 0 ms
 *   100,000 articles   482, 659/s · 774, 1,322 ms        791, 845, 677, 811/s · 499, 447, 295, 599 ms
 *   Firefox ESR, 10k   546/s                             633/s (bench/browser/import-firefox.ts)
 *
 * With the load nearer 4 (bench/browser/import-profile.ts, and importThroughOptions alone),
 * three runs: 100,000 at 910–994/s, the longest task 0–70 ms. The long tasks left hold no
 * Wirecheck script (the long-animation-frame entries name none): the page's main thread is
 * busy 0.7 s of a 10 s import of 10,000 (it was 10 s of 11 s), so they are the browser's own
 * work (GC, rendering) stretched by a machine running 2–4 jobs per core. Per article, in a
 * worker: fingerprint ~0.36 ms, deflate ~0.3 ms, content hash ~0.02 ms. The commit (2.3–2.6 s
 * at 10,000, ~31 s at 100,000) is ~2 puts an article at ~80 µs each, half of it in the
 * database: more workers cannot split one transaction.
 */

import { hashString } from '../core/fingerprint/hash';
import type { ImportSource } from './schema';

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
