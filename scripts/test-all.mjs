#!/usr/bin/env node
/**
 * `npm test`: every check the project has, two at a time, stopping at the first failure.
 *
 *   typecheck, lint, unit tests, small evaluation, build (Chrome + Firefox)   need nothing
 *   web-ext lint                                                               needs the build
 *   end-to-end tests                                                           need the build and the unit tests
 *
 * Each step is an npm script, so it can be run alone; this file only schedules them. A step
 * starts once the steps it `needs` have passed and one of the JOBS slots is free. Steps on a
 * chain of needs go first, the chain that takes longest first (the build and the unit tests,
 * then the end-to-end tests); the other steps go in list order. A step added to STEPS
 * without `needs` runs beside the others; one without `seconds` counts as 30 s.
 *
 * Why two at a time: the machine has 2 cores, and most steps keep one busy. The end-to-end
 * tests run their two browsers side by side and wait on them much of the time, but they time
 * imports in the options page, so they follow the unit tests (two vitest workers) instead of
 * running beside them; the type check, the lints and the evaluation fill the other slot.
 * `seconds` are rough step times there, used for the order only.
 *
 * A step's output is printed whole when it ends, under its banner, so the two running steps
 * never interleave (live with WIRECHECK_TEST_JOBS=1). The run ends with one line `Tests: N passed, N failed` adding up the tests
 * that vitest and Node's test runner report (a failed step without countable tests counts as
 * one failure). When a step fails, the running ones are stopped and no new one starts;
 * WIRECHECK_TEST_KEEP_GOING=1 lets every step whose needs passed run anyway.
 * WIRECHECK_TEST_JOBS sets the number of slots (1 runs the steps one by one).
 */
import { spawn } from 'node:child_process';
import { stripVTControlCharacters } from 'node:util';

const STEPS = [
  { script: 'typecheck', what: 'TypeScript, no emit', seconds: 20 },
  { script: 'lint', what: 'ESLint: typescript-eslint recommended and the layer rules of docs/ARCHITECTURE.md' },
  { script: 'test:unit', what: 'unit tests (vitest)', seconds: 90 },
  { script: 'eval:ci', what: 'detection evaluation on a small benchmark (report in bench/results/)', seconds: 15 },
  { script: 'build', what: 'extension build for Chrome and Firefox', seconds: 10 },
  { script: 'lint:firefox', what: 'web-ext lint of .output/firefox-mv3 (only named library warnings accepted)', needs: ['build'], seconds: 10 },
  // After the unit tests: two browsers beside two vitest workers on two cores starve the
  // import workers the options tests time, and those tests then fail on timing alone.
  { script: 'test:e2e', what: 'end-to-end tests in Chromium and Firefox', needs: ['build', 'test:unit'], seconds: 180 },
];

const JOBS = Math.max(1, Number(process.env.WIRECHECK_TEST_JOBS) || 2);
const KEEP_GOING = process.env.WIRECHECK_TEST_KEEP_GOING === '1';

// Re-enter npm the way we were started (npm sets npm_execpath), else whatever `npm` is on PATH.
const npmCli = process.env.npm_execpath;
const [command, prefix] =
  npmCli && /\.[cm]?js$/.test(npmCli) ? [process.execPath, [npmCli]] : ['npm', []];

const line = '━'.repeat(72);
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const runStarted = Date.now();
const clock = () => `[${seconds(Date.now() - runStarted).padStart(7)}]`;

/** Runs a step in its own process group (so it can be stopped whole); resolves with its status and output. */
function run(script) {
  const child = spawn(command, [...prefix, 'run', script], { stdio: ['ignore', 'pipe', 'pipe'], env: process.env, detached: true });
  let output = '';
  for (const [stream, echo] of [[child.stdout, process.stdout], [child.stderr, process.stderr]]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      output += chunk;
      if (JOBS === 1) echo.write(chunk);
    });
  }
  const done = new Promise((resolve) => {
    child.on('error', (error) => resolve({ status: null, signal: null, error, output }));
    child.on('close', (status, signal) => resolve({ status, signal, output }));
  });
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  return { done, stop };
}

/** Test counts from vitest ("Tests  3 failed | 40 passed") or node --test ("# pass 40"). */
function countTests(output) {
  const plain = stripVTControlCharacters(output);
  const vitest = /^\s*Tests\s+(.*)$/m.exec(plain);
  if (vitest) {
    const n = (word) => Number(new RegExp(`(\\d+) ${word}`).exec(vitest[1])?.[1] ?? 0);
    return { passed: n('passed'), failed: n('failed') };
  }
  const pass = /^# pass (\d+)$/m.exec(plain);
  const fail = /^# fail (\d+)$/m.exec(plain);
  if (pass || fail) return { passed: Number(pass?.[1] ?? 0), failed: Number(fail?.[1] ?? 0) };
  return undefined;
}

