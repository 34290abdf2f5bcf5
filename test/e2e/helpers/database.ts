/**
 * The extension's whole IndexedDB database as the e2e tests compare it: a dump of every record
 * of every store, read in an extension page (the harness's control page) with `indexedDB`
 * directly, and an edit of single records for the tests that damage it on purpose.
 *
 * Why a hash per record: a corpus of 4,000 articles is ~8 MB of compressed texts and index
 * shards; shipping it over CDP or WebDriver BiDi for every comparison would cost seconds.
 * Each record is turned into one canonical string in the page (object keys sorted; typed
 * arrays and buffers as their type, length and a hash of their bytes, so equal records give
 * equal strings in either browser), and only a 64-bit hash of that string (cyrb53's mixing,
 * two lanes) leaves the page, with the record's key, all in one JSON string. That tells
 * unequal records apart for any practical purpose here; it is no defence against records
 * made to collide, which no test needs. Small stores whose values a failure message should
 * show (`meta`, `imports`) come back whole as well, and the index directory's record brings its
 * `generation`. Two dumps are equal when every store has the same keys with the same hashes:
 * "the database is as it was" is `sameDump(before, after)`.
 *
 * All stores are read in one read-only transaction, so a dump is one moment of the database.
 * It opens the database at its current version and never creates it (a missing database dumps
 * as no stores). Measured at 4,000 articles: 0.1–0.2 s a dump in either browser.
 */
import type { ExtensionSession } from './types.ts';

/** src/storage/schema.ts: `DB_NAME`, `GENERATION_KEY`, `SUMMARIES_KEY`, `SNAPSHOT_KEY` (e2e files import nothing from src/). */
export const DB_NAME = 'wirecheck';
const GENERATION_KEY = 'generation';
const SUMMARIES_KEY = 'summaries-generation';
const SNAPSHOT_KEY = 'corpus-index';

export interface StoreDump {
  /** JSON of each record's key, in key order. */
  keys: string[];
  /** A 64-bit hash (hex) of each record's canonical form, parallel to `keys`. */
  digests: string[];
  /** Whole values, for the stores listed in VALUES_OF (small ones a message should show). */
  values?: unknown[];
  /** `snapshots` only: the generation each record there (the index directory) is tagged with, parallel to `keys`. */
  generations?: number[];
}

export type DatabaseDump = Record<string, StoreDump>;

interface DumpArg {
  name: string;
  values: string[];
}

/** Stores whose values come back whole. */
const VALUES_OF = ['meta', 'imports'];

