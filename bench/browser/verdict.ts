/**
 * Page text → verdict in the background, warm and after the service worker was stopped, its
 * memory, and the import into the extension, at one corpus size.
 *
 * The corpus (~700-word synthetic articles, test/unit/storage-synthetic.ts) goes in through
 * the options page's real import (a JSON Lines file in its file input; import.ts, which also
 * times the import's own rows over several runs). Pages to check are
 * derived from corpus articles (every fifth sentence dropped, two words swapped in each
 * kept sentence) and sent as the page's HTML (`content:page`) from the content script's own isolated world
 * in a tab (CDP Runtime.evaluate in that world), so the background sees a real content-script
 * sender; the round trip ends when the background answers, which it does after the verdict
 * is stored and the badge set. Every answer is checked: the tab's verdict must name the
 * article the page came from.
 *
 * Cold: CDP `ServiceWorker.stopAllWorkers`, wait until the worker target is gone, then the
 * same round trip: it includes starting the worker, evaluating background.js, opening the
 * database, reading the index directory and the shards the page's band keys fall into. The
 * load is then split in an extension page (same engine, same origin, same database), with the
 * product's own code (probe-entry.ts): opening the database; reading the directory record
 * (IndexedDB get, i.e. its structured-clone deserialisation); `verifyDirectory`; then one
 * check's retrieval on a fresh index (an empty shard cache, as after a restart) through the
 * store's shard source, timed around its reads: how many shards the page and its windows
 * need, their bytes and the time to read them, then the ids of the candidates.
 *
 * Memory: CDP `Runtime.getHeapUsage` on the worker after a warm query and a forced GC: the JS
 * heap plus array-buffer backing stores (the directory's bitset and the shard cache live there).
 */

import path from 'node:path';
import { build } from 'esbuild';
import { syntheticArticles } from '../../test/unit/storage-synthetic.ts';
import { poll, sleep } from '../../test/e2e/helpers/common.ts';
import type { Article } from '../../src/core/types.ts';
import { contentWorld, sendArticle, tabState, writeJsonLines } from './extension.ts';
import { type ImportRun, importTimed } from './import.ts';
import { type BenchBrowser, launchBench } from './launch.ts';
import { servePages } from './server.ts';
import type { ColdLoad } from './probe-entry.ts';
import { descendantTicks } from '../load.ts';

/** One cold load, split in an extension page (probe-entry.ts). */
export type ColdSplit = ColdLoad;

export interface LoadedMeasure {
  firstMs: number;
  warmMs: number[];
  coldMs: number[];
  /** CPU time of every browser process during the warm and the cold round trips, ms per verdict (mean). */
  warmCpuMs: number;
  coldCpuMs: number;
  cold: ColdSplit[];
  workerHeapMB: number;
  workerHeapDetail: Record<string, number>;
  wrongSources: number;
}

export interface VerdictMeasure extends LoadedMeasure {
  size: number;
  /** The import that filled the corpus (one run; the import's rows come from import.ts, several runs). */
  import: ImportRun;
  firstAfterImportMs: number;
  browserVersion: string;
}

export function derivedPage(a: Article, salt: number): { title: string; text: string } {
  const sentences = a.text.split(/(?<=\.)\s+/);
  const kept = sentences.filter((_, i) => i % 5 !== 4).map((s, i) => {
    const w = s.split(' ');
    if (w.length > 6) [w[2], w[4]] = [w[4]!, w[2]!];
    return (i + salt) % 7 === 0 ? `${w.join(' ')} Officials said more was expected.` : w.join(' ');
  });
  return { title: a.title, text: kept.join(' ') };
}

