// `wirecheck index --jobs N`, run as a real process (workers start under tsx as a user runs
// the command): worker threads write the bytes one thread writes, full packs and delta packs
// alike; a bad corpus line is refused with the same message; --jobs takes a whole number
// from 1; an interrupted run leaves no file, whether stopped on the workers or while writing.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError, parseCommandLine } from '../../src/cli/args';
import { openPack } from '../../src/core/pack/pack';
import type { Article } from '../../src/core/types';
import { bin, root, runWirecheck, signalWhileWriting, toJsonl, writeTemp } from './cli-run';
import { syntheticArticles } from './storage-synthetic';

let tmp: string;
const path = (name: string) => join(tmp, name);

// 700 articles: five batches of 128 for the workers and a short one.
const articles: Article[] = syntheticArticles(700, { words: 150, seed: 31 });
/** 3 removed, 350 changed or new. */
const next: Article[] = [
  ...articles.slice(3).map((a, i) => (i % 3 === 0 && i < 600 ? { ...a, text: `${a.text} This story has been updated.` } : a)),
  ...syntheticArticles(150, { words: 150, seed: 32, prefix: 'new' }),
];

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'wirecheck-index-jobs-'));
  writeTemp(tmp, 'corpus.jsonl', toJsonl(articles));
  writeTemp(tmp, 'next.jsonl', toJsonl(next));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const index = (...args: string[]) => runWirecheck(['index', ...args], 120_000);

/**
 * A pack's bytes with its creation time (the one thing that differs between two runs) set to
 * the epoch and its CRC zeroed: the rest must match byte for byte.
 */
function normalised(file: string): Uint8Array {
  const bytes = new Uint8Array(readFileSync(file));
  const pack = openPack(bytes); // verifies the CRC and every text first
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(12, true);
  const header = new TextDecoder().decode(bytes.subarray(24, 24 + headerLength));
  const stamp = `"createdAt":${JSON.stringify(pack.header.createdAt)}`;
  expect(header.split(stamp)).toHaveLength(2);
  const fixed = `"createdAt":${JSON.stringify(new Date(0).toISOString())}`;
  expect(fixed).toHaveLength(stamp.length);
  bytes.set(new TextEncoder().encode(header.replace(stamp, fixed)), 24);
  bytes.fill(0, bytes.length - 4);
  return bytes;
}

describe('wirecheck index --jobs', () => {
  it('writes the same pack on 2 and 3 worker threads as in one thread', () => {
    const runs = ['1', '2', '3'].map((jobs) => ({ jobs, run: index(path('corpus.jsonl'), '-o', path(`j${jobs}.wcpack`), '--jobs', jobs) }));
    for (const { run } of runs) {
      expect(run.status).toBe(0);
      expect(run.errors).toEqual([expect.stringMatching(/^wirecheck: wrote .*\.wcpack: 700 articles, [\d.]+ MB, in [\d.]+ s$/)]);
    }
    const one = normalised(path('j1.wcpack'));
    expect(Buffer.from(normalised(path('j2.wcpack'))).equals(Buffer.from(one))).toBe(true);
    expect(Buffer.from(normalised(path('j3.wcpack'))).equals(Buffer.from(one))).toBe(true);
    expect(openPack(readFileSync(path('j2.wcpack'))).articles.map((a) => a.id)).toEqual(articles.map((a) => a.id));
    // The default (no --jobs) makes the same pack too.
    expect(index(path('corpus.jsonl'), '-o', path('default.wcpack')).status).toBe(0);
    expect(Buffer.from(normalised(path('default.wcpack'))).equals(Buffer.from(one))).toBe(true);
  }, 180_000);

  it('writes the same delta pack with --since on worker threads, from articles and from a full pack', () => {
    expect(index(path('corpus.jsonl'), '-o', path('base.wcpack'), '--jobs', '1').status).toBe(0);
    const deltas = ['1', '2'].map((jobs) => index(path('next.jsonl'), '--since', path('base.wcpack'), '-o', path(`d${jobs}.wcpack`), '--full', 'next.wcpack', '--jobs', jobs));
    for (const run of deltas) {
      expect(run.status).toBe(0);
      expect(run.errors).toEqual([expect.stringMatching(/: a delta on .*base\.wcpack: 150 new, 200 changed, 3 removed articles, /)]);
    }
    expect(Buffer.from(normalised(path('d2.wcpack'))).equals(Buffer.from(normalised(path('d1.wcpack'))))).toBe(true);
    const delta = openPack(readFileSync(path('d2.wcpack')));
    expect(delta.articles).toHaveLength(350);
    expect(delta.delta?.removed).toEqual(articles.slice(0, 3).map((a) => a.id));

    // From the next version's full pack (nothing fingerprinted): the same delta again.
    expect(index(path('next.jsonl'), '-o', path('next.wcpack'), '--jobs', '2').status).toBe(0);
    const fromPack = index(path('next.wcpack'), '--since', path('base.wcpack'), '-o', path('d-pack.wcpack'), '--full', 'next.wcpack', '--jobs', '2');
    expect(fromPack.status).toBe(0);
    expect(Buffer.from(normalised(path('d-pack.wcpack'))).equals(Buffer.from(normalised(path('d1.wcpack'))))).toBe(true);
  }, 180_000);

  it('refuses a corpus with a bad line with the same message as one thread, writing nothing', () => {
    const bad = writeTemp(tmp, 'bad.jsonl', `${toJsonl(articles.slice(0, 300))}{"id": "x", "title": 5}\n`);
    const out = path('bad.wcpack');
    const runs = ['1', '2'].map((jobs) => index(bad, '-o', out, '--jobs', jobs));
    for (const run of runs) {
      expect(run.status).toBe(1);
      expect(run.errors).toEqual([
        `wirecheck: ${bad} line 301: "title" must be a string, not number`,
        `wirecheck: ${bad}: 1 problem in the corpus (listed above); nothing written: fix the corpus, or pass --keep-going to pack the 300 articles that loaded`,
      ]);
      expect(existsSync(out)).toBe(false);
    }
  }, 60_000);

  it('takes --jobs as a whole number from 1 to 256; anything else is a usage error', () => {
    expect(parseCommandLine(['index', 'c.jsonl', '-o', 'p.wcpack', '--jobs', '4'])).toMatchObject({ name: 'index', jobs: 4 });
    expect(parseCommandLine(['index', 'c.jsonl', '-o', 'p.wcpack', '-j', '1'])).toMatchObject({ name: 'index', jobs: 1 });
    expect(parseCommandLine(['index', 'c.jsonl', '-o', 'p.wcpack'])).not.toHaveProperty('jobs');
    for (const j of ['0', 'abc', '-1', '1.5', '257', '']) {
      expect(() => parseCommandLine(['index', 'c.jsonl', '-o', 'p.wcpack', `--jobs=${j}`])).toThrow(UsageError);
    }
    expect(() => parseCommandLine(['index', 'c.jsonl', '-o', 'p.wcpack', '--jobs', '2', '--jobs', '3'])).toThrow(UsageError);
    for (const j of ['0', 'abc']) {
      const run = index(path('corpus.jsonl'), '-o', path('usage.wcpack'), '--jobs', j);
      expect(run.status).toBe(2);
      expect(run.errors).toEqual([`wirecheck: --jobs needs a whole number from 1 to 256 (see 'wirecheck index --help')`]);
      expect(existsSync(path('usage.wcpack'))).toBe(false);
    }
    const help = runWirecheck(['index', '--help']);
    expect(help.stdout).toContain('-j, --jobs <N>');
  }, 60_000);
});

