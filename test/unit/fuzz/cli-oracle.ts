/**
 * The CLI under fuzzing: run in-process through `main(argv, io)` (milliseconds a case) or as
 * a real process (bin/wirecheck.mjs, with a timeout), and held to what the CLI documents:
 * exit status 0, 1 or 2, never a stack trace or "internal error", every diagnostic one
 * `wirecheck: ` line, and never 0 for a corpus that was refused.
 *
 * The in-process Io escapes stderr lines as processIo does, so both ways show the same text.
 */

import { existsSync, readFileSync } from 'node:fs';
import { main } from '../../../src/cli/main';
import { escapeControls } from '../../../src/cli/io';
import { openPack } from '../../../src/core/pack/pack';
import { runWirecheck } from '../cli-run';
import { ensure } from './fuzz';

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export async function runInProcess(argv: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const started = performance.now();
  const status = await main(argv, {
    out: (line) => void out.push(`${line}\n`),
    err: (line) => void err.push(`${escapeControls(line, { newlines: true })}\n`),
    color: false,
  });
  return { status, stdout: out.join(''), stderr: err.join(''), ms: performance.now() - started };
}

/** A real process; a run past `timeoutMs` fails the property as a hang. */
export function runSpawned(argv: string[], timeoutMs = 30_000): CliRun {
  const started = performance.now();
  let run;
  try {
    run = runWirecheck(argv, timeoutMs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    ensure(code !== 'ETIMEDOUT', `hung: no exit within ${timeoutMs} ms`);
    throw e;
  }
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, ms: performance.now() - started };
}

// A characteristic line of a V8 stack trace: "    at fn (file.ts:12:5)" or "    at file.ts:12:5".
const STACK_LINE = /^\s+at .*(?::\d+:\d+\)?|<anonymous>\)?)$/m;
// Raw characters that must never reach a terminal (cli/io.ts escapes them).
// eslint-disable-next-line no-control-regex -- the controls stderr must never carry raw
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

const show = (run: CliRun) => `status ${run.status}; stderr: ${JSON.stringify(run.stderr.slice(0, 600))}; stdout: ${JSON.stringify(run.stdout.slice(0, 200))}`;

/** What every run must satisfy, whatever its input. */
export function expectWellBehaved(run: CliRun, allowed: readonly number[] = [0, 1, 2]): void {
  ensure(run.status !== null, () => `killed by a signal; ${show(run)}`);
  ensure(allowed.includes(run.status), () => `exit status ${run.status} is not one of ${allowed.join(', ')}; ${show(run)}`);
  ensure(!/internal error/i.test(run.stderr), () => `internal error; ${show(run)}`);
  ensure(!STACK_LINE.test(run.stderr), () => `a stack trace on stderr; ${show(run)}`);
  ensure(!UNSAFE.test(run.stderr), () => `a raw control or bidirectional character on stderr; ${show(run)}`);
  // stdout too, --json included: JSON may write any character as \uXXXX, and a terminal or a
  // pager shows stdout as it shows stderr (cli/io.ts names U+009B a one-byte CSI).
  const raw = UNSAFE.exec(run.stdout);
  ensure(raw === null, () => `a raw U+${raw![0].charCodeAt(0).toString(16).padStart(4, '0')} on stdout; ${show(run)}`);
  for (const line of run.stderr.split('\n').filter(Boolean)) {
    ensure(line.startsWith('wirecheck: '), () => `a stderr line not starting "wirecheck: ": ${JSON.stringify(line.slice(0, 200))}; ${show(run)}`);
  }
  if (run.status !== 0) ensure(run.stderr.trim() !== '', () => `exit status ${run.status} with nothing on stderr; ${show(run)}`);
}

export interface CorpusCommand {
  command: 'check' | 'index';
  keepGoing: boolean;
  /** The --json output of a check, or the pack index wrote. */
  page?: string;
  output?: string;
}

/**
 * `check --json` or `index` on a corpus: 0 exactly when the corpus loads whole; otherwise 1,
 * nothing checked or written unless --keep-going had articles to go on with.
 */
export function expectCorpusOutcome(run: CliRun, cmd: CorpusCommand, expected: { clean: boolean; articles: readonly { id: string }[] }): void {
  expectWellBehaved(run, [0, 1]);
  const goesOn = expected.clean || (cmd.keepGoing && expected.articles.length > 0);
  const want = expected.clean ? 0 : 1;
  ensure(run.status === want, () => `exit status ${run.status}, expected ${want} (the corpus ${expected.clean ? 'loads whole' : 'has problems or no article'}); ${show(run)}`);
  if (run.status === 0 && cmd.command === 'check') ensure(run.stderr === '', () => `exit 0 with diagnostics; ${show(run)}`);
  if (cmd.command === 'check') {
    const lines = run.stdout.split('\n').filter(Boolean);
    ensure(lines.length === (goesOn ? 1 : 0), () => `${lines.length} result lines, expected ${goesOn ? 1 : 0}; ${show(run)}`);
    if (goesOn) {
      const result = JSON.parse(lines[0]!) as { input: string; verdict: string };
      ensure(result.input === cmd.page && typeof result.verdict === 'string', () => `a result line of another shape: ${lines[0]}`);
    }
  } else {
    const written = existsSync(cmd.output!);
    ensure(written === goesOn, () => `pack ${written ? 'written' : 'not written'}, expected ${goesOn ? 'written' : 'nothing'}; ${show(run)}`);
    if (written) {
      let pack;
      try {
        pack = openPack(readFileSync(cmd.output!));
      } catch (e) {
        ensure(false, `index wrote a pack that openPack refuses: ${e instanceof Error ? e.message : String(e)}`);
      }
      const ids = pack.articles.map((a) => a.id);
      const want = expected.articles.map((a) => a.id);
      ensure(JSON.stringify(ids) === JSON.stringify(want), () => `the pack holds ${ids.length} articles, not the ${want.length} that load`);
    }
  }
}
