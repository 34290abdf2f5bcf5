/**
 * The options page's import worker: a dedicated worker with its own CorpusStore (its own
 * IndexedDB connection to the same database) that runs the CPU-heavy half of an import, so
 * the page's main thread only reads and parses files and draws progress.
 *
 * What runs here: staging a chunk (validation, content hashes, fingerprints, deflating texts,
 * the staging transaction) and the whole commit (loading the summaries and the index snapshot,
 * the merged index with `withChanges`, its snapshot and checksum, and the one commit
 * transaction with the article, summary and snapshot puts, whose structured clones are
 * synchronous in the thread that calls `put`), and a corpus pack's import (its CRC-32,
 * the index merge and the same kind of commit; pack-import.ts). Calls are run one at a time, in the order
 * they arrive: the page sends chunk n+1 while chunk n is staged here, and the journal sees
 * the chunks in order as before.
 *
 * Why a worker and not slicing on the page: at 100,000 articles the merged index alone is a
 * radix sort of 128 × 100,000 keys and its snapshot one 90 MB put; neither splits into
 * short tasks without changing the transaction's shape, and the commit must stay ONE
 * transaction. Closing the page terminates this worker, which closes its connection and
 * aborts an open transaction: the corpus stays as it was (staged-import.ts).
 *
 * Two workers (one where the machine has one core): the profile gives the page ~0.1 ms of
 * parsing an article and a worker ~0.8 ms of fingerprinting and deflating, so a single worker
 * would be what the import waits on (two were not measured against one on this noisy
 * machine). Measured figures are in src/storage/staged-import.ts.
 */

import { CorpusStore, StorageError } from '../../storage';
import type { FromWorker, ToWorker, WorkerError } from './import-worker-protocol';
import { importPackBytes } from './pack-import';

declare const self: {
  postMessage(message: FromWorker): void;
  close(): void;
  addEventListener(type: 'message', listener: (e: MessageEvent<ToWorker>) => void): void;
};

let store: Promise<CorpusStore> | undefined;
const open = () => (store ??= CorpusStore.open());
const aborts = new Map<number, AbortController>();
let queue: Promise<unknown> = Promise.resolve();

function errorOf(e: unknown): WorkerError {
  if (e instanceof StorageError) return { name: e.name, message: e.message, kind: e.kind };
  if (e && typeof e === 'object' && 'message' in e) return { name: String((e as Error).name ?? 'Error'), message: String((e as Error).message) };
  return { name: 'Error', message: String(e) };
}

async function run(message: Extract<ToWorker, { type: 'call' }>, signal: AbortSignal): Promise<unknown> {
  const s = await open();
  switch (message.op) {
    case 'openImport':
      return s.openImport(...message.args);
    case 'stageChunk':
      return s.stageChunk(...message.args, { signal });
    case 'finishStaging':
      return s.finishStaging(...message.args);
    case 'commitImport': {
      const { id } = message;
      return s.commitImport(...message.args, { signal, onProgress: (done, total) => self.postMessage({ type: 'progress', id, done, total }) });
    }
    case 'discardImport':
      return s.discardImport(...message.args);
    case 'importPack':
      return importPackBytes(s, ...message.args, { signal });
  }
}

self.addEventListener('message', (e) => {
  const message = e.data;
  if (message.type === 'close') {
    // After the calls already queued: the connection is closed cleanly, then the worker.
    void queue.then(async () => {
      (await store)?.close();
      self.close();
    });
    return;
  }
  if (message.type === 'abort') {
    aborts.get(message.id)?.abort(new DOMException('The import was cancelled.', 'AbortError'));
    return;
  }
  const abort = new AbortController();
  aborts.set(message.id, abort);
  const result = queue.then(() => run(message, abort.signal));
  queue = result.catch(() => undefined);
  result.then(
    (value) => self.postMessage({ type: 'result', id: message.id, value }),
    (error: unknown) => self.postMessage({ type: 'error', id: message.id, error: errorOf(error) }),
  ).finally(() => aborts.delete(message.id));
});
