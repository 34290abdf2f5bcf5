/**
 * Calls to an import worker (import-worker.ts) over a channel, a worker or a MessagePort to
 * one, and the ImportTarget made of such channels: its staged-import calls and pack imports
 * run in the workers; `importPack` (an already opened pack) and the parameters stay with the
 * caller's own store. Errors come back as StorageErrors with the same messages; an aborted
 * signal is forwarded and the call rejects with the signal's reason, as the store's do.
 *
 * The page's channels are workers it starts (import-worker-client.ts); the worker that reads
 * the files talks to the staging workers through ports. This module starts no worker, so the
 * worker's own bundle can use it.
 */

import { StorageError, type StorageErrorKind } from '../../storage';
import type { CorpusStore } from '../../storage';
import type { ImportProgress, ImportTarget } from './import-run';
import type { FromWorker, ToWorker, WorkerCalls, WorkerOp } from './import-worker-protocol';

type Pending = {
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  onProgress?: (done: number, total: number) => void;
  onReport?: (progress: ImportProgress) => void;
};

export interface WorkerImportTarget extends ImportTarget {
  /** Ends the workers (the page is done with them): each closes itself once its calls are answered. */
  terminate(): void;
}

interface CallOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** An import's progress, as `importFiles` in the worker reports it. */
  onReport?: (progress: ImportProgress) => void;
  transfer?: Transferable[];
  /**
   * The call changes nothing the reader can see (staging a chunk): on abort it rejects at once,
   * and the worker's late answer is dropped, so a slow worker cannot hold up a cancel. Calls
   * that may commit (the commit, a pack) wait for the worker's answer, which says whether the
   * corpus changed.
   */
  settleOnAbort?: boolean;
}

export interface Channel {
  call<K extends WorkerOp>(op: K, args: WorkerCalls[K]['args'], opts?: CallOptions): Promise<WorkerCalls[K]['result']>;
  terminate(): void;
  /** Lets the worker finish what it was asked and close itself. */
  close(): void;
  /** Has the worker answer calls arriving on this port too. */
  serve(port: MessagePort): void;
}

/**
 * What calls go through: a worker or a MessagePort, seen from the caller (sends ToWorker,
 * hears FromWorker) or, in import-worker.ts, from the worker (the other way round).
 */
export interface Endpoint<Out = ToWorker, In = FromWorker> {
  postMessage(message: Out, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (e: MessageEvent<In>) => void): void;
}

/** Calls over `endpoint`; `stop` ends it at once (terminate), `close` asks the worker to end itself. */
export function channelOver(endpoint: Endpoint, stop: () => void): Channel & { failAll(reason: unknown): void } {
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const failAll = (reason: unknown) => {
    for (const p of pending.values()) p.reject(reason);
    pending.clear();
  };
  endpoint.addEventListener('message', (e: MessageEvent<FromWorker>) => {
    const m = e.data;
    const p = pending.get(m.id);
    if (!p) return;
    if (m.type === 'progress') {
      p.onProgress?.(m.done, m.total);
      return;
    }
    if (m.type === 'report') {
      p.onReport?.(m.progress);
      return;
    }
    pending.delete(m.id);
    if (m.type === 'result') p.resolve(m.value);
    else if (m.error.name === 'AbortError') p.reject(new DOMException(m.error.message, 'AbortError'));
    else p.reject(new StorageError(m.error.message, (m.error.kind as StorageErrorKind | undefined) ?? 'failed'));
  });
  return {
    call(op, args, opts = {}) {
      const { signal } = opts;
      if (signal?.aborted) return Promise.reject(signal.reason);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const onAbort = () => {
          endpoint.postMessage({ type: 'abort', id } satisfies ToWorker, []);
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
          ...(opts.onReport ? { onReport: opts.onReport } : {}),
        });
        endpoint.postMessage({ type: 'call', id, op, args } as ToWorker, opts.transfer ?? []);
      });
    },
    terminate() {
      stop();
      failAll(new StorageError('Import failed; your corpus is unchanged (the import worker was stopped)', 'failed'));
    },
    close() {
      endpoint.postMessage({ type: 'close' } satisfies ToWorker, []);
    },
    serve(port) {
      endpoint.postMessage({ type: 'serve', port } satisfies ToWorker, [port]);
    },
    failAll,
  };
}

/** Calls over a MessagePort to an import worker (started by the page, serving this port). */
export function portChannel(port: MessagePort): Channel {
  const channel = channelOver(port as unknown as Endpoint, () => port.close());
  port.start();
  return channel;
}

/**
 * The import target over these channels. Each chunk is staged by the worker with the fewest
 * chunks waiting, each worker one chunk at a time; everything else (the journal, the commit)
 * by the first.
 */
export function targetOver(channels: readonly Channel[], store: Pick<CorpusStore, 'importPack' | 'params'>): WorkerImportTarget {
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
