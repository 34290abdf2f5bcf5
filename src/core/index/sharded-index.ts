/**
 * Queries on the corpus index stored in shards (shards.ts), reading only the shards a query's
 * band keys fall into. The directory is held in memory; shards are read through a
 * `ShardSource` (IndexedDB in the extension) in one batch per query and kept in a cache
 * bounded in bytes, least recently used first out; the ids of the articles a query ranks are
 * read last, only for the few candidates it returns.
 *
 * Counting and ranking are channel-count.ts's, as for the in-memory index, so both rank the
 * same articles the same way, with one exception: ties in the candidate selection are broken
 * by article number here (ids are read only for the chosen few), by id in memory. The chosen
 * few are then ranked by id as in memory.
 *
 * Every shard is verified and unpacked when read (shards.ts `verifyShard`); a shard that does
 * not verify makes the query throw SnapshotError, and the caller rebuilds the index from the
 * texts. The cache holds shards unpacked.
 */

import { type Fingerprint, type FingerprintParams, assertComparable } from '../fingerprint/minhash';
import { ChannelCounter, channelRanges } from './channel-count';
import { type ChannelCandidate, type IndexEntry, byRank } from './corpus-index';
import { SnapshotError } from './snapshot';
import { type Shard, type ShardDirectory, type ShardRecord, type StoredDocId, COMMON_MARK, bandsOf, docIdCheck, isCommonMark, shardKey, shardOf, verifyShard } from './shards';
import { docAt, lowerBound } from './tables';

/** Where shards and article ids are read from. Both answer in the order asked, undefined for a missing record. */
export interface ShardSource {
  shards(keys: readonly number[]): Promise<(ShardRecord | undefined)[]>;
  docIds(docs: readonly number[]): Promise<(StoredDocId | undefined)[]>;
  /** The article numbers of these ids (undefined: not indexed). */
  docNumbers(ids: readonly string[]): Promise<(number | undefined)[]>;
}

/** What a check needs of an index: the in-memory CorpusIndex and the ShardedIndex both offer it. */
export interface QueryableIndex {
  readonly params: FingerprintParams;
  readonly size: number;
  queryChannels(fps: readonly Fingerprint[], keep?: { overall: number; perChannel: number }): ChannelCandidate[] | Promise<ChannelCandidate[]>;
}

/** Shards read in one transaction by `preload`. */
const PRELOAD_BATCH = 512;

/** Bytes of shards kept in memory between queries by default. */
export const DEFAULT_SHARD_CACHE_BYTES = 48 * 1024 * 1024;

export class ShardedIndex implements QueryableIndex {
  private readonly cache = new Map<number, Shard>();
  private cachedBytes = 0;
  private counter: ChannelCounter | undefined;
  private readonly bands: number;
  /** Shards read from the source by the last query (for the bench and tests). */
  lastReads = 0;
  private preloaded = false;

  constructor(
    readonly directory: ShardDirectory,
    private readonly source: ShardSource,
    private readonly cacheBytes = DEFAULT_SHARD_CACHE_BYTES,
  ) {
    this.bands = bandsOf(directory.params);
  }

  get params(): FingerprintParams {
    return this.directory.params;
  }

  get size(): number {
    return this.directory.live;
  }

  /** Bytes of shards in the cache. */
  get cacheSize(): number {
    return this.cachedBytes;
  }

  async queryChannels(fps: readonly Fingerprint[], keep?: { overall: number; perChannel: number }): Promise<ChannelCandidate[]> {
    const dir = this.directory;
    if (dir.live === 0 || fps.length === 0) return [];
    for (const fp of fps) assertComparable(fp.params, this.params);
    const shards = await this.shardsFor(fps);
    const ranges = channelRanges(this.params);
    this.counter ??= new ChannelCounter(this.params, dir.docs, this.bands);
    const counter = this.counter;
    for (const fp of fps) {
      for (const [from, to, c] of ranges) {
        for (let b = Math.max(from, fp.firstBand); b < to; b++) {
          const key = fp.bandKeys[b]!;
          const shard = shards.get(shardKey(dir.layout, shardOf(dir.prefixBits, b, key)));
          if (!shard || shard.keys.length === 0) continue;
          const lo = lowerBound(shard.keys, key, 0, shard.keys.length);
          // A common key's mark: skipped as the full bucket would be.
          if (shard.keys[lo] === key && isCommonMark(shard.docs, lo)) continue;
          counter.run(shard.keys, shard.docs, lo, shard.keys.length, key, b, c, dir.deleted);
        }
      }
      counter.endFingerprint();
    }
    const found = counter.finish(keep, (a, b) => a - b);
    const ids = await this.idsOf(found.map((f) => f.doc));
    const out: ChannelCandidate[] = found.map(({ doc, ...rest }, i) => ({ id: ids[i]!, ...rest }));
    out.sort(byRank);
    return out;
  }

