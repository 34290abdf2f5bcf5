/**
 * The corpus's LSH index as one CorpusStore holds it: the directory of its shards
 * (index-shards.ts) in memory while its generation is current, else read again, else the
 * index rebuilt from the articles' texts.
 *
 * Loading costs one `meta` read when the directory in memory is still current. Otherwise the
 * generation and the directory are read in one transaction, and the directory is used when it
 * is tagged with that generation and verifies (core/index/shards.ts `verifyDirectory`). A cold
 * start reads the directory alone (one bit per article, plus a few numbers): the shards are
 * read by the queries that need them, each verified as it is read. Failing that, or when a
 * query finds a shard that does not verify (`rebuild`), every text is read and fingerprinted
 * again and the index is written anew. The shards are the only copy of the band keys: every
 * commit writes them in the same transaction as the change (commit.ts), so they are only
 * missing or stale after damage or a writer that bypassed the store, and then the texts are
 * the truth to rebuild from.
 */

import type { Fingerprint, FingerprintParams } from '../core/fingerprint/minhash';
import { CorpusIndex, type IndexEntry } from '../core/index/corpus-index';
import { ShardedIndex } from '../core/index/sharded-index';
import { verifyDirectory } from '../core/index/shards';
import type { Article } from '../core/types';
import { LIST_PAGE, type Progress, pagesInKeyOrder } from './batches';
import { type Connection, type Db, ignore, track } from './connection';
import { reasonOf } from './errors';
import { IndexMovedError, type IndexTx, emptyDirectory, memoryIndex, shardSource, writeWholeIndex } from './index-shards';
import { GENERATION_KEY, SNAPSHOT_KEY, generationOf } from './schema';
import type { ShardDirectory } from '../core/index/shards';
import { textsOf } from './text-codec';

/** How the last `loadIndex` got its index. */
export type IndexLoad = 'memory' | 'snapshot' | 'rebuilt';

/** An index and the generation of the corpus it reflects. */
export interface Loaded {
  index: ShardedIndex;
  generation: number;
}

/** Fingerprints articles a batch at a time (CorpusStore's one way to fingerprint). */
export type FingerprintAll = (articles: readonly Pick<Article, 'title' | 'text'>[], signal?: AbortSignal, onProgress?: Progress) => Promise<Fingerprint[]>;

/** Times every text is read for a rebuild while other writers keep changing the corpus. */
const MAX_REBUILD_READS = 5;

export class IndexCache {
  private cached: Loaded | null = null;
  private loadedBy: IndexLoad | null = null;
  private rebuildReason: string | null = null;

  constructor(
    private readonly connection: Connection,
    private readonly params: FingerprintParams,
    private readonly fingerprintAll: FingerprintAll,
  ) {}

  /** How the last load got its index. */
  get lastLoad(): IndexLoad | null {
    return this.loadedBy;
  }

  /** Why the last rebuild happened (no snapshot, stale, or why the snapshot was refused). */
  get lastRebuildReason(): string | null {
    return this.rebuildReason;
  }

  /** The index of the corpus's current generation. */
  current(): Promise<Loaded> {
    return this.connection.reading(async (db) => {
      const generation = generationOf(await db.get('meta', GENERATION_KEY));
      if (this.cached && this.cached.generation === generation) {
        this.loadedBy = 'memory';
        return this.cached;
      }
      // Generation and directory in one transaction, so the tag is compared with the
      // generation of the same moment.
      const tx = db.transaction(['meta', 'snapshots']);
      const [meta, saved] = await Promise.all([tx.objectStore('meta').get(GENERATION_KEY), tx.objectStore('snapshots').get(SNAPSHOT_KEY)]);
      const now = generationOf(meta);
      let why: string;
      if (!saved) why = now === 0 && (await db.getAllKeys('articles', undefined, 1)).length === 0 ? '' : 'no saved index';
      else if (saved.generation !== now) why = `saved index is from generation ${saved.generation}, corpus is at ${now}`;
      else {
        try {
          const loaded = this.loaded(verifyDirectory(saved.directory, this.params), now);
          this.loadedBy = 'snapshot';
          this.rebuildReason = null;
          return this.remember(loaded);
        } catch (e) {
          // SnapshotError, or a TypeError from a record too mangled to inspect: either way
          // the texts are the way back.
          why = reasonOf(e);
        }
      }
      if (why === '') {
        // A corpus nothing was ever committed to: nothing to read or rebuild.
        this.loadedBy = 'snapshot';
        return this.remember(this.loaded(emptyDirectory(this.params), 0));
      }
      const rebuilt = await this.rebuild(db);
      this.loadedBy = 'rebuilt';
      this.rebuildReason = why;
      return this.remember(rebuilt);
    });
  }

