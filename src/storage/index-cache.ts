/**
 * The corpus's LSH index as one CorpusStore holds it: in memory while its generation is
 * current, else loaded from the saved snapshot, else rebuilt from the articles' texts.
 *
 * Loading costs one `meta` read when the index in memory is still current. Otherwise the
 * generation and the snapshot are read in one transaction, and the snapshot is used when it
 * is tagged with that generation and `CorpusIndex.fromSnapshot` verifies its parameters,
 * lengths and checksum. Failing that, every text is read and fingerprinted again and the
 * repaired snapshot is saved. The snapshot is the only copy of the band keys (schema.ts,
 * version 5): every commit writes it in the same transaction as the change (commit.ts), so it
 * is only missing or stale after damage or a writer that bypassed the store, and then the
 * texts are the truth to rebuild from.
 *
 * Measured (Node 22.23, fake-indexeddb 6.2.8, 5,000 synthetic articles of ~1,060 words):
 * loading the index takes 9 ms from the snapshot and 6.3 s rebuilt from text. Keeping band
 * keys apart would make that rebuild 58 ms, at 512 B an article more on disk
 * (`npx tsx bench/storage-size.ts`): not worth it for a rebuild only damage causes.
 */

import type { Fingerprint, FingerprintParams } from '../core/fingerprint/minhash';
import { CorpusIndex, type IndexEntry } from '../core/index/corpus-index';
import type { Article } from '../core/types';
import { LIST_PAGE, type Progress, pagesInKeyOrder } from './batches';
import { type Connection, type Db, ignore, track } from './connection';
import { reasonOf } from './errors';
import { GENERATION_KEY, SNAPSHOT_KEY, generationOf } from './schema';
import { textsOf } from './text-codec';

/** How the last `loadIndex` got its index. */
export type IndexLoad = 'memory' | 'snapshot' | 'rebuilt';

/** An index and the generation of the corpus it reflects. */
export interface Loaded {
  index: CorpusIndex;
  generation: number;
}

/** Fingerprints articles a batch at a time (CorpusStore's one way to fingerprint). */
export type FingerprintAll = (articles: readonly Pick<Article, 'title' | 'text'>[], signal?: AbortSignal, onProgress?: Progress) => Promise<Fingerprint[]>;

/**
 * Times every text is read for a rebuild while other writers keep changing the corpus; the
 * last read is used even so (its snapshot is then saved only if still current).
 */
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
      // Generation and snapshot in one transaction, so the tag is compared with the
      // generation of the same moment.
      const tx = db.transaction(['meta', 'snapshots']);
      const [meta, saved] = await Promise.all([tx.objectStore('meta').get(GENERATION_KEY), tx.objectStore('snapshots').get(SNAPSHOT_KEY)]);
      const now = generationOf(meta);
      let why: string;
      if (!saved) why = 'no saved index';
      else if (saved.generation !== now) why = `saved index is from generation ${saved.generation}, corpus is at ${now}`;
      else {
        try {
          const loaded = { index: CorpusIndex.fromSnapshot(saved.snapshot, this.params), generation: now };
          this.loadedBy = 'snapshot';
          this.rebuildReason = null;
          return this.remember(loaded);
        } catch (e) {
          // SnapshotError, or a TypeError from a record too mangled to inspect: either way
          // the texts are the way back.
          why = reasonOf(e);
        }
      }
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
      await this.saveRebuilt(db, generation, index);
      return { index, generation };
    }
  }

  /**
   * Best effort: the rebuilt index is already usable in memory, so a failure here (quota, a
   * change committed meanwhile) only means the next cold start rebuilds again. No generation
   * bump: a fresh snapshot changes nothing a reader can see.
   */
  private async saveRebuilt(db: Db, generation: number, index: CorpusIndex): Promise<void> {
    const tx = db.transaction(['snapshots', 'meta'], 'readwrite');
    const done = tx.done;
    done.catch(ignore);
    try {
      if (generationOf(await tx.objectStore('meta').get(GENERATION_KEY)) !== generation) {
        tx.abort();
        return;
      }
      track(tx.objectStore('snapshots').put({ key: SNAPSHOT_KEY, generation, snapshot: index.toSnapshot() }));
      await done;
    } catch {
      try {
        tx.abort();
      } catch {
        // already finished or aborted
      }
    }
  }
}
