/** Messages between the options page and its import worker (import-worker.ts, import-worker-client.ts). */

import type { Article } from '../../core/types';
import type { ImportJournal, ImportSource, ImportSummary } from '../../storage';
import type { ImportOutcome, ImportProgress } from './import-run';
import type { PackImport } from './pack-import';

/** The store's staged-import calls the worker runs, with their arguments and results. */
export interface WorkerCalls {
  openImport: { args: [sources: readonly ImportSource[]]; result: ImportJournal };
  stageChunk: { args: [key: string, chunk: number, articles: readonly Article[]]; result: { reused: boolean } };
  finishStaging: { args: [key: string, totals: { chunks: number; articles: number; problems: number }]; result: ImportJournal };
  commitImport: { args: [key: string]; result: ImportSummary };
  discardImport: { args: [key: string]; result: void };
  /** The pack's bytes are transferred, not copied. */
  importPack: { args: [bytes: Uint8Array]; result: PackImport };
  /**
   * A whole import of these files, read and parsed in this worker (import-run.ts
   * `importFiles`), its chunks staged by the workers at the other ends of `stagers`; progress
   * comes back as `report` messages.
   */
  importFiles: { args: [files: readonly File[], stagers: readonly MessagePort[]]; result: ImportOutcome };
}

export type WorkerOp = keyof WorkerCalls;

export type ToWorker =
  | { [K in WorkerOp]: { type: 'call'; id: number; op: K; args: WorkerCalls[K]['args'] } }[WorkerOp]
  | { type: 'abort'; id: number }
  /** Answer calls arriving on this port too (from the worker that reads the files). */
  | { type: 'serve'; port: MessagePort }
  /** Done with the worker: it closes its database connection and then itself. */
  | { type: 'close' };

/** A StorageError (or any error) as it crosses: name, message, the StorageError kind. */
export interface WorkerError {
  name: string;
  message: string;
  kind?: string;
}

export type FromWorker =
  | { type: 'result'; id: number; value: unknown }
  | { type: 'error'; id: number; error: WorkerError }
  | { type: 'progress'; id: number; done: number; total: number }
  | { type: 'report'; id: number; progress: ImportProgress };
