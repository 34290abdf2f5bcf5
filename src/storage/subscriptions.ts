/**
 * Pack subscriptions on the corpus database: one record per subscribed `.wcpack` URL in the
 * `subscriptions` store (schema.ts, version 6), keyed by its URL. The record says what the
 * reader asked for (the URL, an optional SHA-256 pin, when it was added) and what the last
 * check found (the conditional-request validators, the corpus id the reader's copy is at,
 * when it was checked and last changed, how many articles it brought, the last error).
 *
 * The records are few (one per subscription), so `list` reads them all and orders them in
 * memory. A check runs for seconds to minutes and the reader may remove the subscription
 * meanwhile, so what a check learned is written with `update` (read, change and write in one
 * transaction): a record removed in between stays removed.
 */

import type { SubscriptionRecord } from '../core/follow/types';
import { type CorpusStore, storeContextOf } from './corpus-store';
import { type Connection, writeAll } from './connection';
import { StorageError } from './errors';

export type { SubscriptionRecord };

export class SubscriptionStore {
  private readonly connection: Connection;

  constructor(corpus: CorpusStore) {
    this.connection = storeContextOf(corpus).connection;
  }

  /** Every subscription, oldest first (then by URL). */
  list(): Promise<SubscriptionRecord[]> {
    return this.connection.reading(async (db) => (await db.getAll('subscriptions')).sort((a, b) => a.addedAt - b.addedAt || (a.url < b.url ? -1 : a.url > b.url ? 1 : 0)));
  }

  get(url: string): Promise<SubscriptionRecord | undefined> {
    return this.connection.reading((db) => db.get('subscriptions', url));
  }

  /** Adds or replaces the record of `record.url`; returns what was stored. */
  async put(record: SubscriptionRecord): Promise<SubscriptionRecord> {
    const valid = validRecord(record);
    await this.connection.writing((db) => db.put('subscriptions', valid));
    return valid;
  }

  /**
   * Reads, changes and writes one record in one transaction; `change` is not called when there
   * is no record of `url` (removed meanwhile), and returning undefined leaves it as it is.
   * Returns what is stored afterwards.
   */
  update(url: string, change: (current: SubscriptionRecord) => SubscriptionRecord | undefined): Promise<SubscriptionRecord | undefined> {
    return this.connection.writing(async (db) => {
      const tx = db.transaction('subscriptions', 'readwrite');
      return writeAll(tx, async () => {
        const current = await tx.store.get(url);
        if (!current) return undefined;
        const next = change(current);
        if (!next) return current;
        if (next.url !== url) throw new StorageError('A subscription cannot change its URL; remove it and add the new one.', 'invalid');
        const valid = validRecord(next);
        await tx.store.put(valid);
        return valid;
      });
    });
  }

  /** Forgets a subscription; returns whether there was one. The articles it brought stay. */
  remove(url: string): Promise<boolean> {
    return this.connection.writing(async (db) => {
      const tx = db.transaction('subscriptions', 'readwrite');
      return writeAll(tx, async () => {
        if ((await tx.store.getKey(url)) === undefined) return false;
        await tx.store.delete(url);
        return true;
      });
    });
  }
}

const OPTIONAL_STRINGS = ['sha256', 'etag', 'lastModified', 'corpusId', 'error'] as const;
const OPTIONAL_NUMBERS = ['lastCheckedAt', 'lastChangedAt', 'articles'] as const;

/** The record with only its own fields, checked; a StorageError 'invalid' says what is wrong. */
function validRecord(input: SubscriptionRecord): SubscriptionRecord {
  const invalid = (what: string) => new StorageError(`Could not save the subscription (${what})`, 'invalid');
  if (!input || typeof input !== 'object') throw invalid('not a subscription');
  if (typeof input.url !== 'string' || input.url === '') throw invalid('no URL');
  if (!Number.isFinite(input.addedAt)) throw invalid('no date it was added');
  const out: SubscriptionRecord = { url: input.url, addedAt: input.addedAt };
  for (const key of OPTIONAL_STRINGS) {
    const v = input[key];
    if (v === undefined) continue;
    if (typeof v !== 'string') throw invalid(`${key} is not text`);
    out[key] = v;
  }
  for (const key of OPTIONAL_NUMBERS) {
    const v = input[key];
    if (v === undefined) continue;
    if (!Number.isFinite(v)) throw invalid(`${key} is not a number`);
    out[key] = v;
  }
  return out;
}
