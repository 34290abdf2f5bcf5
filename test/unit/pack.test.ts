// Corpus packs (src/core/pack): a round trip gives the same corpus and the same results as
// the articles themselves; anything truncated, bit-flipped, of another version or made with
// other fingerprint parameters is refused with its own message; importing a pack into the
// IndexedDB corpus (fake-indexeddb) lands whole, and a refused one changes nothing.
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryCorpus } from '../../src/core/corpus/memory';
import { DEFAULT_PARAMS, type FingerprintParams } from '../../src/core/fingerprint/minhash';
import { CorpusIndex } from '../../src/core/index/corpus-index';
import { buildPack } from '../../src/core/pack/build';
import { PackCorpus } from '../../src/core/pack/corpus';
import { buildDeltaPack } from '../../src/core/pack/delta';
import { crc32 } from '../../src/core/pack/crc32';
import { decodeStructured, encodeStructured } from '../../src/core/pack/structured';
import { deflateSync } from 'fflate';
import { TEXT_CODEC, compressText, decompressText } from '../../src/core/pack/deflate';
import { TEXT_DICTIONARY, TEXT_DICTIONARY_ID } from '../../src/core/pack/text-dictionary';
import { PACK_MAGIC, PackError, encodePack, looksLikeDamagedPack, looksLikePack, openPack } from '../../src/core/pack/pack';
import type { Article } from '../../src/core/types';
import { CorpusStore, type WirecheckDB } from '../../src/storage';
import { importFiles } from '../../src/ui/options/import-run';
import { seedCases, seedCorpus, seedPage } from './seeds';
import { jsonLines, syntheticArticles } from './storage-synthetic';

const corpus: Article[] = [...seedCorpus('both'), ...syntheticArticles(40, { words: 120, seed: 9 })];

function refusal(bytes: Uint8Array, params: FingerprintParams = DEFAULT_PARAMS): PackError {
  try {
    openPack(bytes, params);
  } catch (e) {
    expect(e).toBeInstanceOf(PackError);
    return e as PackError;
  }
  throw new Error('the pack was accepted');
}