  /** The index of this directory, reading its shards through this store's connection. */
  loaded(directory: ShardDirectory, generation: number): Loaded {
    const source = shardSource(this.connection, generation, async (tx) => generationOf(await tx.objectStore('meta').get(GENERATION_KEY)));
    return { index: new ShardedIndex(directory, source), generation };
  }

  /**
   * Rebuilds the index from the texts now: a query found a shard it cannot trust (`why`
   * says how). The rebuilt index is kept and saved, as at a load that refused the directory.
   */
  repair(why: string): Promise<Loaded> {
    return this.connection.reading(async (db) => {
      this.cached = null;
      const rebuilt = await this.rebuild(db);
      this.loadedBy = 'rebuilt';
      this.rebuildReason = why;
      return this.remember(rebuilt);
    });
  }

  /** Keeps `loaded` as the index in memory unless a later generation is already there. */
  remember(loaded: Loaded): Loaded {
    // A slow rebuild must not replace the index of a change committed while it ran.
    if (!this.cached || loaded.generation >= this.cached.generation) this.cached = loaded;
    return loaded;
  }

  forget(): void {
    this.cached = null;
  }

  /**
   * The index from the articles' texts, a page at a time, so memory holds one page of texts.
   * Pages are read in separate transactions (fingerprinting between them would let one
   * transaction commit itself), so the generation is read before and after: a change
   * committed meanwhile means reading again.
   */
  private async rebuild(db: Db): Promise<Loaded> {
    for (let read = 1; ; read++) {
      const generation = generationOf(await db.get('meta', GENERATION_KEY));
      const entries: IndexEntry[] = [];
      for await (const page of pagesInKeyOrder((after) => db.getAll('articles', after, LIST_PAGE), LIST_PAGE)) {
        const texts = await textsOf(page);
        const fingerprints = await this.fingerprintAll(page.map((a, i) => ({ title: a.title, text: texts[i]! })));
        page.forEach((a, i) => entries.push({ id: a.id, bandKeys: fingerprints[i]!.bandKeys }));
      }
      if (read < MAX_REBUILD_READS && generationOf(await db.get('meta', GENERATION_KEY)) !== generation) continue;
      const index = CorpusIndex.build(this.params, entries);
      try {
        const directory = await this.saveRebuilt(db, generation, index);
        return this.loaded(directory, generation);
      } catch (e) {
        if (e instanceof IndexMovedError && read < MAX_REBUILD_READS) continue;
        if (e instanceof IndexMovedError) throw e;
        // The save is best effort (a full disk): the rebuilt index answers from memory, and
        // the next load rebuilds it again.
        return { index: memoryIndex(index), generation };
      }
    }
  }

  /**
   * Writes the rebuilt index as a new layout, replacing the shards that were there, and
   * returns its directory. A change committed meanwhile (the generation moved) writes nothing
   * and fails, and the rebuild reads the texts again.
   */
  private async saveRebuilt(db: Db, generation: number, index: CorpusIndex): Promise<ShardDirectory> {
    const tx = db.transaction(['snapshots', 'meta', 'indexShards', 'indexIds'], 'readwrite');
    const done = tx.done;
    done.catch(ignore);
    try {
      if (generationOf(await tx.objectStore('meta').get(GENERATION_KEY)) !== generation) throw new IndexMovedError();
      const saved = await tx.objectStore('snapshots').get(SNAPSHOT_KEY);
      const directory = await writeWholeIndex(tx as unknown as IndexTx, index, saved?.directory?.layout ?? 0);
      track(tx.objectStore('snapshots').put({ key: SNAPSHOT_KEY, generation, directory }));
      await done;
      return directory;
    } catch (e) {
      try {
        tx.abort();
      } catch {
        // already finished or aborted
      }
      throw e;
    }
  }
}