  /** The shards these fingerprints' band keys fall into: cached ones, and the rest read in one batch. */
  private async shardsFor(fps: readonly Fingerprint[]): Promise<Map<number, Shard>> {
    const dir = this.directory;
    const wanted = new Map<number, Shard>();
    const missing: number[] = [];
    for (const fp of fps) {
      for (let b = fp.firstBand; b < this.bands; b++) {
        const key = shardKey(dir.layout, shardOf(dir.prefixBits, b, fp.bandKeys[b]!));
        if (wanted.has(key)) continue;
        const hit = this.cache.get(key);
        if (hit) {
          // Most recently used last: Map keeps insertion order.
          this.cache.delete(key);
          this.cache.set(key, hit);
          wanted.set(key, hit);
        } else {
          missing.push(key);
          wanted.set(key, PENDING);
        }
      }
    }
    this.lastReads = missing.length;
    if (missing.length > 0) {
      const read = await this.source.shards(missing);
      missing.forEach((key, i) => {
        // Every shard of a layout is written, empty ones too: an absent one is damage.
        const shard = verifyShard(read[i], key, dir.docs);
        wanted.set(key, shard);
        this.remember(key, shard);
      });
    }
    return wanted;
  }

  private remember(key: number, shard: Shard): void {
    const bytes = shard.keys.byteLength + shard.docs.byteLength + 64;
    if (bytes > this.cacheBytes) return;
    const had = this.cache.get(key);
    if (had) {
      this.cache.delete(key);
      this.cachedBytes -= had.keys.byteLength + had.docs.byteLength + 64;
    }
    this.cache.set(key, shard);
    this.cachedBytes += bytes;
    for (const [old, s] of this.cache) {
      if (this.cachedBytes <= this.cacheBytes) break;
      this.cache.delete(old);
      this.cachedBytes -= s.keys.byteLength + s.docs.byteLength + 64;
    }
  }

  /**
   * Reads every shard into the cache when the whole index fits in three quarters of it (up to
   * about 40,000 articles with the default cache), so later checks read nothing from IndexedDB;
   * a larger index is read as checks need it. Reads PRELOAD_BATCH shards a transaction, so a
   * check started meanwhile is not held up behind one long read. Resolves to whether it did.
   */
  async preload(): Promise<boolean> {
    const dir = this.directory;
    if (this.preloaded || dir.layout === 0) return this.preloaded;
    const span = this.bands * 2 ** dir.prefixBits;
    if (dir.docs * this.bands * 7 + span * 64 > this.cacheBytes * 0.75) return false;
    const keys = Array.from({ length: span }, (_, s) => shardKey(dir.layout, s)).filter((k) => !this.cache.has(k));
    for (let from = 0; from < keys.length; from += PRELOAD_BATCH) {
      const part = keys.slice(from, from + PRELOAD_BATCH);
      const read = await this.source.shards(part);
      part.forEach((key, i) => this.remember(key, verifyShard(read[i], key, dir.docs)));
    }
    this.preloaded = true;
    return true;
  }

  /** Whether the index holds this article. */
  async has(id: string): Promise<boolean> {
    const [doc] = await this.source.docNumbers([id]);
    return doc !== undefined && (this.directory.deleted[doc >>> 3]! & (1 << (doc & 7))) === 0;
  }

  /**
   * Every live article's band keys, scattered back out of every shard (for tests: it reads the
   * whole index). A band whose key is stored as common (shards.ts COMMON_MARK) reads as 0.
   */
  async entries(): Promise<IndexEntry[]> {
    const dir = this.directory;
    const rows = new Map<number, Uint32Array>();
    (await this.allShards()).forEach(({ shard, b }) => {
      for (let i = 0; i < shard.keys.length; i++) {
        const d = docAt(shard.docs, i);
        if (d === COMMON_MARK || (dir.deleted[d >>> 3]! & (1 << (d & 7))) !== 0) continue;
        let row = rows.get(d);
        if (!row) rows.set(d, (row = new Uint32Array(this.bands)));
        row[b] = shard.keys[i]!;
      }
    });
    const docs = [...rows.keys()].sort((a, b) => a - b);
    const ids = await this.idsOf(docs);
    return docs.map((d, i) => ({ id: ids[i]!, bandKeys: rows.get(d)! }));
  }

  /** [band, key] of every key held as a common key's mark (for tests: it reads the whole index). */
  async commonKeys(): Promise<[number, number][]> {
    const out: [number, number][] = [];
    for (const { shard, b } of await this.allShards()) {
      for (let i = 0; i < shard.keys.length; i++) if (isCommonMark(shard.docs, i)) out.push([b, shard.keys[i]!]);
    }
    return out;
  }

  /** Every shard of the layout, verified, with its band: the whole index read at once. */
  private async allShards(): Promise<{ shard: Shard; b: number }[]> {
    const dir = this.directory;
    const span = dir.layout === 0 ? 0 : this.bands * 2 ** dir.prefixBits;
    const keys = Array.from({ length: span }, (_, s) => shardKey(dir.layout, s));
    const read = keys.length === 0 ? [] : await this.source.shards(keys);
    return read.map((raw, s) => ({ shard: verifyShard(raw, keys[s]!, dir.docs), b: Math.floor(s / 2 ** dir.prefixBits) }));
  }

  /** The ids of these article numbers, verified. */
  async idsOf(docs: readonly number[]): Promise<string[]> {
    if (docs.length === 0) return [];
    const read = await this.source.docIds(docs);
    return docs.map((doc, i) => {
      const r = read[i];
      if (!r || r.doc !== doc || typeof r.id !== 'string' || r.check !== docIdCheck(doc, r.id)) throw new SnapshotError(`index entry for article number ${doc} is missing or damaged`);
      return r.id;
    });
  }
}

/** A placeholder while a shard is read. */
const PENDING: Shard = { key: -1, keys: new Uint32Array(0), docs: new Uint8Array(0) };
