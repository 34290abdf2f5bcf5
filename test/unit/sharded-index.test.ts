// The index as the extension stores it, in shards (src/core/index/shards.ts,
// src/storage/index-shards.ts): after every kind of change it answers every query as the
// in-memory index of the same articles does; a change rewrites only the shards it touches;
// a shard, an id or a directory that does not verify is rebuilt from the texts; a query whose
// shards move under it runs again.
import { describe, expect, it, vi } from 'vitest';
import { CorpusChecker } from '../../src/background/corpus-checker';
import { DEFAULT_PARAMS, type Fingerprint, fingerprintText } from '../../src/core/fingerprint/minhash';
import { CorpusIndex } from '../../src/core/index/corpus-index';
import { COMMON_MARK, MAX_SHARDED_ARTICLES, type PackedShard, type ShardRecord, isCommonMark, prefixBitsFor, shardChecksum } from '../../src/core/index/shards';
import { unpackEntries } from '../../src/core/index/shard-codec';
import { COMMON_BUCKET } from '../../src/core/index/channel-count';
import { hashString } from '../../src/core/fingerprint/hash';
import { type ShardSource, ShardedIndex } from '../../src/core/index/sharded-index';
import { articleFingerprintText } from '../../src/core/corpus/memory';
import type { Article } from '../../src/core/types';
import type { CorpusStore } from '../../src/storage';
import { withRaw } from './raw-database';
import { freshName, open } from './storage-fixture';
import { syntheticArticles } from './storage-synthetic';

const fp = (a: Pick<Article, 'title' | 'text'>) => fingerprintText(articleFingerprintText(a));

/** A stored shard's entries, packed or not. */
const entriesOf = (s: ShardRecord): { keys: Uint32Array; docs: Uint8Array } => ('words' in s ? unpackEntries(s) : s);

/** Pages that share bands with several articles: whole articles, and blends of two. */
function pagesFrom(articles: readonly Article[]): Fingerprint[] {
  const out: Fingerprint[] = [];
  for (let i = 0; i + 1 < articles.length && out.length < 24; i += Math.max(1, Math.floor(articles.length / 12))) {
    const [a, b] = [articles[i]!, articles[i + 1]!];
    const blend = `${a.text.slice(0, a.text.length / 2)} ${b.text.slice(b.text.length / 2)}`;
    // A page, a blend, and a window of the blend (no verbatim bands, as check.ts looks windows up).
    out.push(fp(a), fpText(blend), fingerprintText(blend.slice(blend.length / 4, (3 * blend.length) / 4), undefined, DEFAULT_PARAMS, { verbatim: false }));
  }
  return out;
}
const fpText = (text: string) => fingerprintText(text);

const strip = (xs: { id: string; verbatim: number; reworded: number; passage: number; bandsShared: number }[]) =>
  xs.map(({ id, verbatim, reworded, passage, bandsShared }) => ({ id, verbatim, reworded, passage, bandsShared })).sort((a, b) => (a.id < b.id ? -1 : 1));

/**
 * The stored index answers as an in-memory index of `live` does, for every page, page by page
 * and all together. A key the store keeps marked as common (shards.ts COMMON_MARK) is common
 * in the reference too: deletions may have left it fewer than COMMON_BUCKET articles, and it
 * stays skipped until a rebuild, so the reference gets COMMON_BUCKET + 1 stand-ins sharing that
 * band key and nothing else.
 */
async function expectSameAnswers(store: CorpusStore, live: ReadonlyMap<string, Article>, pages: readonly Fingerprint[]): Promise<void> {
  const stored = await store.loadIndex();
  const standIns = (await stored.commonKeys()).flatMap(([b, key], m) =>
    Array.from({ length: COMMON_BUCKET + 1 }, (_, i) => {
      const bandKeys = new Uint32Array(bandCount).map((_, j) => hashString(`stand-in ${m} ${i} ${j}`));
      bandKeys[b] = key;
      return { id: `~stand-in-${m}-${i}`, bandKeys };
    }),
  );
  const memory = CorpusIndex.build(DEFAULT_PARAMS, [...[...live.values()].map((a) => ({ id: a.id, bandKeys: fp(a).bandKeys })), ...standIns]);
  expect(stored.size).toBe(live.size);
  for (const page of pages) expect(strip(await stored.queryChannels([page]))).toEqual(strip(memory.queryChannels([page])));
  expect(strip(await stored.queryChannels(pages))).toEqual(strip(memory.queryChannels(pages)));
}

const bandCount = DEFAULT_PARAMS.verbatim.bands + DEFAULT_PARAMS.reworded.bands + DEFAULT_PARAMS.passageBands + DEFAULT_PARAMS.leadBands;