describe('corpus packs', () => {
  it('round-trips articles, texts and the index, and checks exactly as the articles do', async () => {
    const bytes = await buildPack(corpus);
    expect(looksLikePack(bytes)).toBe(true);
    const pack = openPack(bytes);
    expect(pack.indexFrom).toBe('snapshot');
    expect(pack.articles.map((a) => a.id)).toEqual(corpus.map((a) => a.id));
    for (const [i, a] of corpus.entries()) expect(await pack.text(i)).toBe(a.text);
    const fromPack = new PackCorpus(pack);
    const fromArticles = new MemoryCorpus(corpus);
    for (const c of seedCases.cases) {
      const page = seedPage(c.query);
      expect(await fromPack.check(page)).toEqual(await fromArticles.check(page));
    }
  });

  it('names a truncated pack as truncated, whatever is missing', async () => {
    const bytes = await buildPack(corpus.slice(0, 5));
    for (const length of [3, 20, 100, bytes.length >> 1, bytes.length - 1]) {
      const e = refusal(bytes.slice(0, length));
      expect(e.kind, `length ${length}`).toBe('truncated');
      expect(e.message).toMatch(/truncated/);
    }
  });

  it('refuses a pack with any one bit flipped, in the header, the index or a text', async () => {
    const bytes = await buildPack(corpus.slice(0, 5));
    const header = new DataView(bytes.buffer).getUint32(12, true);
    for (const at of [30, 24 + header + 20, bytes.length >> 1, bytes.length - 10, bytes.length - 1]) {
      const flipped = bytes.slice();
      flipped[at]! ^= 0x10;
      const e = refusal(flipped);
      expect(e.kind, `byte ${at}`).toBe('damaged');
      expect(e.message).toMatch(/damaged/);
    }
  });

  it('refuses other pack format versions and other fingerprint parameters, and what is no pack', async () => {
    const bytes = await buildPack(corpus.slice(0, 5));
    const newer = bytes.slice();
    new DataView(newer.buffer).setUint32(8, 2, true);
    expect(refusal(newer)).toMatchObject({ kind: 'version', message: expect.stringMatching(/format 2, newer .*update Wirecheck/) });

    const other: FingerprintParams = { ...DEFAULT_PARAMS, seed: 12345 };
    const otherPack = await buildPack(corpus.slice(0, 5), { params: other });
    expect(openPack(otherPack, other).articles).toHaveLength(5);
    expect(refusal(otherPack)).toMatchObject({ kind: 'params', message: expect.stringMatching(/other fingerprint parameters.*wirecheck index/) });

    expect(refusal(new TextEncoder().encode(jsonLines(corpus.slice(0, 2))))).toMatchObject({ kind: 'not-pack' });
  });

  it('tells a pack whose first bytes were damaged from a file that is no pack', async () => {
    const bytes = await buildPack(corpus.slice(0, 5));
    const damage = (f: (b: Uint8Array) => void) => {
      const copy = bytes.slice();
      f(copy);
      return copy;
    };
    for (const [what, damaged] of [
      ['a flipped bit', damage((b) => void (b[3]! ^= 1))],
      ['the magic blanked', damage((b) => void b.fill(0, 0, 8))],
      ['the whole prefix overwritten', damage((b) => void b.fill(0x41, 0, 24))],
    ] as const) {
      expect(looksLikeDamagedPack(damaged.subarray(0, 64), damaged.length), what).toBe(true);
      expect(refusal(damaged), what).toMatchObject({ kind: 'damaged', message: "the corpus pack is damaged (its first bytes are not a pack's signature)" });
    }
    expect(looksLikeDamagedPack(bytes)).toBe(false);
    const text = new TextEncoder().encode(jsonLines(corpus.slice(0, 2)));
    expect(looksLikeDamagedPack(text.subarray(0, 64), text.length)).toBe(false);
    expect(refusal(text)).toMatchObject({ kind: 'not-pack' });
  });

  it('validates every article record as a JSON Lines line is validated, checksum or not', async () => {
    const pack = openPack(await buildPack(corpus.slice(0, 4)));
    const forge = (over: (a: (typeof pack.articles)[number], i: number) => object) =>
      encodePack({
        params: DEFAULT_PARAMS,
        articles: pack.articles.map((a, i) => ({ ...a, ...over(a, i) })) as typeof pack.articles,
        bandKeys: new Uint32Array(pack.articles.flatMap((_, i) => [...pack.bandKeysOf(i)])),
        texts: pack.articles.map((_, i) => pack.compressedText(i)),
        snapshot: pack.index.toSnapshot(),
      });
    const forged = forge((_, i) => [{}, { url: 'javascript:alert(1)' }, { title: '<script>alert(1)</script>' }, { published: 'not a date' }][i]!);
    const e = refusal(forged);
    expect(e.kind).toBe('damaged');
    expect(e.message).toBe(
      `the corpus pack has 3 invalid article records, refused: article 2 (${JSON.stringify(pack.articles[1]!.id)}): "url" must be an http(s) address, not "javascript:alert(1)"; ` +
        `article 3 (${JSON.stringify(pack.articles[2]!.id)}): "title" holds HTML markup ("<script>"); give the headline as plain text; ` +
        `article 4 (${JSON.stringify(pack.articles[3]!.id)}): "published": "not a date" is not a date Wirecheck can read: use an ISO date (2023-02-22, 2023-02-22T14:30:00Z), a feed date (Wed, 22 Feb 2023 14:30:00 +0000), 02/22/2023 (month first) or February 22, 2023`,
    );
    // What a line would have cleaned (control characters) is cleaned the same way.
    const cleaned = openPack(forge((a, i) => (i === 0 ? { title: `${a.title}\u0007\u009b` } : {})));
    expect(cleaned.articles[0]!.title).toBe(pack.articles[0]!.title);
    // The options page imports packs through openPack too: nothing of a forged one lands.
    const store = await open();
    expect(await importFiles(store, [fileOf(forged, 'forged.wcpack')])).toMatchObject({ kind: 'pack-refused', reason: 'damaged' });
    expect(await store.count()).toBe(0);
  });

  it('refuses a pack with a text that does not read back, checksum or not, naming the article', async () => {
    const some = corpus.slice(0, 4);
    const pack = openPack(await buildPack(some));
    const contents = { params: DEFAULT_PARAMS, articles: pack.articles, bandKeys: new Uint32Array(pack.articles.flatMap((_, i) => [...pack.bandKeysOf(i)])), snapshot: pack.index.toSnapshot() };
    const withText = (i: number, bytes: Uint8Array) => encodePack({ ...contents, texts: pack.articles.map((_, k) => (k === i ? bytes : pack.compressedText(k))) });
    const id = (i: number) => JSON.stringify(pack.articles[i]!.id);
    // Bytes that do not inflate, and bytes that inflate to what is not UTF-8.
    const notDeflate = withText(2, Uint8Array.of(1, 2, 3, 4, 5));
    expect(refusal(notDeflate)).toMatchObject({ kind: 'damaged', message: `the corpus pack is damaged (article 3 (${id(2)}): its text does not read: unexpected EOF)` });
    const notUtf8 = withText(1, deflateSync(Uint8Array.of(0x41, 0xff, 0xfe), { dictionary: new TextEncoder().encode(TEXT_DICTIONARY) }));
    expect(refusal(notUtf8)).toMatchObject({ kind: 'damaged', message: expect.stringMatching(new RegExp(`^the corpus pack is damaged \\(article 2 \\(${id(1)}\\): its text does not read: .+\\)$`)) });
    // Bytes opened once with every text verified may be opened again without (a CLI worker).
    expect(() => openPack(notDeflate, DEFAULT_PARAMS, { verifyTexts: false })).not.toThrow();
    // The options page imports packs through openPack: nothing of such a pack lands.
    const store = await open();
    expect(await importFiles(store, [fileOf(notDeflate, 'texts.wcpack')])).toMatchObject({ kind: 'pack-refused', reason: 'damaged' });
    expect(await store.count()).toBe(0);
  });

  it('rebuilds the index from the band keys when the pack carries another index format', async () => {
    const bytes = await buildPack(corpus.slice(0, 8));
    const pack = openPack(bytes);
    const texts = pack.articles.map((_, i) => pack.compressedText(i));
    const bandKeys = new Uint32Array(pack.articles.flatMap((_, i) => [...pack.bandKeysOf(i)]));
    const future = encodePack({ params: DEFAULT_PARAMS, articles: pack.articles, bandKeys, texts, snapshot: { ...pack.index.toSnapshot(), formatVersion: 999 } });
    const reopened = openPack(future);
    expect(reopened.header.indexFormatVersion).toBe(999);
    expect(reopened.indexFrom).toBe('rebuilt');
    expect(reopened.index.toSnapshot()).toEqual(pack.index.toSnapshot());
  });

  it('reads packs of texts compressed without the dictionary (format 1 as first written), and refuses a codec it does not know', async () => {
    const some = corpus.slice(0, 6);
    const pack = openPack(await buildPack(some));
    expect(pack.textCodec).toBe(TEXT_CODEC);
    const deflateRaw = async (text: string) =>
      new Uint8Array(await new Response(new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'))).arrayBuffer());
    const bandKeys = new Uint32Array(pack.articles.flatMap((_, i) => [...pack.bandKeysOf(i)]));
    const contents = { params: DEFAULT_PARAMS, articles: pack.articles, bandKeys, snapshot: pack.index.toSnapshot() };
    const old = openPack(encodePack({ ...contents, texts: await Promise.all(some.map((a) => deflateRaw(a.text))), textCodec: 'deflate-raw' }));
    expect(old.textCodec).toBe('deflate-raw');
    expect(await Promise.all(some.map((_, i) => old.text(i)))).toEqual(some.map((a) => a.text));

    const store = await open();
    expect(await store.importPack(old)).toMatchObject({ added: 6 });
    expect(await store.getArticles(some.map((a) => a.id))).toEqual(some);
    // Stored as the pack had them, then rewritten with the dictionary in the background.
    expect(await store.compressStoredTexts()).toBe(6);
    expect(await store.getArticles(some.map((a) => a.id))).toEqual(some);
    expect(await store.compressStoredTexts()).toBe(0);

    const unknown = encodePack({ ...contents, texts: some.map((a) => new TextEncoder().encode(a.text)), textCodec: 'zstd-9' as never });
    expect(() => openPack(unknown)).toThrow(expect.objectContaining({ kind: 'version', message: expect.stringMatching(/"zstd-9".*update Wirecheck/) }));
  });

  it('compresses texts with the versioned dictionary, round trip exact, and names what it cannot read', () => {
    const text = 'WASHINGTON (AP) — The president said on Tuesday that the government would “not back down.” 東京 ✓';
    const z = compressText(text);
    expect(decompressText(z, TEXT_CODEC)).toBe(text);
    expect(TEXT_CODEC).toBe(TEXT_DICTIONARY_ID);
    // Deflated against the dictionary, the bytes do not read as plain raw deflate.
    expect(() => decompressText(z, 'deflate-raw')).toThrow(TypeError);
    expect(() => decompressText(z, 'news-en-0' as never)).toThrow(/unknown text codec/);
    expect(() => decompressText(Uint8Array.of(0xff, 0xff, 0xff), TEXT_CODEC)).toThrow(TypeError);
    // Texts larger than the reused inflate buffer (1 MB) come back whole.
    const long = `${text} `.repeat(30_000);
    expect(long.length).toBeGreaterThan(1 << 21);
    expect(decompressText(compressText(long), TEXT_CODEC)).toBe(long);
    expect(decompressText(z, TEXT_CODEC)).toBe(text);
    // News English is what the dictionary is for: a short AP-style text shrinks far more with it.
    const plain = deflateSync(new TextEncoder().encode(text.repeat(3)), { level: 6 });
    expect(compressText(text.repeat(3)).length).toBeLessThan(plain.length * 0.8);
  });

  it('encodes plain data with typed arrays generically, and CRC-32 is the standard one', () => {
    const value = { a: 1, b: ['x', null, true], c: Uint32Array.of(1, 2, 0xffffffff), d: { e: Uint8Array.of(7, 8, 9), f: Float64Array.of(0.5) } };
    expect(decodeStructured(encodeStructured(value))).toEqual(value);
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect([...PACK_MAGIC.slice(1, 5)].map((b) => String.fromCharCode(b)).join('')).toBe('WCPK');
  });
});

let n = 0;
const stores: CorpusStore[] = [];
async function open(): Promise<CorpusStore> {
  const s = await CorpusStore.open(`wirecheck-pack-${++n}`);
  stores.push(s);
  return s;
}
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
});

