// Pack identity and delta packs (src/core/pack/identity.ts, delta.ts): every pack names its
// corpus by content, older packs get theirs computed, a delta holds only what changed and
// leaves the reader with the next version's corpus id, and a forged delta header is refused.
import { describe, expect, it } from 'vitest';
import { contentHashOf } from '../../src/core/corpus/content-hash';
import { buildPack } from '../../src/core/pack/build';
import { DeltaError, buildDeltaPack, deltaGap, takePack } from '../../src/core/pack/delta';
import { CORPUS_ID_PATTERN, corpusIdOf, isPackLink } from '../../src/core/pack/identity';
import { type Pack, type PackArticle, PackError, openPack } from '../../src/core/pack/pack';
import type { Article } from '../../src/core/types';
import { layPack, splitPack } from './fuzz/pack-gen';
import { syntheticArticles } from './storage-synthetic';

const old = syntheticArticles(60, { words: 80, seed: 4 });
/** The next version: 5 removed, 7 changed, 6 new. */
const next: Article[] = [
  ...old.slice(5).map((a, i) => (i < 7 ? { ...a, text: `${a.text} A correction was added to the ${i}th story.` } : a)),
  ...syntheticArticles(6, { words: 80, seed: 5, prefix: 'new' }),
];
const removedIds = old.slice(0, 5).map((a) => a.id);

