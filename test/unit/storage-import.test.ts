// Staged imports (src/storage/staged-import.ts, src/ui/options/import-run.ts) on fake-indexeddb:
// summaries of what changed, nothing imported while a line is malformed unless the reader says
// so, and interruptions (abort, a closed store, a failed commit, another writer) that leave
// the corpus consistent and can be resumed or re-run without duplicates.
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { extractFromHtml } from '../../src/extraction/node';
import type { Article } from '../../src/core/types';
import { CorpusStore, DB_VERSION, type WirecheckDB } from '../../src/storage';
import { describeProblem, readCorpusFiles } from '../../src/ui/options/import-files';
import { type ImportOutcome, type ImportProgress, importAnyway, importFiles, sourcesOf } from '../../src/ui/options/import-run';
import { withRaw } from './raw-database';
import { jsonLines, syntheticArticles } from './storage-synthetic';

let n = 0;
const freshName = () => `wirecheck-import-${++n}`;
const opened: CorpusStore[] = [];
async function open(name: string): Promise<CorpusStore> {
  const s = await CorpusStore.open(name);
  opened.push(s);
  return s;
}
afterEach(() => {
  vi.restoreAllMocks();
  for (const s of opened.splice(0)) s.close();
});

/** The corpus as stored (not the staging area): equal before and after means "unchanged". */
const corpusDump = (name: string) =>
  withRaw(name, async (db) => ({
    articles: await db.getAll('articles'),
    summaries: await db.getAll('summaries'),
    snapshots: await db.getAll('snapshots'),
    shards: await db.getAll('indexShards'),
    ids: await db.getAll('indexIds'),
    meta: await db.getAll('meta'),
  }));
const stagedCount = (name: string) => withRaw(name, (db) => db.count('staging'));

const file = (content: string | Uint8Array<ArrayBuffer>, name: string, lastModified = 1_700_000_000_000) => new File([content], name, { lastModified });
const corpus = syntheticArticles(60, { words: 30, seed: 7, prefix: 'imp' });
const strip = (a: Article) => ({ id: a.id, title: a.title, url: a.url, published: a.published, text: a.text });