for (const step of STEPS) {
  for (const need of step.needs ?? []) {
    if (!STEPS.some((s) => s.script === need)) throw new Error(`test-all: ${step.script} needs ${need}, which is not a step`);
  }
}

/** Seconds from a step's start to the end of the longest chain of steps that need it. */
function chainSeconds(step) {
  const dependents = STEPS.filter((s) => s.needs?.includes(step.script));
  return (step.seconds ?? 30) + Math.max(0, ...dependents.map(chainSeconds));
}
const onChain = (step) => !!step.needs?.length || STEPS.some((s) => s.needs?.includes(step.script));
const order = [...STEPS].sort((a, b) => {
  if (onChain(a) !== onChain(b)) return onChain(a) ? -1 : 1;
  if (onChain(a)) return chainSeconds(b) - chainSeconds(a);
  return STEPS.indexOf(a) - STEPS.indexOf(b);
});

const results = new Map(); // script → { ok, took, why, stopped }
const running = new Map(); // script → { stop }
let testsPassed = 0;
let testsFailed = 0;
let failure = false;

function ready(step) {
  if (results.has(step.script) || running.has(step.script)) return false;
  return (step.needs ?? []).every((need) => results.get(need)?.ok);
}

async function start(step) {
  const number = STEPS.indexOf(step) + 1;
  console.log(`${clock()} ▶ [${number}/${STEPS.length}] npm run ${step.script} — ${step.what}`);
  const started = Date.now();
  const handle = run(step.script);
  running.set(step.script, handle);
  const result = await handle.done;
  running.delete(step.script);
  const took = Date.now() - started;
  const stopped = handle.stoppedBecause;
  const ok = result.status === 0 && !stopped;
  const why = stopped
    ? `stopped: ${stopped} failed`
    : result.error
      ? result.error.message
      : result.signal
        ? `killed by ${result.signal}`
        : `exit code ${result.status}`;
  const counted = countTests(result.output);
  if (counted) {
    testsPassed += counted.passed;
    testsFailed += counted.failed;
  }
  if (!ok && !stopped && !counted?.failed) testsFailed += 1;
  results.set(step.script, { ok, took, why, stopped: !!stopped });

  if (JOBS > 1) {
    console.log(`\n${line}\n▶ [${number}/${STEPS.length}] npm run ${step.script} — ${step.what}\n${line}`);
    process.stdout.write(result.output);
  }
  console.log(`${line}\n${ok ? '✔' : '✖'} ${step.script} ${ok ? 'passed' : 'FAILED'} in ${seconds(took)}${ok ? '' : ` (${why})`}`);
  console.log(`${line}\n`);

  if (!ok && !stopped && !failure) {
    failure = true;
    if (!KEEP_GOING) {
      for (const [script, other] of running) {
        other.stoppedBecause = step.script;
        console.log(`${clock()} ■ stopping ${script}: ${step.script} failed`);
        other.stop();
      }
    }
  }
}

// The steps run in process groups of their own, which a Ctrl-C in the terminal does not reach.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    for (const handle of running.values()) handle.stop();
    process.exit(130);
  });
}

await new Promise((resolve) => {
  const pending = new Set();
  const fill = () => {
    if (!failure || KEEP_GOING) {
      for (const step of order) {
        if (running.size >= JOBS) break;
        if (!ready(step)) continue;
        const task = start(step).then(() => {
          pending.delete(task);
          fill();
        });
        pending.add(task);
      }
    }
    if (pending.size === 0) resolve();
  };
  fill();
});

console.log(`\n${line}\nSummary (${JOBS} at a time, ${seconds(Date.now() - runStarted)} in all)`);
let passed = 0;
let failed = 0;
for (const step of STEPS) {
  const r = results.get(step.script);
  if (!r) continue;
  if (r.ok) passed += 1;
  else if (!r.stopped) failed += 1;
  console.log(`  ${r.ok ? '✔' : '✖'} ${step.script.padEnd(14)} ${seconds(r.took)}${r.ok ? '' : `  (${r.why})`}`);
}
const notRun = STEPS.filter((s) => !results.has(s.script)).map((s) => s.script);
if (notRun.length) console.log(`  not run after the failure: ${notRun.join(', ')}`);
console.log(`  steps: ${passed} passed, ${failed} failed`);
console.log(`Tests: ${testsPassed} passed, ${testsFailed} failed`);
process.exitCode = failed === 0 && notRun.length === 0 ? 0 : 1;
