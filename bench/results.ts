/**
 * `bench/results.json`, the one home of every speed and scale figure: rows in one shape, so
 * `npm run bench` prints one table and draws one chart from them, and `npm run figures`
 * (bench/report/) renders the README's and ARCHITECTURE's tables from them.
 *
 * Most rows come from `npm run bench` (bench/run.ts and the browser bench it calls). A few
 * small benches that do not depend on the bench corpus (pack import, text compression,
 * database size) write their rows with `--save`; those rows name their script in `bench`,
 * and `npm run bench` keeps them as they are.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';

/** One row of `bench/results.json`. */
export interface BenchRow {
  /** Stable id, e.g. `cli.query.p50`, `browser.verdict.warm.p50`. */
  id: string;
  /** The measure in the reader's words, as in the table. */
  measure: string;
  /** Corpus size the row was measured at, when it depends on one. */
  corpus?: number;
  value: number;
  /** `ms`, `articles/s`, `bytes/article`, `%`, `MB`, `x` … */
  unit: string;
  /** The goal as text, e.g. `≤ 50 ms`. */
  goal?: string;
  met?: boolean;
  /** A peer measured in the same run, when the measure is a comparison. */
  peer?: { name: string; value: number; unit: string };
  /** ours vs peer, as "times faster" (peer time / our time). */
  ratio?: number;
  note?: string;
  /** The command that measured the row, when it is not `npm run bench`. */
  bench?: string;
  /**
   * The machine a small bench's `--save` measured the row on, when it is not the file's
   * (`BenchResults.machine`, the machine of the last `npm run bench`): "2-core <cpu model>".
   */
  machine?: string;
}

/** One `npm run bench` run whose rows are in the file: which sizes, with what command and fingerprint. */
export interface BenchRun {
  sizes: number[];
  command: string;
  /** ISO date of the run. */
  at: string;
  /** FINGERPRINT_FORMAT_VERSION the corpus was fingerprinted with. */
  fingerprintFormat: number;
}

export interface BenchResults {
  generatedAt: string;
  machine: { cpus: number; cpuModel: string; memoryGB: number; node: string; browser?: string };
  /** The runs the corpus-size rows come from, oldest first. */
  runs?: BenchRun[];
  rows: BenchRow[];
}

export const RESULTS_URL = new URL('./results.json', import.meta.url);

export function readResults(url: URL = RESULTS_URL): BenchResults | null {
  return existsSync(url) ? (JSON.parse(readFileSync(url, 'utf8')) as BenchResults) : null;
}

export function writeResults(results: BenchResults, url: URL = RESULTS_URL): void {
  writeFileSync(url, `${JSON.stringify(results, null, 2)}\n`);
}

/** This machine as `BenchResults.machine` describes one. */
export function thisMachine(): BenchResults['machine'] {
  return { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '', memoryGB: Math.round(os.totalmem() / 2 ** 30), node: process.version };
}

/**
 * A small bench's `--save`: its rows replace the rows of the same ids in bench/results.json,
 * marked with the command that measured them, and with this machine when it is not the
 * file's (figures of two machines are not to be compared as one); every other row stays.
 */
export function saveRows(rows: readonly BenchRow[], command: string, url: URL = RESULTS_URL, machine: BenchResults['machine'] = thisMachine()): void {
  const results = readResults(url);
  if (!results) throw new Error(`${url.pathname} does not exist: run \`npm run bench\` first`);
  const ids = new Set(rows.map((r) => r.id));
  const other = machine.cpuModel !== results.machine.cpuModel || machine.cpus !== results.machine.cpus;
  const stamp = other ? { machine: `${machine.cpus}-core ${machine.cpuModel}` } : {};
  results.rows = [...results.rows.filter((r) => !ids.has(r.id)), ...rows.map(({ machine: _, ...r }) => ({ ...r, bench: command, ...stamp }))];
  writeResults(results, url);
}