describe('importing files through the staging area', () => {
  it('imports JSON Lines, text and HTML together and says what changed', async () => {
    const name = freshName();
    const store = await open(name);
    const html = '<html><head><title>Harbor reopens</title></head><body><article><h1>Harbor reopens</h1>' + '<p>The harbor reopened on Monday after a week of repairs, officials said. Ships lined up at dawn to enter the port.</p>'.repeat(6) + '</article></body></html>';
    const progress: ImportProgress[] = [];
    const outcome = await importFiles(
      store,
      [file(jsonLines(corpus.slice(0, 40)), 'a.jsonl'), file(`Flood warning\n\n${corpus[50]!.text}`, 'Flood Warning.txt'), file(html, 'harbor.html')],
      { chunkSize: 16, extractHtml: (h) => extractFromHtml(h), onProgress: (p) => progress.push(p) },
    );
    expect(outcome).toMatchObject({ kind: 'imported', files: 3, articles: 42, added: 42, updated: 0, unchanged: 0, reused: 0, skipped: [] });
    expect(await store.count()).toBe(42);
    expect((await store.getArticles(['txt:flood-warning', 'html:harbor']))).toHaveLength(2);
    expect(await stagedCount(name)).toBe(0); // the commit took the staging area with it
    expect(await store.pendingImports()).toEqual([]);
    // Reading progress grows to every byte; then saving counts articles written.
    const reading = progress.filter((p) => p.phase === 'reading');
    expect(reading.at(-1)).toMatchObject({ bytesDone: reading[0]!.bytesTotal, articles: 42 });
    expect(reading.map((p) => p.bytesDone)).toEqual(reading.map((p) => p.bytesDone).sort((a, b) => a - b));
    expect(progress.at(-1)).toMatchObject({ phase: 'saving', saved: 42, toSave: 42 });

    // Again, with one article changed and two new: the summary says so, the rest is unchanged.
    const next = [...corpus.slice(0, 40), ...corpus.slice(40, 42)];
    next[3] = { ...next[3]!, title: 'A new headline' };
    const again = await importFiles(store, [file(jsonLines(next), 'a.jsonl', 2)], { chunkSize: 16 });
    expect(again).toMatchObject({ kind: 'imported', added: 2, updated: 1, unchanged: 39 });
    const page = await store.queryArticles({ search: 'new headline' });
    expect(page.rows.map((r) => r.id)).toEqual([corpus[3]!.id]);

    // A third time, nothing changed: no write, no new generation.
    const generation = await store.generation();
    expect(await importFiles(store, [file(jsonLines(next), 'a.jsonl', 3)], { chunkSize: 16 })).toMatchObject({ kind: 'imported', added: 0, updated: 0, unchanged: 42 });
    expect(await store.generation()).toBe(generation);
  });

  it('imports nothing when a line is malformed, names file and line, and imports the valid articles when asked', async () => {
    const name = freshName();
    const store = await open(name);
    await importFiles(store, [file(jsonLines(corpus.slice(0, 5)), 'first.jsonl')]);
    const before = await corpusDump(name);
    const lines = jsonLines(corpus.slice(5, 25)).split('\n');
    lines.splice(3, 0, '{"id": "broken", "title": "Truncated');
    lines.splice(10, 0, JSON.stringify({ id: 'no-text', title: 'No text' }));
    const bad = file(lines.join('\n'), 'broken.jsonl');

    const outcome = await importFiles(store, [bad, file(jsonLines([corpus[0]!]), 'again.jsonl')], { chunkSize: 8 });
    expect(outcome.kind).toBe('invalid');
    const invalid = outcome as Extract<ImportOutcome, { kind: 'invalid' }>;
    expect(invalid.valid).toBe(21); // corpus[0] of again.jsonl is already in the corpus, but still valid input
    expect(invalid.valid + invalid.problemCount).toBe(23);
    expect(invalid.problems.map(describeProblem)).toEqual([
      expect.stringMatching(/^broken\.jsonl, line 4: not valid JSON \(/),
      'broken.jsonl, line 11: "text" is missing or empty',
    ]);
    expect(await corpusDump(name)).toEqual(before); // nothing imported
    expect(await store.pendingImports()).toMatchObject([{ key: invalid.key, state: 'staged', articles: 21, problems: 2 }]);

    const anyway = await importAnyway(store, invalid);
    expect(anyway).toMatchObject({ kind: 'imported', added: 20, updated: 0, unchanged: 1, skippedCount: 2 });
    expect((anyway as Extract<ImportOutcome, { kind: 'imported' }>).skipped).toEqual(invalid.problems);
    expect(await store.count()).toBe(25);
    expect(await stagedCount(name)).toBe(0);
  });

  it('reports duplicate ids and encodings as the collector does, and reads lines cut across slices', async () => {
    const store = await open(freshName());
    const [a, b] = corpus;
    const crlf = `${JSON.stringify(a)}\r\n\r\n${JSON.stringify(b)}\r\n${JSON.stringify(a)}\r\n`;
    const files = [
      file(`\uFEFF${crlf}`, 'crlf.jsonl'),
      file(jsonLines([b!]), 'other.jsonl'),
      file(new Uint8Array([0x66, 0xff, 0xfe, 0x00]), 'latin1.jsonl'),
      file(Uint8Array.from([...new TextEncoder().encode('{"id":"x"}')].flatMap((c) => [c, 0])), 'utf16.jsonl'),
      file('', 'empty.txt'),
    ];
    // every line is cut across several slices, "\r\n" included
    const outcome = await importFiles(store, files, { sliceBytes: 7 });
    expect(outcome.kind).toBe('invalid');
    const { problems, valid } = outcome as Extract<ImportOutcome, { kind: 'invalid' }>;
    expect(valid).toBe(2);
    // The same words as the whole-file reader the CLI and the old options page used (which
    // cannot name the line of a duplicate from another file; this reader can).
    const whole = await readCorpusFiles(files, () => null);
    const words = (list: typeof problems) => list.map(({ file, message }) => ({ file, message }));
    expect(words(problems)).toEqual(words(whole.problems));
    expect(problems.map(describeProblem)).toEqual([
      `crlf.jsonl, line 4: duplicate id "${a!.id}" (first on line 1)`,
      `other.jsonl, line 1: duplicate id "${b!.id}" (first in crlf.jsonl)`,
      'latin1.jsonl: not UTF-8 text',
      'utf16.jsonl: not UTF-8 text',
      'empty.txt: the file is empty',
    ]);
  });

  it('caps the problems listed per file, counting the rest', async () => {
    const store = await open(freshName());
    const lines = Array.from({ length: 130 }, (_, i) => `not json ${i}`).join('\n');
    const outcome = (await importFiles(store, [file(`${jsonLines([corpus[0]!])}${lines}`, 'noise.jsonl')])) as Extract<ImportOutcome, { kind: 'invalid' }>;
    expect(outcome.problemCount).toBe(130);
    expect(outcome.problems).toHaveLength(101);
    expect(outcome.problems.at(-1)).toEqual({ file: 'noise.jsonl', message: 'and 30 more problems not listed' });
  });

  it('a file with no articles at all is refused without leaving anything staged', async () => {
    const name = freshName();
    const store = await open(name);
    const outcome = await importFiles(store, [file('\n\n', 'blank.jsonl')]);
    expect(outcome).toMatchObject({ kind: 'invalid', valid: 0, problems: [{ file: 'blank.jsonl', message: 'no articles in this file' }] });
    expect(await store.pendingImports()).toEqual([]);
  });

  it('reads a .json file holding one array', async () => {
    const store = await open(freshName());
    const outcome = await importFiles(store, [file(JSON.stringify(corpus.slice(0, 3)), 'three.json')]);
    expect(outcome).toMatchObject({ kind: 'imported', added: 3 });
  });
});

describe('interrupted imports', () => {
  const big = syntheticArticles(120, { words: 30, seed: 11, prefix: 'int' });
  const bigFile = () => file(jsonLines(big), 'big.jsonl');

  /** The corpus an uninterrupted import of `big` produces (addedAt aside). */
  async function cleanImport() {
    const name = freshName();
    const store = await open(name);
    await importFiles(store, [bigFile()], { chunkSize: 25 });
    return { name, store };
  }
  const withoutTimes = (d: Awaited<ReturnType<typeof corpusDump>>) => ({
    articles: d.articles.map(({ addedAt: _, ...a }) => a),
    summaries: d.summaries.map(({ addedAt: _, ...s }) => s),
    indexedIds: d.ids.map((r) => r.id).sort(),
  });

  it('a cancelled import leaves the corpus unchanged; running it again reuses the staged chunks and adds no duplicates', async () => {
    const name = freshName();
    const store = await open(name);
    await importFiles(store, [file(jsonLines(corpus.slice(0, 3)), 'small.jsonl')]);
    const before = await corpusDump(name);
    const controller = new AbortController();
    const cancelled = await importFiles(store, [bigFile()], {
      chunkSize: 25,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.articles >= 60) controller.abort();
      },
    });
    expect(cancelled).toMatchObject({ kind: 'cancelled' });
    expect(await corpusDump(name)).toEqual(before);
    const [journal] = await store.pendingImports();
    // Progress is reported after each staged chunk, while the next chunks are read (up to
    // three handed over ahead): the abort at 60 articles read stops within a few chunks, and
    // the journal counts exactly the chunks staged.
    expect(journal).toMatchObject({ state: 'staging' });
    const stagedChunks = journal!.chunks;
    expect(stagedChunks).toBeGreaterThanOrEqual(2);
    expect(stagedChunks).toBeLessThan(5);
    expect(journal!.articles).toBe(stagedChunks * 25);

    const fingerprinted = vi.spyOn(store as unknown as { fingerprintAll: (...a: unknown[]) => Promise<unknown> }, 'fingerprintAll');
    const resumed = await importFiles(store, [bigFile()], { chunkSize: 25 });
    expect(resumed).toMatchObject({ kind: 'imported', added: 120, reused: stagedChunks * 25 });
    expect(fingerprinted).toHaveBeenCalledTimes(5 - stagedChunks); // only the chunks not staged before
    expect(await store.count()).toBe(123);
    expect(await store.pendingImports()).toEqual([]);
    expect(await stagedCount(name)).toBe(0);

    const clean = await cleanImport();
    const dump = withoutTimes(await corpusDump(name));
    const cleanDump = withoutTimes(await corpusDump(clean.name));
    const mine = new Set(big.map((a) => a.id));
    expect(dump.articles.filter((a) => mine.has(a.id))).toEqual(cleanDump.articles);
    // Band keys live only in the index (its shards): the same for these articles either way.
    const keysOf = async (s: CorpusStore) => (await (await s.loadIndex()).entries()).filter((e) => mine.has(e.id)).sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(await keysOf(store)).toEqual(await keysOf(clean.store));
  });

  it('a store closed mid-staging (the page went away) is resumed by a new one', async () => {
    const name = freshName();
    const first = await open(name);
    let closedAt = 0;
    const outcome = await importFiles(first, [bigFile()], {
      chunkSize: 25,
      onProgress: (p) => {
        if (p.articles >= 75 && !closedAt) {
          closedAt = p.articles;
          first.close();
        }
      },
    });
    expect(outcome.kind).toBe('error'); // the page would be gone; here the store says it is closed
    const second = await open(name);
    expect(await second.count()).toBe(0);
    const [journal] = await second.pendingImports();
    expect(journal!.state).toBe('staging');
    expect(journal!.chunks).toBeGreaterThanOrEqual(2);

    const resumed = await importFiles(second, [bigFile()], { chunkSize: 25 });
    expect(resumed).toMatchObject({ kind: 'imported', added: 120, reused: journal!.chunks * 25 });
    const clean = await cleanImport();
    expect(withoutTimes(await corpusDump(name))).toEqual(withoutTimes(await corpusDump(clean.name)));
    const index = await second.loadIndex();
    expect(index.size).toBe(120);
  });

  it('a commit that fails half way writes nothing and leaves the import staged, to be committed again', async () => {
    const name = freshName();
    const store = await open(name);
    await importFiles(store, [file(jsonLines(corpus.slice(0, 3)), 'small.jsonl')]);
    const before = await corpusDump(name);
    const original = IDBObjectStore.prototype.put;
    let puts = 0;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      // Fail deep inside the commit transaction: after 150 corpus writes.
      if (this.name === 'articles' && this.transaction.objectStoreNames.contains('staging') && ++puts === 50) {
        throw new DOMException('disk I/O error', 'UnknownError');
      }
      return original.apply(this, args);
    });
    const failed = await importFiles(store, [bigFile()], { chunkSize: 25 });
    vi.restoreAllMocks();
    expect(failed).toMatchObject({ kind: 'error', message: 'Import failed; your corpus is unchanged (disk I/O error)' });
    expect(await corpusDump(name)).toEqual(before);
    const [journal] = await store.pendingImports();
    expect(journal).toMatchObject({ state: 'staged', articles: 120 });

    // Committing the pending import finishes it, without reading the file again.
    expect(await store.commitImport(journal!.key)).toEqual({ added: 120, updated: 0, unchanged: 0 });
    expect(await store.count()).toBe(123);
    expect(await store.pendingImports()).toEqual([]);
  });

  it('an abort during the commit transaction writes nothing', async () => {
    const name = freshName();
    const store = await open(name);
    await store.loadIndex(); // saves the (empty) snapshot, so "before" is the settled state
    const before = await corpusDump(name);
    const journal = await store.openImport(sourcesOf([bigFile()]));
    for (let c = 0; c < 4; c++) await store.stageChunk(journal.key, c, big.slice(c * 30, c * 30 + 30));
    await store.finishStaging(journal.key, { chunks: 4, articles: 120, problems: 0 });
    const controller = new AbortController();
    const committing = store.commitImport(journal.key, {
      signal: controller.signal,
      onProgress: (done) => {
        if (done === 60) controller.abort();
      },
    });
    await expect(committing).rejects.toMatchObject({ name: 'AbortError' });
    expect(await corpusDump(name)).toEqual(before);
    expect(await store.commitImport(journal.key)).toMatchObject({ added: 120 });
  });

  it('another context committing between plan and commit makes the import plan again; both land', async () => {
    const name = freshName();
    const options = await open(name);
    const journal = await options.openImport(sourcesOf([bigFile()]));
    await options.stageChunk(journal.key, 0, big.slice(0, 60));
    await options.stageChunk(journal.key, 1, big.slice(60));
    await options.finishStaging(journal.key, { chunks: 2, articles: 120, problems: 0 });
    const other = await openDB<WirecheckDB>(name);
    const { summaryOf } = await import('../../src/storage/records');
    let raced = false;
    const summary = await options.commitImport(journal.key, {
      onProgress: () => {
        // Called once planning is done, just before the write transaction. A readwrite
        // transaction created now runs first (IndexedDB orders overlapping writers by
        // creation): another context's commit of big[5] and corpus[0].
        if (raced) return;
        raced = true;
        const tx = other.transaction(['articles', 'summaries', 'meta'], 'readwrite');
        for (const a of [{ ...big[5]!, title: 'Changed elsewhere' }, corpus[0]!]) {
          const record = { ...a, addedAt: 5, wordCount: 30 };
          void tx.objectStore('articles').put(record);
          void tx.objectStore('summaries').put(summaryOf(record));
        }
        void tx.objectStore('meta').put({ key: 'generation', value: 1 });
      },
    });
    other.close();
    expect(options.lastCommitAttempts).toBe(2);
    expect(summary).toEqual({ added: 119, updated: 1, unchanged: 0 });
    const fresh = await open(name);
    expect(await fresh.count()).toBe(121);
    expect((await fresh.loadIndex()).size).toBe(121);
    expect((await fresh.getArticles([big[5]!.id]))[0]!.title).toBe(big[5]!.title); // the import committed last
    expect((await fresh.queryArticles({ sort: 'added', limit: 2 })).rows.map((r) => r.addedAt)).toEqual([5, 5]); // addedAt kept
  });

  it('a re-run whose file changed under the same name, size and time stages the changed chunk again', async () => {
    const name = freshName();
    const store = await open(name);
    const journal = await store.openImport([{ name: 'same.jsonl', size: 1, lastModified: 1 }]);
    expect(await store.stageChunk(journal.key, 0, big.slice(0, 10))).toEqual({ reused: false });
    expect(await store.stageChunk(journal.key, 0, big.slice(0, 10))).toEqual({ reused: true });
    expect(await store.stageChunk(journal.key, 0, [{ ...big[0]!, text: 'Different text now.' }, ...big.slice(1, 10)])).toEqual({ reused: false });
    // A longer earlier run's extra chunks are dropped when staging finishes.
    await store.stageChunk(journal.key, 1, big.slice(10, 20));
    await store.finishStaging(journal.key, { chunks: 1, articles: 10, problems: 0 });
    expect(await stagedCount(name)).toBe(2); // head and body of chunk 0
    expect(await store.commitImport(journal.key)).toMatchObject({ added: 10 });
    expect((await store.getArticles([big[0]!.id]))[0]!.text).toBe('Different text now.');
  });

  it('an unchanged re-import fingerprints nothing; an article changed before the commit is fingerprinted then', async () => {
    const name = freshName();
    const store = await open(name);
    await importFiles(store, [bigFile()], { chunkSize: 25 });
    const fingerprinted = vi.spyOn(store as unknown as { fingerprintAll: (a: unknown[]) => Promise<unknown> }, 'fingerprintAll');
    const journal = await store.openImport([{ name: 'again.jsonl', size: 1, lastModified: 1 }]);
    await store.stageChunk(journal.key, 0, big.slice(0, 60));
    await store.stageChunk(journal.key, 1, big.slice(60));
    await store.finishStaging(journal.key, { chunks: 2, articles: 120, problems: 0 });
    expect(fingerprinted.mock.calls.map(([articles]) => articles.length)).toEqual([0, 0]);

    // Meanwhile another change lands: big[7] now has other text; the import brings the old one back.
    await store.importArticles([{ ...big[7]!, text: 'Replaced in the meantime.' }]);
    await store.deleteArticles([big[8]!.id]);
    expect(await store.commitImport(journal.key)).toEqual({ added: 1, updated: 1, unchanged: 118 });
    expect(fingerprinted.mock.calls.slice(2).map(([articles]) => articles.length)).toEqual([1, 2]); // the update, then the two late ones
    const fresh = await open(name);
    const clean = await cleanImport();
    const byId = (e: { id: string }[]) => e.sort((x, y) => (x.id < y.id ? -1 : 1));
    expect(byId(await (await fresh.loadIndex()).entries())).toEqual(byId(await (await clean.store.loadIndex()).entries()));
    expect((await fresh.loadIndex()).size).toBe(120);
  });

  it('discarding forgets the staged chunks; a new version of the same files replaces the old journal', async () => {
    const name = freshName();
    const store = await open(name);
    const old = await store.openImport([{ name: 'a.jsonl', size: 10, lastModified: 1 }]);
    await store.stageChunk(old.key, 0, big.slice(0, 10));
    const newer = await store.openImport([{ name: 'a.jsonl', size: 12, lastModified: 2 }]);
    expect(newer.key).not.toBe(old.key);
    expect((await store.pendingImports()).map((j) => j.key)).toEqual([newer.key]);
    expect(await stagedCount(name)).toBe(0);
    await store.stageChunk(newer.key, 0, big.slice(0, 10));
    await store.discardImport(newer.key);
    expect(await store.pendingImports()).toEqual([]);
    expect(await stagedCount(name)).toBe(0);
    await expect(store.stageChunk(newer.key, 1, big.slice(10, 20))).rejects.toThrow('discarded or finished in another tab');
  });
});

