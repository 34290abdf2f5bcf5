/**
 * Work over many articles in pieces, so that neither the options page, a worker nor the
 * service worker stalls, and no step holds a whole corpus in memory.
 *
 * CPU work (fingerprinting, deflating texts) runs a batch at a time with a yield to the event
 * loop between batches, where the abort signal is checked and progress reported: an import
 * stays cancellable, and the page that runs it stays responsive. Reads that walk a store
 * (export, text search, the index rebuilt from text, texts rewritten with the dictionary) go
 * a page of records at a time in key order, each page its own request, so memory holds one
 * page of texts and no transaction is held open across CPU work.
 *
 * Batch sizes: a yield every 50 fingerprints and every 64 deflated texts keeps each stall
 * under about 100 ms on the storage tests' synthetic texts; listing goes in getAll pages of
 * 256, about as fast as one getAll, and kept for the bounded memory.
 */

import { articleFingerprintText } from '../core/corpus/memory';
import { type Fingerprint, type FingerprintParams, fingerprintText } from '../core/fingerprint/minhash';
import type { Article } from '../core/types';
import { compressedText } from './text-codec';

/** Records per getAll page when listing: bounds how many texts are held at once. */
export const LIST_PAGE = 256;

/** Texts compressed between two yields to the event loop (~15 ms of work). */
const COMPRESS_BATCH = 64;

/** Articles fingerprinted between two yields to the event loop. */
const FINGERPRINT_BATCH = 50;

/** Reports how many items are done, of how many. */
export type Progress = (done: number, total: number) => void;

/**
 * `work` on every item, in order, `size` items between two yields to the event loop. The
 * signal is checked before each batch; progress is reported at 0, at each batch boundary
 * (before the yield, so an abort it triggers stops the next batch) and at the end.
 */
async function inBatches<T, R>(items: readonly T[], size: number, work: (item: T) => R, signal?: AbortSignal, onProgress?: Progress): Promise<R[]> {
  const total = items.length;
  const out: R[] = [];
  onProgress?.(0, total);
  for (let from = 0; from < total; from += size) {
    if (from > 0) {
      onProgress?.(from, total);
      await yieldToEventLoop();
    }
    signal?.throwIfAborted();
    for (let i = from; i < Math.min(total, from + size); i++) out.push(work(items[i]!));
  }
  if (total > 0) onProgress?.(total, total);
  return out;
}

/** The fingerprints of these articles (headline and body), in order. */
export function fingerprintArticles(
  articles: readonly Pick<Article, 'title' | 'text'>[],
  params: FingerprintParams,
  signal?: AbortSignal,
  onProgress?: Progress,
): Promise<Fingerprint[]> {
  return inBatches(articles, FINGERPRINT_BATCH, (a) => fingerprintText(articleFingerprintText(a), undefined, params), signal, onProgress);
}

/** The texts compressed (synchronous deflate), in order. */
export function textsCompressed(articles: readonly Pick<Article, 'text'>[], signal?: AbortSignal): Promise<ReturnType<typeof compressedText>[]> {
  return inBatches(articles, COMPRESS_BATCH, (a) => compressedText(a.text), signal);
}

/**
 * A store's records in key order, `size` at a time: `read(after)` asks for the page after the
 * last id of the one before (undefined for the first). The last page is shorter than `size`,
 * possibly empty.
 */
export async function* pagesInKeyOrder<T extends { id: string }>(read: (after: IDBKeyRange | undefined) => Promise<T[]>, size: number): AsyncGenerator<T[]> {
  let after: IDBKeyRange | undefined;
  for (;;) {
    const page = await read(after);
    yield page;
    if (page.length < size) return;
    after = IDBKeyRange.lowerBound(page[page.length - 1]!.id, true);
  }
}

function yieldToEventLoop(): Promise<void> {
  // scheduler.yield (Chrome 129+) resumes ahead of other queued tasks and escapes the 4 ms
  // clamp that nested setTimeouts get in browsers.
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (scheduler?.yield) return scheduler.yield();
  // In a worker (the options page's import worker, where Firefox has no scheduler.yield) a
  // message to ourselves is not clamped to 4 ms as nested timeouts are.
  if (typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope === 'function' && typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}
