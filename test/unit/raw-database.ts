// A second connection straight to a test's database, as another context, a bad disk or the
// previous release would use it; closed after `use`. Shared by the storage and background tests,
// with every record of a database (to compare before and after) and a database made from them.
import { type IDBPDatabase, type StoreNames, openDB } from 'idb';
import { DB_VERSION, type WirecheckDB, upgradeSchema } from '../../src/storage';

export async function withRaw<T>(name: string, use: (db: IDBPDatabase<WirecheckDB>) => Promise<T>): Promise<T> {
  const db = await openDB<WirecheckDB>(name);
  try {
    return await use(db);
  } finally {
    db.close();
  }
}

/** Every record of every store, by store name: "unchanged" means this is deep-equal before and after. */
export function dumpDatabase(name: string): Promise<Record<string, unknown[]>> {
  return withRaw(name, async (db) => {
    const dump: Record<string, unknown[]> = {};
    for (const store of [...db.objectStoreNames].sort()) dump[store] = await db.getAll(store);
    return dump;
  });
}

/** Creates database `name` at the current version holding exactly `dump` (as `dumpDatabase` gives it). */
export async function loadDatabase(name: string, dump: Record<string, unknown[]>): Promise<void> {
  const db = await openDB<WirecheckDB>(name, DB_VERSION, { upgrade: upgradeSchema });
  try {
    const stores = Object.keys(dump) as StoreNames<WirecheckDB>[];
    const tx = db.transaction(stores, 'readwrite');
    for (const store of stores) {
      void tx.objectStore(store).clear();
      for (const record of dump[store]!) void tx.objectStore(store).put(record as never);
    }
    await tx.done;
  } finally {
    db.close();
  }
}
