// Pack subscriptions on the corpus database (src/storage/subscriptions.ts, fake-indexeddb):
// records kept by URL, checked on the way in, changed in one transaction, and independent of
// the corpus (removing a subscription keeps its articles).
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { type SubscriptionRecord, StorageError, SubscriptionStore } from '../../src/storage';
import { withRaw } from './raw-database';
import { open, seeded } from './storage-fixture';

const A = 'https://packs.example/ap.wcpack';
const B = 'https://mirror.example/ap-delta.wcpack';

describe('SubscriptionStore', () => {
  it('puts, gets, lists oldest first, and removes', async () => {
    const { store } = await seeded();
    const subscriptions = new SubscriptionStore(store);
    expect(await subscriptions.list()).toEqual([]);
    expect(await subscriptions.get(A)).toBeUndefined();
    const a: SubscriptionRecord = { url: A, sha256: 'ab'.repeat(32), addedAt: 2_000 };
    const b: SubscriptionRecord = { url: B, addedAt: 1_000 };
    expect(await subscriptions.put(a)).toEqual(a);
    await subscriptions.put(b);
    expect(await subscriptions.list()).toEqual([b, a]);
    // A later put of the same URL replaces the record.
    const checked: SubscriptionRecord = { ...a, etag: '"v2"', lastModified: 'Tue, 02 Apr 2024 10:00:00 GMT', corpusId: 'c0ffee', lastCheckedAt: 3_000, lastChangedAt: 3_000, articles: 12 };
    await subscriptions.put(checked);
    expect(await subscriptions.get(A)).toEqual(checked);
    expect(await subscriptions.remove(A)).toBe(true);
    expect(await subscriptions.remove(A)).toBe(false);
    expect(await subscriptions.list()).toEqual([b]);
    expect(await store.count()).toBe(2); // the corpus is another matter
  });

  it('keeps only the record fields, and refuses records that are not subscriptions', async () => {
    const { name, store } = await seeded();
    const subscriptions = new SubscriptionStore(store);
    await subscriptions.put({ url: A, addedAt: 1, extra: 'dropped', error: 'HTTP 404' } as SubscriptionRecord);
    expect(await withRaw(name, (db) => db.getAll('subscriptions'))).toEqual([{ url: A, addedAt: 1, error: 'HTTP 404' }]);
    for (const bad of [{ url: '', addedAt: 1 }, { url: A }, { url: A, addedAt: 1, articles: '3' }, { url: A, addedAt: 1, etag: 5 }, null]) {
      await expect(subscriptions.put(bad as never)).rejects.toMatchObject({ kind: 'invalid' });
    }
    expect(await withRaw(name, (db) => db.count('subscriptions'))).toBe(1);
  });

  it('updates in one transaction: what a check learned never brings back a removed subscription', async () => {
    const { store } = await seeded();
    const subscriptions = new SubscriptionStore(store);
    await subscriptions.put({ url: A, addedAt: 1, error: 'HTTP 503' });
    const updated = await subscriptions.update(A, (s) => ({ ...s, lastCheckedAt: 5, error: undefined }));
    expect(updated).toEqual({ url: A, addedAt: 1, lastCheckedAt: 5 });
    expect(await subscriptions.get(A)).toEqual(updated);
    expect(await subscriptions.update(A, () => undefined)).toEqual(updated); // no change asked
    await expect(subscriptions.update(A, (s) => ({ ...s, url: B }))).rejects.toBeInstanceOf(StorageError);
    await subscriptions.remove(A);
    let called = false;
    expect(
      await subscriptions.update(A, (s) => {
        called = true;
        return s;
      }),
    ).toBeUndefined();
    expect(called).toBe(false);
    expect(await subscriptions.list()).toEqual([]);
  });

  it('is seen by another context on the same database', async () => {
    const { name, store } = await seeded();
    await new SubscriptionStore(store).put({ url: A, addedAt: 1 });
    const other = new SubscriptionStore(await open(name));
    expect(await other.list()).toEqual([{ url: A, addedAt: 1 }]);
  });
});