async function probeScript(): Promise<string> {
  const out = await build({
    entryPoints: [path.join(import.meta.dirname, 'probe-entry.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
  });
  return out.outputFiles[0]!.text;
}

/**
 * Stops the extension's service worker and waits until it is gone. The stop is sent again on
 * every look: a message still on its way from the tab just opened (its content script's hello)
 * can start the worker again right after a stop.
 */
export async function stopWorker(b: BenchBrowser, session: Awaited<ReturnType<typeof contentWorld>>['session']): Promise<void> {
  await session.send('ServiceWorker.enable' as never);
  await poll(
    async () => {
      await session.send('ServiceWorker.stopAllWorkers' as never);
      await sleep(100);
      return !(await b.cdp.targets()).some((t) => t.type === 'service_worker' && t.url.startsWith(b.origin));
    },
    { timeout: 15_000, describe: () => 'the service worker to stop' },
  );
  await sleep(300);
}

/** The cold load of `pages`, one each, split in the control page (the product's code, bundled). */
export async function coldSplit(b: BenchBrowser, pages: readonly { title: string; text: string; id: string }[]): Promise<ColdSplit[]> {
  await b.control.evaluate(await probeScript());
  return b.control.evaluate((list) => (globalThis as unknown as { __wirecheckProbe: { coldLoads(p: typeof list): Promise<ColdLoad[]> } }).__wirecheckProbe.coldLoads(list), [...pages]);
}

/**
 * Verdicts, memory and cold starts on the corpus `b` already holds; pages are derived from
 * `articles` (articles of that corpus).
 */
export async function measureLoaded(
  b: BenchBrowser,
  opts: { articles: readonly Article[]; pageUrl: string; warm?: number; cold?: number; split?: number; log: (m: string) => void },
): Promise<LoadedMeasure> {
  const { articles, log } = opts;
  const warmRuns = opts.warm ?? 25;
  const coldRuns = opts.cold ?? 5;
  let wrongSources = 0;
  let q = 0;
  // Each query in a tab of its own: the background parses at most READS_PER_WINDOW pages a
  // tab in READ_WINDOW_MS (src/background/page-reads.ts), and a read beyond that waits, so
  // queries sent back to back in one tab would time the wait, or a read not yet done.
  const openQueryTab = async () => {
    const { page, tabId } = await b.openTab(opts.pageUrl);
    return { page, tabId, world: await contentWorld(b, page) };
  };
  let cpuTicks = 0;
  const query = async (tab: Awaited<ReturnType<typeof openQueryTab>>): Promise<number> => {
    const k = (q * 7919 + 13) % articles.length;
    const a = articles[k]!;
    q++;
    const page = derivedPage(a, q);
    const before = browserCpuTicks();
    const ms = await sendArticle(tab.world, page);
    cpuTicks += ticksSince(before);
    const state = await tabState(b, tab.tabId);
    if (state.status !== 'checked' || state.result.source?.id !== a.id) {
      wrongSources++;
      log(`  query ${q}: expected ${a.id}, got ${state.status === 'checked' ? `${state.result.verdict} ${state.result.source?.id}` : state.status}`);
    }
    await tab.page.close();
    return ms;
  };
  const firstMs = await query(await openQueryTab());
  const warmMs: number[] = [];
  cpuTicks = 0;
  for (let i = 0; i < warmRuns; i++) warmMs.push(await query(await openQueryTab()));
  const warmCpuMs = (cpuTicks * 10) / warmRuns;

  const sid = await b.workerSession();
  await b.cdp.send('HeapProfiler.collectGarbage', {}, sid);
  const heap = await b.cdp.send<Record<string, number>>('Runtime.getHeapUsage', {}, sid);
  await b.cdp.detach(sid);
  const workerHeapMB = (heap.usedSize! + (heap.backingStorageSize ?? 0)) / 2 ** 20;

  const coldMs: number[] = [];
  cpuTicks = 0;
  for (let i = 0; i < coldRuns; i++) {
    // The tab opens first (its content script wakes the worker), then the worker is stopped.
    const tab = await openQueryTab();
    await stopWorker(b, tab.world.session);
    coldMs.push(await query(tab));
  }
  const coldCpuMs = (cpuTicks * 10) / coldRuns;

  // Where a cold start's load goes, timed in an extension page; pages not checked before, so
  // no cache of the background's is involved.
  const splitPages = Array.from({ length: opts.split ?? 3 }, (_, i) => {
    const a = articles[(i * 104_729 + 7) % articles.length]!;
    return { ...derivedPage(a, 1000 + i), id: a.id };
  });
  const cold = await coldSplit(b, splitPages);
  return { firstMs, warmMs, coldMs, warmCpuMs, coldCpuMs, cold, workerHeapMB, workerHeapDetail: heap, wrongSources };
}

export async function measureVerdicts(opts: { size: number; tmpDir: string; warm?: number; cold?: number; extensionDir?: string; log: (m: string) => void }): Promise<VerdictMeasure> {
  const { size, log } = opts;
  const articles = syntheticArticles(size, { words: 700, seed: 5 });
  const file = path.join(opts.tmpDir, `corpus-${size}.jsonl`);
  await writeJsonLines(file, articles);
  const server = await servePages();
  const pageUrl = server.add('plain', PLAIN_PAGE);
  const b = await launchBench(opts.extensionDir ? { extensionDir: opts.extensionDir } : {});
  try {
    log(`  importing ${size.toLocaleString('en-US')} articles through the options page…`);
    const imported = await importTimed(b, file, size);
    log(`  ${imported.status} (${imported.perSecond.toFixed(0)}/s file chosen → table updated, longest options-page task ${imported.longestTaskMs.toFixed(0)} ms)`);
    for (const f of imported.longFrames) log(`    long frame ${f}`);
    const m = await measureLoaded(b, { articles, pageUrl, log, ...(opts.warm ? { warm: opts.warm } : {}), ...(opts.cold ? { cold: opts.cold } : {}) });
    return { ...m, size, import: imported, firstAfterImportMs: m.firstMs, browserVersion: b.browserVersion };
  } finally {
    await b.close();
    await server.close();
  }
}

/**
 * CPU ticks (10 ms each on Linux) of every process this one started, the browser's included,
 * by process: a figure other work on a loaded machine distorts less than the wall clock.
 */
export const browserCpuTicks = descendantTicks;

/**
 * Ticks spent since `before`, process by process: a process that started since counts whole,
 * one that ended (a closed tab's renderer) counts nothing rather than its whole past.
 */
export function ticksSince(before: Map<number, number>): number {
  let total = 0;
  for (const [pid, now] of browserCpuTicks()) total += now - (before.get(pid) ?? 0);
  return total;
}

export const PLAIN_PAGE = '<!doctype html><html lang="en"><head><title>plain</title></head><body><p>Nothing to read here.</p></body></html>';