const byId = <T extends { id: string }>(entries: T[]) => [...entries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
const fileOf = (bytes: Uint8Array | string, name: string) => new File([bytes as BlobPart], name, { lastModified: 1 });

describe('importing a pack into the IndexedDB corpus', () => {
  it('imports a pack in one step (told by its bytes, not its name), and a second time finds it unchanged', async () => {
    const store = await open();
    const bytes = await buildPack(corpus);
    const outcome = await importFiles(store, [fileOf(bytes, 'corpus.bin')]);
    expect(outcome).toMatchObject({ kind: 'imported', files: 1, articles: corpus.length, added: corpus.length, updated: 0, unchanged: 0 });
    expect(await store.count()).toBe(corpus.length);
    expect(await store.getArticles(corpus.slice(0, 3).map((a) => a.id))).toEqual(corpus.slice(0, 3));
    expect(byId(await (await store.loadIndex()).entries())).toEqual(byId(openPack(bytes).index.entries()));
    const again = await importFiles(store, [fileOf(bytes, 'corpus.wcpack')]);
    expect(again).toMatchObject({ kind: 'imported', added: 0, updated: 0, unchanged: corpus.length });
    // The same articles imported as JSON Lines are unchanged too: the pack's content hashes are the store's.
    expect(await store.importArticles(corpus)).toEqual({ added: 0, updated: 0, unchanged: corpus.length });
  });

  it('merges a pack into a corpus that has other articles: the index then equals one built from all of them', async () => {
    const store = await open();
    const [first, second] = [corpus.slice(0, 20), corpus.slice(15)];
    await store.importArticles(first);
    const outcome = await importFiles(store, [fileOf(await buildPack(second.map((a, i) => (i < 2 ? { ...a, title: `${a.title}!` } : a))), 'more.wcpack')]);
    expect(outcome).toMatchObject({ kind: 'imported', added: second.length - 5, updated: 2, unchanged: 3 });
    expect(await store.count()).toBe(corpus.length);
    const index = await store.loadIndex();
    expect(index.size).toBe(corpus.length);
    const page = seedPage(seedCases.cases[0]!.query);
    expect(await index.queryChannels([])).toEqual([]);
    expect(CorpusIndex.build(DEFAULT_PARAMS, await index.entries()).size).toBe(corpus.length);
    expect((await new MemoryCorpus(await store.getArticles(corpus.map((a) => a.id))).check(page)).source).not.toBeNull();
  });

  it('refuses a truncated or damaged pack and leaves the corpus exactly as it was', async () => {
    const store = await open();
    await store.importArticles(corpus.slice(0, 4));
    const dump = async () => {
      const db = await openDB<WirecheckDB>(store.name);
      try {
        return { articles: await db.getAll('articles'), meta: await db.getAll('meta'), snapshots: await db.getAll('snapshots'), shards: await db.getAll('indexShards'), ids: await db.getAll('indexIds') };
      } finally {
        db.close();
      }
    };
    const before = await dump();
    const bytes = await buildPack(corpus);
    const damaged = bytes.slice();
    damaged[bytes.length >> 1]! ^= 1;
    expect(await importFiles(store, [fileOf(bytes.slice(0, bytes.length - 100), 'cut.wcpack')])).toMatchObject({ kind: 'pack-refused', file: 'cut.wcpack', reason: 'truncated' });
    expect(await importFiles(store, [fileOf(damaged, 'bad.wcpack')])).toMatchObject({ kind: 'pack-refused', reason: 'damaged' });
    expect(await importFiles(store, [fileOf(bytes, 'a.wcpack'), fileOf(jsonLines(corpus.slice(0, 1)), 'b.jsonl')])).toMatchObject({ kind: 'pack-refused', reason: 'not-alone' });
    // A delta pack's removals only make sense against the pack it builds on: a subscription's.
    const delta = await buildDeltaPack(corpus.slice(1), openPack(bytes));
    expect(await importFiles(store, [fileOf(delta.bytes, 'delta.wcpack')])).toMatchObject({ kind: 'pack-refused', file: 'delta.wcpack', reason: 'delta' });
    expect(await dump()).toEqual(before);
    expect(await store.pendingImports()).toEqual([]);
  });
});