/** Runs in the extension page: every store's records as keys, digests and (some) values. */
function dumpInPage({ name, values }: DumpArg): Promise<string> {
  // cyrb53's two 32-bit lanes, over bytes or UTF-16 code units.
  const finish = (a: number, b: number) => {
    const h1 = Math.imul(a ^ (a >>> 16), 2246822507) ^ Math.imul(b ^ (b >>> 13), 3266489909);
    const h2 = Math.imul(b ^ (b >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
  };
  const hashBytes = (bytes: Uint8Array) => {
    let a = 0xdeadbeef ^ bytes.length;
    let b = 0x41c6ce57 ^ bytes.length;
    for (let i = 0; i < bytes.length; i++) {
      a = Math.imul(a ^ bytes[i]!, 2654435761);
      b = Math.imul(b ^ bytes[i]!, 1597334677);
    }
    return finish(a, b);
  };
  const hashText = (text: string) => {
    let a = 0xdeadbeef ^ text.length;
    let b = 0x41c6ce57 ^ text.length;
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      a = Math.imul(a ^ unit, 2654435761);
      b = Math.imul(b ^ unit, 1597334677);
    }
    return finish(a, b);
  };
  // Binary data stands in the canonical form as its type, length and hash: the form stays
  // small, and equal bytes give equal forms.
  const canonical = (v: unknown): string => {
    if (v === undefined) return '{"$undefined":1}';
    if (v === null || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return JSON.stringify(v);
    if (ArrayBuffer.isView(v)) return `{"$${v.constructor.name}":"${v.byteLength}:${hashBytes(new Uint8Array(v.buffer, v.byteOffset, v.byteLength))}"}`;
    if (v instanceof ArrayBuffer) return `{"$ArrayBuffer":"${v.byteLength}:${hashBytes(new Uint8Array(v))}"}`;
    if (v instanceof Date) return `{"$Date":${v.getTime()}}`;
    if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
    if (typeof v === 'object') {
      const o = v as Record<string, unknown>;
      return `{${Object.keys(o)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
        .join(',')}}`;
    }
    return JSON.stringify(String(v));
  };

  const dumped = indexedDB.databases().then((list) => {
    if (!list.some((d) => d.name === name)) return {};
    return new Promise<DatabaseDump>((resolve, reject) => {
      const open = indexedDB.open(name);
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        db.onversionchange = () => db.close();
        const stores = Array.from(db.objectStoreNames).sort();
        const raw: Record<string, { keys: IDBValidKey[]; values: unknown[] }> = {};
        if (stores.length === 0) {
          db.close();
          resolve({});
          return;
        }
        // One read-only transaction over every store: one consistent moment of the database.
        const tx = db.transaction(stores);
        for (const store of stores) {
          const keys = tx.objectStore(store).getAllKeys();
          const all = tx.objectStore(store).getAll();
          all.onsuccess = () => {
            raw[store] = { keys: keys.result, values: all.result };
          };
        }
        tx.onerror = () => reject(tx.error);
        tx.oncomplete = () => {
          db.close();
          const out: DatabaseDump = {};
          for (const store of stores) {
            const { keys, values: records } = raw[store]!;
            const dump: StoreDump = { keys: keys.map(canonical), digests: records.map((r) => hashText(canonical(r))) };
            if (values.includes(store)) dump.values = records.map((r) => JSON.parse(canonical(r)) as unknown);
            if (store === 'snapshots') dump.generations = records.map((r) => Number((r as { generation?: unknown }).generation));
            out[store] = dump;
          }
          resolve(out);
        };
      };
    });
  });
  // One JSON string back: WebDriver BiDi sends an object as a tree of typed values, ~1 s for this one in Firefox.
  return dumped.then((dump) => JSON.stringify(dump));
}

/**
 * Runs `source` (a function's text) compiled in the page itself. Firefox runs a function
 * that WebDriver BiDi evaluates without its JIT: the dump's canonical forms of 8,000 records
 * took ~1 s that way and ~0.1 s compiled in the page (`new Function`, which the extension
 * page's policy lets the automation's code use; should it refuse, the dump runs as evaluated).
 */
function compiledInPage<A>({ source, arg }: { source: string; arg: A }): Promise<string> {
  const fn = new Function(`return (${source});`)() as (a: A) => Promise<string>;
  return fn(arg);
}

/** Every record of the extension's database, read in its control page. */
export async function dumpDatabase(session: ExtensionSession): Promise<DatabaseDump> {
  const arg = { name: DB_NAME, values: VALUES_OF };
  const json =
    session.browserName === 'firefox'
      ? await session.evaluateInExtension(compiledInPage, { source: dumpInPage.toString(), arg }).catch(() => session.evaluateInExtension(dumpInPage, arg))
      : await session.evaluateInExtension(dumpInPage, arg);
  return JSON.parse(json) as DatabaseDump;
}

/** Where two dumps differ, in words (empty when they are equal). */
export function dumpDifferences(a: DatabaseDump, b: DatabaseDump): string[] {
  const out: string[] = [];
  for (const store of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    const x = a[store];
    const y = b[store];
    if (!x || !y) {
      out.push(`${store}: only in the ${x ? 'first' : 'second'} dump`);
      continue;
    }
    const left = new Map(x.keys.map((k, i) => [k, x.digests[i]]));
    const right = new Map(y.keys.map((k, i) => [k, y.digests[i]]));
    const onlyLeft = x.keys.filter((k) => !right.has(k));
    const onlyRight = y.keys.filter((k) => !left.has(k));
    const changed = x.keys.filter((k) => right.has(k) && right.get(k) !== left.get(k));
    const some = (list: string[]) => `${list.length} (${list.slice(0, 3).join(', ')}${list.length > 3 ? ', …' : ''})`;
    if (onlyLeft.length) out.push(`${store}: ${some(onlyLeft)} only in the first`);
    if (onlyRight.length) out.push(`${store}: ${some(onlyRight)} only in the second`);
    if (changed.length) out.push(`${store}: ${some(changed)} changed`);
  }
  return out;
}

export function sameDump(a: DatabaseDump, b: DatabaseDump): boolean {
  return dumpDifferences(a, b).length === 0;
}

/** Records in `store` (0 when the store is missing). */
export function recordCount(dump: DatabaseDump, store: string): number {
  return dump[store]?.keys.length ?? 0;
}

/** The value of a `meta` record, or undefined. */
export function metaValue(dump: DatabaseDump, key: string): unknown {
  const meta = dump.meta;
  if (!meta?.values) return undefined;
  const at = meta.keys.indexOf(JSON.stringify(key));
  return at < 0 ? undefined : (meta.values[at] as { value?: unknown } | undefined)?.value;
}

/**
 * What a committed corpus always satisfies, whatever was interrupted: one summary per article
 * and no other, the summaries and (if present) the index directory tagged with the corpus's
 * generation, and one index number per article. An empty list means the dump is a corpus some commit left, not a half of one.
 */
export function corpusInconsistencies(dump: DatabaseDump): string[] {
  const out: string[] = [];
  const articles = dump.articles?.keys ?? [];
  const summaries = new Set(dump.summaries?.keys ?? []);
  if (articles.length !== summaries.size || articles.some((k) => !summaries.has(k))) {
    out.push(`${articles.length} articles but ${summaries.size} summaries, not of the same ids`);
  }
  const generation = Number(metaValue(dump, GENERATION_KEY) ?? 0);
  const summariesAt = metaValue(dump, SUMMARIES_KEY);
  if (summariesAt !== undefined && Number(summariesAt) !== generation) out.push(`summaries are of generation ${String(summariesAt)}, the corpus is at ${generation}`);
  const snapshots = dump.snapshots;
  const at = snapshots ? snapshots.keys.indexOf(JSON.stringify(SNAPSHOT_KEY)) : -1;
  if (snapshots && at >= 0 && snapshots.generations?.[at] !== generation) {
    out.push(`the index directory is of generation ${String(snapshots.generations?.[at])}, the corpus is at ${generation}`);
  }
  // The index numbers every article it holds (storage/index-shards.ts): one record each.
  const numbered = dump.indexIds?.keys.length;
  if (at >= 0 && numbered !== undefined && numbered !== articles.length) out.push(`the index numbers ${numbered} articles, the corpus holds ${articles.length}`);
  return out;
}

interface EditArg {
  name: string;
  store: string;
  remove: IDBValidKey[];
}

/** Runs in the extension page: deletes the records in one readwrite transaction. */
function editInPage({ name, store, remove }: EditArg): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const open = indexedDB.open(name);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      db.onversionchange = () => db.close();
      const tx = db.transaction(store, 'readwrite');
      let found = 0;
      for (const key of remove) {
        const count = tx.objectStore(store).count(key);
        count.onsuccess = () => {
          found += count.result;
          tx.objectStore(store).delete(key);
        };
      }
      tx.oncomplete = () => {
        db.close();
        resolve(found);
      };
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error ?? new Error('aborted'));
    };
  });
}

