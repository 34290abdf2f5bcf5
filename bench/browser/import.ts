/**
 * The options page's import of a JSON Lines corpus, timed as the reader waits for it: from
 * the file chosen in the page's file input to the corpus table showing the new article count.
 *
 *   npm run build && npx tsx bench/browser/import.ts [--sizes 10000,100000] [--runs 3] [--extension-dir .output/x/chrome-mv3]
 *
 * Each run is a fresh headless Chromium with the built extension and an empty corpus (the
 * reader's first import), the options page loaded and its table drawn (count 0). The clock is
 * the page's own (`performance.now()`): it starts in a capturing `change` listener on the
 * window, which runs before the page's own handler, when the input holds the chosen file,
 * and stops in a MutationObserver when the table's count (`data-testid=corpus-count`) first
 * reads the corpus size. The same observer notes when the status line turns to saving (the
 * commit starts) and to "Imported" (the commit is done and the background told), so a run
 * splits into reading and staging, the commit, and the table's refresh. Long tasks are the
 * page's PerformanceObserver('longtask') entries that overlap that span; the long animation
 * frames (blocking ≥ 50 ms) name the scripts inside them.
 *
 * A row is the median of `--runs` runs; its note holds every run, the median split and the
 * machine's load (bench/load.ts), "loaded machine" when the 1-minute load exceeded the core
 * count. `npm run bench:browser` takes the same rows from here (run.ts).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { syntheticArticles } from '../../test/unit/storage-synthetic.ts';
import { poll } from '../../test/e2e/helpers/common.ts';
import { LoadWatch, descendantTicks } from '../load.ts';
import type { BenchRow } from '../results.ts';
import { IMPORT_INPUT, IMPORT_STATUS, writeJsonLines } from './extension.ts';
import { type BenchBrowser, launchBench } from './launch.ts';

export const IMPORT_GOAL_PER_SECOND = 1_500;
export const LONG_TASK_MS = 50;
const TABLE_COUNT = '[data-testid=corpus-count]';

export interface ImportRun {
  articles: number;
  /** File chosen → table shows the new count, seconds. */
  seconds: number;
  perSecond: number;
  /** File chosen → the status says saving (every chunk read and staged), seconds. */
  stagedSeconds: number;
  /** Saving → "Imported" (the one commit, then the background told), seconds. */
  commitSeconds: number;
  /** "Imported" → the table shows the count, seconds. */
  tableSeconds: number;
  /** Longest main-thread task overlapping the import, ms; 0 when none ≥ 50 ms. */
  longestTaskMs: number;
  longTasks: number;
  /** Long animation frames (blocking ≥ 50 ms) during the import and the scripts inside them. */
  longFrames: string[];
  status: string;
  /** CPU seconds of the browser's threads during the import (Linux), by role and in total. */
  cpu: Record<string, number>;
}

interface PageClock {
  chosen: number | null;
  saving: number | null;
  imported: number | null;
  table: number | null;
  status: string;
  long: [number, number][];
  frames: [number, string][];
}

/**
 * CPU time of the browser's threads (Linux /proc), the figure a loaded machine does not
 * distort as much as the wall clock: every thread of every process this bench started,
 * sampled at each poll so that threads that end (the import workers) keep their last count.
 * Threads are told apart by name: the import workers are "DedicatedWorker…" threads, the
 * options page's main thread is its renderer's first thread.
 */
class CpuWatch {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, { ticks: number; role: string }>();
  private readonly hz = 100;
  constructor() {
    this.sample(this.first);
  }
  private threads(): { tid: number; ticks: number; role: string }[] {
    const ours = descendantTicks().keys();
    const out: { tid: number; ticks: number; role: string }[] = [];
    for (const pid of ours) {
      let renderer = false;
      try {
        const type = /--type=([a-z-]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))?.[1] ?? 'browser';
        renderer = type === 'renderer';
        for (const t of readdirSync(`/proc/${pid}/task`)) {
          const s = readFileSync(`/proc/${pid}/task/${t}/stat`, 'utf8');
          const name = s.slice(s.indexOf('(') + 1, s.lastIndexOf(')'));
          const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
          const ticks = Number(f[11]) + Number(f[12]);
          const role = name.startsWith('DedicatedWorker') ? 'workers' : renderer && Number(t) === pid ? 'renderer main threads' : process.env.IMPORT_CPU_DETAIL ? `${type}:${name}` : 'rest of the browser';
          out.push({ tid: Number(t), ticks, role });
        }
      } catch {
        // gone
      }
    }
    return out;
  }
  private sample(into: Map<number, number> | null): void {
    for (const t of this.threads()) {
      if (into) into.set(t.tid, t.ticks);
      else this.last.set(t.tid, { ticks: t.ticks, role: t.role });
    }
  }
  tick(): void {
    this.sample(null);
  }
  /** CPU seconds since the watch started, by role, and their total. */
  seconds(): Record<string, number> {
    this.tick();
    const out: Record<string, number> = { total: 0 };
    for (const [tid, { ticks, role }] of this.last) {
      const s = (ticks - (this.first.get(tid) ?? 0)) / this.hz;
      out[role] = (out[role] ?? 0) + s;
      out.total! += s;
    }
    return out;
  }
}

