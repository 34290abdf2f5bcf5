/**
 * The options page's import worker: a dedicated worker with its own CorpusStore (its own
 * IndexedDB connection to the same database) that runs an import's work off the page's main
 * thread, which only draws progress.
 *
 * What runs here, call by call: staging a chunk (validation, content hashes, fingerprints,
 * deflating texts, the staging transaction), the whole commit (loading the summaries and the
 * index snapshot, the merged index with `withChanges`, its snapshot and checksum, and the one
 * commit transaction with the article, summary and snapshot puts, whose structured clones are
 * synchronous in the thread that calls `put`), a corpus pack's import (its CRC-32, the index
 * merge and the same kind of commit; pack-import.ts), and reading a whole import's files
 * (`importFiles`: slices, lines, parsing, the same code as import-run.ts runs on the page when
 * an HTML file needs the page's DOMParser). Calls are run one at a time, in the order they
 * arrive; they come from the page or, for the worker that stages chunks of files another
 * worker reads, from that worker through a port (`serve`).
 *
 * Why a worker and not slicing on the page: at 100,000 articles the merged index alone is a
 * radix sort of 128 × 100,000 keys and its snapshot one 90 MB put; neither splits into
 * short tasks without changing the transaction's shape, and the commit must stay ONE
 * transaction. Reading the files makes hundreds of megabytes of strings; read on the page, a
 * 100,000-article import spends half the page's busy time collecting their garbage, in
 * stretches of up to 200 ms (bench/browser/import-profile.ts). Closing the page terminates the
 * workers, which close their connections and abort an open transaction: the corpus stays as
 * it was (staged-import.ts).
 *
 * Three workers for an import of files (two where the machine has one core): one reads and
 * parses (~0.1 ms an article), two stage (~0.8 ms of fingerprinting and deflating an article),
 * so staging is what the import waits on. Measured figures are in src/storage/staged-import.ts.
 */

import { CorpusStore, StorageError } from '../../storage';
import { importFiles } from './import-run';
import { type Endpoint, portChannel, targetOver } from './import-channels';
import type { FromWorker, ToWorker, WorkerError } from './import-worker-protocol';
import { importPackBytes } from './pack-import';

/** Where calls come from and answers go: the page (the worker's own scope) or a port. */
type Caller = Endpoint<FromWorker, ToWorker>;

declare const self: Caller & { close(): void };

let store: Promise<CorpusStore> | undefined;
const open = () => (store ??= CorpusStore.open());
const aborts = new Map<string, AbortController>();
let queue: Promise<unknown> = Promise.resolve();
let portsServed = 0;

function errorOf(e: unknown): WorkerError {
  if (e instanceof StorageError) return { name: e.name, message: e.message, kind: e.kind };
  if (e && typeof e === 'object' && 'message' in e) return { name: String((e as Error).name ?? 'Error'), message: String((e as Error).message) };
  return { name: 'Error', message: String(e) };
}

async function run(message: Extract<ToWorker, { type: 'call' }>, signal: AbortSignal, from: Caller): Promise<unknown> {
  const s = await open();
  const { id } = message;
  switch (message.op) {
    case 'openImport':
      return s.openImport(...message.args);
    case 'stageChunk':
      return s.stageChunk(...message.args, { signal });
    case 'finishStaging':
      return s.finishStaging(...message.args);
    case 'commitImport':
      return s.commitImport(...message.args, { signal, onProgress: (done, total) => from.postMessage({ type: 'progress', id, done, total }) });
    case 'discardImport':
      return s.discardImport(...message.args);
    case 'importPack':
      return importPackBytes(s, ...message.args, { signal });
    case 'importFiles': {
      // The staging workers are the page's: it ends them when this call is answered.
      const [files, ports] = message.args;
      const target = targetOver(ports.map(portChannel), s);
      return importFiles(target, files, { signal, onProgress: (progress) => from.postMessage({ type: 'report', id, progress }) });
    }
  }
}

/** Answers the calls arriving at `from`, each in turn with every other call this worker got. */
function serve(from: Caller, name: string): void {
  from.addEventListener('message', (e) => {
    const message = e.data;
    if (message.type === 'close') {
      // After the calls already queued: the connection is closed cleanly, then the worker.
      void queue.then(async () => {
        (await store)?.close();
        self.close();
      });
      return;
    }
    if (message.type === 'serve') {
      serve(message.port as unknown as Caller, `port ${++portsServed}`);
      message.port.start();
      return;
    }
    if (message.type === 'abort') {
      aborts.get(`${name}/${message.id}`)?.abort(new DOMException('The import was cancelled.', 'AbortError'));
      return;
    }
    const key = `${name}/${message.id}`;
    const abort = new AbortController();
    aborts.set(key, abort);
    const result = queue.then(() => run(message, abort.signal, from));
    queue = result.catch(() => undefined);
    result
      .then(
        (value) => from.postMessage({ type: 'result', id: message.id, value }),
        (error: unknown) => from.postMessage({ type: 'error', id: message.id, error: errorOf(error) }),
      )
      .finally(() => aborts.delete(key));
  });
}

serve(self, 'page');
