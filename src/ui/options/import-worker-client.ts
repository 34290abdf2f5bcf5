/**
 * The options page's side of the import worker (import-worker.ts): an ImportTarget whose
 * staged-import calls and pack imports run in the worker; `importPack` (an already opened
 * pack) and the parameters stay with the page's own store. Errors come back as StorageErrors with the same messages; an aborted
 * signal is forwarded and the call rejects with the signal's reason, as the store's do.
 */

import { StorageError, type StorageErrorKind } from '../../storage';
import type { CorpusStore } from '../../storage';
import type { ImportTarget } from './import-run';
import type { FromWorker, ToWorker, WorkerCalls, WorkerOp } from './import-worker-protocol';

type Pending = { resolve: (v: unknown) => void; reject: (e: unknown) => void; onProgress?: (done: number, total: number) => void };

export interface WorkerImportTarget extends ImportTarget {
  /** Ends the workers (the page is done with them): each closes itself once its calls are answered. */
  terminate(): void;
}

/** Import workers started for one import: two where the machine has two cores or more. */
export function importWorkerCount(): number {
  const cores = globalThis.navigator?.hardwareConcurrency ?? 1;
  return cores >= 2 ? 2 : 1;
}

interface CallOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  transfer?: Transferable[];
  /**
   * The call changes nothing the reader can see (staging a chunk): on abort it rejects at once,
   * and the worker's late answer is dropped, so a slow worker cannot hold up a cancel. Calls
   * that may commit (the commit, a pack) wait for the worker's answer, which says whether the
   * corpus changed.
   */
  settleOnAbort?: boolean;
}

interface Channel {
  call<K extends WorkerOp>(op: K, args: WorkerCalls[K]['args'], opts?: CallOptions): Promise<WorkerCalls[K]['result']>;
  terminate(): void;
  /** Lets the worker finish what it was asked and close itself. */
  close(): void;
}

function startOne(index: number): Channel {
  const worker = new Worker(new URL('./import-worker.ts', import.meta.url), { type: 'module', name: `wirecheck-import-${index}` });
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const failAll = (reason: unknown) => {
    for (const p of pending.values()) p.reject(reason);
    pending.clear();
  };
  worker.addEventListener('message', (e: MessageEvent<FromWorker>) => {
    const m = e.data;
    const p = pending.get(m.id);
    if (!p) return;
    if (m.type === 'progress') {
      p.onProgress?.(m.done, m.total);
      return;
    }
    pending.delete(m.id);
    if (m.type === 'result') p.resolve(m.value);
    else if (m.error.name === 'AbortError') p.reject(new DOMException(m.error.message, 'AbortError'));
    else p.reject(new StorageError(m.error.message, (m.error.kind as StorageErrorKind | undefined) ?? 'failed'));
  });
  worker.addEventListener('error', (e) => {
    e.preventDefault();
    failAll(new StorageError(`Import failed; your corpus is unchanged (the import worker stopped: ${e.message || 'unknown error'})`, 'failed'));
  });
  return {
    call(op, args, opts = {}) {
      const { signal } = opts;
      if (signal?.aborted) return Promise.reject(signal.reason);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const onAbort = () => {
          worker.postMessage({ type: 'abort', id } satisfies ToWorker);
          if (opts.settleOnAbort) pending.get(id)?.reject(signal?.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        const settle = () => signal?.removeEventListener('abort', onAbort);
        pending.set(id, {
          resolve: (v) => {
            settle();
            resolve(v as never);
          },
          reject: (e) => {
            settle();
            pending.delete(id);
            reject(signal?.aborted ? signal.reason : e);
          },
          ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
        });
        worker.postMessage({ type: 'call', id, op, args } as ToWorker, opts.transfer ?? []);
      });
    },
    terminate() {
      worker.terminate();
      failAll(new StorageError('Import failed; your corpus is unchanged (the import worker was stopped)', 'failed'));
    },
    close() {
      worker.postMessage({ type: 'close' } satisfies ToWorker);
    },
  };
}

/**
 * Starts the workers; null where workers cannot be started (the caller then uses the store
 * itself). Each chunk is staged by the worker with the fewest chunks waiting, each worker one
 * chunk at a time; everything else (the journal, the commit) by the first.
 */
export function startImportWorker(store: Pick<CorpusStore, 'importPack' | 'params'>, count = importWorkerCount()): WorkerImportTarget | null {
  const channels: Channel[] = [];
  try {
    for (let i = 0; i < count; i++) channels.push(startOne(i));
  } catch {
    for (const c of channels) c.terminate();
    return null;
  }
  const first = channels[0]!;
  /** Chunks handed to each worker and not answered yet. */
  const queued = channels.map(() => 0);
  /**
   * A chunk goes to the worker with the fewest chunks queued (the lowest-numbered on a tie):
   * on a shared machine one worker may be starved of CPU for a while, and chunks sent in
   * turn would wait behind it while the other worker idles.
   */
  const stageChunk: WorkerImportTarget['stageChunk'] = (key, chunk, articles, opts = {}) => {
    const k = queued.indexOf(Math.min(...queued));
    queued[k]!++;
    const done = () => void queued[k]!--;
    const call = channels[k]!.call('stageChunk', [key, chunk, articles], { ...opts, settleOnAbort: true });
    call.then(done, done);
    return call;
  };
  return {
    params: store.params,
    importPack: (pack, opts) => store.importPack(pack, opts),
    openImport: (sources) => first.call('openImport', [sources]),
    stageChunk,
    finishStaging: (key, totals) => first.call('finishStaging', [key, totals]),
    commitImport: (key, opts = {}) => first.call('commitImport', [key], opts),
    discardImport: (key) => first.call('discardImport', [key]),
    importPackBytes: (bytes, opts = {}) => first.call('importPack', [bytes], { ...opts, transfer: [bytes.buffer] }),
    terminate() {
      // Each worker answers what it was asked, closes its database connection and then
      // itself, off the page's thread (Worker.terminate() is kept for failures).
      for (const c of channels) c.close();
    },
  };
}