async function shardRecords(name: string): Promise<Map<number, string>> {
  return withRaw(name, async (db) => {
    const all = await db.getAll('indexShards');
    return new Map(all.map((s) => [s.key, `${s.checksum}:${entriesOf(s).keys.length}`]));
  });
}

describe('the sharded index', () => {
  it('answers as the in-memory index through adds, replacements, deletes, new layouts and a reopen', async () => {
    const name = freshName();
    const store = await open(name);
    const articles = syntheticArticles(700, { words: 60, seed: 7 });
    const live = new Map<string, Article>();
    const pages = pagesFrom(articles);

    await store.importArticles(articles.slice(0, 100));
    articles.slice(0, 100).forEach((a) => live.set(a.id, a));
    await expectSameAnswers(store, live, pages);

    // 600 articles: a wider layout (the prefix width for 100 is 0, for 600 it is 3).
    await store.importArticles(articles.slice(100, 600));
    articles.slice(100, 600).forEach((a) => live.set(a.id, a));
    expect([prefixBitsFor(100), prefixBitsFor(600)]).toEqual([0, 3]);
    await expectSameAnswers(store, live, pages);

    // Replacements (new texts under old ids) and deletes within the layout.
    const replaced = articles.slice(10, 30).map((a, i) => ({ ...a, text: `${articles[600 + i]!.text} ${a.text.slice(0, 40)}` }));
    await store.importArticles(replaced);
    replaced.forEach((a) => live.set(a.id, a));
    const deleted = articles.slice(200, 260).map((a) => a.id);
    await store.deleteArticles(deleted);
    deleted.forEach((id) => live.delete(id));
    await expectSameAnswers(store, live, [...pages, ...pagesFrom(replaced)]);

    // Deleted numbers outnumber live ones: a new layout, renumbered.
    const many = articles.slice(260, 600).map((a) => a.id);
    await store.deleteArticles(many);
    many.forEach((id) => live.delete(id));
    await expectSameAnswers(store, live, pages);
    const ids = await withRaw(name, (db) => db.getAll('indexIds'));
    expect(ids.map((r) => r.doc)).toEqual(ids.map((_, i) => i)); // numbered 0… again, no gaps
    expect(ids.map((r) => r.id).sort()).toEqual([...live.keys()].sort());

    const reopened = await open(name);
    await expectSameAnswers(reopened, live, pages);
    expect(reopened.lastLoad).toBe('snapshot');
    expect(new Set((await (await reopened.loadIndex()).entries()).map((e) => e.id))).toEqual(new Set(live.keys()));
  });

  it('a change rewrites only the shards its article falls into', async () => {
    const name = freshName();
    const store = await open(name);
    const articles = syntheticArticles(1001, { words: 40, seed: 11 });
    await store.importArticles(articles.slice(0, 1000));
    const before = await shardRecords(name);
    expect(before.size).toBe(128 * 2 ** prefixBitsFor(1000));
    await store.importArticles(articles.slice(1000));
    const after = await shardRecords(name);
    expect([...after.keys()]).toEqual([...before.keys()]);
    const changed = [...after].filter(([k, v]) => before.get(k) !== v).length;
    expect(changed).toBeGreaterThan(0);
    expect(changed).toBeLessThanOrEqual(128); // one shard per band at most
  });

  it('keeps a key shared by more than COMMON_BUCKET articles as one mark, and answers as the full bucket would', async () => {
    const name = freshName();
    const store = await open(name);
    const others = syntheticArticles(300, { words: 60, seed: 23 });
    // 130 copies of one story under their own ids: every band key of it is common.
    const story = others[0]!;
    const copies = Array.from({ length: 130 }, (_, i) => ({ ...story, id: `copy-${i}` }));
    const live = new Map<string, Article>([...others, ...copies].map((a) => [a.id, a]));
    await store.importArticles([...others.slice(1), ...copies.slice(0, 90)]);
    await store.importArticles(copies.slice(90)); // merged into the shards: crosses the limit there
    live.delete(story.id);
    const marks = async () =>
      withRaw(name, async (db) => {
        let count = 0;
        let entries = 0;
        for (const s of (await db.getAll('indexShards')).map(entriesOf)) {
          entries += s.keys.length;
          for (let i = 0; i < s.keys.length; i++) if (isCommonMark(s.docs, i)) count++;
        }
        return { count, entries };
      });
    const once = await marks();
    expect(once.count).toBe(128); // one per band, in place of 130 entries each
    expect(once.entries).toBeLessThan(299 * 128 + 128 + 1);
    const pages = [...pagesFrom(others.slice(1)), fp(story)];
    await expectSameAnswers(store, live, pages);
    expect(COMMON_MARK).toBeGreaterThanOrEqual(MAX_SHARDED_ARTICLES);

    // Deletes leave fewer copies than the limit; the key stays marked (skipped) until a rebuild.
    const gone = copies.slice(0, 100).map((a) => a.id);
    await store.deleteArticles(gone);
    gone.forEach((id) => live.delete(id));
    await store.importArticles([{ ...others[5]!, text: `${others[5]!.text} again` }]);
    live.set(others[5]!.id, { ...others[5]!, text: `${others[5]!.text} again` });
    expect((await marks()).count).toBe(128);
    const found = async () => (await (await store.loadIndex()).queryChannels([fp(story)])).map((c) => c.id).filter((id) => id.startsWith('copy-'));
    expect(await found()).toEqual([]);
    // Deleted numbers outnumber live ones: a new layout, renumbered; the marks go with it.
    const many = others.slice(10, 260).map((a) => a.id);
    await store.deleteArticles(many);
    expect((await marks()).count).toBe(128);
    expect(await found()).toEqual([]);
  });

  const damages: [string, (db: Awaited<Parameters<Parameters<typeof withRaw>[1]>[0]>) => Promise<void>, RegExp][] = [
    ['a flipped bit in a shard', async (db) => {
      const [s] = (await db.getAll('indexShards')).filter((x): x is PackedShard => 'words' in x && x.n > 0);
      await db.put('indexShards', { ...s!, words: s!.words.map((v, i) => (i === 0 ? v ^ 1 : v)) });
    }, /shard .* checksum/],
    ['a missing shard', async (db) => {
      for (const s of await db.getAll('indexShards')) await db.delete('indexShards', s.key);
    }, /shard .* missing/],
    ['a damaged id', async (db) => {
      for (const r of await db.getAll('indexIds')) await db.put('indexIds', { ...r, id: `${r.id}-x` });
    }, /article number .* damaged/],
  ];
  it.each(damages)('a check that meets %s rebuilds the index from the texts and still finds the source', async (_, damage, reason) => {
    const name = freshName();
    const store = await open(name);
    const articles = syntheticArticles(40, { words: 80, seed: 3 });
    await store.importArticles(articles);
    await withRaw(name, damage);
    const checker = new CorpusChecker(name);
    const target = articles[17]!;
    const result = await checker.check({ title: target.title, text: target.text });
    expect(result.source?.id).toBe(target.id);
    const repaired = await checker.store();
    expect(repaired.lastLoad).toBe('rebuilt');
    expect(repaired.lastRebuildReason).toMatch(reason);
    // The rebuilt index was saved: a fresh start reads it and does not rebuild again.
    const fresh = await open(name);
    expect(strip(await (await fresh.loadIndex()).queryChannels([fp(target)]))[0]).toBeDefined();
    expect(fresh.lastLoad).toBe('snapshot');
  });

  it('a small index is read whole into its cache, and then a query reads nothing; one larger than the cache is read as queries need it', async () => {
    const name = freshName();
    const store = await open(name);
    const articles = syntheticArticles(300, { words: 60, seed: 13 });
    await store.importArticles(articles);
    const { directory, shards, ids } = await withRaw(name, async (db) => ({
      directory: (await db.get('snapshots', 'corpus-index'))!.directory!,
      shards: new Map((await db.getAll('indexShards')).map((r) => [r.key, r])),
      ids: new Map((await db.getAll('indexIds')).map((r) => [r.doc, r])),
    }));
    let gets = 0;
    const source: ShardSource = {
      shards: async (keys) => keys.map((k) => (gets++, shards.get(k))),
      docIds: async (docs) => docs.map((d) => ids.get(d)),
      docNumbers: async (wanted) => wanted.map((id) => [...ids.values()].find((r) => r.id === id)?.doc),
    };
    const pages = pagesFrom(articles.slice(0, 20));
    const memory = CorpusIndex.build(DEFAULT_PARAMS, articles.map((a) => ({ id: a.id, bandKeys: fp(a).bandKeys })));

    const small = new ShardedIndex(directory, source);
    expect(await small.preload()).toBe(true);
    expect(gets).toBe(shards.size); // every shard, once
    for (const page of pages) {
      expect(strip(await small.queryChannels([page]))).toEqual(strip(memory.queryChannels([page])));
      expect(small.lastReads).toBe(0);
    }

    gets = 0;
    const bounded = new ShardedIndex(directory, source, 64 * 1024); // far less than the index
    expect(await bounded.preload()).toBe(false);
    expect(gets).toBe(0);
    await bounded.queryChannels([pages[0]!]);
    expect(bounded.lastReads).toBeGreaterThan(0);
    // A window reads no shard of a verbatim band: at most one per other band.
    const window = pages[2]!;
    expect(window.firstBand).toBe(DEFAULT_PARAMS.verbatim.bands);
    await new ShardedIndex(directory, source, 64 * 1024).queryChannels([window]);
    gets = 0;
    const fresh = new ShardedIndex(directory, source, 64 * 1024);
    await fresh.queryChannels([window]);
    expect(fresh.lastReads).toBe(gets);
    expect(gets).toBeLessThanOrEqual(window.bandKeys.length - DEFAULT_PARAMS.verbatim.bands);
    expect(gets).toBeGreaterThan(0);
    expect(bounded.cacheSize).toBeLessThanOrEqual(64 * 1024);
  });

  it('the background reads a small index whole after its first check, so later checks read no shard', async () => {
    const name = freshName();
    const store = await open(name);
    // 2,048 shards (prefixBitsFor(1,500) = 4): more than one check's band keys fall into.
    const articles = syntheticArticles(1500, { words: 60, seed: 17 });
    await store.importArticles(articles);
    const checker = new CorpusChecker(name);
    const [first, second] = [articles[3]!, articles[1200]!];
    expect((await checker.check({ title: first.title, text: first.text })).source?.id).toBe(first.id);
    const index = await (await checker.store()).loadIndex();
    expect(index.lastReads).toBeGreaterThan(0); // the cold check read its shards
    const whole = await withRaw(name, async (db) => (await db.getAll('indexShards')).map(entriesOf).reduce((n, r) => n + r.keys.byteLength + r.docs.byteLength + 64, 0));
    // No other check runs meanwhile: only the preload can bring the rest of the shards in.
    await vi.waitFor(() => expect(index.cacheSize).toBe(whole), { timeout: 5000 });
    expect((await checker.check({ title: second.title, text: second.text })).source?.id).toBe(second.id);
    expect(index.lastReads).toBe(0);
  });

  it('reads shards stored unpacked, and packs each one the next change writes', async () => {
    const name = freshName();
    const store = await open(name);
    // 1,100 articles: 16 shards a band, so one added article's merge reads its shards one by
    // one (index-shards.ts WHOLE_BAND_READ); the equivalence test above, 8 a band, reads bands whole.
    const articles = syntheticArticles(1100, { words: 60, seed: 29 });
    const last = articles.length - 1;
    await store.importArticles(articles.slice(0, last));
    expect(prefixBitsFor(last)).toBe(4);
    // Every shard as an index written before packing holds it: 32-bit keys, 24-bit numbers.
    await withRaw(name, async (db) => {
      for (const s of await db.getAll('indexShards')) {
        const { keys, docs } = entriesOf(s);
        await db.put('indexShards', { key: s.key, keys, docs, checksum: shardChecksum(s.key, keys, docs) });
      }
    });
    const reopened = await open(name);
    const live = new Map(articles.slice(0, last).map((a) => [a.id, a]));
    await expectSameAnswers(reopened, live, pagesFrom(articles.slice(0, last)));

    await reopened.importArticles([articles[last]!]);
    live.set(articles[last]!.id, articles[last]!);
    const kinds = await withRaw(name, async (db) => (await db.getAll('indexShards')).map((s) => ('words' in s ? 'packed' : 'unpacked')));
    // One article touches one shard a band: those are packed, the rest stay as they were.
    expect(kinds.filter((k) => k === 'packed')).toHaveLength(bandCount);
    expect(kinds.filter((k) => k === 'unpacked').length).toBeGreaterThan(bandCount);
    await expectSameAnswers(await open(name), live, pagesFrom(articles));
  });

  it('a directory that does not verify is rebuilt at load', async () => {
    const name = freshName();
    const store = await open(name);
    const articles = syntheticArticles(30, { words: 50, seed: 5 });
    await store.importArticles(articles);
    await withRaw(name, async (db) => {
      const saved = (await db.get('snapshots', 'corpus-index'))!;
      await db.put('snapshots', { ...saved, directory: { ...saved.directory!, live: saved.directory!.live - 1 } });
    });
    const reopened = await open(name);
    const index = await reopened.loadIndex();
    expect(reopened.lastLoad).toBe('rebuilt');
    expect(reopened.lastRebuildReason).toMatch(/directory checksum/);
    expect(index.size).toBe(30);
  });

  it('a check whose shards move under it (another context commits) runs again on the new index', async () => {
    const name = freshName();
    const articles = syntheticArticles(60, { words: 60, seed: 9 });
    const store = await open(name);
    await store.importArticles(articles.slice(0, 30));
    const checker = new CorpusChecker(name);
    const checkerStore = await checker.store();
    await checker.warm(); // the directory of generation 1 is in memory
    const index = await checkerStore.loadIndex();
    // Another context adds the target; the checker's index is one generation behind until it notices.
    await store.importArticles(articles.slice(30));
    await expect(index.queryChannels([fp(articles[45]!)])).rejects.toThrow(/changed during the check/);
    const target = articles[45]!;
    expect((await checker.check({ title: target.title, text: target.text })).source?.id).toBe(target.id);
  });
});
