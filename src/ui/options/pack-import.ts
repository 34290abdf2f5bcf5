/**
 * A corpus pack's bytes → verified → imported, in one call, so the whole of it can run in the
 * import worker (import-worker.ts): the CRC-32 over the pack, inflating every text once to
 * verify it (core/pack/pack.ts), the index merge and the commit's structured clones are each
 * one long task at 100,000 articles, which the options page's main thread must not run. Where workers cannot start, the page calls this itself.
 */

import { type PackErrorKind, PackError, openPack } from '../../core/pack/pack';
import type { CorpusStore, ImportSummary } from '../../storage';

export type PackImport = { kind: 'imported'; articles: number; summary: ImportSummary } | { kind: 'refused'; reason: PackErrorKind | 'delta'; detail: string };

export async function importPackBytes(store: Pick<CorpusStore, 'importPack' | 'params'>, bytes: Uint8Array, opts: { signal?: AbortSignal } = {}): Promise<PackImport> {
  let pack;
  try {
    pack = openPack(bytes, store.params);
  } catch (e) {
    if (e instanceof PackError) return { kind: 'refused', reason: e.kind, detail: e.message };
    throw e;
  }
  // A delta pack holds only what changed since another pack, and names what to remove: it is
  // applied by a subscription, which knows which pack the reader has. Imported from a file, its
  // removals would be guesswork, so it is refused.
  if (pack.delta) return { kind: 'refused', reason: 'delta', detail: 'a delta pack' };
  opts.signal?.throwIfAborted();
  const summary = await store.importPack(pack, opts);
  return { kind: 'imported', articles: pack.articles.length, summary };
}
