// `wirecheck check --by-site` as a user runs it (the real bin/wirecheck.mjs in a child process):
// saved pages of the seed story, each naming its own address on one of three sites, give one
// row per site, counted from each page's canonical URL (else its og:url), with credited and
// uncredited copy apart; a page naming no address, and a .txt, is a row of its own.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteSummary } from '../../src/core/sites/types';
import { root, type Run, runWirecheck, writeTemp } from './cli-run';
import { seedCorpusPath, seedPath, seedText } from './seeds';

const LIGHT = '000_417f5b4f1c0cc618.txt';
const SPUN = '001_2b3f9f2055e0df11.txt';
const INDEPENDENT = '003_97d4323494856c4c.txt';
const AP_FULL = '004_017aadd92dbe6fea.txt';
const UNRELATED = readFileSync(join(root, 'test/e2e/fixtures/unrelated-library.txt'), 'utf8');

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A saved news page: headline, then one <p> per paragraph; `head` adds to its <head>. */
function savedPage(text: string, head: string): string {
  const [title = '', ...rest] = text.split('\n');
  const paragraphs = rest
    .join('\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>${head}</head>
<body><header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
<main><article><h1>${escapeHtml(title)}</h1>${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}</article></main>
<footer><p>Contact us</p></footer></body></html>`;
}
const canonical = (url: string) => `<link rel="canonical" href="${escapeHtml(url)}">`;
const ogUrl = (url: string) => `<meta property="og:url" content="${escapeHtml(url)}">`;

let tmp: string;
let inputs: string[];
const rel = (abs: string) => relative(root, abs);
const corpus = () => rel(seedCorpusPath('both'));

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'wirecheck-by-site-'));
  const page = (name: string, text: string, head: string) => rel(writeTemp(tmp, name, savedPage(text, head)));
  inputs = [
    // copy-daily.example: the light rewrite (edited, no credit), twice under one canonical URL
    // (two saved files of one story count once), and the spun rewrite naming itself by og:url
    // only (rewritten, credited by its closing line).
    page('copy-daily/light.html', seedText(LIGHT), canonical('https://www.copy-daily.example/world/ties?utm_source=feed#top')),
    page('copy-daily/light-again.html', seedText(LIGHT), canonical('https://www.copy-daily.example/world/ties')),
    page('copy-daily/spun.html', seedText(SPUN), ogUrl('https://copy-daily.example/world/spun')),
    // wire.example: the full AP story with a line crediting AP (verbatim, credited), the
    // independent story (partial, no credit).
    page('wire/ap.html', `${seedText(AP_FULL).trimEnd()}\n\nThe Associated Press contributed to this report.\n`, canonical('https://wire.example/ap/ties')),
    page('wire/independent.html', seedText(INDEPENDENT), canonical('https://WWW.Wire.example/independent')),
    // own.example: an unrelated local story (none).
    page('own/library.html', UNRELATED, canonical('https://own.example/library')),
    // A page naming no address, a canonical that is not http(s), and a .txt: rows of their own.
    page('loose/no-address.html', seedText(SPUN), ''),
    page('loose/ftp.html', seedText(LIGHT), canonical('ftp://files.example/light')),
    rel(seedPath(LIGHT)),
  ];
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function sites(run: Run): SiteSummary[] {
  return run.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as SiteSummary);
}

/** A site's counts without its check times (the run's clock). */
const counts = ({ firstCheckedAt, lastCheckedAt, ...rest }: SiteSummary) => (expect(lastCheckedAt).toBeGreaterThanOrEqual(firstCheckedAt), rest);

describe('wirecheck check --by-site', () => {
  let json: Run;
  beforeAll(() => {
    json = runWirecheck(['check', '--corpus', corpus(), '--by-site', '--json', '--jobs', '1', ...inputs]);
  });

  it('prints one JSON line per site, by share of AP copy, counted from each page’s own URL', () => {
    expect(json.stderr).toBe('');
    expect(json.status).toBe(0);
    const got = sites(json);
    // Ties on the share: more articles first, then by name.
    const ownRows = [rel(seedPath(LIGHT)), `${rel(tmp)}/loose/ftp.html`, `${rel(tmp)}/loose/no-address.html`].sort();
    expect(got.map((s) => s.host)).toEqual(['copy-daily.example', 'wire.example', ...ownRows, 'own.example']);
    const by = new Map(got.map((s) => [s.host, counts(s)]));
    expect(by.get('copy-daily.example')).toEqual({
      host: 'copy-daily.example',
      articles: 2,
      byVerdict: { verbatim: 0, edited: 1, rewritten: 1, partial: 0, none: 0 },
      apCopy: 2,
      credited: 1,
      uncredited: 1,
      uncreditedRewrites: 1,
      apShare: 1,
    });
    expect(by.get('wire.example')).toEqual({
      host: 'wire.example',
      articles: 2,
      byVerdict: { verbatim: 1, edited: 0, rewritten: 0, partial: 1, none: 0 },
      apCopy: 2,
      credited: 1,
      uncredited: 1,
      uncreditedRewrites: 0,
      apShare: 1,
    });
    expect(by.get('own.example')).toMatchObject({ articles: 1, apCopy: 0, credited: 0, uncredited: 0, uncreditedRewrites: 0, apShare: 0 });
    expect(by.get(`${rel(tmp)}/loose/no-address.html`)).toMatchObject({ articles: 1, apCopy: 1, credited: 1, byVerdict: { rewritten: 1 } });
    expect(by.get(rel(seedPath(LIGHT)))).toMatchObject({ articles: 1, apCopy: 1, uncreditedRewrites: 1, byVerdict: { edited: 1 } });
    expect(Object.keys(got[0]!)).toEqual(['host', 'articles', 'byVerdict', 'apCopy', 'credited', 'uncredited', 'uncreditedRewrites', 'apShare', 'firstCheckedAt', 'lastCheckedAt']);
  });

  it('prints the same sites on worker threads', () => {
    const parallel = runWirecheck(['check', '--corpus', corpus(), '--by-site', '--json', '--jobs', '2', ...inputs]);
    expect(parallel.status).toBe(0);
    expect(sites(parallel).map(counts)).toEqual(sites(json).map(counts));
  });

  it('prints a table for people: a header, then one row per site', () => {
    const run = runWirecheck(['check', '--corpus', corpus(), '--by-site', '--sort', 'site', '--jobs', '1', ...inputs.slice(0, 6)]);
    expect(run.status).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]!.split(/\s{2,}/)).toEqual(['SITE', 'ARTICLES', 'AP COPY', 'CREDITED', 'UNCREDITED', 'UNCREDITED REWRITES', 'SHARE']);
    expect(lines.slice(1).map((l) => l.trim().split(/\s+/))).toEqual([
      ['copy-daily.example', '2', '2', '1', '1', '1', '100%'],
      ['own.example', '1', '0', '0', '0', '0', '0%'],
      ['wire.example', '2', '2', '1', '1', '0', '100%'],
    ]);
  });

  it('sorts by uncredited rewrites when asked', () => {
    const run = runWirecheck(['check', '--corpus', corpus(), '--by-site', '--sort', 'rewrites', '--json', '--jobs', '1', ...inputs.slice(0, 6)]);
    expect(sites(run).map((s) => s.host)).toEqual(['copy-daily.example', 'wire.example', 'own.example']);
  });

  it('reports an unreadable input on stderr, counts the others, and exits 1', () => {
    const run = runWirecheck(['check', '--corpus', corpus(), '--by-site', '--json', '--jobs', '1', inputs[0]!, join(rel(tmp), 'missing.html')]);
    expect(run.status).toBe(1);
    expect(run.errors.some((e) => e.includes('missing.html'))).toBe(true);
    expect(sites(run).map((s) => [s.host, s.articles])).toEqual([['copy-daily.example', 1]]);
  });

  it.each([
    [['--sort', 'share'], /--sort goes with --by-site/],
    [['--by-site', '--evidence'], /--by-site counts pages per site/],
    [['--by-site', '--sort', 'loudest'], /--sort needs one of share, rewrites, articles, site/],
  ])('refuses %j as a usage error (exit 2)', (args, message) => {
    const run = runWirecheck(['check', '--corpus', corpus(), ...args, inputs[0]!]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});
