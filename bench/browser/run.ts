/**
 * The browser measures, taken in headless Chromium on the built extension
 * (`npm run build` first; .output/chrome-mv3):
 *
 *   npm run bench:browser -- --sizes 10000,100000 [--json bench/results/browser.json]
 *   npm run bench:browser -- --pages-only        (only the 30-page main-thread measure)
 *   … [--page-runs 3] [--import-runs 3]           (loads of each page, imports of each size)
 *
 * main-thread.ts: main-thread time Wirecheck adds to the 30 real pages of
 * ../shared/fixtures/pages. import.ts, per corpus size: the import through the options page,
 * file chosen → table updated, the median of several runs. verdict.ts, per corpus size: page HTML → verdict (content:page, as the content script sends it) warm and after the
 * worker was stopped, where the cold start's time goes, the worker's memory.
 * `browserBench` returns the rows in bench/results.ts's shape for `npm run bench`, which
 * writes them to bench/results.json; the README's "Speed and scale" table is generated from
 * there (`npm run figures`).
 *
 * The machine is shared and small (2 cores): figures are medians (p50) or, where a goal says
 * so, p95 and maxima, over several runs; every timed row's note states the machine's load
 * while it ran (bench/load.ts), "loaded machine" when the 1-minute load exceeded the core
 * count; expect ±30% between runs.
 *
 * What the figures mean: a page pays for evaluating content.js (the isolated world's set-up
 * and WXT's content-script context), one read (`documentElement.outerHTML` without the head's
 * styles and scripts, then runtime.sendMessage copying it: the longest task on the biggest
 * pages), and a few ms to render the notice; bench/browser/profile-tasks.ts shows what each
 * task spends. A cold start reads the index directory (one bit per article: ~12 KB at
 * 100,000) and then, like any check of a page not seen before, the shards its band keys fall
 * into (~1,700 of them for a 700-word page and its windows, one IndexedDB get each): the
 * `browser.cold.*` rows split the two. A million articles are measured by million.ts
 * (`npm run bench:million`).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { LoadWatch } from '../load.ts';
import type { BenchRow } from '../results.ts';
import { measureImport } from './import.ts';
import { measureMainThread } from './main-thread.ts';
import { type LoadedMeasure, measureVerdicts } from './verdict.ts';

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

export interface BrowserBenchOptions {
  sizes: number[];
  /** Skip the 30-page main-thread measure (it does not depend on the corpus size). */
  skipPages?: boolean;
  /** Imports timed per size for the import's rows (import.ts), the median reported; 3 unless told. */
  importRuns?: number;
  /** Loads of each fixture page with the extension (main-thread.ts), the median kept; 3 unless told. */
  pageRuns?: number;
  log?: (message: string) => void;
}

