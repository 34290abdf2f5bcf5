/**
 * How storage fails, in words a reader can be shown as they are: one class, `StorageError`,
 * whose `kind` says what the reader can do about it (free space, fix the file, try again).
 *
 * Every change to the corpus is one transaction (commit.ts), so a failed change says the
 * corpus is unchanged, and it is. A read that fails in the middle of a change is told in the
 * change's words ("Import failed; your corpus is unchanged (…)"), not as a read error: what
 * matters to the reader is that nothing was written. Running out of disk space is recognised
 * by the error's name, under the standard name and Firefox's older one.
 */

/**
 * quota: out of disk space · invalid: an article failed validation · closed: `close()` was
 * called · read: reading the corpus failed · failed: anything else.
 */
export type StorageErrorKind = 'quota' | 'invalid' | 'closed' | 'read' | 'failed';

/** A storage failure with a message that can be shown to the reader as it is. */
export class StorageError extends Error {
  override readonly name = 'StorageError';

  constructor(
    message: string,
    readonly kind: StorageErrorKind,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The change a failure is told in terms of. */
export type ChangeAction = 'Import' | 'Delete';

/** How a change that failed is told to the reader. */
export interface Failure {
  action: ChangeAction;
  told(e: unknown): StorageError;
}

/** An import's failure; `articles` says how many it held, once known. */
export function importFailure(articles: () => number): Failure {
  return { action: 'Import', told: (e) => importError(e, articles()) };
}

export const deleteFailure: Failure = {
  action: 'Delete',
  told: (e) => unchangedError(e, 'Delete', 'Not enough storage space to record the deletion; nothing was deleted. Free some disk space, then try again.'),
};

/** Every commit retries while other writers keep moving the generation; after a few, it gives up with this. */
export function keptChanging(action: ChangeAction): StorageError {
  return new StorageError(`${action} failed; your corpus is unchanged (other changes to the corpus kept arriving; try again)`, 'failed');
}

/**
 * A failed change, told as one that left the corpus unchanged. Our own errors pass as they
 * are, but for read errors, which are told in the change's words with their cause. Out of
 * space, `quotaMessage` when there is one.
 */
function unchangedError(e: unknown, action: ChangeAction, quotaMessage?: string): StorageError {
  if (e instanceof StorageError && e.kind !== 'read') return e;
  const cause = e instanceof StorageError ? (e.cause ?? e) : e;
  const quota = isQuota(cause);
  if (quota && quotaMessage) return new StorageError(quotaMessage, 'quota', { cause });
  return new StorageError(`${action} failed; your corpus is unchanged (${reasonOf(cause)})`, quota ? 'quota' : 'failed', { cause });
}

/** An import of `n` articles that failed. */
function importError(e: unknown, n: number): StorageError {
  const articles = `${n} article${n === 1 ? '' : 's'}`;
  return unchangedError(e, 'Import', `Not enough storage space to import ${articles}; nothing was imported. Free some disk space or delete articles, then try again.`);
}

/** Staging a chunk of an import, or finishing the staging, failed. */
export function stagingError(e: unknown): StorageError {
  return unchangedError(e, 'Import', 'Not enough storage space to stage this import; nothing was imported. Free some disk space or delete articles, then try again.');
}

/** A read that failed, for callers that only read. */
export function readError(e: unknown): StorageError {
  if (e instanceof StorageError) return e;
  return new StorageError(`Could not read the corpus (${reasonOf(e)})`, 'read', { cause: e });
}

/** A write outside the corpus (settings, reports, import journals) that failed. */
export function saveError(e: unknown): StorageError {
  if (e instanceof StorageError) return e;
  if (isQuota(e)) return new StorageError('Not enough storage space to save this; free some disk space and try again.', 'quota', { cause: e });
  return new StorageError(`Could not save (${reasonOf(e)})`, 'failed', { cause: e });
}

export function errorName(e: unknown): string | undefined {
  return e && typeof e === 'object' && 'name' in e && typeof e.name === 'string' ? e.name : undefined;
}

function isQuota(e: unknown): boolean {
  // Firefox reported quota as NS_ERROR_DOM_QUOTA_REACHED before it adopted the standard name.
  const name = errorName(e);
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED';
}

/** What went wrong, for the parentheses of a message. */
export function reasonOf(e: unknown): string {
  // idb rejects `tx.done` with a bare DOMException('AbortError') when no error was recorded.
  if (errorName(e) === 'AbortError') return 'the database stopped the write';
  if (e && typeof e === 'object' && 'message' in e && typeof e.message === 'string' && e.message) return e.message;
  return errorName(e) ?? String(e);
}
