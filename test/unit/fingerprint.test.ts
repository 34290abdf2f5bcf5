import { describe, expect, it } from 'vitest';
import { combineHashes, hashString } from '../../src/core/fingerprint/hash';
import {
  DEFAULT_PARAMS,
  ParameterMismatchError,
  compareFingerprints,
  estimateJaccard,
  fingerprintText,
  minhash,
  paramsKey,
  shingleHashes,
} from '../../src/core/fingerprint/minhash';
import { contentTerms, stem } from '../../src/core/fingerprint/terms';
import { words as segmentWords } from '../../src/core/text/tokens';
import { CorpusIndex, SnapshotError } from '../../src/core/index/corpus-index';
import { seedText } from './seeds';

describe('hashing', () => {
  it('is pinned: the same bits in every engine and every release', () => {
    // If these change, every stored corpus must be re-indexed: bump FINGERPRINT_FORMAT_VERSION.
    expect([hashString(''), hashString('a'), hashString('Aa b c'), combineHashes(1, 2)]).toMatchInlineSnapshot(`
      [
        2872998923,
        444641715,
        1251359953,
        3836959040,
      ]
    `);
  });

  it('does not collide where the minhash package does ("Aa b c" vs "BB b c")', () => {
    expect(hashString('Aa b c')).not.toBe(hashString('BB b c'));
  });

  it('gives a pinned signature for a seed text', () => {
    const fp = fingerprintText(seedText('002_2af652c4d04ee126.txt'));
    expect(Array.from(fp.verbatim.slice(0, 4))).toMatchInlineSnapshot(`
      [
        3953785,
        5793409,
        4389169,
        5587947,
      ]
    `);
    expect(Array.from(fp.bandKeys.slice(0, 2))).toMatchInlineSnapshot(`
      [
        903552262,
        3722446745,
      ]
    `);
    expect(Array.from(fp.bandKeys.slice(-2))).toMatchInlineSnapshot(`
      [
        792972929,
        2850697072,
      ]
    `);
  });
});

describe('MinHash', () => {
  it('estimates Jaccard similarity of shingle sets within sampling error', () => {
    // Two sets of 400 shingles sharing 200: Jaccard 1/3.
    const a = Uint32Array.from({ length: 400 }, (_, i) => hashString(`s${i}`));
    const b = Uint32Array.from({ length: 400 }, (_, i) => hashString(`s${i + 200}`));
    const ch = { shingle: 'words3' as const, permutations: 512, bands: 128, rows: 4 };
    const est = estimateJaccard(minhash(a, 1, ch, 1), minhash(b, 1, ch, 1));
    expect(est).toBeGreaterThan(1 / 3 - 0.07);
    expect(est).toBeLessThan(1 / 3 + 0.07);
  });

  it('treats identical texts as identical and ignores typography', () => {
    const t = seedText('002_2af652c4d04ee126.txt');
    const sim = compareFingerprints(fingerprintText(t), fingerprintText(t.replace(/’/g, "'").replace(/—/g, '-')));
    expect(sim).toEqual({ verbatim: 1, reworded: 1 });
  });

  it('keeps a spun copy close on the reworded channel only', () => {
    const spun = fingerprintText(seedText('001_2b3f9f2055e0df11.txt'));
    const source = fingerprintText(seedText('004_017aadd92dbe6fea.txt'));
    const sim = compareFingerprints(spun, source);
    expect(sim.verbatim).toBeLessThan(0.3);
    expect(sim.reworded).toBeGreaterThan(0.35);
  });

  it('refuses to compare fingerprints made with other parameters', () => {
    const t = 'Some words to fingerprint here and there for the test.';
    const other = { ...DEFAULT_PARAMS, seed: 42 };
    expect(paramsKey(other)).not.toBe(paramsKey(DEFAULT_PARAMS));
    expect(() => compareFingerprints(fingerprintText(t), fingerprintText(t, undefined, other))).toThrow(ParameterMismatchError);
  });

  it('samples passages as runs of words, not 3-grams: shared 3-grams alone meet no passage band', () => {
    const source = seedText('002_2af652c4d04ee126.txt');
    const words = segmentWords(source);
    // Every three words of the source, then a word of our own: the page shares a third of the
    // source's 3-grams but no run of four or more words.
    const chopped = words.flatMap((w, i) => (i % 3 === 2 ? [w, `filler${i}`] : [w])).join(' ');
    const a = fingerprintText(source);
    const b = fingerprintText(chopped);
    const start = DEFAULT_PARAMS.verbatim.bands + DEFAULT_PARAMS.reworded.bands;
    const passage = (fp: typeof a) => fp.bandKeys.subarray(start, start + DEFAULT_PARAMS.passageBands);
    const agree = (x: Uint32Array, y: Uint32Array) => x.filter((v, i) => v === y[i]).length;
    expect(DEFAULT_PARAMS.passageWords).toBeGreaterThan(3);
    expect(agree(a.verbatim, b.verbatim)).toBeGreaterThan(5);
    expect(agree(passage(a), passage(b))).toBe(0);
    // A third of the source quoted whole meets about a third of its passage bands.
    const quoted = `${words.slice(0, 40).map((_, i) => `own${i}`).join(' ')} ${words.slice(words.length / 3, (2 * words.length) / 3).join(' ')}`;
    expect(agree(passage(a), passage(fingerprintText(quoted)))).toBeGreaterThanOrEqual(5);
  });

  it('sketches the opening apart: a brief on the first paragraphs meets lead bands, not the whole story', () => {
    const source = seedText('004_017aadd92dbe6fea.txt');
    const words = segmentWords(source);
    const opening = words.slice(0, DEFAULT_PARAMS.leadWords).join(' ');
    const lead = (fp: ReturnType<typeof fingerprintText>) => fp.bandKeys.subarray(fp.bandKeys.length - DEFAULT_PARAMS.leadBands);
    const agree = (x: Uint32Array, y: Uint32Array) => x.filter((v, i) => v === y[i]).length;
    const a = fingerprintText(source);
    const b = fingerprintText(opening);
    expect(agree(lead(a), lead(b))).toBe(DEFAULT_PARAMS.leadBands);
    // The rest of the story, without its opening, meets few of them (chance agreements only).
    const rest = fingerprintText(words.slice(DEFAULT_PARAMS.leadWords * 2).join(' '));
    expect(agree(lead(a), lead(rest))).toBeLessThan(3);
  });

  it('sketches a window without its verbatim bands: the other bands as the full fingerprint, looked up from the first reworded band', () => {
    const text = seedText('004_017aadd92dbe6fea.txt');
    const full = fingerprintText(text);
    const window = fingerprintText(text, undefined, DEFAULT_PARAMS, { verbatim: false });
    const v = DEFAULT_PARAMS.verbatim.bands;
    expect(full.firstBand).toBe(0);
    expect(window.firstBand).toBe(v);
    expect(window.verbatim.length).toBe(0);
    expect([...window.bandKeys.subarray(0, v)].every((k) => k === 0)).toBe(true);
    expect(window.bandKeys.subarray(v)).toEqual(full.bandKeys.subarray(v));
    expect(window.reworded).toEqual(full.reworded);
  });

  it('shingles short texts and content terms sensibly', () => {
    expect(shingleHashes(['a', 'b'], 'words3')).toHaveLength(1);
    expect(shingleHashes([], 'words3')).toHaveLength(0);
    expect(contentTerms(['the', 'supported', 'supports', 'supporting', 'countries'])).toEqual(['support', 'support', 'support', 'country']);
    expect(stem('u.s')).toBe('u.s');
  });
});

