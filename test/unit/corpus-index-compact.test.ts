// The compact index (format 2: sorted keys, 24-bit article numbers, prefix directory) must
// propose exactly the candidates the format-1 index did. The reference below is that index's
// retrieval rule written the plain way: a Map per band from key to articles.
import { describe, expect, it } from 'vitest';
import { checksumWords, hashString, seededRandom } from '../../src/core/fingerprint/hash';
import { DEFAULT_PARAMS, type Fingerprint, fingerprintText, paramsKey, totalBands } from '../../src/core/fingerprint/minhash';
import { articleFingerprintText } from '../../src/core/corpus/memory';
import { CorpusIndex, type IndexEntry, INDEX_FORMAT_VERSION, SnapshotError } from '../../src/core/index/corpus-index';
import { generateCorpus } from '../../bench/eval/synthetic';
import { candidatesToAlign, pageWindows } from '../../src/core/check';

function referenceQuery(entries: IndexEntry[], fps: Fingerprint[]) {
  const p = DEFAULT_PARAMS;
  const bands = totalBands(p);
  const tables = Array.from({ length: bands }, () => new Map<number, number[]>());
  entries.forEach((e, d) =>
    e.bandKeys.forEach((k, b) => {
      const list = tables[b]!.get(k);
      if (list) list.push(d);
      else tables[b]!.set(k, [d]);
    }),
  );
  // [from, to, channel]: the lead bands count with the reworded channel.
  const passageStart = p.verbatim.bands + p.reworded.bands;
  const ranges = [
    [0, p.verbatim.bands, 0],
    [p.verbatim.bands, passageStart, 1],
    [passageStart, passageStart + p.passageBands, 2],
    [passageStart + p.passageBands, bands, 1],
  ] as const;
  const channelBands = [p.verbatim.bands, p.reworded.bands + p.leadBands, p.passageBands];
  const channelRows = [p.verbatim.rows, p.reworded.rows, 1];
  const best = new Map<number, number[]>();
  // Distinct bands shared with any fingerprint, a verbatim band counted twice.
  const shared = new Map<number, Set<number>>();
  for (const fp of fps) {
    const hits = new Map<number, number[]>();
    ranges.forEach(([from, to, c]) => {
      for (let b = Math.max(from, fp.firstBand); b < to; b++) {
        const docs = tables[b]!.get(fp.bandKeys[b]!) ?? [];
        if (docs.length > 100) continue;
        for (const d of docs) {
          const h = hits.get(d) ?? [0, 0, 0];
          h[c]!++;
          hits.set(d, h);
          if (!shared.has(d)) shared.set(d, new Set());
          shared.get(d)!.add(b);
        }
      }
    });
    for (const [d, h] of hits) {
      const est = h.map((f, c) => Math.pow(f / channelBands[c]!, 1 / channelRows[c]!));
      const was = best.get(d);
      best.set(d, was ? was.map((x, c) => Math.max(x, est[c]!)) : est);
    }
  }
  const weighted = (bands: Set<number>) => [...bands].reduce((n, b) => n + (b < p.verbatim.bands ? 2 : 1), 0);
  return [...best].map(([d, [verbatim, reworded, passage]]) => ({ id: entries[d]!.id, verbatim, reworded, passage, bandsShared: weighted(shared.get(d)!) })).sort((a, b) => (a.id < b.id ? -1 : 1));
}

const byId = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => (a.id < b.id ? -1 : 1));

