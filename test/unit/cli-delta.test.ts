// `wirecheck index CORPUS --since OLD.wcpack -o D.wcpack`, run as a real process: a delta of
// 500 new or changed and 3 removed articles out of 2,000 is a fraction of the full pack, and
// applied to the old pack it gives the new one's corpus id, made from articles or from a pack.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/cli/args';
import { takePack } from '../../src/core/pack/delta';
import { corpusIdOf } from '../../src/core/pack/identity';
import { type PackArticle, openPack } from '../../src/core/pack/pack';
import type { Article } from '../../src/core/types';
import { type Run, runWirecheck, toJsonl, writeTemp } from './cli-run';
import { syntheticArticles } from './storage-synthetic';

const old = syntheticArticles(2_000, { words: 150, seed: 21 });
/** 3 removed, 300 changed, 200 new. */
const next: Article[] = [
  ...old.slice(3).map((a, i) => (i % 6 === 0 && i < 1_800 ? { ...a, title: `${a.title} (updated)`, text: `${a.text} This story has been updated.` } : a)),
  ...syntheticArticles(200, { words: 150, seed: 22, prefix: 'new' }),
];

let tmp: string;
const path = (name: string) => join(tmp, name);
let made: { old: Run; next: Run; delta: Run; fromPack: Run };

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'wirecheck-delta-'));
  writeTemp(tmp, 'old.jsonl', toJsonl(old));
  writeTemp(tmp, 'new.jsonl', toJsonl(next));
  made = {
    old: runWirecheck(['index', path('old.jsonl'), '-o', path('old.wcpack')]),
    next: runWirecheck(['index', path('new.jsonl'), '-o', path('new.wcpack')]),
    delta: runWirecheck(['index', path('new.jsonl'), '--since', path('old.wcpack'), '-o', path('d.wcpack'), '--previous', 'd-0041.wcpack', '--full', 'https://packs.example/ap.wcpack']),
    fromPack: runWirecheck(['index', path('new.wcpack'), '--since', path('old.wcpack'), '-o', path('d2.wcpack')]),
  };
}, 120_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('wirecheck index --since: delta packs', () => {
  it('writes a delta of the new and changed articles, a fraction of the full pack, that leads from the old to the new', () => {
    expect(made.old.status).toBe(0);
    expect(made.next.status).toBe(0);
    expect(made.delta.stdout).toBe('');
    expect(made.delta.errors).toEqual([expect.stringMatching(new RegExp(`^wirecheck: wrote .*d\\.wcpack: a delta on .*old\\.wcpack: 200 new, 300 changed, 3 removed articles, [\\d.]+ MB, in [\\d.]+ s$`))]);
    expect(made.delta.status).toBe(0);

    const oldPack = openPack(readFileSync(path('old.wcpack')));
    const newPack = openPack(readFileSync(path('new.wcpack')));
    const delta = openPack(readFileSync(path('d.wcpack')));
    const size = statSync(path('d.wcpack')).size;
    expect(size).toBeLessThan(statSync(path('new.wcpack')).size * 0.35);
    expect(delta.articles).toHaveLength(500);
    expect(delta.delta).toEqual({ base: oldPack.corpusId, result: newPack.corpusId, removed: old.slice(0, 3).map((a) => a.id), previous: 'd-0041.wcpack', full: 'https://packs.example/ap.wcpack' });

    const held = takePack(new Map<string, PackArticle>(oldPack.articles.map((a) => [a.id, a])), delta, (a) => a);
    expect(corpusIdOf(held.values())).toBe(newPack.corpusId);
    expect(delta.resultId).toBe(newPack.corpusId);
  });

  it('makes the same delta from the full new pack', () => {
    expect(made.fromPack.status).toBe(0);
    expect(made.fromPack.errors).toEqual([expect.stringMatching(/: a delta on .*: 200 new, 300 changed, 3 removed articles, /)]);
    const fromArticles = openPack(readFileSync(path('d.wcpack')));
    const fromPack = openPack(readFileSync(path('d2.wcpack')));
    expect(fromPack.articles).toEqual(fromArticles.articles);
    expect(fromPack.delta).toEqual({ base: fromArticles.delta!.base, result: fromArticles.delta!.result, removed: fromArticles.delta!.removed });
  });

  it('refuses what is no full pack as --since, a delta as the corpus, and links without --since', () => {
    const cases: [string[], number, RegExp][] = [
      [['index', path('new.jsonl'), '--since', path('old.jsonl'), '-o', path('x1.wcpack')], 1, /old\.jsonl: is not a corpus pack; --since needs the pack made by 'wirecheck index'/],
      [['index', path('new.jsonl'), '--since', path('d.wcpack'), '-o', path('x2.wcpack')], 1, /d\.wcpack: is a delta pack; a delta is made against the full pack/],
      [['index', path('d.wcpack'), '--since', path('old.wcpack'), '-o', path('x3.wcpack')], 1, /d\.wcpack: is a delta pack; a delta is made from a corpus or a full pack/],
      [['index', path('new.wcpack'), '-o', path('x4.wcpack')], 1, /new\.wcpack: is already a corpus pack \(to make a delta pack from it, give --since <old\.wcpack>\)/],
      [['index', path('new.jsonl'), '--since', path('missing.wcpack'), '-o', path('x5.wcpack')], 1, /missing\.wcpack: /],
      [['index', path('new.jsonl'), '--full', 'https://x.example/a.wcpack', '-o', path('x6.wcpack')], 2, /--full goes with --since <old\.wcpack>/],
      [['index', path('new.jsonl'), '--since', path('old.wcpack'), '--previous', 'javascript:alert(1)', '-o', path('x7.wcpack')], 2, /--previous needs an http\(s\) URL or one relative to the delta's/],
    ];
    for (const [args, status, message] of cases) {
      const run = runWirecheck(args);
      expect(run.status, args.join(' ')).toBe(status);
      expect(run.stderr, args.join(' ')).toMatch(message);
      expect(existsSync(args[args.length - 1]!), args.join(' ')).toBe(false);
    }
  }, 60_000);

  it('check refuses a delta pack as its corpus: it holds only what changed', () => {
    writeTemp(tmp, 'page.txt', `${next[10]!.title}\n\n${next[10]!.text}`);
    const run = runWirecheck(['check', '--corpus', path('d.wcpack'), path('page.txt')]);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.errors.join('\n')).toMatch(/d\.wcpack: a delta pack holds only what changed since another pack; check against the full pack \(nothing checked\)/);
  });

  it('parses the delta options', () => {
    expect(parseCommandLine(['index', 'c.jsonl', '--since', 'old.wcpack', '-o', 'd.wcpack', '--previous', 'd1.wcpack', '--full', 'https://x.example/c.wcpack'])).toEqual({
      name: 'index',
      corpus: 'c.jsonl',
      output: 'd.wcpack',
      since: 'old.wcpack',
      previous: 'd1.wcpack',
      full: 'https://x.example/c.wcpack',
    });
    expect(parseCommandLine(['index', 'c.jsonl', '-o', 'c.wcpack'])).toEqual({ name: 'index', corpus: 'c.jsonl', output: 'c.wcpack' });
    expect(() => parseCommandLine(['index', 'c.jsonl', '--since', 'a', '--since', 'b', '-o', 'd'])).toThrow(/--since given more than once/);
    expect(() => parseCommandLine(['index', 'c.jsonl', '--since=', '-o', 'd'])).toThrow(/--since needs a value/);
    expect(() => parseCommandLine(['index', 'c.jsonl', '--previous', 'd1.wcpack', '-o', 'd'])).toThrow(/--previous goes with --since/);
  });
});
