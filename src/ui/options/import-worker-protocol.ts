/** Messages between the options page and its import worker (import-worker.ts, import-worker-client.ts). */

import type { Article } from '../../core/types';
import type { ImportJournal, ImportSource, ImportSummary } from '../../storage';
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
}

export type WorkerOp = keyof WorkerCalls;

export type ToWorker =
  | { [K in WorkerOp]: { type: 'call'; id: number; op: K; args: WorkerCalls[K]['args'] } }[WorkerOp]
  | { type: 'abort'; id: number }
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
  | { type: 'progress'; id: number; done: number; total: number };
