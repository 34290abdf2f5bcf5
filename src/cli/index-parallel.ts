/**
 * `wirecheck index --jobs N`: the per-article work of a pack (core/pack/build.ts
 * `prepareArticle`: fingerprint, content hash, compressed text) on N worker threads; the
 * index build and the encoding stay in this thread, which assembles the results in article
 * order, so the pack's bytes are the ones `buildPackContents` makes in one thread
 * (test/unit/cli-index-jobs.test.ts).
 *
 * Articles go out in batches of BATCH, two batches in flight per worker, so a worker never
 * waits on this thread between batches and the last batches end close together. Each answer
 * comes back as flat typed arrays handed over without copying (index-worker.ts). Workers
 * start from the index-worker.mjs beside this module: the bundle's own (bin/cli-bundle.mjs),
 * or, run from the sources, src/cli/index-worker.mjs, which registers tsx itself (hooks
 * registered by bin/wirecheck.mjs do not reach worker threads). With an explicit --jobs N
 * the command starts them before it reads the corpus (`IndexWorkers`), so a worker's start
 * overlaps the reading.
 *
 * Measured end to end (`time npx wirecheck index <corpus> -o x.wcpack --jobs J`, wall time,
 * Node 22.23.3, a 2-core AMD EPYC VM SHARED with other engineers' builds and browsers, so the
 * figures are those of a loaded machine): bench/eval/synthetic.ts `generateCorpus` stories
 * (seed 1, 500 topics, ~3,100 characters), 10,000 as one 31 MB .jsonl and 100,000 as a folder
 * of four 79 MB .jsonl files (one file may be at most 256 MB). Three sets, each of three runs
 * alternating --jobs 1 and 2; median of each set, with the 1-minute load average over its
 * runs:
 *
 *   set  10,000: --jobs 1 · --jobs 2 (load)      100,000: --jobs 1 · --jobs 2 (load)
 *   A    6.7 s · 6.2 s  (1,480 · 1,610/s; 4.2–5.7)  62.3 s · 62.0 s  (1,600 · 1,610/s; 3.3–5.7)
 *   B    7.1 s · 7.5 s  (1,420 · 1,340/s; 2.8–6.6)  55.5 s · 33.0 s  (1,800 · 3,030/s; 1.7–6.5)
 *   C    6.4 s · 7.5 s  (1,560 · 1,330/s; 2.4–4.3)  59.3 s · 61.7 s  (1,690 · 1,620/s; 2.4–4.8)
 *
 * Two workers gain only when the second core is free, which the load average, a minute's
 * mean, does not tell in advance. In the pairs where it was (set B's last two at 100,000, one
 * pair a set at 10,000), 100,000 articles took 54–56 s on one thread and 31–33 s on two
 * (1.7×), 10,000 took 6.0–6.4 s and 4.4–4.6 s (1.4×); in the others two workers gained
 * nothing, and a plain JavaScript loop on two threads took 1× to 3.8× its time on one
 * meanwhile. The CPU time spent is 1–21% higher with workers. What stays in this thread at
 * 100,000: starting, reading and parsing the corpus, 3–6 s; the index build, 0.5–0.7 s;
 * encoding, 1.1 s.
 */

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { DEFAULT_PARAMS, type FingerprintParams, totalBands } from '../core/fingerprint/minhash';
import { type BuildPackOptions, assemblePackContents, buildPackContents, packArticleOf, uniqueArticles } from '../core/pack/build';
import type { PackArticle, PackContents } from '../core/pack/pack';
import type { Article } from '../core/types';

export interface PrepareTask {
  batch: number;
  articles: Article[];
}

export interface PrepareReply {
  batch: number;
  /** The batch's band keys end to end, totalBands(params) per article. */
  bandKeys: Uint32Array;
  wordCounts: Uint32Array;
  contentHashes: string[];
  /** The batch's compressed texts end to end; article k's ends at textEnds[k]. */
  texts: Uint8Array;
  textEnds: Uint32Array;
}

/** Articles sent to a worker at a time. */
const BATCH = 128;
/** Batches a worker holds at once: one it works on, one waiting. */
const IN_FLIGHT = 2;
/**
 * A worker is ready 0.1–0.4 s after it is asked for (it registers tsx), the time this thread
 * takes to prepare 200–700 articles (~0.5 ms each). Measured as above (load ~2, medians of
 * three): 1,000 articles took 1.6 s on one thread and 1.75 s on two workers, 2,000 took 2.3
 * and 2.2 s; so by default one worker per 2,000 articles, and none below 4,000 on two cores.
 */
export const ARTICLES_PER_WORKER = 2000;

const WORKER_URL = new URL('./index-worker.mjs', import.meta.url);

