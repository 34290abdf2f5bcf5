#!/usr/bin/env node
/**
 * `npm test`: every check the project has, in order, stopping at the first failure.
 *
 *   typecheck → unit tests → small evaluation → build (Chrome + Firefox) → web-ext lint → end-to-end tests
 *
 * Each step is an npm script, so it can be run alone; this file only sequences them, prints a
 * banner per step, and ends with one line `Tests: N passed, N failed` adding up the tests that
 * vitest and Node's test runner report (a failed step without countable tests counts as one
 * failure). Exits non-zero when a step fails.
 */
import { spawn } from 'node:child_process';

const STEPS = [
  { script: 'typecheck', what: 'TypeScript, no emit' },
  { script: 'test:unit', what: 'unit tests (vitest)' },
  { script: 'eval:ci', what: 'detection evaluation on a small benchmark (report in bench/results/)' },
  { script: 'build', what: 'extension build for Chrome and Firefox' },
  { script: 'lint:firefox', what: 'web-ext lint of .output/firefox-mv3 (only named library warnings accepted)' },
  { script: 'test:e2e', what: 'end-to-end tests in Chromium and Firefox' },
];

// Re-enter npm the way we were started (npm sets npm_execpath), else whatever `npm` is on PATH.
const npmCli = process.env.npm_execpath;
const [command, prefix] =
  npmCli && /\.[cm]?js$/.test(npmCli) ? [process.execPath, [npmCli]] : ['npm', []];

const line = '━'.repeat(72);
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

let passed = 0;
let failed = 0;
let testsPassed = 0;
let testsFailed = 0;
const results = [];

/** Runs a step, echoing its output live, and returns its exit status and output. */
function run(script) {
  return new Promise((resolve) => {
    const child = spawn(command, [...prefix, 'run', script], { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let output = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      process.stderr.write(chunk);
      output += chunk;
    });
    child.on('error', (error) => resolve({ status: null, signal: null, error, output }));
    child.on('close', (status, signal) => resolve({ status, signal, output }));
  });
}

/** Test counts from vitest ("Tests  3 failed | 40 passed") or node --test ("# pass 40"). */
function countTests(output) {
  const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
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

for (const [index, step] of STEPS.entries()) {
  console.log(`\n${line}\n▶ [${index + 1}/${STEPS.length}] npm run ${step.script} — ${step.what}\n${line}`);
  const started = Date.now();
  const result = await run(step.script);
  const took = Date.now() - started;
  const ok = result.status === 0;
  const why = result.error ? result.error.message : result.signal ? `killed by ${result.signal}` : `exit code ${result.status}`;
  const counted = countTests(result.output);
  if (counted) {
    testsPassed += counted.passed;
    testsFailed += counted.failed;
  }
  if (!ok && !counted?.failed) testsFailed += 1;
  results.push({ script: step.script, ok, took, why });
  if (ok) {
    passed += 1;
    console.log(`${line}\n✔ ${step.script} passed in ${seconds(took)}`);
  } else {
    failed += 1;
    console.log(`${line}\n✖ ${step.script} FAILED in ${seconds(took)} (${why})`);
    break;
  }
}

console.log(`\n${line}\nSummary`);
for (const r of results) console.log(`  ${r.ok ? '✔' : '✖'} ${r.script.padEnd(14)} ${seconds(r.took)}${r.ok ? '' : `  (${r.why})`}`);
const notRun = STEPS.slice(results.length).map((s) => s.script);
if (notRun.length) console.log(`  not run after the failure: ${notRun.join(', ')}`);
console.log(`  steps: ${passed} passed, ${failed} failed`);
console.log(`Tests: ${testsPassed} passed, ${testsFailed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
