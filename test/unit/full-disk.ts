// A full disk on demand, in fake-indexeddb: the Nth write request (put, add, delete or clear, on
// any object store) fails with QuotaExceededError, in one of the three ways browsers report it;
// a driver that fails each write of a path in turn; and the databases each attempt starts from,
// built once and copied. Shared by storage-quota.test.ts.
//
// Why three ways: the code between a write and the caller differs for each. A write that throws
// as it is issued leaves the requests queued before it, which commit unless the transaction is
// aborted. A request the database refuses (Safari, Firefox) fails with QuotaExceededError and
// aborts its transaction, and idb's `tx.done` then rejects with a bare AbortError, the
// transaction's own error being set only after. A transaction the browser aborts for quota
// (Chrome, at commit) fails no request and carries QuotaExceededError itself.
import { expect } from 'vitest';
import { articleFingerprintText } from '../../src/core/corpus/memory';
import { fingerprintText } from '../../src/core/fingerprint/minhash';
import type { IndexEntry } from '../../src/core/index/corpus-index';
import { CorpusStore, StorageError } from '../../src/storage';
import { dumpDatabase, loadDatabase, withRaw } from './raw-database';

export type QuotaMode = 'thrown' | 'refused' | 'aborted';

/** How each mode fails the chosen write. */
export const QUOTA_MODES: Record<QuotaMode, string> = {
  thrown: 'the write throws QuotaExceededError as it is issued',
  refused: 'the database refuses the write: its request fails with QuotaExceededError and the transaction aborts',
  aborted: 'the write succeeds, then the browser aborts its transaction with QuotaExceededError',
};

const WRITES = ['put', 'add', 'delete', 'clear'] as const;
/** fake-indexeddb's operation behind each write, bound when the write is issued. */
const OPERATION = { put: 'storeRecord', add: 'storeRecord', delete: 'deleteRecord', clear: 'clear' } as const;

const quotaError = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

interface FakeStore {
  _rawObjectStore: Record<string, unknown>;
  transaction: { _abort(name: string): void };
}

export interface FullDisk {
  /** Writes issued since the disk filled up (failed ones included). */
  readonly writes: number;
  /** Whether write number `n` was issued, and so failed. */
  readonly hit: boolean;
  /** Room again: the writes go through as before. */
  restore(): void;
}

/** From now on, write number `n` (counting from 1) fails for quota, the `mode` way. */
export function fullDiskAtWrite(n: number, mode: QuotaMode): FullDisk {
  const proto = IDBObjectStore.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const originals = WRITES.map((method) => [method, proto[method]!] as const);
  let writes = 0;
  for (const [method, original] of originals) {
    proto[method] = function (this: FakeStore, ...args: unknown[]) {
      if (++writes !== n) return original.apply(this, args);
      if (mode === 'thrown') throw quotaError();
      if (mode === 'aborted') {
        const request = original.apply(this, args) as IDBRequest;
        request.addEventListener('success', () => this.transaction._abort('QuotaExceededError'));
        return request;
      }
      // refused: the operation the request runs is bound now, so it is swapped for this one call.
      const raw = this._rawObjectStore;
      raw[OPERATION[method]] = () => {
        throw quotaError();
      };
      try {
        return original.apply(this, args);
      } finally {
        delete raw[OPERATION[method]];
      }
    };
  }
  return {
    get writes() {
      return writes;
    },
    get hit() {
      return writes >= n;
    },
    restore() {
      for (const [method, original] of originals) proto[method] = original;
    },
  };
}

export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };
export type Dump = Record<string, unknown[]>;

/** A write path as its caller takes it, from a fresh database each time. */
export interface WritePath<S extends { name: string }, R> {
  /** A fresh database (and whatever holds it open) in the state the write starts from. */
  setup(): Promise<S>;
  /** The write, as its caller makes it. */
  run(state: S): Promise<R>;
  /** What the caller is told when the disk is full. */
  told(outcome: Outcome<unknown>): void;
  /**
   * What a failed write leaves in the database; by default exactly what was there. Paths
   * designed otherwise (best effort, or a page at a time) say what instead.
   */
  leaves?(after: Dump, before: Dump, state: S): void | Promise<void>;
  /** The write went through: check what it returned and what the database now holds. */
  succeeded(value: R, state: S): void | Promise<void>;
}

/**
 * Fails the writes of the path in turn, each time on a fresh database: the caller is told, the
 * database holds what it held (or what the path says), and then, with room again, the same write
 * goes through. Returns how many writes the path issues.
 *
 * Which writes fail: the first `EACH_FIRST` one by one, then every `STRIDE`th, then the last
 * `EACH_LAST` (or only the writes `only` lists). A path that touches the index writes one shard
 * per band (128) between its first records and its last, all through the same code, so one in
 * thirty-two of those stands for the rest and keeps each path to a few dozen attempts.
 */
