/**
 * Checking many inputs on all cores: worker threads that each open the same corpus pack, fed
 * one input at a time (a slow page holds up one worker, not a fixed share of the batch), with
 * results handed back in input order as soon as every earlier one is in, so `--json` output
 * still streams.
 *
 * The corpus is loaded once: a pack's bytes as read, or a JSON Lines corpus fingerprinted
 * once into a pack in memory, go to every worker as one SharedArrayBuffer. Workers start from
 * the check-worker.mjs beside this module: the bundle's own (bin/cli-bundle.mjs), or, run
 * from the sources, src/cli/check-worker.mjs, which registers tsx itself (hooks registered by
 * bin/wirecheck.mjs do not reach worker threads).
 *
 * Measured (Node 22.23, 2 cores): see README's command-line section for the figures.
 */

import { Worker } from 'node:worker_threads';
import type { MatchResult } from '../core/types';
import type { PageSiteFacts } from './by-site';

export interface WorkerTask {
  at: number;
  input: string;
  /** Also read the page's site facts (--by-site). */
  bySite?: boolean;
}

export type WorkerReply = { at: number; result: MatchResult; site?: PageSiteFacts; error?: undefined } | { at: number; error: string; result?: undefined };

export type Outcome = { result: MatchResult; site?: PageSiteFacts; error?: undefined } | { error: string; result?: undefined };

const WORKER_URL = new URL('./check-worker.mjs', import.meta.url);

/**
 * Checks `inputs` on `jobs` workers against the pack in `pack`; calls `each` once per input,
 * in input order.
 */
export async function checkInParallel(pack: Uint8Array, inputs: readonly string[], jobs: number, each: (at: number, outcome: Outcome) => void, opts: { bySite?: boolean } = {}): Promise<void> {
  const shared = new SharedArrayBuffer(pack.byteLength);
  new Uint8Array(shared).set(pack);
  const done = new Map<number, Outcome>();
  let emitted = 0;
  let next = 0;
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const feed = (w: Worker) => {
        if (next < inputs.length) {
          const task: WorkerTask = { at: next, input: inputs[next]!, ...(opts.bySite ? { bySite: true } : {}) };
          next++;
          w.postMessage(task);
        }
      };
      const count = Math.max(1, Math.min(jobs, inputs.length));
      for (let k = 0; k < count; k++) {
        const w = new Worker(WORKER_URL, { workerData: { pack: shared } });
        workers.push(w);
        w.on('message', (m: WorkerReply | { ready: true }) => {
          if ('ready' in m) return feed(w);
          done.set(m.at, m.error !== undefined ? { error: m.error } : { result: m.result, ...(m.site ? { site: m.site } : {}) });
          while (done.has(emitted)) {
            const outcome = done.get(emitted)!;
            done.delete(emitted);
            each(emitted, outcome);
            emitted++;
          }
          if (emitted === inputs.length) resolve();
          else feed(w);
        });
        w.on('error', reject);
        w.on('exit', (code) => {
          if (emitted < inputs.length) reject(new Error(`a worker thread stopped (exit code ${code})`));
        });
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