/** One import through the options page of `b`, whose corpus holds `before` articles. */
export async function importTimed(b: BenchBrowser, file: string, articles: number, opts: { before?: number; timeoutMs?: number } = {}): Promise<ImportRun> {
  const expected = (opts.before ?? 0) + articles;
  const page = await b.context.newPage();
  try {
    await page.goto(`${b.origin}/options.html`, { waitUntil: 'load' });
    await page.waitForSelector(IMPORT_INPUT, { state: 'attached' });
    // The page as the reader finds it: the table drawn with the corpus as it is.
    await page.waitForFunction(([sel, n]) => (document.querySelector(sel)?.textContent ?? '').replace(/\D/g, '') === String(n), [TABLE_COUNT, opts.before ?? 0] as const);
    await page.evaluate(
      ([input, status, count, n]) => {
        const clock: PageClock = { chosen: null, saving: null, imported: null, table: null, status: '', long: [], frames: [] };
        (window as unknown as { __importClock: PageClock }).__importClock = clock;
        window.addEventListener(
          'change',
          (e) => {
            if (clock.chosen === null && (e.target as Element | null)?.matches?.(input)) clock.chosen = performance.now();
          },
          { capture: true },
        );
        new MutationObserver(() => {
          if (clock.chosen === null) return;
          const now = performance.now();
          const text = document.querySelector(status)?.textContent ?? '';
          if (clock.saving === null && /sav/i.test(text)) clock.saving = now;
          if (clock.imported === null && /imported|failed|problem/i.test(text) && !/saving|reading/i.test(text)) {
            clock.imported = now;
            clock.status = text;
          }
          if (clock.table === null && (document.querySelector(count)?.textContent ?? '').replace(/\D/g, '') === String(n)) clock.table = now;
        }).observe(document.body, { subtree: true, childList: true, characterData: true });
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) clock.long.push([e.startTime, e.duration]);
        }).observe({ type: 'longtask' });
        new PerformanceObserver((list) => {
          for (const e of list.getEntries() as unknown as { startTime: number; duration: number; blockingDuration: number; scripts: { invoker: string; sourceFunctionName: string; duration: number }[] }[]) {
            if (e.blockingDuration < 50) continue;
            const scripts = e.scripts.map((x) => `${x.invoker || x.sourceFunctionName} ${Math.round(x.duration)} ms`).join('; ');
            clock.frames.push([e.startTime, `${Math.round(e.duration)} ms: ${scripts || 'no script (style, layout, GC or the browser)'}`]);
          }
        }).observe({ type: 'long-animation-frame' });
      },
      [IMPORT_INPUT, IMPORT_STATUS, TABLE_COUNT, expected] as const,
    );
    const cpu = new CpuWatch();
    await page.setInputFiles(IMPORT_INPUT, file);
    let clock: PageClock | undefined;
    await poll(
      async () => {
        cpu.tick();
        clock = await page.evaluate(() => (window as unknown as { __importClock: PageClock }).__importClock);
        if (clock.imported !== null && !/imported/i.test(clock.status)) throw new Error(`import failed: ${clock.status}`);
        return clock.table !== null && clock.imported !== null;
      },
      { timeout: opts.timeoutMs ?? Math.max(120_000, articles * 20), interval: 250, describe: () => `the import of ${articles} articles (${JSON.stringify(clock)?.slice(0, 300)})` },
    );
    const c = clock!;
    const t0 = c.chosen!;
    const end = c.table!;
    const during = c.long.filter(([s, d]) => s + d > t0 && s < end);
    const ms = end - t0;
    return {
      articles,
      seconds: ms / 1000,
      perSecond: articles / (ms / 1000),
      stagedSeconds: ((c.saving ?? c.imported!) - t0) / 1000,
      commitSeconds: (c.imported! - (c.saving ?? c.imported!)) / 1000,
      tableSeconds: (end - c.imported!) / 1000,
      longestTaskMs: Math.max(0, ...during.map(([, d]) => d)),
      longTasks: during.length,
      longFrames: c.frames.filter(([s]) => s >= t0 && s < end).map(([s, f]) => `${f} at ${((s - t0) / 1000).toFixed(1)} s`),
      status: c.status,
      cpu: cpu.seconds(),
    };
  } finally {
    await page.close();
  }
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const fixed = (x: number, d = 1) => x.toFixed(d);

