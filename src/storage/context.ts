/**
 * What the parts of one CorpusStore share: its connection, the index and the table it keeps
 * in memory, the fingerprint parameters, and its one way to fingerprint. corpus-store.ts
 * makes one and hands it to each part (commit.ts, changes.ts, the staged import, queries.ts),
 * so a store holds one index and one table in memory, and a commit made by any part updates
 * what every other part reads.
 */

import type { FingerprintParams } from '../core/fingerprint/minhash';
import type { Connection } from './connection';
import type { FingerprintAll, IndexCache } from './index-cache';
import type { TableCache } from './table-cache';

export interface StoreContext {
  readonly connection: Connection;
  readonly index: IndexCache;
  readonly tables: TableCache;
  readonly params: FingerprintParams;
  /** `paramsKey(params)`: what staged band keys and packs are compared by. */
  readonly paramsKey: string;
  /** Every fingerprinting of the store goes through here (CorpusStore's `fingerprintAll`). */
  readonly fingerprintAll: FingerprintAll;
  /** Transactions the last import or delete needed: more than 1 means another writer won a race. */
  commitAttempts: number;
}
