/**
 * Bundled by bench/browser/verdict.ts (esbuild, IIFE) and evaluated in an extension page, so
 * the cold-start split times the product's own code in the same engine, origin and database:
 * opening the database, reading the index directory and verifying it (index-cache.ts reads
 * it the same way, generation and directory in one transaction), then one check's retrieval
 * on a fresh ShardedIndex (an empty shard cache, as after a restart) through the store's
 * shard source, timed around its reads.
 */
import { pageFingerprints, retrieveFrom } from '../../src/core/check';
import { DEFAULT_PARAMS } from '../../src/core/fingerprint/minhash';
import { type ShardSource, ShardedIndex } from '../../src/core/index/sharded-index';
import { type ShardDirectory, verifyDirectory } from '../../src/core/index/shards';
import { Connection } from '../../src/storage/connection';
import { shardSource } from '../../src/storage/index-shards';
import { DB_NAME, GENERATION_KEY, SNAPSHOT_KEY, generationOf } from '../../src/storage/schema';

export interface ColdLoad {
  openMs: number;
  /** IndexedDB get of the generation and the directory record (its structured-clone read). */
  directoryReadMs: number;
  verifyMs: number;
  directoryBytes: number;
  /** The directory's key-prefix width (shards per band: 2^prefixBits) and article numbers handed out. */
  prefixBits: number;
  docs: number;
  /** Fingerprinting the page and its windows. */
  fingerprintMs: number;
  /** Retrieval on the fresh index: fingerprints, shard reads, counting, id reads. */
  retrievalMs: number;
  shardReadMs: number;
  shardsRead: number;
  shardBytes: number;
  idReadMs: number;
  idsRead: number;
  /** Whether the retrieval proposed the page's source for alignment. */
  found: boolean;
}

async function coldLoad(page: { title: string; text: string; id: string }): Promise<ColdLoad> {
  const connection = new Connection(DB_NAME, () => undefined);
  const t0 = performance.now();
  const db = await connection.open();
  const t1 = performance.now();
  const tx = db.transaction(['meta', 'snapshots']);
  const [meta, saved] = await Promise.all([tx.objectStore('meta').get(GENERATION_KEY), tx.objectStore('snapshots').get(SNAPSHOT_KEY)]);
  const t2 = performance.now();
  const directory: ShardDirectory = verifyDirectory(saved?.directory, DEFAULT_PARAMS);
  const t3 = performance.now();
  const inner = shardSource(connection, generationOf(meta), async (rtx) => generationOf(await rtx.objectStore('meta').get(GENERATION_KEY)));
  const timed = { shardReadMs: 0, shardsRead: 0, shardBytes: 0, idReadMs: 0, idsRead: 0 };
  const source: ShardSource = {
    async shards(keys) {
      const s = performance.now();
      const read = await inner.shards(keys);
      timed.shardReadMs += performance.now() - s;
      timed.shardsRead += keys.length;
      for (const x of read) if (x) timed.shardBytes += 'words' in x ? x.words.byteLength : x.keys.byteLength + x.docs.byteLength;
      return read;
    },
    async docIds(docs) {
      const s = performance.now();
      const read = await inner.docIds(docs);
      timed.idReadMs += performance.now() - s;
      timed.idsRead += docs.length;
      return read;
    },
    docNumbers: (ids) => inner.docNumbers(ids),
  };
  const index = new ShardedIndex(directory, source);
  const t4 = performance.now();
  pageFingerprints(page, directory.params);
  const t5 = performance.now();
  const retrieval = await retrieveFrom(page, index);
  const t6 = performance.now();
  connection.close();
  return {
    openMs: t1 - t0,
    directoryReadMs: t2 - t1,
    verifyMs: t3 - t2,
    directoryBytes: directory.deleted.byteLength + 64,
    prefixBits: directory.prefixBits,
    docs: directory.docs,
    fingerprintMs: t5 - t4,
    retrievalMs: t6 - t5,
    ...timed,
    found: retrieval.toAlign.includes(page.id),
  };
}

/** One cold load per page, one after another. */
async function coldLoads(pages: readonly { title: string; text: string; id: string }[]): Promise<ColdLoad[]> {
  const out: ColdLoad[] = [];
  for (const page of pages) out.push(await coldLoad(page));
  return out;
}

(globalThis as Record<string, unknown>).__wirecheckProbe = { coldLoads };
