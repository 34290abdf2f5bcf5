/**
 * One `wirecheck index` worker thread: prepares the batches of articles the main thread sends
 * (core/pack/build.ts `prepareArticle`: fingerprint, content hash, compressed text) and
 * answers each with flat arrays it hands over without copying (transferred): the band keys
 * end to end, the word counts, and the compressed texts end to end with where each one ends.
 */

import { parentPort, workerData } from 'node:worker_threads';
import type { FingerprintParams } from '../core/fingerprint/minhash';
import { totalBands } from '../core/fingerprint/minhash';
import { prepareArticle } from '../core/pack/build';
import type { PrepareReply, PrepareTask } from './index-parallel';

const port = parentPort!;
const { params } = workerData as { params: FingerprintParams };
const bands = totalBands(params);

port.on('message', ({ batch, articles }: PrepareTask) => {
  const n = articles.length;
  const bandKeys = new Uint32Array(n * bands);
  const wordCounts = new Uint32Array(n);
  const textEnds = new Uint32Array(n);
  const contentHashes: string[] = [];
  const texts: Uint8Array[] = [];
  let textBytes = 0;
  articles.forEach((a, k) => {
    const prepared = prepareArticle(a, params);
    bandKeys.set(prepared.bandKeys, k * bands);
    wordCounts[k] = prepared.wordCount;
    contentHashes.push(prepared.contentHash);
    texts.push(prepared.text);
    textBytes += prepared.text.length;
    textEnds[k] = textBytes;
  });
  const joined = new Uint8Array(textBytes);
  texts.forEach((t, k) => joined.set(t, k === 0 ? 0 : textEnds[k - 1]!));
  const reply: PrepareReply = { batch, bandKeys, wordCounts, contentHashes, texts: joined, textEnds };
  port.postMessage(reply, [bandKeys.buffer, wordCounts.buffer, joined.buffer, textEnds.buffer]);
});
port.postMessage({ ready: true });
