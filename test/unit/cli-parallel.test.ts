// `wirecheck index` and `wirecheck check` on worker threads, through the real bin/wirecheck.mjs
// in a child process (workers must start under tsx as a user runs the command): a pack gives
// the results JSON Lines gives; --jobs 3 gives, line for line and in input order, what
// --jobs 1 gives; a damaged or truncated pack is refused with a clear message.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError, parseCommandLine } from '../../src/cli/args';
import { seedCases, seedCorpusPath, seedPath } from './seeds';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(root, 'bin/wirecheck.mjs');

function wirecheck(...args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined }, timeout: 90_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, errors: r.stderr.split('\n').filter(Boolean) };
}

let tmp: string;
let pack: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'wirecheck-par-'));
  pack = join(tmp, 'seed.wcpack');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// Every seed query twice, an HTML page, a missing file and a file of another kind, mixed.
const queries = seedCases.cases.map((c) => relative(root, seedPath(c.query)));
const inputs = [...queries, 'missing.txt', ...queries.slice().reverse(), 'test/fixtures/pages/bbc-1/source.html', 'package.json'];

describe('wirecheck index and parallel check', () => {
  it('writes a pack that checks exactly as the JSON Lines corpus does', () => {
    const made = wirecheck('index', relative(root, seedCorpusPath('both')), '-o', pack);
    expect(made.status).toBe(0);
    expect(made.errors.join('\n')).toMatch(/wrote .*seed\.wcpack: 2 articles/);
    const fromJsonl = wirecheck('check', '--corpus', relative(root, seedCorpusPath('both')), '--json', '--jobs', '1', ...queries);
    const fromPack = wirecheck('check', '--corpus', pack, '--json', '--jobs', '1', ...queries);
    expect(fromPack.status).toBe(0);
    expect(fromPack.stdout).toBe(fromJsonl.stdout);
    expect(fromPack.stdout.trim().split('\n')).toHaveLength(queries.length);
  });

  it('keeps input order and the results of one job with three worker threads, problems included', () => {
    for (const corpus of [pack, relative(root, seedCorpusPath('both'))]) {
      const one = wirecheck('check', '--corpus', corpus, '--json', '--jobs', '1', ...inputs);
      const three = wirecheck('check', '--corpus', corpus, '--json', '--jobs', '3', ...inputs);
      expect(three.status).toBe(1);
      expect(three.stdout).toBe(one.stdout);
      expect(three.errors).toEqual(one.errors);
      const order = three.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { input: string }).input);
      expect(order).toEqual(inputs.filter((i) => i !== 'missing.txt' && i !== 'package.json'));
      expect(three.errors).toEqual(['wirecheck: missing.txt: no such file', expect.stringMatching(/^wirecheck: package\.json: not a \.txt or \.html file/)]);
      // The table, too.
      expect(wirecheck('check', '--corpus', corpus, '--jobs', '2', ...queries).stdout).toBe(wirecheck('check', '--corpus', corpus, '--jobs', '1', ...queries).stdout);
    }
  });

  it('refuses a truncated or damaged pack with a clear message, checking nothing', () => {
    const bytes = readFileSync(pack);
    const cut = join(tmp, 'cut.wcpack');
    writeFileSync(cut, bytes.subarray(0, bytes.length - 7));
    const flipped = Buffer.from(bytes);
    flipped[flipped.length >> 1]! ^= 4;
    const bad = join(tmp, 'bad.wcpack');
    writeFileSync(bad, flipped);
    for (const [file, said] of [
      [cut, /the corpus pack is truncated/],
      [bad, /the corpus pack is damaged \(checksum mismatch\)/],
    ] as const) {
      for (const jobs of ['1', '2']) {
        const r = wirecheck('check', '--corpus', file, '--json', '--jobs', jobs, ...queries);
        expect(r.status).toBe(1);
        expect(r.stdout).toBe('');
        expect(r.errors).toEqual([expect.stringMatching(said)]);
      }
    }
  });

  it('parses --jobs and index arguments, refusing nonsense', () => {
    expect(parseCommandLine(['check', '-c', 'x.jsonl', '-j', '4', 'a.txt'])).toMatchObject({ name: 'check', jobs: 4 });
    expect(parseCommandLine(['check', '-c', 'x.jsonl', 'a.txt'])).not.toHaveProperty('jobs');
    for (const j of ['0', '-1', '1.5', 'many']) expect(() => parseCommandLine(['check', '-c', 'x.jsonl', `--jobs=${j}`, 'a.txt'])).toThrow(UsageError);
    expect(parseCommandLine(['index', 'c.jsonl', '-o', 'c.wcpack'])).toEqual({ name: 'index', corpus: 'c.jsonl', output: 'c.wcpack' });
    expect(() => parseCommandLine(['index', 'c.jsonl'])).toThrow(/-o <file> is required/);
  });
});
