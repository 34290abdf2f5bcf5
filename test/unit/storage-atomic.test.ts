// The corpus store's changes are all or nothing, and its schema upgrades keep the corpus (fake-indexeddb).
import 'fake-indexeddb/auto';
import { type IDBPDatabase, openDB } from 'idb';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { CorpusStore, DB_VERSION, type ImportSummary, StorageError, upgradeSchema } from '../../src/storage';
import { withRaw } from './raw-database';
import { seedCorpus, seedPage } from './seeds';
import { FULL, SPUN, bakery, check, dump, fillers, freshName, open, seeded } from './storage-fixture';

describe('CorpusStore: all or nothing', () => {
  it.each([
    ['mid-fingerprinting', (done: number) => done >= 50, [50, 120]],
    ['after the last article is fingerprinted', (done: number) => done === 120, [120, 120]],
  ] as const)('an import aborted %s rejects and writes nothing', async (_, when, lastProgress) => {
    const { name, store } = await seeded();
    const before = await dump(name);
    const controller = new AbortController();
    const progress: [number, number][] = [];
    const importing = store.importArticles(fillers(120), {
      signal: controller.signal,
      onProgress: (done, total) => {
        progress.push([done, total]);
        if (when(done)) controller.abort();
      },
    });
    await expect(importing).rejects.toMatchObject({ name: 'AbortError' });
    expect(progress.at(-1)).toEqual(lastProgress); // fingerprinting stopped where it was aborted
    expect(await dump(name)).toEqual(before);
    expect((await store.loadIndex()).size).toBe(2);
  });

  it('an abort that arrives once the write transaction is open still writes nothing', async () => {
    const { name, store } = await seeded();
    const before = await dump(name);
    const controller = new AbortController();
    const original = IDBObjectStore.prototype.get;
    vi.spyOn(IDBObjectStore.prototype, 'get').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['get']>) {
      // The commit re-reads the generation first: abort exactly then.
      if (this.name === 'meta' && this.transaction.mode === 'readwrite') controller.abort();
      return original.apply(this, args);
    });
    await expect(store.importArticles(fillers(2), { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    vi.restoreAllMocks();
    expect(await dump(name)).toEqual(before);
  });

  it('an import with an already aborted signal does no work', async () => {
    const { store } = await seeded();
    const onProgress = vi.fn();
    await expect(store.importArticles(fillers(3), { signal: AbortSignal.abort(), onProgress })).rejects.toMatchObject({ name: 'AbortError' });
    expect(onProgress).not.toHaveBeenCalled();
  });

  type PutFailure = (store: IDBObjectStore, original: () => IDBRequest, call: number) => IDBRequest;
  function failPuts(fail: PutFailure) {
    const original = IDBObjectStore.prototype.put;
    let call = 0;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      return fail(this, () => original.apply(this, args), ++call);
    });
  }

  // The import below issues: article, fingerprint, article, fingerprint, snapshot, generation.
  const failures: [string, PutFailure, string, string][] = [
    [
      'a value that cannot be cloned (after two writes were queued)',
      (_, put, call) => {
        if (call === 3) throw new DOMException('The object could not be cloned.', 'DataCloneError');
        return put();
      },
      'failed',
      'Import failed; your corpus is unchanged (The object could not be cloned.)',
    ],
    [
      'the transaction aborted while writing',
      (store, put) => {
        const request = put();
        if (store.name === 'snapshots') store.transaction.abort();
        return request;
      },
      'failed',
      'Import failed; your corpus is unchanged (the database stopped the write)',
    ],
    [
      'the browser aborting the transaction for quota',
      (store, put) => {
        const request = put();
        // What Chrome does when the commit would exceed the origin's quota.
        (store.transaction as unknown as { _abort(name: string): void })._abort('QuotaExceededError');
        return request;
      },
      'quota',
      'Not enough storage space to import 2 articles; nothing was imported. Free some disk space or delete articles, then try again.',
    ],
    [
      'a request refused for quota',
      (_, put, call) => {
        if (call === 2) throw new DOMException('Quota exceeded', 'QuotaExceededError');
        return put();
      },
      'quota',
      'Not enough storage space to import 2 articles; nothing was imported. Free some disk space or delete articles, then try again.',
    ],
  ];
  it.each(failures)('%s leaves the corpus unchanged and says so', async (_, fail, kind, message) => {
    const { name, store } = await seeded();
    await store.loadIndex();
    const before = await dump(name);
    const full = seedCorpus('both').find((a) => a.id === FULL)!;
    const batch = [{ ...full, text: bakery.text }, ...fillers(1)];

    failPuts(fail);
    const err = await store.importArticles(batch).catch((e: unknown) => e);
    vi.restoreAllMocks();
    expect(err).toBeInstanceOf(StorageError);
    expect(err).toMatchObject({ kind });
    expect((err as Error).message).toBe(message);
    expect(await dump(name)).toEqual(before);
    expect(await (await store.loadIndex()).has(batch[1]!.id)).toBe(false); // the in-memory index was not swapped either
    expect(await store.getArticles([FULL])).toEqual([full]);

    // And the store still works.
    expect(await store.importArticles(batch)).toEqual({ added: 1, updated: 1, unchanged: 0 });
    expect((await check(store, bakery)).candidates[0]?.id).toBe(FULL);
  });

  it('a read that fails during an import is reported as a failed import', async () => {
    const { name, store } = await seeded();
    const before = await dump(name);
    const original = IDBObjectStore.prototype.get;
    vi.spyOn(IDBObjectStore.prototype, 'get').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['get']>) {
      if (this.name === 'articles') throw new DOMException('disk read error', 'UnknownError');
      return original.apply(this, args);
    });
    await expect(store.importArticles(fillers(1))).rejects.toMatchObject({ kind: 'failed', message: 'Import failed; your corpus is unchanged (disk read error)' });
    await expect(store.getArticles([FULL])).rejects.toMatchObject({ kind: 'read', message: 'Could not read the corpus (disk read error)' });
    vi.restoreAllMocks();
    expect(await dump(name)).toEqual(before);
  });

  it('a failed delete leaves the corpus unchanged', async () => {
    const { name, store } = await seeded();
    const before = await dump(name);
    failPuts((store, put) => {
      if (store.name === 'meta') throw new DOMException('disk I/O error', 'UnknownError');
      return put();
    });
    await expect(store.deleteArticles([FULL])).rejects.toThrow('Delete failed; your corpus is unchanged (disk I/O error)');
    vi.restoreAllMocks();
    expect(await dump(name)).toEqual(before);
  });

  it('two contexts importing at once both land: the later commit redoes its merge', async () => {
    const name = freshName();
    const options = await open(name);
    const background = await open(name);
    const many = fillers(120);
    let second: Promise<ImportSummary> | undefined;
    const first = options.importArticles(many, {
      // Start the other import while this one is fingerprinting: both began from generation 0.
      onProgress: (done) => {
        if (done >= 50) second ??= background.importArticles(seedCorpus('both'));
      },
    });
    expect(await first).toEqual({ added: 120, updated: 0, unchanged: 0 });
    expect(await second).toEqual({ added: 2, updated: 0, unchanged: 0 });
    expect(options.lastCommitAttempts + background.lastCommitAttempts).toBe(3); // exactly one retry

    const fresh = await open(name);
    expect(await fresh.count()).toBe(122);
    expect(await fresh.generation()).toBe(2);
    const index = await fresh.loadIndex();
    expect(fresh.lastLoad).toBe('snapshot');
    expect(index.size).toBe(122); // the retried merge kept the other context's articles
    expect(await check(fresh, seedPage(SPUN), Promise.resolve(index))).toMatchObject({ source: { id: FULL }, verdict: 'rewritten' });
    expect((await check(fresh, { title: many[99]!.title, text: many[99]!.text })).source?.id).toBe(many[99]!.id);
  });
});