describe('corpus index', () => {
  const docs = ['004_017aadd92dbe6fea.txt', '002_2af652c4d04ee126.txt'].map((f) => ({ id: f, bandKeys: fingerprintText(seedText(f)).bandKeys }));

  it('retrieves the source of every seed copy, best first', () => {
    const index = CorpusIndex.build(DEFAULT_PARAMS, docs);
    for (const q of ['000_417f5b4f1c0cc618.txt', '001_2b3f9f2055e0df11.txt', '004_017aadd92dbe6fea.txt']) {
      const found = index.query(fingerprintText(seedText(q)));
      expect(found[0]?.id).toBe('004_017aadd92dbe6fea.txt');
    }
  });

  it('adds, replaces and removes without touching the original', () => {
    const index = CorpusIndex.build(DEFAULT_PARAMS, docs.slice(0, 1));
    const bigger = index.withChanges({ add: docs.slice(1) });
    expect([index.size, bigger.size]).toEqual([1, 2]);
    const smaller = bigger.withChanges({ remove: [docs[0]!.id] });
    expect(smaller.has(docs[0]!.id)).toBe(false);
    expect(smaller.query(fingerprintText(seedText('004_017aadd92dbe6fea.txt')))[0]?.id).toBe('002_2af652c4d04ee126.txt');
  });

  it('round-trips through a snapshot and refuses a damaged one', () => {
    const index = CorpusIndex.build(DEFAULT_PARAMS, docs);
    const snap = index.toSnapshot();
    const restored = CorpusIndex.fromSnapshot(structuredClone(snap), DEFAULT_PARAMS);
    const q = fingerprintText(seedText('001_2b3f9f2055e0df11.txt'));
    expect(restored.query(q)).toEqual(index.query(q));
    const flipped = structuredClone(snap);
    flipped.tableKeys[3]! ^= 1;
    expect(() => CorpusIndex.fromSnapshot(flipped, DEFAULT_PARAMS)).toThrow(SnapshotError);
    const truncated = { ...structuredClone(snap), tableDocs: snap.tableDocs.slice(1) };
    expect(() => CorpusIndex.fromSnapshot(truncated, DEFAULT_PARAMS)).toThrow(/truncated/);
    expect(() => CorpusIndex.fromSnapshot(snap, { ...DEFAULT_PARAMS, seed: 1 })).toThrow(/other fingerprint parameters/);
    expect(() => CorpusIndex.fromSnapshot({ ...snap, ids: undefined } as never, DEFAULT_PARAMS)).toThrow(SnapshotError);
    expect(() => CorpusIndex.fromSnapshot({ ...snap, params: {} } as never, DEFAULT_PARAMS)).toThrow(SnapshotError);
  });

  it('skips buckets shared by very many articles (boilerplate)', () => {
    const same = fingerprintText('Follow the AP’s coverage of the war at the usual address for more.').bandKeys;
    const many = Array.from({ length: 150 }, (_, i) => ({ id: `b${i}`, bandKeys: same }));
    const index = CorpusIndex.build(DEFAULT_PARAMS, many);
    expect(index.query(fingerprintText('Follow the AP’s coverage of the war at the usual address for more.'))).toEqual([]);
  });
});