/**
 * How many worker threads prepare `articles` articles: `requested` (--jobs) when given, else
 * one per core but one per ARTICLES_PER_WORKER at most; never more than there are batches.
 * 1 means this thread, no worker.
 */
export function indexJobs(articles: number, requested?: number): number {
  const wanted = requested ?? Math.min(availableParallelism(), Math.floor(articles / ARTICLES_PER_WORKER));
  return Math.max(1, Math.min(wanted, Math.ceil(articles / BATCH)));
}

/** A worker thread asked for, and when it has said it is ready (or failed to start). */
interface Started {
  worker: Worker;
  ready: Promise<void>;
}

function startWorker(params: FingerprintParams): Started {
  const worker = new Worker(WORKER_URL, { workerData: { params } });
  const ready = new Promise<void>((resolve, reject) => {
    const onMessage = (m: unknown) => {
      if (typeof m === 'object' && m !== null && 'ready' in m) {
        worker.off('message', onMessage);
        resolve();
      }
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`a worker thread stopped as it started (exit code ${code})`)));
  });
  // Seen by packContentsInParallel when the worker is used; a worker never used is terminated.
  ready.catch(() => undefined);
  return { worker, ready };
}

/**
 * Worker threads started while the corpus is still being read, so that their start (each
 * registers tsx and loads the core: ~0.35 s on two cores, the time this thread reads ~7,000
 * articles) overlaps the reading instead of following it. Only for an explicit `--jobs N`
 * above 1 and the default parameters: without --jobs the count depends on the corpus size.
 * `close` ends the ones packContentsInParallel did not take.
 */
export class IndexWorkers {
  private readonly waiting: Started[];

  constructor(
    count: number,
    readonly params: FingerprintParams = DEFAULT_PARAMS,
  ) {
    this.waiting = Array.from({ length: count }, () => startWorker(params));
  }

  /** Up to `count` of the started workers, for `params`; none when they were started for others. */
  take(count: number, params: FingerprintParams): Started[] {
    return params === this.params ? this.waiting.splice(0, count) : [];
  }

  async close(): Promise<void> {
    const left = this.waiting.splice(0);
    await Promise.all(left.map((s) => s.worker.terminate()));
  }
}

/**
 * buildPackContents, with the articles prepared on indexJobs(…, jobs) worker threads (in this
 * thread when that is 1), taken first from `early` (started while the corpus was read);
 * `onProgress` is called as batches come back.
 */
export async function packContentsInParallel(input: readonly Article[], jobs: number | undefined, opts: BuildPackOptions = {}, early?: IndexWorkers): Promise<PackContents> {
  const articles = uniqueArticles(input);
  const count = indexJobs(articles.length, jobs);
  if (count <= 1) return buildPackContents(articles, opts);
  const params = opts.params ?? DEFAULT_PARAMS;
  const bands = totalBands(params);
  const bandKeys = new Uint32Array(articles.length * bands);
  const meta = new Array<PackArticle>(articles.length);
  const texts = new Array<Uint8Array>(articles.length);
  const batches = Math.ceil(articles.length / BATCH);
  let sent = 0;
  let received = 0;
  let prepared = 0;
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const feed = (w: Worker) => {
        if (sent >= batches) return;
        const task: PrepareTask = { batch: sent, articles: articles.slice(sent * BATCH, (sent + 1) * BATCH) };
        sent++;
        w.postMessage(task);
      };
      const take = (r: PrepareReply) => {
        const from = r.batch * BATCH;
        bandKeys.set(r.bandKeys, from * bands);
        for (let k = 0; k < r.wordCounts.length; k++) {
          meta[from + k] = packArticleOf(articles[from + k]!, { wordCount: r.wordCounts[k]!, contentHash: r.contentHashes[k]! });
          texts[from + k] = r.texts.subarray(k === 0 ? 0 : r.textEnds[k - 1], r.textEnds[k]);
        }
        received++;
        prepared += r.wordCounts.length;
        if (received < batches) opts.onProgress?.(prepared, articles.length);
      };
      const started = early?.take(count, params) ?? [];
      while (started.length < count) started.push(startWorker(params));
      for (const { worker: w, ready } of started) {
        workers.push(w);
        w.on('message', (m: PrepareReply | { ready: true }) => {
          if ('ready' in m) return;
          take(m);
          if (received === batches) resolve();
          else feed(w);
        });
        w.on('error', reject);
        w.on('exit', (code) => {
          if (received < batches) reject(new Error(`a worker thread stopped (exit code ${code})`));
        });
        ready.then(() => {
          for (let i = 0; i < IN_FLIGHT; i++) feed(w);
        }, reject);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  opts.onProgress?.(articles.length, articles.length);
  return assemblePackContents(params, meta, bandKeys, texts, opts);
}