/** How many threads the process has (Linux). */
function threads(pid: number): number {
  try {
    return Number(/^Threads:\s+(\d+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `index` in the background; `exit` settles with how it ended. */
function start(args: string[]) {
  const child = spawn(process.execPath, [bin, 'index', ...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  let exited = false;
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => {
      exited = true;
      resolve({ code, signal });
    }),
  );
  return { child, exit, stderr: () => stderr, exited: () => exited };
}

describe.runIf(process.platform === 'linux')('an interrupted index --jobs 2', () => {
  let big: string;
  beforeAll(() => {
    big = writeTemp(tmp, 'big/corpus.jsonl', toJsonl(syntheticArticles(3_000, { words: 300, seed: 33 })));
  });

  it('SIGINT while the workers fingerprint stops at once and leaves no file', async () => {
    // The most threads a one-thread run has: a run with two workers has more once they start.
    const alone = start([big, '-o', path('big/alone.wcpack'), '--jobs', '1']);
    let most = 0;
    while (!alone.exited()) {
      most = Math.max(most, threads(alone.child.pid!));
      await sleep(10);
    }
    expect(await alone.exit).toEqual({ code: 0, signal: null });

    const out = path('big/stopped.wcpack');
    const run = start([big, '-o', out, '--jobs', '2']);
    const deadline = Date.now() + 60_000;
    while (threads(run.child.pid!) < most + 2) {
      if (run.exited() || Date.now() > deadline) throw new Error(`the workers never started: ${run.stderr()}`);
      await sleep(10);
    }
    run.child.kill('SIGINT');
    expect(await run.exit).toEqual({ code: null, signal: 'SIGINT' });
    expect(readdirSync(path('big')).filter((f) => f.startsWith('stopped'))).toEqual([]);
    expect(run.stderr()).toBe('');
  }, 120_000);

  it('SIGINT while writing removes <out>.<pid>.part and exits 130, writing nothing', async () => {
    const out = path('big/writing.wcpack');
    const run = start([big, '-o', out, '--jobs', '2']);
    const part = `${out}.${run.child.pid}.part`;
    await signalWhileWriting(run.child, part, 'SIGINT', run);
    expect(await run.exit).toEqual({ code: 130, signal: null });
    expect(existsSync(part)).toBe(false);
    expect(readdirSync(path('big')).filter((f) => f.startsWith('writing'))).toEqual([]);
    expect(run.stderr()).toBe(`wirecheck: ${out}: interrupted (SIGINT); the unfinished pack was removed, nothing written\n`);
  }, 120_000);
});