export async function browserBench(opts: BrowserBenchOptions): Promise<BenchRow[]> {
  const log = opts.log ?? ((m: string) => console.error(m));
  const tmpDir = await mkdtemp(path.join(os.tmpdir(), 'wirecheck-bench-browser-'));
  const rows: BenchRow[] = [];
  try {
    if (!opts.skipPages) {
      log('Main-thread time on the 30 fixture pages (with and without the extension)…');
      const watch = new LoadWatch();
      const { pages, runs } = await measureMainThread({ tmpDir, log, runs: opts.pageRuns ?? 3 });
      const load = watch.stop();
      const per = pages.map((p) => p.with.wirecheckMs);
      const longest = pages.reduce((m, p) => (p.with.wirecheckLongestMs > m.ms ? { ms: p.with.wirecheckLongestMs, page: p.page } : m), { ms: 0, page: '' });
      const over = pages.filter((p) => p.with.wirecheckLongestMs > 50).length;
      const diff = pages.map((p) => p.with.totalMs - p.without.totalMs);
      const notChecked = pages.filter((p) => p.verdict === 'none' || !/verbatim|edited|rewritten|partial/.test(p.verdict)).map((p) => p.page);
      const note = `each page's median of ${runs} loads; tasks that ran Wirecheck code, whole (trace); with − without extension, whole main thread: p50 ${round(quantile(diff, 0.5))} ms; ${load}`;
      rows.push(
        { id: 'browser.mainthread.p50', measure: 'main-thread time Wirecheck adds to an article page, p50 of 30 pages', value: round(quantile(per, 0.5)), unit: 'ms', goal: '≤ 10 ms', met: quantile(per, 0.5) <= 10, note },
        { id: 'browser.mainthread.p95', measure: 'main-thread time Wirecheck adds to an article page, p95 of 30 pages', value: round(quantile(per, 0.95)), unit: 'ms', goal: '≤ 50 ms', met: quantile(per, 0.95) <= 50, note: `each page's median of ${runs} loads; ${load}` },
        {
          id: 'browser.mainthread.longest-task',
          measure: 'longest single main-thread task from Wirecheck, 30 pages',
          value: round(longest.ms),
          unit: 'ms',
          goal: '≤ 50 ms',
          met: longest.ms <= 50,
          note: `on ${longest.page} (its median load); ${over} of 30 pages have a task over 50 ms${notChecked.length ? `; no verdict on ${notChecked.join(', ')}` : ''}; ${load}`,
        },
        {
          id: 'browser.mainthread.outerhtml.max',
          measure: 'serialising a page (documentElement.outerHTML), the page-side cost of parsing elsewhere; max of 30',
          value: round(Math.max(...pages.map((p) => p.outerHtmlMs)), 2),
          unit: 'ms',
          note: `p50 ${round(quantile(pages.map((p) => p.outerHtmlMs), 0.5), 2)} ms; up to ${Math.round(Math.max(...pages.map((p) => p.outerHtmlChars)) / 1024)} K characters`,
        },
      );
    }
    for (const size of opts.sizes) {
      log(`Import of ${size.toLocaleString('en-US')} articles, ${opts.importRuns ?? 3} runs…`);
      rows.push(...(await measureImport({ size, runs: opts.importRuns ?? 3, tmpDir, log })).rows);
      log(`Corpus of ${size.toLocaleString('en-US')} articles…`);
      const verdictWatch = new LoadWatch();
      const m = await measureVerdicts({ size, tmpDir, log });
      const load = verdictWatch.stop();
      rows.push(...verdictRows(m, size, load));
    }
    return rows;
  } finally {
    await rm(tmpDir, { recursive: true, force: true });
  }
}

/**
 * The rows of one corpus size's verdicts: warm and cold verdicts, the cold start's split
 * (directory read and check, then the shards one check reads), the worker's memory. `load`
 * is the LoadWatch's note for the span they were measured in.
 */