export interface ImportRateOptions {
  size: number;
  runs: number;
  tmpDir: string;
  /** Another build than .output/chrome-mv3. */
  extensionDir?: string;
  log?: (message: string) => void;
}

/** `runs` imports of `size` synthetic articles, each in a fresh browser; the rate and longest-task rows. */
export async function measureImport(opts: ImportRateOptions): Promise<{ rows: BenchRow[]; runs: ImportRun[] }> {
  const { size, log = (m: string) => console.error(m) } = opts;
  const file = path.join(opts.tmpDir, `import-${size}.jsonl`);
  await writeJsonLines(file, syntheticArticles(size, { words: 700, seed: 5 }));
  const runs: ImportRun[] = [];
  const watch = new LoadWatch();
  try {
    for (let i = 0; i < opts.runs; i++) {
      const b = await launchBench(opts.extensionDir ? { extensionDir: opts.extensionDir } : {});
      try {
        const r = await importTimed(b, file, size);
        runs.push(r);
        log(
          `  ${size.toLocaleString('en-US')} run ${i + 1}: ${fixed(r.seconds, 2)} s, ${Math.round(r.perSecond)}/s ` +
            `(read + stage ${fixed(r.stagedSeconds, 2)} s, commit ${fixed(r.commitSeconds, 2)} s, table ${fixed(r.tableSeconds, 2)} s); ` +
            `longest task ${Math.round(r.longestTaskMs)} ms, ${r.longTasks} ≥ 50 ms; CPU s ${Object.entries(r.cpu).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}; load ${os.loadavg()[0]!.toFixed(1)}`,
        );
        for (const f of r.longFrames) log(`    long frame ${f}`);
      } finally {
        await b.close();
      }
    }
  } finally {
    await rm(file, { force: true });
  }
  const load = watch.stop();
  const seconds = median(runs.map((r) => r.seconds));
  const perSecond = size / seconds;
  const longest = Math.max(...runs.map((r) => r.longestTaskMs));
  const split = `read + stage ${fixed(median(runs.map((r) => r.stagedSeconds)))} s, commit ${fixed(median(runs.map((r) => r.commitSeconds)))} s, table ${fixed(median(runs.map((r) => r.tableSeconds)), 2)} s`;
  const roles = [...new Set(runs.flatMap((r) => Object.keys(r.cpu)))];
  const cpu = roles.map((k) => `${k} ${fixed(median(runs.map((r) => r.cpu[k] ?? 0)))}`).join(', ');
  const rows: BenchRow[] = [
    {
      id: 'browser.import.rate',
      measure: 'import into the extension (options page, JSON Lines), file chosen → table updated',
      corpus: size,
      value: Math.round(perSecond),
      unit: 'articles/s',
      goal: `≥ ${IMPORT_GOAL_PER_SECOND.toLocaleString('en-US')} articles/s`,
      met: perSecond >= IMPORT_GOAL_PER_SECOND,
      note: `median of ${runs.length} runs, each a fresh browser and an empty corpus: ${fixed(seconds, 2)} s (runs ${runs.map((r) => fixed(r.seconds, 2)).join(', ')} s; ${split}); browser CPU seconds, median: ${cpu}; ${load}`,
    },
    {
      id: 'browser.import.longest-task',
      measure: 'options page: longest main-thread task during that import',
      corpus: size,
      value: Math.round(longest * 10) / 10,
      unit: 'ms',
      goal: `no task ≥ ${LONG_TASK_MS} ms`,
      met: longest < LONG_TASK_MS,
      note: `longest of ${runs.length} runs (PerformanceObserver longtask, file chosen → table updated); tasks ≥ 50 ms per run: ${runs.map((r) => r.longTasks).join(', ')}`,
    },
  ];
  return { rows, runs };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { sizes: { type: 'string', default: '10000' }, runs: { type: 'string', default: '3' }, 'extension-dir': { type: 'string' } } });
  const sizes = values.sizes.split(',').map(Number);
  const runs = Number(values.runs);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1) || !Number.isInteger(runs) || runs < 1) throw new Error('--sizes needs whole numbers, --runs a whole number ≥ 1');
  const tmpDir = await mkdtemp(path.join(os.tmpdir(), 'wirecheck-bench-import-'));
  try {
    for (const size of sizes) {
      const { rows } = await measureImport({ size, runs, tmpDir, ...(values['extension-dir'] ? { extensionDir: path.resolve(values['extension-dir']) } : {}) });
      for (const r of rows) console.log(`${r.id} @ ${r.corpus}: ${r.value.toLocaleString('en-US')} ${r.unit} (goal ${r.goal}${r.met ? '' : ', missed'}); ${r.note}`);
    }
  } finally {
    await rm(tmpDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
}
