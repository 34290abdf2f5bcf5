/**
 * One `wirecheck check` worker thread: opens the corpus pack it was given (a
 * SharedArrayBuffer: every worker reads the same bytes, none copies them) and checks the
 * inputs the main thread sends, one at a time, answering with the result or the problem.
 */

import { parentPort, workerData } from 'node:worker_threads';
import { DEFAULT_PARAMS } from '../core/fingerprint/minhash';
import { PackCorpus } from '../core/pack/corpus';
import { openPack } from '../core/pack/pack';
import { checkForSite } from './by-site';
import { errorMessage, loadPage } from './inputs';
import type { WorkerReply, WorkerTask } from './parallel';

const port = parentPort!;
// The main thread opened these very bytes with every text verified (or built them): each
// worker skips inflating them all again.
const corpus = new PackCorpus(openPack(new Uint8Array((workerData as { pack: SharedArrayBuffer }).pack), DEFAULT_PARAMS, { verifyTexts: false }));

port.on('message', async ({ at, input, bySite }: WorkerTask) => {
  let reply: WorkerReply;
  try {
    reply = bySite ? { at, ...(await checkForSite(corpus, input)) } : { at, result: await corpus.check(await loadPage(input)) };
  } catch (e) {
    reply = { at, error: errorMessage(e) };
  }
  port.postMessage(reply);
});
port.postMessage({ ready: true });