export function verdictRows(m: LoadedMeasure, size: number, load: string, idPrefix = 'browser'): BenchRow[] {
  const warm = quantile(m.warmMs, 0.5);
  const cold = quantile(m.coldMs, 0.5);
  const p50 = (f: (c: LoadedMeasure['cold'][number]) => number) => quantile(m.cold.map(f), 0.5);
  const checked = `${m.warmMs.length + m.coldMs.length + 1 - m.wrongSources}/${m.warmMs.length + m.coldMs.length + 1} verdicts named the right source`;
  const found = `${m.cold.filter((c) => c.found).length}/${m.cold.length} retrievals proposed the source`;
  const directory = `directory ${round(p50((c) => c.directoryBytes) / 1024)} KB (${m.cold[0] ? `2^${m.cold[0].prefixBits} shards a band, ${m.cold[0].docs.toLocaleString('en-US')} article numbers` : 'no split'}): read ${round(p50((c) => c.directoryReadMs))} ms, verifyDirectory ${round(p50((c) => c.verifyMs))} ms (opening the database ${round(p50((c) => c.openMs))} ms)`;
  const shards = `${Math.round(p50((c) => c.shardsRead))} shards (${round(p50((c) => c.shardBytes) / 1024)} KB) read in ${round(p50((c) => c.shardReadMs))} ms, ${Math.round(p50((c) => c.idsRead))} ids in ${round(p50((c) => c.idReadMs))} ms; retrieval ${round(p50((c) => c.retrievalMs))} ms of which fingerprinting ${round(p50((c) => c.fingerprintMs))} ms`;
  const id = (rest: string) => `${idPrefix}.${rest}`;
  return [
    { id: id('verdict.warm.p50'), measure: 'page HTML → verdict in the background (parse, Readability, check), warm, p50', corpus: size, value: round(warm), unit: 'ms', goal: '≤ 50 ms', met: warm <= 50, note: `p95 ${round(quantile(m.warmMs, 0.95))} ms over ${m.warmMs.length}; browser CPU ${round(m.warmCpuMs)} ms a verdict (all its processes, mean); first after import ${round(m.firstMs)} ms; ${checked}; ${load}` },
    {
      id: id('verdict.cold.p50'),
      measure: 'page HTML → verdict after the service worker was stopped, p50',
      corpus: size,
      value: round(cold),
      unit: 'ms',
      goal: '≤ 300 ms',
      met: cold <= 300,
      note: `runs ${m.coldMs.map((x) => Math.round(x)).join(', ')} ms; browser CPU ${round(m.coldCpuMs)} ms a verdict (mean); in an extension page, p50 of ${m.cold.length}: ${directory}; ${shards}; ${load}`,
    },
    { id: id('cold.directory-read'), measure: 'cold start: IndexedDB read of the index directory, and verifyDirectory (extension page), p50', corpus: size, value: round(p50((c) => c.directoryReadMs + c.verifyMs)), unit: 'ms', note: `${directory}; ${load}` },
    {
      id: id('cold.shard-reads'),
      measure: "cold start: IndexedDB reads of the shards one check's band keys fall into (extension page, empty shard cache), p50",
      corpus: size,
      value: round(p50((c) => c.shardReadMs)),
      unit: 'ms',
      note: `${shards}; runs ${m.cold.map((c) => `${c.shardsRead} shards ${Math.round(c.shardReadMs)} ms`).join(', ')}; ${found}; ${load}`,
    },
    {
      id: id('worker.memory'),
      measure: 'service worker memory after a warm query (JS heap + array buffers, after GC)',
      corpus: size,
      value: round(m.workerHeapMB),
      unit: 'MB',
      goal: '≤ 200 MB',
      met: m.workerHeapMB <= 200,
      note: `heap ${round(m.workerHeapDetail.usedSize! / 2 ** 20)} MB + buffers ${round((m.workerHeapDetail.backingStorageSize ?? 0) / 2 ** 20)} MB; ${load}`,
    },
  ];
}

export function formatRows(rows: readonly BenchRow[]): string {
  const cells = rows.map((r) => [r.id, r.corpus?.toLocaleString('en-US') ?? '', `${r.value.toLocaleString('en-US')} ${r.unit}`, r.goal ?? '', r.met === undefined ? '' : r.met ? 'met' : 'MISSED', r.note ?? '']);
  const head = ['id', 'corpus', 'value', 'goal', '', 'note'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((x, i) => (i === c.length - 1 ? x : x.padEnd(widths[i]!))).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '10000,100000' },
      json: { type: 'string' },
      'skip-pages': { type: 'boolean', default: false },
      'pages-only': { type: 'boolean', default: false },
      'page-runs': { type: 'string', default: '3' },
      'import-runs': { type: 'string', default: '3' },
    },
  });
  const pageRuns = Number(values['page-runs']);
  const importRuns = Number(values['import-runs']);
  if (!Number.isInteger(pageRuns) || pageRuns < 1 || !Number.isInteger(importRuns) || importRuns < 1) throw new Error('--page-runs and --import-runs take a whole number ≥ 1');
  const sizes = values['pages-only'] ? [] : values.sizes.split(',').map((s) => Number(s.trim())).filter((n) => Number.isInteger(n) && n > 0);
  if (sizes.length === 0 && !values['pages-only']) throw new Error('--sizes takes a comma-separated list of corpus sizes, e.g. 10000,100000');
  const rows = await browserBench({ sizes, skipPages: values['skip-pages'], pageRuns, importRuns });
  console.log(`\nWirecheck in headless Chromium (${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''})\n`);
  console.log(formatRows(rows));
  if (values.json) await writeFile(values.json, `${JSON.stringify(rows, null, 2)}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
