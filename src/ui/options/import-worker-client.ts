/**
 * The options page's side of the import workers (import-worker.ts): it starts them, and gives
 * an ImportTarget over them (import-channels.ts), or runs a whole import off the page.
 */

import { StorageError } from '../../storage';
import type { CorpusStore } from '../../storage';
import type { ImportOutcome, ImportProgress } from './import-run';
import { type Channel, type Endpoint, type WorkerImportTarget, channelOver, targetOver } from './import-channels';

export type { WorkerImportTarget };

/** Import workers started for one import: two where the machine has two cores or more. */
export function importWorkerCount(): number {
  const cores = globalThis.navigator?.hardwareConcurrency ?? 1;
  return cores >= 2 ? 2 : 1;
}

function startOne(index: number): Channel {
  const worker = new Worker(new URL('./import-worker.ts', import.meta.url), { type: 'module', name: `wirecheck-import-${index}` });
  const channel = channelOver(worker as Endpoint, () => worker.terminate());
  worker.addEventListener('error', (e) => {
    e.preventDefault();
    channel.failAll(new StorageError(`Import failed; your corpus is unchanged (the import worker stopped: ${e.message || 'unknown error'})`, 'failed'));
  });
  return channel;
}

/**
 * Starts the workers and gives the import target over them (import-channels.ts `targetOver`);
 * null where workers cannot be started (the caller then uses the store itself).
 */
export function startImportWorker(store: Pick<CorpusStore, 'importPack' | 'params'>, count = importWorkerCount()): WorkerImportTarget | null {
  const channels = startChannels(count);
  return channels && targetOver(channels, store);
}

function startChannels(count: number): Channel[] | null {
  const channels: Channel[] = [];
  try {
    for (let i = 0; i < count; i++) channels.push(startOne(i));
  } catch {
    for (const c of channels) c.terminate();
    return null;
  }
  return channels;
}

/**
 * An import read off the page: a worker reads and parses the files (import-run.ts
 * `importFiles`, the same code the page runs otherwise) and hands its chunks to the staging
 * workers through ports, so the page's thread only draws progress (import-worker.ts says
 * what reading costs a page). Resolves to null where the workers cannot start or a file
 * cannot be posted to them (not a File); the caller then imports on the page. A worker that
 * fails is an import that failed, the corpus unchanged (the commit is one transaction).
 */
export async function importOffPage(
  store: Pick<CorpusStore, 'importPack' | 'params'>,
  files: readonly { name: string }[],
  opts: { signal?: AbortSignal; onProgress?: (progress: ImportProgress) => void } = {},
): Promise<ImportOutcome | null> {
  if (typeof File === 'undefined' || !files.every((f) => f instanceof File)) return null;
  const channels = startChannels(importWorkerCount() + 1);
  if (!channels) return null;
  const [reader, ...stagers] = channels as [Channel, ...Channel[]];
  try {
    const ports = stagers.map((stager) => {
      const { port1, port2 } = new MessageChannel();
      stager.serve(port2);
      return port1;
    });
    return await reader.call('importFiles', [files as readonly File[], ports], {
      transfer: ports,
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.onProgress ? { onReport: opts.onProgress } : {}),
    });
  } catch (e) {
    return { kind: 'error', message: e instanceof Error ? e.message : String(e) };
  } finally {
    for (const c of channels) c.close();
  }
}
