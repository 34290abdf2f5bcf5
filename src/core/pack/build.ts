/**
 * Making a pack from articles: fingerprint each one (the slow part), compress its text, build
 * the index, encode (pack.ts). Shared by `wirecheck index` and by `wirecheck check`, which
 * packs a JSON Lines corpus in memory once and hands the same bytes to every worker thread.
 *
 * The work is split in two so it can be spread over threads: `prepareArticle` is everything
 * one article needs alone (fingerprint, content hash, compressed text; no shared state, the
 * same result on any thread), `assemblePackContents` is what needs all of them (the index).
 * `buildPackContents` runs both in this thread; `wirecheck index --jobs` (src/cli/index-
 * parallel.ts) prepares articles on worker threads and assembles here, and the pack's bytes
 * are the same either way.
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

/** What one article contributes to a pack, made from it alone. */
export interface PreparedArticle {
  wordCount: number;
  contentHash: string;
  /** totalBands(params) keys. */
  bandKeys: Uint32Array;
  /** The text, compressed (deflate.ts `compressText`). */
  text: Uint8Array;
}

/** Articles between two progress reports. */
const PROGRESS_EVERY = 256;

export async function buildPack(input: readonly Article[], opts: BuildPackOptions = {}): Promise<Uint8Array> {
  return encodePack(buildPackContents(input, opts));
}

/** The articles a pack holds, in order: a later copy of an id replaces an earlier one, as an import does. */
export function uniqueArticles(input: readonly Article[]): Article[] {
  const byId = new Map<string, Article>();
  for (const a of input) byId.set(a.id, a);
  return [...byId.values()];
}

/** Fingerprints, hashes and compresses one article. */
export function prepareArticle(a: Article, params: FingerprintParams): PreparedArticle {
  const fp = fingerprintText(articleFingerprintText(a), undefined, params);
  return { wordCount: fp.wordCount, contentHash: contentHashOf(a), bandKeys: fp.bandKeys, text: compressText(a.text) };
}

/** An article's record in a pack, once prepared. */
export function packArticleOf(a: Article, prepared: Pick<PreparedArticle, 'wordCount' | 'contentHash'>): PackArticle {
  return { id: a.id, title: a.title, url: a.url, published: a.published, wordCount: prepared.wordCount, contentHash: prepared.contentHash };
}

/**
 * The pack's contents from prepared articles, in pack order: `bandKeys` holds
 * articles.length × totalBands(params) keys. Builds the index.
 */
export function assemblePackContents(
  params: FingerprintParams,
  articles: readonly PackArticle[],
  bandKeys: Uint32Array,
  texts: readonly Uint8Array[],
  opts: Pick<BuildPackOptions, 'createdAt' | 'delta'> = {},
): PackContents {
  const bands = totalBands(params);
  const index = CorpusIndex.build(
    params,
    articles.map((a, i) => ({ id: a.id, bandKeys: bandKeys.subarray(i * bands, (i + 1) * bands) })),
  );
  return { params, articles, bandKeys, texts, snapshot: index.toSnapshot(), createdAt: opts.createdAt, ...(opts.delta ? { delta: opts.delta } : {}) };
}

/** What buildPack encodes: the articles fingerprinted, their texts compressed, their index. */
export function buildPackContents(input: readonly Article[], opts: BuildPackOptions = {}): PackContents {
  const params = opts.params ?? DEFAULT_PARAMS;
  const articles = uniqueArticles(input);
  const bands = totalBands(params);
  const bandKeys = new Uint32Array(articles.length * bands);
  const meta: PackArticle[] = [];
  const texts: Uint8Array[] = [];
  articles.forEach((a, i) => {
    const prepared = prepareArticle(a, params);
    bandKeys.set(prepared.bandKeys, i * bands);
    meta.push(packArticleOf(a, prepared));
    texts.push(prepared.text);
    if ((i + 1) % PROGRESS_EVERY === 0) opts.onProgress?.(i + 1, articles.length);
  });
  opts.onProgress?.(articles.length, articles.length);
  return assemblePackContents(params, meta, bandKeys, texts, opts);
}
