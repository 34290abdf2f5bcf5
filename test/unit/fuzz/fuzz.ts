/**
 * The fuzz suite's runner: a seeded random generator, the case budget, and a loop that runs
 * generated cases against a property and names every failure with what replays it.
 *
 * Why this way:
 * - Seeded, never `Math.random`: every case is derived from (suite seed, target, case number),
 *   so a failure printed as `WIRECHECK_FUZZ_SEED=s WIRECHECK_FUZZ_ONLY=target:n` replays that
 *   one case alone, on any machine, whatever ran before it.
 * - Bounded: the number of cases comes from `WIRECHECK_FUZZ_CASES` (the whole suite's total,
 *   shared among its targets by weight) and real CLI processes from `WIRECHECK_FUZZ_SPAWNS`.
 *   The default, 400 cases and 24 processes, costs about 16 s of CPU on the 2-core machine;
 *   `vitest --mode fuzz` (`npm run fuzz`) runs 8,000 cases and 160 processes (97 s of CPU,
 *   under 6 minutes on a busy machine), with a fresh seed per test file unless one is given.
 *   `WIRECHECK_FUZZ_ONLY=target` runs one target's cases alone, `target:n` one case.
 * - Failures are collected, not thrown at the first one: a run reports up to MAX_REPORTED
 *   distinct failures, each with its input (short, escaped) and the whole input saved under
 *   the system's temporary folder, so one run tells the whole story.
 * - Time is measured per case and compared with a bound after the case: a synchronous loop
 *   cannot be interrupted in-process. A true hang is caught where it can be, by the CLI runs
 *   (real processes with a timeout); in-process it stalls its test, whose name carries the seed.
 */

import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The suite's total cases in a CI run, and with `--mode fuzz`. */
const DEFAULT_CASES = 400;
const DEEP_CASES = 8000;
/** Real CLI processes (about 0.4 s of CPU each) per 1,000 cases, within these bounds. */
const SPAWNS_PER_1000 = 40;
const MIN_SPAWNS = 24;
const MAX_SPAWNS = 160;
const MAX_REPORTED = 8;

function envNumber(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${name} must be a whole number, not ${JSON.stringify(raw)}`);
  return n;
}

const deep = import.meta.env?.MODE === 'fuzz';
const cases = envNumber('WIRECHECK_FUZZ_CASES') ?? (deep ? DEEP_CASES : DEFAULT_CASES);
// "target:n" replays one case; "target" runs that target's cases alone.
const only = /^([\w-]+)(?::(\d+))?$/.exec(process.env.WIRECHECK_FUZZ_ONLY ?? '');

export const FUZZ = {
  /** Fixed in CI (a red run stays red until fixed); fresh in a deep run unless given. */
  seed: envNumber('WIRECHECK_FUZZ_SEED') ?? (deep ? Date.now() % 2 ** 31 : 20_240_501),
  cases,
  deep,
  /** Real `wirecheck` processes the suite starts, shared among the CLI targets. */
  spawns: envNumber('WIRECHECK_FUZZ_SPAWNS') ?? Math.min(MAX_SPAWNS, Math.max(MIN_SPAWNS, Math.round((cases * SPAWNS_PER_1000) / 1000))),
  only: only ? { target: only[1]!, index: only[2] === undefined ? null : Number(only[2]) } : null,
};

/** This target's share of the suite's cases (at least one). */
export function share(weight: number): number {
  return Math.max(1, Math.round(FUZZ.cases * weight));
}

/** A spawn count: this target's share of the suite's CLI processes (at least one). */
export function spawnShare(weight: number): number {
  return Math.max(1, Math.round(FUZZ.spawns * weight));
}

/** A vitest timeout for `count` cases of about `msPerCase` each, never under 30 s. */
export function timeoutFor(count: number, msPerCase: number): number {
  return Math.max(30_000, count * msPerCase * 3);
}

/** mulberry32: 32 bits of state, a full period, and fast; the fingerprint core uses the same. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  u32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.u32() / 2 ** 32;
  }

  /** Uniform in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Uniform in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  /** Small numbers often, large ones sometimes: 1 + an exponential spread up to `max`. */
  size(max: number): number {
    return Math.min(max, Math.floor(Math.exp(this.float() * Math.log(max + 1))));
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** One of `choices`, each with its weight. */
  weighted<T>(choices: readonly (readonly [number, T])[]): T {
    let total = 0;
    for (const [w] of choices) total += w;
    let r = this.float() * total;
    for (const [w, value] of choices) {
      r -= w;
      if (r < 0) return value;
    }
    return choices[choices.length - 1]![1];
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.u32() & 0xff;
    return out;
  }
}

/** A 32-bit seed for one case, from the suite's seed, the target and the case number. */
export function caseSeed(target: string, index: number, seed = FUZZ.seed): number {
  let h = 0x811c9dc5 ^ seed;
  for (const c of `${target}:${index}`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

/** What a case's input looks like in a failure message: short, every unusual character escaped. */
export function preview(value: unknown, max = 240): string {
  let s: string;
  if (value instanceof Uint8Array) {
    const head = Array.from(value.subarray(0, max / 3), (b) => b.toString(16).padStart(2, '0')).join(' ');
    s = `${value.length} bytes: ${head}${value.length > max / 3 ? ' …' : ''}`;
  } else if (typeof value === 'string') {
    s = JSON.stringify(value.length > max ? `${value.slice(0, max)}…(${value.length} chars)` : value);
  } else {
    try {
      s = JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? `<${v.length} bytes>` : v)) ?? String(value);
    } catch {
      s = String(value);
    }
    if (s.length > max) s = `${s.slice(0, max)}…`;
  }
  // Bidirectional and other invisible characters would reorder the report itself.
  // eslint-disable-next-line no-control-regex -- controls are written out as escapes
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff\ud800-\udfff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Thrown by a property to fail a case with a message of its own. */
export class PropertyFailure extends Error {
  override name = 'PropertyFailure';
}

export function ensure(condition: unknown, message: string | (() => string)): asserts condition {
  if (!condition) throw new PropertyFailure(typeof message === 'string' ? message : message());
}

export interface FuzzTarget<T> {
  /** Short, unique: it names the target in WIRECHECK_FUZZ_ONLY and in saved inputs. */
  name: string;
  /** The test file, for the replay line. */
  file: string;
  count: number;
  generate: (rng: Rng, index: number) => T | Promise<T>;
  /** Throws (PropertyFailure or anything else) when the property does not hold. */
  check: (input: T, rng: Rng) => void | Promise<void>;
  /** Longest a case may take, in ms, measured around `check` (per input when a function). */
  boundMs?: number | ((input: T) => number);
  /** What is saved for a failing case: the input's bytes or text (default: its preview). */
  save?: (input: T) => string | Uint8Array;
  /** Describes the input in a failure line (default: preview). */
  describe?: (input: T) => string;
}

export interface FuzzSummary {
  target: string;
  ran: number;
  failures: string[];
  slowestMs: number;
  totalMs: number;
}

function saveInput(target: string, index: number, content: string | Uint8Array): string {
  const dir = join(tmpdir(), 'wirecheck-fuzz');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${target}-${FUZZ.seed}-${index}${typeof content === 'string' ? '.txt' : '.bin'}`);
  writeFileSync(path, content);
  return path;
}