describe('CorpusStore: schema', () => {
  it('creates every store and index on a database that did not exist (version 0)', async () => {
    const name = freshName();
    const store = await open(name);
    expect(await store.generation()).toBe(0);
    expect(await store.count()).toBe(0);
    await withRaw(name, async (db) => {
      expect(db.version).toBe(DB_VERSION);
      // Version 3 added summaries, imports and staging (tested in storage-query / storage-import).
      // Version 5 dropped 'fingerprints' (band keys live in the snapshot); version 6 added
      // 'follow' and 'subscriptions' (tested in storage-follow / storage-subscriptions); version 7
      // added the index's shards and article numbers (sharded-index.test.ts), the directory
      // staying in 'snapshots'.
      expect([...db.objectStoreNames].sort()).toEqual(['articles', 'feedback', 'follow', 'imports', 'indexIds', 'indexShards', 'meta', 'snapshots', 'staging', 'subscriptions', 'summaries']);
      expect(db.transaction('indexShards').store.keyPath).toBe('key');
      expect(db.transaction('indexIds').store.keyPath).toBe('doc');
      expect(db.transaction('indexIds').store.index('by-id').unique).toBe(true);
      const tx = db.transaction(['articles', 'snapshots', 'meta']);
      expect(tx.objectStore('articles').keyPath).toBe('id');
      expect(tx.objectStore('snapshots').keyPath).toBe('key');
      expect(tx.objectStore('meta').keyPath).toBe('key');
      // Version 8 dropped the articles' two indexes (the summaries' serve the table).
      expect([...tx.objectStore('articles').indexNames]).toEqual([]);
      expect(db.transaction('feedback').objectStore('feedback').keyPath).toEqual(['url', 'sourceId']);
    });
    expect(await store.importArticles(fillers(1))).toMatchObject({ added: 1 });
  });

  it('upgrades a version-1 corpus to version 2 without touching its articles', async () => {
    const name = freshName();
    // Version 1 as it shipped: the four corpus stores, one article in them.
    const v1 = await openDB(name, 1, {
      upgrade(db) {
        const articles = db.createObjectStore('articles', { keyPath: 'id' });
        articles.createIndex('by-title', 'title');
        articles.createIndex('by-addedAt', 'addedAt');
        db.createObjectStore('fingerprints', { keyPath: 'id' });
        db.createObjectStore('snapshots', { keyPath: 'key' });
        db.createObjectStore('meta', { keyPath: 'key' });
      },
    });
    await v1.put('articles', { id: 'old', title: 'Old story', url: '', published: '', text: 'Kept across the upgrade.', addedAt: 1, wordCount: 5 });
    v1.close();
    const reopened = await open(name);
    expect((await reopened.listArticles()).map((a) => a.id)).toEqual(['old']);
    await withRaw(name, async (db) => expect([...db.transaction('articles').store.indexNames]).toEqual([]));
    await reopened.reportWrong('https://a.example/x', 'f1');
    expect(await reopened.reportedWrong('https://a.example/x')).toEqual(['f1']);
    expect(await reopened.reportedWrong('https://a.example/y')).toEqual([]);
  });

  it('stores settings validated, and reads damaged ones as defaults', async () => {
    const { name, store } = await seeded();
    expect(await store.getSettings()).toEqual(DEFAULT_SETTINGS);
    const saved = await store.saveSettings({ ...DEFAULT_SETTINGS, sensitivity: 'eager', neverCheck: ['https://WWW.Example.com/path', 'not a host'] });
    expect(saved).toMatchObject({ sensitivity: 'eager', neverCheck: ['www.example.com'] });
    expect(await store.getSettings()).toEqual(saved);
    await withRaw(name, async (db) => {
      await db.put('meta', { key: 'settings', value: { sensitivity: 'reckless', autoCheck: 'yes', extra: 1 } });
    });
    expect(await store.getSettings()).toEqual(DEFAULT_SETTINGS);
  });

  it('runs only the missing steps: a later version keeps the data, and this version then refuses to open it', async () => {
    const { name, store } = await seeded();
    store.close();
    const next = await openDB(name, DB_VERSION + 1, {
      upgrade(db, oldVersion, newVersion, tx) {
        // Step 1 must not run again: recreating 'articles' would throw ConstraintError.
        upgradeSchema(db as never, oldVersion, newVersion, tx as never);
        db.createObjectStore('future');
      },
    });
    expect(await next.count('articles')).toBe(2);
    next.close();
    await expect(CorpusStore.open(name)).rejects.toThrow('Your corpus was saved by a newer version of Wirecheck');
  });

  it('closes its connection when another context upgrades, instead of blocking it', async () => {
    const { name, store } = await seeded();
    const upgrading = openDB(name, DB_VERSION + 1, { upgrade: (db) => void db.createObjectStore('future') });
    const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('upgrade blocked by an open CorpusStore')), 2000));
    const db = (await Promise.race([upgrading, timeout])) as IDBPDatabase;
    db.close();
    await expect(store.count()).rejects.toBeInstanceOf(StorageError);
  });
});