export const EACH_FIRST = 12;
export const STRIDE = 32;
export const EACH_LAST = 6;
export async function failEachWrite<S extends { name: string }, R>(mode: QuotaMode, path: WritePath<S, R>, only?: readonly number[]): Promise<number> {
  const attempt = async (n: number): Promise<number | null> => {
    const state = await path.setup();
    const before = await dumpDatabase(state.name);
    const disk = fullDiskAtWrite(n, mode);
    let outcome: Outcome<R>;
    try {
      outcome = await path.run(state).then(
        (value) => ({ ok: true, value }),
        (error: unknown) => ({ ok: false, error }),
      );
    } finally {
      disk.restore();
    }
    if (!disk.hit) {
      if (only && n !== Infinity) throw new Error(`the path issues ${disk.writes} writes, not ${n}`);
      if (!outcome.ok) throw outcome.error;
      await path.succeeded(outcome.value, state);
      return disk.writes;
    }
    try {
      const after = await dumpDatabase(state.name);
      if (path.leaves) await path.leaves(after, before, state);
      else expect(after).toEqual(before);
      path.told(outcome);
      await path.succeeded(await path.run(state), state);
    } catch (e) {
      if (e instanceof Error) e.message = `${mode}, write ${n}: ${e.message}`;
      throw e;
    }
    return null;
  };
  if (only) {
    for (let i = 0; ; i++) {
      const total = await attempt(only[i] ?? Infinity);
      if (total !== null) return total;
    }
  }
  let tried = 0;
  for (let n = 1; n < 2000; n = n < EACH_FIRST ? n + 1 : n + STRIDE) {
    const total = await attempt(n);
    if (total === null) {
      tried = n;
      continue;
    }
    for (let last = Math.max(tried + 1, total - EACH_LAST + 1); last <= total; last++) await attempt(last);
    return total;
  }
  throw new Error('the path kept writing');
}

/** A path's state and result types are its own; a table of paths holds them side by side. */
export type AnyPath = WritePath<{ name: string }, unknown>;
export const path = <S extends { name: string }, R>(p: WritePath<S, R>): AnyPath => p as unknown as AnyPath;

/**
 * Databases built once and copied for each write (raw-database.ts loadDatabase): building one
 * fingerprints and indexes its articles, a copy only writes its records.
 */
export class Templates {
  private readonly dumps = new Map<string, Promise<Dump>>();

  constructor(private readonly freshName: () => string) {}

  /** A new database holding what `build` made of a new one, the first time `template` was asked for. */
  async copy(template: string, build: (name: string) => Promise<void>): Promise<string> {
    let dump = this.dumps.get(template);
    if (!dump) {
      const name = this.freshName();
      dump = build(name).then(() => dumpDatabase(name));
      this.dumps.set(template, dump);
    }
    const name = this.freshName();
    await loadDatabase(name, await dump);
    return name;
  }
}

/** The write went through, and gave this. */
export function okValue(outcome: Outcome<unknown>): unknown {
  expect(outcome).toMatchObject({ ok: true });
  return outcome.ok ? outcome.value : undefined;
}

/** The caller got a StorageError of kind 'quota' with this message (or one it matches). */
export function toldQuota(message: string | RegExp): (outcome: Outcome<unknown>) => void {
  return (outcome) => {
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error).toBeInstanceOf(StorageError);
    expect(outcome.error).toMatchObject({ kind: 'quota' });
    if (typeof message === 'string') expect((outcome.error as Error).message).toBe(message);
    else expect((outcome.error as Error).message).toMatch(message);
  };
}

export function importQuota(articles: number): string {
  return `Not enough storage space to import ${articles} article${articles === 1 ? '' : 's'}; nothing was imported. Free some disk space or delete articles, then try again.`;
}
export const STAGE_QUOTA = 'Not enough storage space to stage this import; nothing was imported. Free some disk space or delete articles, then try again.';
export const SAVE_QUOTA = 'Not enough storage space to save this; free some disk space and try again.';

const byId = (a: IndexEntry, b: IndexEntry) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The index a cold start loads (the saved snapshot, not rebuilt) holds exactly the articles,
 * each with the band keys its text gives; so does the index `store` holds in memory, if given;
 * and there is one summary per article.
 */
export async function expectIndexOfArticles(name: string, store?: CorpusStore): Promise<void> {
  const cold = await CorpusStore.open(name);
  try {
    const index = await cold.loadIndex();
    expect(cold.lastLoad).toBe('snapshot');
    const ids = await withRaw(name, (db) => db.getAllKeys('articles'));
    const articles = await cold.getArticles(ids);
    const expected = articles.map((a) => ({ id: a.id, bandKeys: fingerprintText(articleFingerprintText(a), undefined, cold.params).bandKeys })).sort(byId);
    expect((await index.entries()).sort(byId)).toEqual(expected);
    if (store) expect((await (await store.loadIndex()).entries()).sort(byId)).toEqual(expected);
    expect(await withRaw(name, (db) => db.getAllKeys('summaries'))).toEqual(ids);
  } finally {
    cold.close();
  }
}