function refusal(bytes: Uint8Array): PackError {
  try {
    openPack(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(PackError);
    return e as PackError;
  }
  throw new Error('the pack was accepted');
}

/** The pack with its header changed by `edit`, CRC and offsets made right again (a forger's pack). */
function forged(bytes: Uint8Array, edit: (header: Record<string, unknown>) => void): Uint8Array {
  const parts = splitPack(bytes);
  edit(parts.header);
  return layPack(parts);
}

/** id → contentHash of a reader holding `pack` after `taking` these packs in order. */
function held(packs: readonly Pack[]): Map<string, PackArticle> {
  const map = new Map<string, PackArticle>();
  for (const p of packs) takePack(map, p, (a) => a);
  return map;
}

describe('corpus ids', () => {
  it('name a set of (id, contentHash) pairs: any order, 32 hex digits, changed by any article', () => {
    const pairs = old.map((a) => ({ id: a.id, contentHash: contentHashOf(a) }));
    const id = corpusIdOf(pairs);
    expect(id).toMatch(CORPUS_ID_PATTERN);
    expect(corpusIdOf([...pairs].reverse())).toBe(id);
    expect(corpusIdOf(pairs.slice(1))).not.toBe(id);
    expect(corpusIdOf(pairs.map((p, i) => (i === 30 ? { ...p, contentHash: `${p.contentHash}x` } : p)))).not.toBe(id);
    expect(corpusIdOf([...pairs, { id: 'one-more', contentHash: 'h' }])).not.toBe(id);
    // The same characters split differently between id and hash are another corpus.
    expect(corpusIdOf([{ id: 'ab', contentHash: 'c' }])).not.toBe(corpusIdOf([{ id: 'a', contentHash: 'bc' }]));
    expect(corpusIdOf([])).toMatch(CORPUS_ID_PATTERN);
  });

  it('are in every pack header, checked on opening, and computed for a pack written without one', async () => {
    const bytes = await buildPack(old);
    const pack = openPack(bytes);
    const want = corpusIdOf(old.map((a) => ({ id: a.id, contentHash: contentHashOf(a) })));
    expect(splitPack(bytes).header.corpusId).toBe(want);
    expect(pack).toMatchObject({ corpusId: want, resultId: want });
    expect(pack.delta).toBeUndefined();

    const older = openPack(forged(bytes, (h) => delete h.corpusId));
    expect(older.header.corpusId).toBeUndefined();
    expect(older).toMatchObject({ corpusId: want, resultId: want });

    const other = corpusIdOf([{ id: 'x', contentHash: 'y' }]);
    expect(refusal(forged(bytes, (h) => (h.corpusId = other)))).toMatchObject({ kind: 'damaged', message: expect.stringMatching(/corpus id does not match its articles/) });
    expect(refusal(forged(bytes, (h) => (h.corpusId = 'not hex')))).toMatchObject({ kind: 'damaged' });
  });
});

describe('delta packs', () => {
  it('hold only the new and changed articles, name what goes, and leave the next version', async () => {
    const base = openPack(await buildPack(old));
    const full = openPack(await buildPack(next));
    const made = await buildDeltaPack(next, base, { previous: 'delta-0001.wcpack', full: 'https://packs.example/ap.wcpack' });
    expect(made).toMatchObject({ added: 6, changed: 7, removed: 5, base: base.corpusId, result: full.corpusId });

    const delta = openPack(made.bytes);
    expect(delta.delta).toEqual({ base: base.corpusId, result: full.corpusId, removed: removedIds, previous: 'delta-0001.wcpack', full: 'https://packs.example/ap.wcpack' });
    expect(delta.resultId).toBe(full.corpusId);
    expect(delta.corpusId).toBe(corpusIdOf(delta.articles));
    expect(delta.articles.map((a) => a.id).sort()).toEqual([...next.slice(0, 7), ...next.slice(-6)].map((a) => a.id).sort());
    // Its index is of its own articles; band keys and texts are the full pack's.
    expect(delta.index.size).toBe(13);
    const position = new Map(full.articles.map((a, i) => [a.id, i]));
    for (const [i, a] of delta.articles.entries()) {
      const j = position.get(a.id)!;
      expect(a).toEqual(full.articles[j]);
      expect([...delta.bandKeysOf(i)]).toEqual([...full.bandKeysOf(j)]);
      expect(await delta.text(i)).toBe(await full.text(j));
    }
    // Taking it onto the base gives exactly the next version.
    expect(corpusIdOf(held([base, delta]).values())).toBe(full.corpusId);
    expect(deltaGap(delta, base.corpusId)).toBeUndefined();
    expect(delta.bytes).toBeLessThan(full.bytes / 3);
  });

  it('are the same made from the full pack, without fingerprinting', async () => {
    const base = openPack(await buildPack(old));
    const full = openPack(await buildPack(next));
    const fromArticles = openPack((await buildDeltaPack(next, base)).bytes);
    const fromPack = await buildDeltaPack(full, base);
    expect(fromPack).toMatchObject({ added: 6, changed: 7, removed: 5, result: full.corpusId });
    const delta = openPack(fromPack.bytes);
    expect(delta.articles).toEqual(fromArticles.articles);
    expect(delta.delta).toEqual(fromArticles.delta);
    expect(delta.articles.map((_, i) => [...delta.bandKeysOf(i)])).toEqual(fromArticles.articles.map((_, i) => [...fromArticles.bandKeysOf(i)]));
  });

  it('chain: each builds on the one before, and an unchanged corpus gives an empty delta', async () => {
    const third = [...next.slice(2), ...syntheticArticles(2, { words: 80, seed: 6, prefix: 'third' })];
    const [p1, p2, p3] = await Promise.all([old, next, third].map(async (a) => openPack(await buildPack(a))));
    const d2 = openPack((await buildDeltaPack(p2!, p1!)).bytes);
    const d3 = openPack((await buildDeltaPack(p3!, p2!, { previous: 'd2.wcpack' })).bytes);
    expect(d3.delta!.base).toBe(d2.resultId);
    expect(corpusIdOf(held([p1!, d2, d3]).values())).toBe(p3!.corpusId);
    expect(deltaGap(d3, p1!.corpusId)).toMatch(new RegExp(`^a gap: this update builds on ${p2!.corpusId.slice(0, 12)}, your copy is ${p1!.corpusId.slice(0, 12)}$`));
    expect(deltaGap(d3, undefined)).toMatch(/you have none of it yet/);
    expect(deltaGap(p3!, 'anything')).toBeUndefined();

    const same = await buildDeltaPack(p2!, p2!);
    expect(same).toMatchObject({ added: 0, changed: 0, removed: 0, base: p2!.corpusId, result: p2!.corpusId });
    expect(openPack(same.bytes).articles).toHaveLength(0);
  });

  it('are made against a full pack only, with links that are http(s) or relative', async () => {
    const base = openPack(await buildPack(old));
    const delta = openPack((await buildDeltaPack(next, base)).bytes);
    await expect(buildDeltaPack(next, delta)).rejects.toThrow(DeltaError);
    await expect(buildDeltaPack(delta, base)).rejects.toThrow(/is a delta pack/);
    await expect(buildDeltaPack(next, base, { full: 'javascript:alert(1)' })).rejects.toThrow(/http\(s\) URL or a relative one/);
    for (const good of ['d.wcpack', '../older/d.wcpack', '/packs/d.wcpack', 'https://x.example/d.wcpack', 'HTTP://x.example/d', '//cdn.example/d.wcpack', 'd.wcpack?v=2#x']) expect(isPackLink(good), good).toBe(true);
    for (const bad of ['', 'javascript:alert(1)', 'data:text/plain,x', 'file:///etc/passwd', 'ftp://x.example/d', 'd e.wcpack', 'a\\b', 'c:d', 'x\u0000', 'x'.repeat(3000), 5, null]) expect(isPackLink(bad), String(bad)).toBe(false);
  });

  it('refuse a forged delta header as damaged', async () => {
    const base = openPack(await buildPack(old));
    const made = await buildDeltaPack(next, base, { full: 'full.wcpack' });
    const held0 = openPack(made.bytes).articles[0]!.id;
    const cases: [string, (d: Record<string, unknown>) => void, RegExp][] = [
      ['base not an id', (d) => (d.base = 'x'), /delta base/],
      ['result missing', (d) => delete d.result, /delta result/],
      ['removals not a list', (d) => (d.removed = 'a'), /delta removals/],
      ['a removal not a string', (d) => (d.removed = [5]), /delta removals/],
      ['a removal twice', (d) => (d.removed = ['a', 'a']), /delta removals/],
      ['an id removed and held', (d) => (d.removed = [held0]), /which it also holds/],
      ['a javascript: link', (d) => (d.full = 'javascript:alert(1)'), /link to the full pack/],
      ['a link not a string', (d) => (d.previous = { href: 'x' }), /link to the previous delta/],
    ];
    for (const [what, edit, message] of cases) {
      const e = refusal(forged(made.bytes, (h) => edit(h.delta as Record<string, unknown>)));
      expect(e.kind, what).toBe('damaged');
      expect(e.message, what).toMatch(message);
    }
    expect(refusal(forged(made.bytes, (h) => (h.delta = [])))).toMatchObject({ kind: 'damaged', message: expect.stringMatching(/delta header/) });
  });
});
