/**
 * The browser measures, taken in headless Chromium on the built extension
 * (`npm run build` first; .output/chrome-mv3):
 *
 *   npm run bench:browser -- --sizes 10000,100000 [--json bench/results/browser.json]
 *   npm run bench:browser -- --pages-only        (only the 30-page main-thread measure)
 *
 * main-thread.ts: main-thread time Wirecheck adds to the 30 real pages of
 * ../shared/fixtures/pages. verdict.ts, per corpus size: import rate through the options
 * page, page HTML → verdict (content:page, as the content script sends it) warm and after the
 * worker was stopped, the worker's memory.
 * `browserBench` returns the rows in bench/results.ts's shape for `npm run bench`, which
 * writes them to bench/results.json; the README's "Speed and scale" table is generated from
 * there (`npm run figures`).
 *
 * The machine is shared and small (2 cores): figures are medians (p50) or, where a goal says
 * so, p95 and maxima of single runs; expect ±30% between runs.
 *
 * What the figures mean: a page pays for evaluating content.js (the isolated world's set-up
 * and WXT's content-script context), one read (`documentElement.outerHTML` without the head's
 * styles and scripts, then runtime.sendMessage copying it: the longest task on the biggest
 * pages), and a few ms to render the notice; bench/browser/profile-tasks.ts shows what each
 * task spends. The cold start is dominated by reading the index snapshot (IndexedDB get and
 * structured clone), not by its checksum: the snapshot's size is what must shrink, or be
 * read in parts.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { BenchRow } from '../results.ts';
import { measureMainThread } from './main-thread.ts';
import { measureVerdicts } from './verdict.ts';

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
  log?: (message: string) => void;
}

export async function browserBench(opts: BrowserBenchOptions): Promise<BenchRow[]> {
  const log = opts.log ?? ((m: string) => console.error(m));
  const tmpDir = await mkdtemp(path.join(os.tmpdir(), 'wirecheck-bench-browser-'));
  const rows: BenchRow[] = [];
  try {
    if (!opts.skipPages) {
      log('Main-thread time on the 30 fixture pages (with and without the extension)…');
      const { pages } = await measureMainThread({ tmpDir, log });
      const per = pages.map((p) => p.with.wirecheckMs);
      const longest = pages.reduce((m, p) => (p.with.wirecheckLongestMs > m.ms ? { ms: p.with.wirecheckLongestMs, page: p.page } : m), { ms: 0, page: '' });
      const over = pages.filter((p) => p.with.wirecheckLongestMs > 50).length;
      const diff = pages.map((p) => p.with.totalMs - p.without.totalMs);
      const notChecked = pages.filter((p) => p.verdict === 'none' || !/verbatim|edited|rewritten|partial/.test(p.verdict)).map((p) => p.page);
      const note = `tasks that ran Wirecheck code, whole (trace); with − without extension, whole main thread: p50 ${round(quantile(diff, 0.5))} ms`;
      rows.push(
        { id: 'browser.mainthread.p50', measure: 'main-thread time Wirecheck adds to an article page, p50 of 30 pages', value: round(quantile(per, 0.5)), unit: 'ms', goal: '≤ 15 ms', met: quantile(per, 0.5) <= 15, note },
        { id: 'browser.mainthread.p95', measure: 'main-thread time Wirecheck adds to an article page, p95 of 30 pages', value: round(quantile(per, 0.95)), unit: 'ms', goal: '≤ 50 ms', met: quantile(per, 0.95) <= 50 },
        {
          id: 'browser.mainthread.longest-task',
          measure: 'longest single main-thread task from Wirecheck, 30 pages',
          value: round(longest.ms),
          unit: 'ms',
          goal: '≤ 50 ms',
          met: longest.ms <= 50,
          note: `on ${longest.page}; ${over} of 30 pages have a task over 50 ms${notChecked.length ? `; no verdict on ${notChecked.join(', ')}` : ''}`,
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
      log(`Corpus of ${size.toLocaleString('en-US')} articles…`);
      const m = await measureVerdicts({ size, tmpDir, log });
      const warm = quantile(m.warmMs, 0.5);
      const cold = quantile(m.coldMs, 0.5);
      const checked = `${m.warmMs.length + m.coldMs.length + 1 - m.wrongSources}/${m.warmMs.length + m.coldMs.length + 1} verdicts named the right source`;
      rows.push(
        { id: 'browser.import.rate', measure: 'import into the extension (options page, JSON Lines)', corpus: size, value: Math.round(m.import.perSecond), unit: 'articles/s', goal: '≥ 1,000 articles/s', met: m.import.perSecond >= 1000, note: `${round(m.import.seconds)} s` },
        {
          id: 'browser.import.longest-task',
          measure: 'options page: longest main-thread task during the import',
          corpus: size,
          value: round(m.import.longestTaskMs),
          unit: 'ms',
          goal: '≤ 100 ms',
          met: m.import.longestTaskMs <= 100,
          note: `${m.import.longTasks} tasks ≥ 50 ms (PerformanceObserver longtask); 100 ms = input answered within RAIL's budget`,
        },
        { id: 'browser.verdict.warm.p50', measure: 'page HTML → verdict in the background (parse, Readability, check), warm, p50', corpus: size, value: round(warm), unit: 'ms', goal: '≤ 50 ms', met: warm <= 50, note: `p95 ${round(quantile(m.warmMs, 0.95))} ms over ${m.warmMs.length}; first after import ${round(m.firstAfterImportMs)} ms; ${checked}` },
        {
          id: 'browser.verdict.cold.p50',
          measure: 'page HTML → verdict after the service worker was stopped, p50',
          corpus: size,
          value: round(cold),
          unit: 'ms',
          goal: '≤ 300 ms',
          met: cold <= 300,
          note: `runs ${m.coldMs.map((x) => Math.round(x)).join(', ')} ms; snapshot ${round(m.snapshotBytes / 2 ** 20)} MB: read ${round(quantile(m.snapshotReadMs, 0.5))} ms, fromSnapshot (checks + checksum) ${round(quantile(m.snapshotVerifyMs, 0.5))} ms`,
        },
        { id: 'browser.cold.snapshot-read', measure: 'cold start: IndexedDB read of the index snapshot (extension page), p50', corpus: size, value: round(quantile(m.snapshotReadMs, 0.5)), unit: 'ms' },
        { id: 'browser.cold.snapshot-verify', measure: 'cold start: CorpusIndex.fromSnapshot (checks + checksum), p50', corpus: size, value: round(quantile(m.snapshotVerifyMs, 0.5)), unit: 'ms' },
        {
          id: 'browser.worker.memory',
          measure: 'service worker memory after a warm query (JS heap + array buffers, after GC)',
          corpus: size,
          value: round(m.workerHeapMB),
          unit: 'MB',
          goal: '≤ 200 MB',
          met: m.workerHeapMB <= 200,
          note: `heap ${round(m.workerHeapDetail.usedSize! / 2 ** 20)} MB + buffers ${round((m.workerHeapDetail.backingStorageSize ?? 0) / 2 ** 20)} MB`,
        },
      );
    }
    return rows;
  } finally {
    await rm(tmpDir, { recursive: true, force: true });
  }
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
    options: { sizes: { type: 'string', default: '10000,100000' }, json: { type: 'string' }, 'skip-pages': { type: 'boolean', default: false }, 'pages-only': { type: 'boolean', default: false } },
  });
  const sizes = values['pages-only'] ? [] : values.sizes.split(',').map((s) => Number(s.trim())).filter((n) => Number.isInteger(n) && n > 0);
  if (sizes.length === 0 && !values['pages-only']) throw new Error('--sizes takes a comma-separated list of corpus sizes, e.g. 10000,100000');
  const rows = await browserBench({ sizes, skipPages: values['skip-pages'] });
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