/**
 * Deletes records from a store of the extension's database, as damage or another writer
 * would, behind the back of the background (which learns of it only by reading again).
 * Returns how many of the keys were there.
 */
export function deleteRecords(session: ExtensionSession, store: string, keys: IDBValidKey[]): Promise<number> {
  return session.evaluateInExtension(editInPage, { name: DB_NAME, store, remove: keys });
}

/** The saved index directory's place: store and key (schema.ts). */
export const SNAPSHOT_RECORD = { store: 'snapshots', key: SNAPSHOT_KEY } as const;

/** Runs in the extension page: whether the store holds a record under the key (false without the database). */
function existsInPage({ name, store, key }: { name: string; store: string; key: IDBValidKey }): Promise<boolean> {
  return indexedDB.databases().then((list) => {
    if (!list.some((d) => d.name === name)) return false;
    return new Promise<boolean>((resolve, reject) => {
      const open = indexedDB.open(name);
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        db.onversionchange = () => db.close();
        const count = db.transaction(store).objectStore(store).count(key);
        count.onsuccess = () => {
          db.close();
          resolve(count.result > 0);
        };
        count.onerror = () => reject(count.error);
      };
    });
  });
}

/** Whether a store of the extension's database holds a record under `key` (one read, no dump). */
export function hasRecord(session: ExtensionSession, store: string, key: IDBValidKey): Promise<boolean> {
  return session.evaluateInExtension(existsInPage, { name: DB_NAME, store, key });
}