describe('compact corpus index', () => {
  const articles = generateCorpus({ seed: 5, count: 120, topics: 30 });
  const entries = articles.map((a) => ({ id: a.id, bandKeys: fingerprintText(articleFingerprintText(a)).bandKeys }));
  const index = CorpusIndex.build(DEFAULT_PARAMS, entries);

  it('proposes the same candidates with the same estimates as the plain Map index', () => {
    for (const a of articles.slice(0, 20)) {
      const page = fingerprintText(a.text.split('\n\n').slice(0, 6).join('\n\n'));
      const found = index.queryChannels([page]).map(({ id, verbatim, reworded, passage, bandsShared }) => ({ id, verbatim, reworded, passage, bandsShared }));
      expect(byId(found)).toEqual(referenceQuery(entries, [page]));
    }
  });

  it('gives back every article’s band keys exactly (entries, snapshots, withChanges)', () => {
    expect(index.entries()).toEqual(entries);
    const restored = CorpusIndex.fromSnapshot(structuredClone(index.toSnapshot()), DEFAULT_PARAMS);
    expect(restored.entries()).toEqual(entries);
    const changed = index.withChanges({ remove: [entries[3]!.id], add: [{ id: 'new', bandKeys: entries[3]!.bandKeys }] });
    expect(changed.size).toBe(entries.length);
    expect(changed.has(entries[3]!.id)).toBe(false);
    expect(changed.query(fingerprintText(articleFingerprintText(articles[3]!)))[0]).toEqual({ id: 'new', similarity: 1 });
  });

  it('finds every key in a large index with dense collisions, across directory slots', () => {
    // 5,000 articles over a small key space: long runs of equal keys, some over the
    // boilerplate limit, keys at both ends of the 32-bit range.
    const next = seededRandom(9);
    const bands = totalBands(DEFAULT_PARAMS);
    const pool = Array.from({ length: 3000 }, (_, i) => (i === 0 ? 0 : i === 1 ? 0xffffffff : next()));
    const many: IndexEntry[] = Array.from({ length: 5000 }, (_, d) => ({
      id: `d${d}`,
      bandKeys: new Uint32Array(bands).map((_, b) => (b === 5 ? pool[d % 40]! : pool[next() % pool.length]!)),
    }));
    const big = CorpusIndex.build(DEFAULT_PARAMS, many);
    for (const probe of [many[0]!, many[17]!, many[4999]!]) {
      const fp = { params: DEFAULT_PARAMS, verbatim: new Uint32Array(), reworded: new Uint32Array(), bandKeys: probe.bandKeys, wordCount: 0, firstBand: 0 };
      const found = big.queryChannels([fp]).map(({ id, verbatim, reworded, passage, bandsShared }) => ({ id, verbatim, reworded, passage, bandsShared }));
      expect(byId(found)).toEqual(referenceQuery(many, [fp]));
    }
    expect(big.entries()).toEqual(many);
  });

  it('answers the raw LSH lookup with every article sharing a band, each once', () => {
    const v = DEFAULT_PARAMS.verbatim.bands;
    for (const a of articles.slice(0, 10)) {
      const fp = fingerprintText(a.text.split('\n\n').slice(0, 5).join('\n\n'));
      const expected = new Set<string>();
      entries.forEach((e) => {
        for (let b = 0; b < v; b++) if (e.bandKeys[b] === fp.bandKeys[b]) expected.add(e.id);
      });
      const got = [...index.articlesSharingBands(fp.bandKeys, 0, v)].map((d) => index.idAt(d));
      expect(got.length).toBe(new Set(got).size);
      expect(new Set(got)).toEqual(expected);
    }
  });

  it('leaves its reused scratch clean: repeated and multi-fingerprint queries agree with the reference', () => {
    const pages = articles.slice(20, 26).map((a) => fingerprintText(a.text.split('\n\n').slice(1, 7).join('\n\n')));
    const strip = (xs: ReturnType<typeof index.queryChannels>) => byId(xs.map(({ id, verbatim, reworded, passage, bandsShared }) => ({ id, verbatim, reworded, passage, bandsShared })));
    const first = strip(index.queryChannels(pages));
    expect(first).toEqual(referenceQuery(entries, pages));
    expect(() => index.queryChannels([pages[0]!, { ...pages[1]!, params: { ...DEFAULT_PARAMS, seed: 1 } }])).toThrow();
    expect(strip(index.queryChannels(pages))).toEqual(first);
    expect(strip(index.queryChannels([pages[2]!]))).toEqual(referenceQuery(entries, [pages[2]!]));
  });

  it('keeps exactly what a check uses: the top of the ranking and of each channel', () => {
    let reduced = 0;
    for (const a of articles.slice(0, 40)) {
      const text = [a.text, articles[(articles.indexOf(a) + 7) % articles.length]!.text].join('\n\n');
      const fps = [fingerprintText(text), ...pageWindows(text).map((t) => fingerprintText(t, undefined, DEFAULT_PARAMS, { verbatim: false }))];
      const full = index.queryChannels(fps);
      for (const keep of [{ overall: 10, perChannel: 3 }, { overall: 2, perChannel: 1 }, { overall: 0, perChannel: 4 }]) {
        const kept = index.queryChannels(fps, keep);
        if (kept.length < full.length) reduced++;
        expect(kept.slice(0, keep.overall)).toEqual(full.slice(0, keep.overall));
        for (const channel of ['verbatim', 'reworded', 'passage', 'bandsShared'] as const) {
          const top = (xs: typeof full) => [...xs].filter((c) => c[channel] > 0).sort((x, y) => y[channel] - x[channel]).slice(0, keep.perChannel);
          expect(top(kept)).toEqual(top(full));
        }
        const sub = full.filter((c) => kept.some((k) => k.id === c.id));
        expect(kept).toEqual(sub);
        if (keep.overall === 10) expect(candidatesToAlign(kept)).toEqual(candidatesToAlign(full));
      }
    }
    expect(reduced).toBeGreaterThan(0);
  });

  it('verifies snapshots saved before the four-lane checksum with the serial one they carry', () => {
    const snap = index.toSnapshot();
    expect(snap.checksumLanes).toBe(true);
    // The checksum as format 2 first wrote it: one serial chain over the ids' hashes, the keys, then the docs.
    let h = hashString(paramsKey(DEFAULT_PARAMS));
    for (const id of snap.ids) h = checksumWords(Uint32Array.of(hashString(id)), h);
    h = checksumWords(snap.tableKeys, h);
    h = checksumWords(new Uint32Array(snap.tableDocs.buffer, snap.tableDocs.byteOffset, snap.tableDocs.length >>> 2), h);
    const legacy = { ...snap, checksumLanes: undefined, checksum: h };
    expect(CorpusIndex.fromSnapshot(structuredClone(legacy), DEFAULT_PARAMS).entries()).toEqual(entries);
    expect(() => CorpusIndex.fromSnapshot({ ...legacy, checksumLanes: true }, DEFAULT_PARAMS)).toThrow(SnapshotError);
    const flipped = snap.tableKeys.slice();
    flipped[flipped.length - 2]! ^= 1 << 20;
    expect(() => CorpusIndex.fromSnapshot({ ...legacy, tableKeys: flipped }, DEFAULT_PARAMS)).toThrow(/checksum/);
  });

  it('builds the same index from one flat article-major key array', () => {
    const bands = totalBands(DEFAULT_PARAMS);
    const flat = new Uint32Array(entries.length * bands);
    entries.forEach((e, d) => flat.set(e.bandKeys, d * bands));
    const ids = entries.map((e) => e.id);
    expect(CorpusIndex.buildFlat(DEFAULT_PARAMS, ids, flat).toSnapshot()).toEqual(index.toSnapshot());
    expect(() => CorpusIndex.buildFlat(DEFAULT_PARAMS, ids, flat.subarray(1))).toThrow(/band keys/);
    expect(() => CorpusIndex.buildFlat(DEFAULT_PARAMS, [...ids.slice(1), ids[1]!], flat)).toThrow(/distinct/);
  });

  it('withChanges gives the index a full rebuild would', () => {
    const add = [{ id: 'fresh', bandKeys: entries[7]!.bandKeys }, { id: entries[9]!.id, bandKeys: entries[11]!.bandKeys }];
    const remove = [entries[2]!.id, entries[40]!.id];
    const changed = index.withChanges({ add, remove });
    const rebuilt = CorpusIndex.build(DEFAULT_PARAMS, [...entries.filter((e) => !remove.includes(e.id)), ...add]);
    expect(changed.toSnapshot()).toEqual(rebuilt.toSnapshot());
  });

  it('refuses a format-1 snapshot, so stored indexes are rebuilt', () => {
    const old = { ...index.toSnapshot(), formatVersion: 1, bandKeys: new Uint32Array(0) };
    expect(INDEX_FORMAT_VERSION).toBe(2);
    expect(() => CorpusIndex.fromSnapshot(old, DEFAULT_PARAMS)).toThrow(SnapshotError);
  });

  it('holds 896 bytes of tables per article in its snapshot', () => {
    const s = index.toSnapshot();
    expect((s.tableKeys.byteLength + s.tableDocs.byteLength) / index.size).toBe(896);
  });
});
