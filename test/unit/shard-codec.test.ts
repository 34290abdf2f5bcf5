// A shard's entries packed for storage (src/core/index/shard-codec.ts) come back exactly as
// they went in, take the room the design note says, and packed words that were cut or
// tampered with are refused rather than read as other entries.
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/core/fingerprint/hash';
import { PackedShardError, packEntries, unpackEntries } from '../../src/core/index/shard-codec';
import { COMMON_MARK, makeShard, verifyShard } from '../../src/core/index/shards';
import { docBytes } from '../../src/core/index/tables';

/** `n` sorted keys under one `prefixBits`-bit prefix, some repeated, with article numbers below `docs`. */
function entries(n: number, opts: { seed: number; prefixBits: number; docs: number; repeats?: number }): { keys: Uint32Array; docs: Uint8Array } {
  const int = seededRandom(opts.seed);
  const next = () => int() / 2 ** 32;
  const span = 2 ** (32 - opts.prefixBits);
  const base = Math.floor(next() * 2 ** opts.prefixBits) * span;
  const keys = new Uint32Array(n);
  for (let i = 0; i < n; i++) keys[i] = i > 0 && next() < (opts.repeats ?? 0) ? keys[i - 1]! : base + Math.floor(next() * span);
  keys.sort();
  const docs = new Uint8Array(docBytes(n));
  for (let i = 0; i < n; i++) {
    const d = Math.floor(next() * opts.docs);
    docs.set([d & 0xff, (d >>> 8) & 0xff, d >>> 16], i * 3);
  }
  return { keys, docs };
}

const roundTrip = (e: { keys: Uint32Array; docs: Uint8Array }) => unpackEntries(packEntries(e.keys, e.docs));

describe('packed shard entries', () => {
  it('come back exactly as they went in, whatever the size, prefix, repeats and numbers', () => {
    for (const [n, prefixBits, docs, repeats] of [
      [0, 0, 1, 0],
      [1, 0, 1, 0],
      [2, 16, 2, 0],
      [98, 10, 100_000, 0.02],
      [244, 12, 1_000_000, 0.02],
      [300, 4, 16_000_000, 0.3],
      [50, 0, 10, 0.9],
    ] as const) {
      const e = entries(n, { seed: n + prefixBits, prefixBits, docs, repeats });
      expect(roundTrip(e)).toEqual(e);
    }
  });

  it('keep the extremes: keys 0 and 2^32 - 1, one huge gap, and the common mark', () => {
    const keys = Uint32Array.of(0, 0, 1, 0x7fffffff, 0xfffffffe, 0xffffffff, 0xffffffff);
    const docs = new Uint8Array(docBytes(keys.length));
    docs.set([0xff, 0xff, 0xff], 3 * 3); // COMMON_MARK on the fourth entry
    docs.set([1, 0, 0], 5 * 3);
    const back = roundTrip({ keys, docs });
    expect(back.keys).toEqual(keys);
    expect(back.docs).toEqual(docs);
    expect(packEntries(keys, docs).docBits).toBe(24);
  });

  it('take about 4.3 bytes an entry at 100,000 and at a million articles, against 7 unpacked', () => {
    for (const [prefixBits, docs, n] of [
      [10, 100_000, 98],
      [12, 1_000_000, 244],
    ] as const) {
      let bytes = 0;
      let count = 0;
      for (let seed = 1; seed <= 50; seed++) {
        const e = entries(n, { seed, prefixBits, docs });
        bytes += packEntries(e.keys, e.docs).words.byteLength;
        count += n;
      }
      expect(bytes / count).toBeGreaterThan(3.8);
      expect(bytes / count).toBeLessThan(4.6);
    }
  });

  it('are refused when the words run out or a key would pass 32 bits', () => {
    const e = entries(100, { seed: 3, prefixBits: 8, docs: 50_000 });
    const packed = packEntries(e.keys, e.docs);
    expect(() => unpackEntries({ ...packed, words: packed.words.slice(0, packed.words.length - 2) })).toThrow(PackedShardError);
    expect(() => unpackEntries({ ...packed, n: packed.n + 40 })).toThrow(PackedShardError);
    expect(() => unpackEntries({ ...packed, docBits: 25 })).toThrow(PackedShardError);
    // A first key near the top and gaps that add up past it.
    const high = packEntries(Uint32Array.of(0xfffffff0, 0xffffffff), new Uint8Array(8));
    const words = high.words.slice();
    words[0] = 0xffffffff;
    expect(() => unpackEntries({ ...high, words })).toThrow(/passes 32 bits/);
  });

  it('are checksummed with their place: a flipped bit or another key is a damaged shard', () => {
    const e = entries(120, { seed: 9, prefixBits: 6, docs: 9_000 });
    const shard = makeShard(4242, e.keys, e.docs);
    expect(verifyShard(shard, 4242, 9_000)).toEqual({ key: 4242, ...e });
    const flipped = { ...shard, words: shard.words.map((w, i) => (i === 3 ? w ^ 0x10 : w)) };
    expect(() => verifyShard(flipped, 4242, 9_000)).toThrow(/checksum/);
    expect(() => verifyShard({ ...shard, key: 4243 }, 4243, 9_000)).toThrow(/checksum/);
    expect(() => verifyShard(shard, 4242, 8_000)).toThrow(/names an article/);
    expect(COMMON_MARK).toBe(0xffffff);
  });
});
