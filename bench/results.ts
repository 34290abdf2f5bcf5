/**
 * One row of `bench/results.json`: every benchmark (Node, CLI, browser) reports in this shape,
 * so `npm run bench` can print one table and draw one chart from all of them.
 */
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
}

export interface BenchResults {
  generatedAt: string;
  machine: { cpus: number; cpuModel: string; memoryGB: number; node: string; browser?: string };
  rows: BenchRow[];
}
