/**
 * The corpus index as saved: its band tables as they are in memory, the fingerprint
 * parameters they were made with, a format version and a checksum. A snapshot that does not
 * verify is refused with a SnapshotError, and the caller rebuilds the index from the texts.
 *
 * The checksum covers the parameters, the ids and both tables. `checksumLanes` marks the
 * checksum of fingerprint/hash.ts's checksumWordsLanes over the ids' hashes as one array and
 * the tables, which verifies several times faster than one serial chain; a snapshot without
 * the mark is verified with checksumWords, the serial one, so a good index saved that way is
 * still used rather than rebuilt (rebuilding re-fingerprints every text). Verifying is part of
 * a cold start: measured in bench/results.json (browser.cold.snapshot-verify; README, "Speed
 * and scale").
 */

import { checksumWords, checksumWordsLanes, hashString } from '../fingerprint/hash';
import { type FingerprintParams, paramsKey, totalBands } from '../fingerprint/minhash';
import { MAX_ARTICLES, docBytes } from './tables';

export const INDEX_FORMAT_VERSION = 2;

export interface IndexSnapshot {
  formatVersion: number;
  params: FingerprintParams;
  ids: string[];
  /** bands × N: per band, the keys sorted ascending. */
  tableKeys: Uint32Array;
  /**
   * bands × N article numbers of the sorted keys, 24 bits little-endian each, padded to a
   * multiple of 4 bytes (so the checksum reads it as 32-bit words).
   */
  tableDocs: Uint8Array;
  checksum: number;
  /** The checksum is checksumWordsLanes' (absent: checksumWords'). */
  checksumLanes?: boolean;
}

export class SnapshotError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SnapshotError';
  }
}

/** The snapshot of these tables. */
export function makeSnapshot(params: FingerprintParams, ids: readonly string[], tableKeys: Uint32Array, tableDocs: Uint8Array): IndexSnapshot {
  const copy = ids.slice();
  return {
    formatVersion: INDEX_FORMAT_VERSION,
    params,
    ids: copy,
    tableKeys,
    tableDocs,
    checksum: snapshotChecksum(params, copy, tableKeys, tableDocs, true),
    checksumLanes: true,
  };
}

/** Throws SnapshotError unless `s` is a whole, untouched snapshot made with `expected`. */
export function verifySnapshot(s: IndexSnapshot, expected: FingerprintParams): void {
  if (!s || typeof s !== 'object') throw new SnapshotError('index snapshot is missing');
  if (s.formatVersion !== INDEX_FORMAT_VERSION) throw new SnapshotError(`index format ${s.formatVersion} is not ${INDEX_FORMAT_VERSION}`);
  if (!Array.isArray(s.ids) || !s.ids.every((id) => typeof id === 'string')) throw new SnapshotError('index snapshot has no article list');
  if (!s.params?.verbatim || !s.params.reworded || typeof s.params.passageBands !== 'number' || paramsKey(s.params) !== paramsKey(expected)) throw new SnapshotError('index was built with other fingerprint parameters');
  const bands = totalBands(s.params);
  const n = s.ids.length;
  if (n > MAX_ARTICLES) throw new SnapshotError('index snapshot holds too many articles');
  if (!(s.tableKeys instanceof Uint32Array) || s.tableKeys.length !== n * bands) throw new SnapshotError('index snapshot is truncated');
  if (!(s.tableDocs instanceof Uint8Array) || s.tableDocs.length !== docBytes(n * bands)) throw new SnapshotError('index snapshot is truncated');
  if (snapshotChecksum(s.params, s.ids, s.tableKeys, s.tableDocs, s.checksumLanes === true) !== s.checksum) {
    throw new SnapshotError('index snapshot checksum does not match');
  }
}

function snapshotChecksum(params: FingerprintParams, ids: readonly string[], keys: Uint32Array, docs: Uint8Array, lanes: boolean): number {
  const words = docs.byteOffset % 4 === 0 ? new Uint32Array(docs.buffer, docs.byteOffset, docs.length >>> 2) : new Uint32Array(docs.slice().buffer);
  let h = hashString(paramsKey(params));
  if (!lanes) {
    for (const id of ids) h = checksumWords(Uint32Array.of(hashString(id)), h);
    h = checksumWords(keys, h);
    return checksumWords(words, h);
  }
  const idHashes = new Uint32Array(ids.length);
  for (let i = 0; i < ids.length; i++) idHashes[i] = hashString(ids[i]!);
  h = checksumWordsLanes(idHashes, h);
  h = checksumWordsLanes(keys, h);
  return checksumWordsLanes(words, h);
}
