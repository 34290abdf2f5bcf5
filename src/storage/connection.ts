/**
 * One connection to the corpus database, shared by every part of a CorpusStore: opened on
 * first use (creating or upgrading the database, schema.ts), reopened on the next call after
 * another context asked for it to be closed, and closed for good by `close()`.
 *
 * Another context (the options page, the service worker, an import worker) may upgrade or
 * delete the database while this one holds it open. Holding on would deadlock that context,
 * so the connection closes as soon as it is asked (`blocking`) and reopens lazily; the
 * caller's `onDrop` forgets what it kept in memory, because a migration, or a database deleted
 * and created again, may change data without a generation this connection would recognise.
 *
 * `reading` and `writing` run one piece of work on the connection and turn whatever the
 * database throws into a StorageError a reader can be shown (errors.ts).
 *
 * A readwrite transaction whose failure is told ends through `watchWrite` (or `writeAll`,
 * which uses it): any failure aborts it, so requests queued before a throw never commit alone,
 * and the error passed on is the cause. A full disk reaches a transaction three ways, each
 * exercised on every write path by test/unit/storage-quota.test.ts: a write that throws as it
 * is issued, a request the database refuses (its QuotaExceededError is the cause; idb's `done`
 * only says AbortError), and a transaction the browser aborts at commit.
 */

import { type IDBPDatabase, openDB } from 'idb';
import { StorageError, errorName, readError, reasonOf, saveError } from './errors';
import { DB_VERSION, GENERATION_KEY, type WirecheckDB, generationOf, upgradeSchema } from './schema';

export type Db = IDBPDatabase<WirecheckDB>;

export const ignore = () => {};

/**
 * Keeps a request whose outcome is read from its transaction's `done` from surfacing as an
 * unhandled rejection when the transaction aborts.
 */
export function track(request: Promise<unknown>): void {
  void request.catch(ignore);
}

/** A readwrite transaction, as `watchWrite` and `writeAll` need it. */
export interface WriteTx {
  readonly done: Promise<void>;
  abort(): void;
  addEventListener(type: 'error', listener: (event: Event) => void): void;
}

/** How a readwrite transaction ends: `done`, and the error worth telling when it fails. */
export interface WriteWatch {
  /** Resolves when the transaction commits; never an unhandled rejection. */
  readonly done: Promise<void>;
  /**
   * Aborts the transaction if it still runs (a request that threw as it was issued leaves the
   * earlier ones queued, and without the abort they would commit) and gives the error worth
   * telling: `e` when `keep(e)` says so; else the error of the first request the database
   * refused (a browser that refuses a write for quota fails its request with
   * QuotaExceededError, and idb's `done` then rejects with a bare AbortError, the
   * transaction's own error being set only after); else, when the transaction had already
   * ended (a browser aborting it for quota at commit), its own reason, since `e` is then only
   * the next request's TransactionInactiveError; else `e`.
   */
  failed(e: unknown, keep?: (e: unknown) => boolean): Promise<unknown>;
}

export function watchWrite(tx: WriteTx): WriteWatch {
  let refused: unknown;
  tx.addEventListener('error', (event) => {
    // Requests pending when a transaction aborts fail with AbortError: a consequence, not a cause.
    const error = (event.target as IDBRequest | null)?.error;
    if (refused === undefined && error && error.name !== 'AbortError') refused = error;
  });
  const done = tx.done;
  done.catch(ignore);
  return {
    done,
    async failed(e, keep = () => false) {
      let endedFirst = false;
      try {
        tx.abort();
      } catch {
        endedFirst = true;
      }
      const ended = await done.then(() => null, (reason: unknown) => reason);
      if (keep(e)) return e;
      return refused ?? (endedFirst ? ended : null) ?? e;
    },
  };
}

/**
 * Issues a readwrite transaction's requests (`write`) and waits for its commit: all or
 * nothing, and a failure told by its cause (`WriteWatch.failed`; a StorageError `write`
 * throws is told as it is).
 */
export async function writeAll<T>(tx: WriteTx, write: () => T | Promise<T>): Promise<T> {
  const watch = watchWrite(tx);
  try {
    const value = await write();
    await watch.done;
    return value;
  } catch (e) {
    throw await watch.failed(e, (x) => x instanceof StorageError);
  }
}

export class Connection {
  private db: Db | null = null;
  private opening: Promise<Db> | null = null;
  private closed = false;

  constructor(
    readonly name: string,
    /** Called when another context takes the database away: whatever was cached may be stale. */
    private readonly onDrop: () => void,
  ) {}

  /** The open database, opening it first if needed; rejects with kind 'closed' after `close()`. */
  open(): Promise<Db> {
    if (this.closed) return Promise.reject(new StorageError('The corpus is closed.', 'closed'));
    if (this.db) return Promise.resolve(this.db);
    this.opening ??= openDB<WirecheckDB>(this.name, DB_VERSION, {
      upgrade: upgradeSchema,
      // Another context holds an older connection open: nothing of ours to close yet. Its
      // `blocking` handler closes it, and then this open proceeds.
      blocked: ignore,
      blocking: () => this.drop(true),
      terminated: () => this.drop(false),
    }).then(
      (db) => {
        this.opening = null;
        if (this.closed) {
          db.close();
          throw new StorageError('The corpus is closed.', 'closed');
        }
        this.db = db;
        return db;
      },
      (e: unknown) => {
        this.opening = null;
        if (errorName(e) === 'VersionError') {
          throw new StorageError('Your corpus was saved by a newer version of Wirecheck; update the extension to use it.', 'failed', { cause: e });
        }
        throw new StorageError(`Could not open the corpus (${reasonOf(e)})`, 'failed', { cause: e });
      },
    );
    return this.opening;
  }

  /** Runs `read`; a failure becomes a StorageError of kind 'read'. */
  async reading<T>(read: (db: Db) => Promise<T>): Promise<T> {
    try {
      return await read(await this.open());
    } catch (e) {
      throw readError(e);
    }
  }

  /** Runs `write`; a failure becomes a StorageError of kind 'quota' or 'failed'. */
  async writing<T>(write: (db: Db) => Promise<T>): Promise<T> {
    try {
      return await write(await this.open());
    } catch (e) {
      const told = saveError(e);
      this.reopenAfter(told);
      throw told;
    }
  }

  /**
   * After a write the database refused for space: Firefox then refuses every later write on
   * the same connection (InvalidStateError, "a database that did not allow mutations"), even
   * once space is freed, while a new connection writes normally. So this connection is closed
   * and the next call opens another. Nothing cached is forgotten: the refused write changed
   * nothing.
   */
  reopenAfter(e: unknown): void {
    const cause = e instanceof StorageError ? (e.cause ?? e) : e;
    const refused = (e instanceof StorageError && e.kind === 'quota') || errorName(cause) === 'InvalidStateError';
    if (!refused || !this.db) return;
    this.db.close();
    this.db = null;
  }

  /** The corpus generation now: bumped by every committed change, another context's too. */
  generation(): Promise<number> {
    return this.reading(async (db) => generationOf(await db.get('meta', GENERATION_KEY)));
  }

  close(): void {
    this.closed = true;
    this.db?.close();
    this.db = null;
  }

  private drop(close: boolean): void {
    if (close) this.db?.close();
    this.db = null;
    this.onDrop();
  }
}
