/**
 * Making a pack from articles: fingerprint each one (the slow part),
 * compress its text, build the index, encode (pack.ts). Shared by `wirecheck index` and by
 * `wirecheck check`, which packs a JSON Lines corpus in memory once and hands the same bytes
 * to every worker thread.
 */

import { contentHashOf } from '../corpus/content-hash';
import { articleFingerprintText } from '../corpus/memory';
import { DEFAULT_PARAMS, type FingerprintParams, fingerprintText, totalBands } from '../fingerprint/minhash';
import { CorpusIndex } from '../index/corpus-index';
import type { Article } from '../types';
import { compressText } from './deflate';
import type { PackDelta } from './identity';
import { encodePack, type PackArticle, type PackContents } from './pack';

export interface BuildPackOptions {
  params?: FingerprintParams;
  /** Articles done so far, of how many; called every 256 articles and at the end. */
  onProgress?: (done: number, total: number) => void;
  createdAt?: string;
  /** Makes it a delta pack (delta.ts): the articles are then the new and changed ones only. */
  delta?: PackDelta;
}

/** Articles between two progress reports. */
const COMPRESS_BATCH = 64;

export async function buildPack(input: readonly Article[], opts: BuildPackOptions = {}): Promise<Uint8Array> {
  return encodePack(buildPackContents(input, opts));
}

/** What buildPack encodes: the articles fingerprinted, their texts compressed, their index. */
export function buildPackContents(input: readonly Article[], opts: BuildPackOptions = {}): PackContents {
  const params = opts.params ?? DEFAULT_PARAMS;
  // A later copy of an id replaces an earlier one, as an import does.
  const byId = new Map<string, Article>();
  for (const a of input) byId.set(a.id, a);
  const articles = [...byId.values()];
  const bands = totalBands(params);
  const bandKeys = new Uint32Array(articles.length * bands);
  const meta: PackArticle[] = [];
  const texts: Uint8Array[] = [];
  for (let from = 0; from < articles.length; from += COMPRESS_BATCH) {
    const batch = articles.slice(from, from + COMPRESS_BATCH);
    const compressed = batch.map((a) => compressText(a.text));
    batch.forEach((a, k) => {
      const fp = fingerprintText(articleFingerprintText(a), undefined, params);
      bandKeys.set(fp.bandKeys, (from + k) * bands);
      meta.push({ id: a.id, title: a.title, url: a.url, published: a.published, wordCount: fp.wordCount, contentHash: contentHashOf(a) });
    });
    texts.push(...compressed);
    if ((from / COMPRESS_BATCH) % 4 === 3) opts.onProgress?.(from + batch.length, articles.length);
  }
  opts.onProgress?.(articles.length, articles.length);
  const index = CorpusIndex.build(
    params,
    meta.map((a, i) => ({ id: a.id, bandKeys: bandKeys.subarray(i * bands, (i + 1) * bands) })),
  );
  return { params, articles: meta, bandKeys, texts, snapshot: index.toSnapshot(), createdAt: opts.createdAt, ...(opts.delta ? { delta: opts.delta } : {}) };
}