describe('schema version 3', () => {
  it('gives a version-2 corpus its summaries during the upgrade', async () => {
    const name = freshName();
    const v2 = await openDB(name, 2, {
      upgrade(db) {
        const articles = db.createObjectStore('articles', { keyPath: 'id' });
        articles.createIndex('by-title', 'title');
        articles.createIndex('by-addedAt', 'addedAt');
        db.createObjectStore('fingerprints', { keyPath: 'id' });
        db.createObjectStore('snapshots', { keyPath: 'key' });
        db.createObjectStore('meta', { keyPath: 'key' });
        db.createObjectStore('feedback', { keyPath: ['url', 'sourceId'] });
      },
    });
    for (const [i, a] of corpus.slice(0, 30).entries()) await v2.put('articles', { ...a, addedAt: 1_000 + i, wordCount: 30 + i });
    v2.close();
    const store = await open(name);
    expect(DB_VERSION).toBeGreaterThanOrEqual(3);
    const summaries = await withRaw(name, (db) => db.getAll('summaries'));
    expect(summaries).toHaveLength(30);
    const page = await store.queryArticles({ sort: 'words', direction: 'desc', limit: 3 });
    expect(page.total).toBe(30);
    expect(page.rows).toEqual([29, 28, 27].map((i) => ({ ...strip(corpus[i]!), text: undefined, addedAt: 1_000 + i, wordCount: 30 + i })).map(({ text: _, ...r }) => r));
    // Re-importing the same articles finds them unchanged through the migrated content hashes.
    expect(await store.importArticles(corpus.slice(0, 30))).toEqual({ added: 0, updated: 0, unchanged: 30 });
    expect(await importFiles(store, [file(jsonLines(corpus.slice(0, 30)), 'same.jsonl')])).toMatchObject({ kind: 'imported', unchanged: 30 });
  });
});
