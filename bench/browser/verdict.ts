/**
 * Page text → verdict in the background, warm and after the service worker was stopped, its
 * memory, and the import into the extension, at one corpus size.
 *
 * The corpus (~700-word synthetic articles, test/unit/storage-synthetic.ts) goes in through
 * the options page's real import (a JSON Lines file in its file input), timed to the status
 * line, with a PerformanceObserver('longtask') in the options page. Pages to check are
 * derived from corpus articles (every fifth sentence dropped, two words swapped in each
 * kept sentence) and sent as the page's HTML (`content:page`) from the content script's own isolated world
 * in a tab (CDP Runtime.evaluate in that world), so the background sees a real content-script
 * sender; the round trip ends when the background answers, which it does after the verdict
 * is stored and the badge set. Every answer is checked: the tab's verdict must name the
 * article the page came from.
 *
 * Cold: CDP `ServiceWorker.stopAllWorkers`, wait until the worker target is gone, then the
 * same round trip: it includes starting the worker, evaluating background.js, opening the
 * database and loading the index snapshot. The load is then split in an extension page (same
 * engine, same origin, same database): reading the snapshot record (IndexedDB get, i.e. the
 * structured-clone deserialisation) against `CorpusIndex.fromSnapshot` (checks and checksum).
 *
 * Memory: CDP `Runtime.getHeapUsage` on the worker after a warm query and a forced GC: the JS
 * heap plus array-buffer backing stores (the index's typed arrays live there).
 */

import path from 'node:path';
import { build } from 'esbuild';
import { syntheticArticles } from '../../test/unit/storage-synthetic.ts';
import { poll, sleep } from '../../test/e2e/helpers/common.ts';
import type { Article } from '../../src/core/types.ts';
import { type ImportMeasure, contentWorld, importThroughOptions, sendArticle, tabState, writeJsonLines } from './extension.ts';
import { type BenchBrowser, launchBench } from './launch.ts';
import { servePages } from './server.ts';

export interface VerdictMeasure {
  size: number;
  import: ImportMeasure;
  firstAfterImportMs: number;
  warmMs: number[];
  coldMs: number[];
  /** Cold-start breakdown in an extension page. */
  snapshotReadMs: number[];
  snapshotVerifyMs: number[];
  snapshotBytes: number;
  workerHeapMB: number;
  workerHeapDetail: Record<string, number>;
  wrongSources: number;
  browserVersion: string;
}

function derivedPage(a: Article, salt: number): { title: string; text: string } {
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

async function stopWorker(b: BenchBrowser, session: Awaited<ReturnType<typeof contentWorld>>['session']): Promise<void> {
  await session.send('ServiceWorker.enable' as never);
  await session.send('ServiceWorker.stopAllWorkers' as never);
  await poll(async () => !(await b.cdp.targets()).some((t) => t.type === 'service_worker' && t.url.startsWith(b.origin)), {
    timeout: 15_000,
    describe: () => 'the service worker to stop',
  });
  await sleep(300);
}

export async function measureVerdicts(opts: { size: number; tmpDir: string; warm?: number; cold?: number; log: (m: string) => void }): Promise<VerdictMeasure> {
  const { size, log } = opts;
  const warmRuns = opts.warm ?? 25;
  const coldRuns = opts.cold ?? 5;
  const articles = syntheticArticles(size, { words: 700, seed: 5 });
  const file = path.join(opts.tmpDir, `corpus-${size}.jsonl`);
  await writeJsonLines(file, articles);
  const server = await servePages();
  const pageUrl = server.add('plain', '<!doctype html><html lang="en"><head><title>plain</title></head><body><p>Nothing to read here.</p></body></html>');
  const b = await launchBench();
  try {
    log(`  importing ${size.toLocaleString('en-US')} articles through the options page…`);
    const imported = await importThroughOptions(b, file, size, Math.max(120_000, size * 20));
    log(`  ${imported.status} (${imported.perSecond.toFixed(0)}/s, longest options-page task ${imported.longestTaskMs.toFixed(0)} ms)`);
    for (const f of imported.longFrames) log(`    long frame ${f}`);

    const { page, tabId } = await b.openTab(pageUrl);
    const world = await contentWorld(b, page);
    let wrongSources = 0;
    let q = 0;
    const query = async (): Promise<number> => {
      const k = (q * 7919 + 13) % size;
      const a = articles[k]!;
      q++;
      const ms = await sendArticle(world, derivedPage(a, q));
      const state = await tabState(b, tabId);
      if (state.status !== 'checked' || state.result.source?.id !== a.id) {
        wrongSources++;
        log(`  query ${q}: expected ${a.id}, got ${state.status === 'checked' ? `${state.result.verdict} ${state.result.source?.id}` : state.status}`);
      }
      return ms;
    };
    const firstAfterImportMs = await query();
    const warmMs: number[] = [];
    for (let i = 0; i < warmRuns; i++) warmMs.push(await query());

    const sid = await b.workerSession();
    await b.cdp.send('HeapProfiler.collectGarbage', {}, sid);
    const heap = await b.cdp.send<Record<string, number>>('Runtime.getHeapUsage', {}, sid);
    await b.cdp.detach(sid);
    const workerHeapMB = (heap.usedSize! + (heap.backingStorageSize ?? 0)) / 2 ** 20;

    const coldMs: number[] = [];
    for (let i = 0; i < coldRuns; i++) {
      await stopWorker(b, world.session);
      coldMs.push(await query());
    }

    // Where a cold start's load goes, timed in an extension page.
    await b.control.evaluate(await probeScript());
    const split = await b.control.evaluate(async (runs) => {
      const probe = (globalThis as unknown as { __wirecheckProbe: { CorpusIndex: { fromSnapshot(s: unknown, p: unknown): unknown }; DEFAULT_PARAMS: unknown } }).__wirecheckProbe;
      const read: number[] = [];
      const verify: number[] = [];
      let bytes = 0;
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        const db = await new Promise<IDBDatabase>((resolve, reject) => {
          const r = indexedDB.open('wirecheck');
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
        const record = await new Promise<{ snapshot: { ids: string[] } & Record<string, unknown> }>((resolve, reject) => {
          const r = db.transaction('snapshots').objectStore('snapshots').get('corpus-index');
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
        const t1 = performance.now();
        probe.CorpusIndex.fromSnapshot(record.snapshot, probe.DEFAULT_PARAMS);
        const t2 = performance.now();
        db.close();
        read.push(t1 - t0);
        verify.push(t2 - t1);
        const s = record.snapshot;
        // Every typed array the snapshot holds (its layout changes with INDEX_FORMAT_VERSION), plus the ids.
        bytes = Object.values(s).reduce<number>((n, v) => n + (ArrayBuffer.isView(v) ? v.byteLength : 0), 0) + s.ids.reduce((n, id) => n + id.length * 2, 0);
      }
      return { read, verify, bytes };
    }, 3);

    return {
      size,
      import: imported,
      firstAfterImportMs,
      warmMs,
      coldMs,
      snapshotReadMs: split.read,
      snapshotVerifyMs: split.verify,
      snapshotBytes: split.bytes,
      workerHeapMB,
      workerHeapDetail: heap,
      wrongSources,
      browserVersion: b.browserVersion,
    };
  } finally {
    await b.close();
    await server.close();
  }
}