/**
 * Runs the target's cases (or the one WIRECHECK_FUZZ_ONLY names), and returns what failed,
 * each failure with its replay line. Use `expectNoFailures` on the result.
 */
export async function runFuzz<T>(t: FuzzTarget<T>): Promise<FuzzSummary> {
  const summary: FuzzSummary = { target: t.name, ran: 0, failures: [], slowestMs: 0, totalMs: 0 };
  let indexes: number[];
  if (FUZZ.only && FUZZ.only.target !== t.name) indexes = [];
  else if (FUZZ.only?.index != null) indexes = [FUZZ.only.index];
  else indexes = Array.from({ length: t.count }, (_, i) => i);
  let failed = 0;
  for (const i of indexes) {
    const rng = new Rng(caseSeed(t.name, i));
    let input: T | undefined;
    let problem: string | null = null;
    const started = performance.now();
    try {
      input = await t.generate(rng, i);
      const checkStarted = performance.now();
      await t.check(input, rng);
      const ms = performance.now() - checkStarted;
      summary.slowestMs = Math.max(summary.slowestMs, ms);
      const bound = typeof t.boundMs === 'function' ? t.boundMs(input) : t.boundMs;
      if (bound !== undefined && ms > bound) problem = `took ${Math.round(ms)} ms (bound ${bound} ms)`;
    } catch (e) {
      problem = e instanceof PropertyFailure ? e.message : `threw ${e instanceof Error ? `${e.name}: ${e.message}\n${e.stack?.split('\n').slice(1, 4).join('\n')}` : String(e)}`;
    }
    summary.totalMs += performance.now() - started;
    summary.ran++;
    if (problem === null) continue;
    failed++;
    if (summary.failures.length >= MAX_REPORTED) continue;
    let saved = '';
    try {
      if (input !== undefined) saved = `; saved: ${saveInput(t.name, i, t.save ? t.save(input) : preview(input, 1e6))}`;
    } catch {
      // the report matters more than the copy
    }
    const described = input === undefined ? '(not generated)' : t.describe ? t.describe(input) : preview(input);
    summary.failures.push(
      `[${t.name} #${i}] ${problem}\n  replay: WIRECHECK_FUZZ_SEED=${FUZZ.seed} WIRECHECK_FUZZ_ONLY=${t.name}:${i} npx vitest run ${t.file}${FUZZ.deep ? ' --mode fuzz' : ''}${saved}\n  input: ${described}`,
    );
  }
  if (failed > summary.failures.length) summary.failures.push(`[${t.name}] and ${failed - summary.failures.length} more failing cases`);
  return summary;
}

/** Fails the test with every failure's replay line (vitest shows the message whole). */
export function expectNoFailures(summary: FuzzSummary): void {
  if (process.env.WIRECHECK_FUZZ_VERBOSE) {
    console.log(`${summary.target}: ${summary.ran} cases, ${Math.round(summary.totalMs)} ms, slowest ${Math.round(summary.slowestMs)} ms`);
  }
  if (summary.failures.length === 0) return;
  throw new Error(`${summary.failures.length} fuzz failure(s) with seed ${FUZZ.seed}:\n${summary.failures.join('\n')}`);
}

/** The suite's settings, for a test or describe name: a hung run still names its seed. */
export const SEED_LABEL = `seed ${FUZZ.seed}, ${FUZZ.cases} cases${FUZZ.deep ? ', deep' : ''}`;
