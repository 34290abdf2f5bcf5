// A second connection straight to a test's database, as another context, a bad disk or the
// previous release would use it; closed after `use`. Shared by the storage and background tests.
import { type IDBPDatabase, openDB } from 'idb';
import type { WirecheckDB } from '../../src/storage';

export async function withRaw<T>(name: string, use: (db: IDBPDatabase<WirecheckDB>) => Promise<T>): Promise<T> {
  const db = await openDB<WirecheckDB>(name);
  try {
    return await use(db);
  } finally {
    db.close();
  }
}
