// The `wirecheck` command as a user runs it: the real bin/wirecheck.mjs in a child process,
// against the seed story. The seed contract (cases.json) is checked again through the CLI's
// --json output, because that output is what scripts and the evaluation harness consume.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommandLine, UsageError } from '../../src/cli/args';
import { checkJson, checkTable, type CheckJson } from '../../src/cli/format';
import type { MatchResult } from '../../src/core/types';
import { root, type Run, runWirecheck, toJsonl, writeTemp } from './cli-run';
import { seedCases, seedCorpus, seedCorpusPath, seedPath } from './seeds';

const pagesDir = join(root, 'test/fixtures/pages');
const CHECK_KEYS = ['input', 'verdict', 'source', 'paraphraseScore', 'coverage', 'candidates'];
const SOURCE_KEYS = ['id', 'title', 'url', 'published'];
const CANDIDATE_KEYS = ['id', 'similarity'];

/** The CLI, run from the repository root the way `npx wirecheck …` runs it. */
function wirecheck(...args: string[]): Run {
  return runWirecheck(args);
}

function jsonLines<T = CheckJson>(run: Run): T[] {
  return run.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as T);
}

/** Paths as a user types them: relative to the repository root. */
const rel = (abs: string) => relative(root, abs);

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'wirecheck-cli-'));
});
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
});

const tempFile = (name: string, content: string | Uint8Array) => writeTemp(tmp, name, content);

describe('wirecheck check --json: the seed contract', () => {
  // One process per corpus, all of its cases as inputs: the order of cases.json is not the
  // order of the file names, so it also shows that output follows input order.
  const byCorpus = new Map<string, typeof seedCases.cases>();
  for (const c of seedCases.cases) byCorpus.set(c.corpus, [...(byCorpus.get(c.corpus) ?? []), c]);
  const runs = new Map<string, { run: Run; lines: CheckJson[]; inputs: string[] }>();

  beforeAll(() => {
    for (const [corpus, cases] of byCorpus) {
      const inputs = cases.map((c) => rel(seedPath(c.query)));
      const run = wirecheck('check', '--corpus', rel(seedCorpusPath(corpus)), '--json', ...inputs);
      runs.set(corpus, { run, lines: jsonLines(run), inputs });
    }
  });

  for (const [corpus, cases] of byCorpus) {
    it(`against "${corpus}": exit 0, stderr empty, one line per input in input order`, () => {
      const { run, lines, inputs } = runs.get(corpus)!;
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(lines.map((l) => l.input)).toEqual(inputs);
    });

    cases.forEach((c, i) => {
      it(`${c.name}: ${c.query} against "${corpus}" → ${c.verdict.join('|')} from ${[c.source].flat().join('|')}`, () => {
        const line = runs.get(corpus)!.lines[i]!;
        expect(line.input).toBe(rel(seedPath(c.query)));
        expect(c.verdict).toContain(line.verdict);
        expect([c.source].flat()).toContain(line.source?.id);
        expect(line.candidates.map((x) => x.id)).toContain(line.source?.id);
        expect(line.coverage).toBeGreaterThan(0);
        expect(line.coverage).toBeLessThanOrEqual(1);
      });
    });
  }

  it('keeps the input order even when it is not name order', () => {
    const { inputs } = runs.get('both')!;
    expect(inputs).not.toEqual([...inputs].sort());
  });

  it(`orders paraphrase scores: ${seedCases.order}`, () => {
    const score = (name: string) => {
      const c = seedCases.cases.find((x) => x.name === name)!;
      const i = byCorpus.get(c.corpus)!.indexOf(c);
      return runs.get(c.corpus)!.lines[i]!.paraphraseScore!;
    };
    expect(score('syndicated copy')).toBeLessThan(score('light rewrite'));
    expect(score('light rewrite')).toBeLessThan(score('spun rewrite'));
  });

  it('prints exactly the documented keys, in order, with the documented types', () => {
    const lines = [...runs.values()].flatMap((r) => r.lines);
    expect(lines.length).toBe(seedCases.cases.length);
    for (const line of lines) {
      expect(Object.keys(line)).toEqual(CHECK_KEYS);
      expect(['verbatim', 'edited', 'rewritten', 'partial', 'none']).toContain(line.verdict);
      if (line.source !== null) {
        expect(Object.keys(line.source)).toEqual(SOURCE_KEYS);
        for (const k of SOURCE_KEYS) expect(typeof line.source[k as keyof typeof line.source]).toBe('string');
      }
      if (line.paraphraseScore !== null) {
        expect(Number.isInteger(line.paraphraseScore)).toBe(true);
        expect(line.paraphraseScore).toBeGreaterThanOrEqual(0);
        expect(line.paraphraseScore).toBeLessThanOrEqual(100);
      }
      expect(line.candidates.length).toBeGreaterThan(0);
      for (const c of line.candidates) {
        expect(Object.keys(c)).toEqual(CANDIDATE_KEYS);
        expect(typeof c.id).toBe('string');
        expect(typeof c.similarity).toBe('number');
      }
    }
  });

  it('names the source with the corpus metadata', () => {
    const syndicated = runs.get('both')!.lines[0]!;
    const full = seedCorpus('both').find((a) => a.id === 'ap-ties-full')!;
    expect(syndicated.source).toEqual({ id: full.id, title: full.title, url: full.url, published: full.published });
  });
});

describe('wirecheck check: corpus sources', () => {
  it('reads every corpus file of a folder, .jsonl and .txt, and lists the other entries it skips', () => {
    const [short, full] = [seedCorpus('both').find((a) => a.id === 'ap-ties-short')!, seedCorpus('both').find((a) => a.id === 'ap-ties-full')!];
    const dir = join(tmp, 'corpus-folder');
    // A .txt corpus article is headline then body; its id comes from the file name.
    tempFile('corpus-folder/AP short.txt', `${short.title}\n\n${short.text}\n`);
    tempFile('corpus-folder/full.jsonl', toJsonl([full]));
    tempFile('corpus-folder/notes.md', 'not a corpus file\n');
    tempFile('corpus-folder/cases.json', '{"not": "articles"}\n');
    mkdirSync(join(dir, 'subfolder.jsonl'), { recursive: true });
    const run = wirecheck('check', '--corpus', dir, '--json', rel(seedPath('004_017aadd92dbe6fea.txt')), rel(seedPath('002_2af652c4d04ee126.txt')));
    // Skipped entries are listed, one line each, in name order; they are not problems.
    expect(run.errors).toEqual([
      `wirecheck: ${join(dir, 'cases.json')}: skipped (a .json file in a folder is not read as a corpus; give it as --corpus by itself)`,
      `wirecheck: ${join(dir, 'notes.md')}: skipped (not a .jsonl, .ndjson, .txt, .html or .htm file)`,
      `wirecheck: ${join(dir, 'subfolder.jsonl')}: skipped (a folder; folders inside the corpus folder are not read)`,
    ]);
    expect(run.status).toBe(0);
    const [syndicated, short002] = jsonLines(run);
    expect(syndicated).toMatchObject({ verdict: 'verbatim', source: { id: 'ap-ties-full' } });
    expect(short002).toMatchObject({ verdict: 'verbatim', source: { id: 'txt:ap-short', title: short.title } });
  });

  it('reports an id that a later corpus file repeats: nothing checked, or with --keep-going the first kept', () => {
    const full = seedCorpus('both').find((a) => a.id === 'ap-ties-full')!;
    const dir = join(tmp, 'corpus-duplicates');
    tempFile('corpus-duplicates/a.jsonl', toJsonl([full]));
    tempFile('corpus-duplicates/b.jsonl', toJsonl([{ ...full, title: 'Impostor' }]));
    const duplicate = `wirecheck: ${join(dir, 'b.jsonl')}: duplicate id "ap-ties-full" (first in ${join(dir, 'a.jsonl')})`;
    const refused = wirecheck('check', '--corpus', dir, '--json', rel(seedPath('004_017aadd92dbe6fea.txt')));
    expect(refused.status).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.errors).toEqual([
      duplicate,
      `wirecheck: ${dir}: 1 problem in the corpus (listed above); nothing checked: fix the corpus, or pass --keep-going to check against the 1 article that loaded`,
    ]);
    const run = wirecheck('check', '--corpus', dir, '--json', '--keep-going', rel(seedPath('004_017aadd92dbe6fea.txt')));
    expect(run.status).toBe(1);
    expect(run.errors).toEqual([duplicate, `wirecheck: ${dir}: 1 problem in the corpus (listed above); checking against the 1 article that loaded (--keep-going)`]);
    expect(jsonLines(run)[0]).toMatchObject({ verdict: 'verbatim', source: { id: 'ap-ties-full', title: full.title } });
  });

  it('reports a malformed corpus line with file and line; with --keep-going still uses the good lines', () => {
    const [short, full] = [seedCorpus('both').find((a) => a.id === 'ap-ties-short')!, seedCorpus('both').find((a) => a.id === 'ap-ties-full')!];
    const corpus = tempFile('broken/corpus.jsonl', `${JSON.stringify(short)}\n{"id": "half a line\n${JSON.stringify(full)}\n`);
    const refused = wirecheck('check', '--corpus', corpus, '--json', rel(seedPath('004_017aadd92dbe6fea.txt')));
    expect(refused.status).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.errors).toHaveLength(2);
    expect(refused.errors[0]).toBe(`wirecheck: ${corpus} line 2: not valid JSON (a string that is never closed, starting at column 8)`);
    expect(refused.errors[1]).toMatch(/^wirecheck: .*corpus\.jsonl: 1 problem in the corpus \(listed above\); nothing checked: .*--keep-going/);
    const run = wirecheck('check', '--corpus', corpus, '--json', '--keep-going', rel(seedPath('004_017aadd92dbe6fea.txt')));
    expect(run.status).toBe(1);
    expect(run.errors).toHaveLength(2);
    expect(run.errors[0]).toMatch(/^wirecheck: .*corpus\.jsonl line 2: /);
    const [line] = jsonLines(run);
    expect(line).toMatchObject({ verdict: 'verbatim', source: { id: 'ap-ties-full' } });
  });

  it('stops before checking when the corpus does not exist', () => {
    const run = wirecheck('check', '--corpus', 'no/such/corpus.jsonl', '--json', rel(seedPath('000_417f5b4f1c0cc618.txt')));
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.errors).toEqual(['wirecheck: no/such/corpus.jsonl: no such file']);
  });

  it('refuses a folder without corpus files', () => {
    const dir = join(tmp, 'empty-corpus');
    mkdirSync(dir, { recursive: true });
    const run = wirecheck('check', '--corpus', dir, '--json', rel(seedPath('000_417f5b4f1c0cc618.txt')));
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toContain(dir);
  });
});

describe('wirecheck check: bad inputs among good ones', () => {
  const good1 = rel(seedPath('000_417f5b4f1c0cc618.txt'));
  const good2 = rel(seedPath('004_017aadd92dbe6fea.txt'));
  const corpus = rel(seedCorpusPath('both'));

  it('reports a missing input on one stderr line and prints the others', () => {
    const run = wirecheck('check', '--corpus', corpus, '--json', good1, 'missing-article.txt', good2);
    expect(run.status).toBe(1);
    expect(run.errors).toEqual(['wirecheck: missing-article.txt: no such file']);
    expect(jsonLines(run).map((l) => l.input)).toEqual([good1, good2]);
  });

  it('reports a file that is not UTF-8', () => {
    const bad = tempFile('latin1.txt', Buffer.from('Caf\xe9 headline\n\nSome body text in Latin-1, not UTF-8.\n', 'latin1'));
    const run = wirecheck('check', '--corpus', corpus, '--json', bad, good1);
    expect(run.status).toBe(1);
    expect(run.errors).toEqual([`wirecheck: ${bad}: not UTF-8 text`]);
    expect(jsonLines(run).map((l) => l.input)).toEqual([good1]);
  });

  it('reports a directory, an unsupported file type and an empty file', () => {
    const pdf = tempFile('story.pdf', '%PDF-1.4');
    const empty = tempFile('empty.txt', '\n  \n');
    const run = wirecheck('check', '--corpus', corpus, '--json', tmp, pdf, empty, good1);
    expect(run.status).toBe(1);
    expect(run.errors).toHaveLength(3);
    expect(run.errors[0]).toBe(`wirecheck: ${tmp}: is a directory, not a file`);
    expect(run.errors[1]).toBe(`wirecheck: ${pdf}: not a .txt or .html file (.pdf)`);
    expect(run.errors[2]).toBe(`wirecheck: ${empty}: empty file`);
    expect(jsonLines(run).map((l) => l.input)).toEqual([good1]);
  });

  it('reports a directory named like an article', () => {
    const dir = join(tmp, 'folder.txt');
    mkdirSync(dir, { recursive: true });
    const run = wirecheck('check', '--corpus', corpus, '--json', dir);
    expect(run.status).toBe(1);
    expect(run.errors).toEqual([`wirecheck: ${dir}: is a directory, not a file`]);
    expect(run.stdout).toBe('');
  });
});

describe('wirecheck check: HTML pages', () => {
  it('checks a saved page through the same extraction as the extension', () => {
    const { title, text } = seedCorpus('both').find((a) => a.id === 'ap-ties-full')!;
    const paragraphs = text.split(/\n\s*\n/).map((p) => `<p>${p.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`);
    const page = tempFile(
      'syndicated.html',
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body>` +
        `<nav><a href="/">Home</a></nav><article><h1>${title}</h1>${paragraphs.join('')}</article><footer>Copyright</footer></body></html>`,
    );
    const run = wirecheck('check', '--corpus', rel(seedCorpusPath('both')), '--json', page);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(jsonLines(run)).toEqual([expect.objectContaining({ input: page, verdict: 'verbatim', source: expect.objectContaining({ id: 'ap-ties-full' }) })]);
  });
});

describe('wirecheck check: table', () => {
  it('prints an aligned plain-text table naming the verdicts when stdout is not a terminal', () => {
    const inputs = ['004_017aadd92dbe6fea.txt', '000_417f5b4f1c0cc618.txt', '001_2b3f9f2055e0df11.txt'].map((f) => rel(seedPath(f)));
    const run = wirecheck('check', '--corpus', rel(seedCorpusPath('both')), ...inputs);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).not.toContain('\x1b');
    const [table = '', ...evidence] = run.stdout.trimEnd().split('\n\n');
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/^INPUT\s+VERDICT\s+PARAPHRASE\s+COVERAGE\s+SOURCE$/);
    expect(lines).toHaveLength(4);
    // Below the table, one evidence block per input with a source; the spun copy's names its swaps.
    expect(evidence).toHaveLength(3);
    expect(evidence[2]).toMatch(/^== .*001_2b3f9f2055e0df11\.txt: rewritten from “Russia and China/);
    expect(evidence[2]).toContain('senior → sensible');
    expect(evidence[0]).not.toContain('word swaps');
    expect(lines[1]).toMatch(/ verbatim .*%\s+Russia and China show off deepening ties/);
    expect(lines[2]).toContain(' edited ');
    expect(lines[3]).toContain(' rewritten ');
    // Aligned: every row's verdict starts in the header's VERDICT column.
    const column = lines[0]!.indexOf('VERDICT');
    for (const row of lines.slice(1)) expect(row.slice(column)).toMatch(/^(verbatim|edited|rewritten|partial|none) /);
  });
});

describe('wirecheck extract', () => {
  const article = {
    title: 'Harbour council approves new ferry timetable',
    byline: 'By Jane Example',
    paragraphs: [
      'The harbour council voted on Tuesday to approve a new ferry timetable that adds four crossings a day between the island and the mainland, after a year of complaints about crowded boats.',
      'Councillors said the extra crossings would start in the spring and would be paid for by a small rise in the price of a return ticket, the first increase in six years.',
      'Residents who spoke at the meeting welcomed the change but asked for an earlier first boat, so that workers could reach the mainland before the start of the morning shift.',
      'The ferry operator said it would review the first departure time once the new timetable had run for three months and passenger numbers were known.',
    ],
  };
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${article.title} | The Island Post</title></head>
<body><header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
<main><article><h1>${article.title}</h1><p class="byline">${article.byline}</p>
${article.paragraphs.map((p) => `<p>${p}</p>`).join('\n')}
</article></main><footer>© The Island Post</footer></body></html>`;

  it('prints one {input, title, byline, text} line per page, in input order, and reports bad pages', () => {
    const page = tempFile('pages/ferry.html', html);
    const notHtml = tempFile('pages/notes.txt', 'just text');
    const run = wirecheck('extract', '--json', page, 'missing.html', notHtml, page);
    expect(run.status).toBe(1);
    expect(run.errors).toEqual(['wirecheck: missing.html: no such file', `wirecheck: ${notHtml}: not an .html file (.txt)`]);
    const lines = jsonLines<Record<string, unknown>>(run);
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(Object.keys(line)).toEqual(['input', 'title', 'byline', 'text']);
      expect(line.input).toBe(page);
      expect(line.title).toContain('Harbour council approves new ferry timetable');
      for (const p of article.paragraphs) expect(line.text).toContain(p);
      expect(line.text).not.toContain('Home');
    }
  });

  it('prints title, byline and text in readable form', () => {
    const page = tempFile('pages/ferry-plain.html', html);
    const run = wirecheck('extract', page);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^== .*ferry-plain\.html\nTitle: +Harbour council approves new ferry timetable/);
    expect(run.stdout).toMatch(/\nByline: /);
    expect(run.stdout).toContain(article.paragraphs[0]);
  });

  it('extracts the real page fixtures with the titles Readability expects', () => {
    // test/fixtures/pages/<name>/source.html, with Readability's expected-metadata.json beside it.
    const folders = existsSync(pagesDir) ? readdirSync(pagesDir).filter((d) => existsSync(join(pagesDir, d, 'source.html'))).sort() : [];
    if (folders.length === 0) return; // maintained elsewhere; nothing to check until it lands
    const inputs = folders.map((d) => rel(join(pagesDir, d, 'source.html')));
    const run = wirecheck('extract', '--json', ...inputs);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = jsonLines<{ input: string; title: string; byline: string | null; text: string }>(run);
    expect(lines.map((l) => l.input)).toEqual(inputs);
    const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();
    lines.forEach((line, i) => {
      expect(Object.keys(line)).toEqual(['input', 'title', 'byline', 'text']);
      expect(line.text.length).toBeGreaterThan(0);
      const expected = JSON.parse(readFileSync(join(pagesDir, folders[i]!, 'expected-metadata.json'), 'utf8')) as { title?: string | null };
      if (expected.title) expect(collapse(line.title), folders[i]).toBe(collapse(expected.title));
    });
  });
});

describe('wirecheck usage', () => {
  it.each([
    [['check', '--corpus', 'c.jsonl', '--jsn', 'a.txt'], "wirecheck: unknown option '--jsn' (see 'wirecheck check --help')"],
    [['check', 'a.txt'], "wirecheck: --corpus <corpus.jsonl | folder> is required (see 'wirecheck check --help')"],
    [['check', '--corpus'], "wirecheck: --corpus needs a value (see 'wirecheck check --help')"],
    [['extract'], "wirecheck: no pages to extract (see 'wirecheck extract --help')"],
    [['frobnicate'], "wirecheck: unknown command 'frobnicate' (see 'wirecheck --help')"],
    [[], "wirecheck: no command given (see 'wirecheck --help')"],
  ])('%j is a usage error: exit 2, one line on stderr, nothing on stdout', (args, message) => {
    const run = wirecheck(...args);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.errors).toEqual([message]);
  });

  it('prints help for the program and each command on stdout, exit 0', () => {
    for (const [args, first] of [
      [['--help'], 'Usage: wirecheck <command>'],
      [['check', '--help'], 'Usage: wirecheck check --corpus'],
      [['extract', '-h', '--bogus'], 'Usage: wirecheck extract'],
    ] as const) {
      const run = wirecheck(...args);
      expect(run.status).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout.startsWith(first)).toBe(true);
    }
  });
});

describe('parseCommandLine', () => {
  it('reads check options anywhere on the line, and files after --', () => {
    expect(parseCommandLine(['check', 'a.txt', '--json', '-c', 'corpus', '--', '--odd-name.txt'])).toEqual({
      name: 'check',
      corpus: 'corpus',
      json: true,
      evidence: false,
      inputs: ['a.txt', '--odd-name.txt'],
    });
    expect(parseCommandLine(['check', '--evidence', '-c', 'corpus', 'a.txt'])).toMatchObject({ evidence: true, json: false });
  });

  it('adds one "evidence" key, last, with --json --evidence', () => {
    const run = wirecheck('check', '--corpus', rel(seedCorpusPath('both')), '--json', '--evidence', rel(seedPath('001_2b3f9f2055e0df11.txt')));
    expect(run.status).toBe(0);
    const line = JSON.parse(run.stdout.trim());
    expect(Object.keys(line)).toEqual(['input', 'verdict', 'source', 'paraphraseScore', 'coverage', 'candidates', 'evidence']);
    expect(Object.keys(line.evidence)).toEqual(['sourceReuse', 'sharedQuotes', 'substitutions', 'alignedPairs', 'facts']);
    expect(line.evidence.facts.anchorsShared).toBeGreaterThan(10);
    expect(line.evidence.facts.order).toBeGreaterThan(0.5);
    expect(line.evidence.substitutions).toContainEqual({ source: 'senior', page: 'sensible', count: 1 });
    expect(line.evidence.alignedPairs.length).toBeGreaterThan(20);
    expect(line.evidence.alignedPairs.some((p: { quote: boolean }) => p.quote)).toBe(true);
  });

  it.each([
    [['check', '--corpus', 'a', '--corpus', 'b', 'x.txt'], '--corpus given more than once'],
    [['check', '--corpus', '--json', 'x.txt'], '--corpus needs a value'],
    [['check', '--corpus=', 'x.txt'], '--corpus needs a path'],
    [['check', '--json=yes', '--corpus', 'c', 'x.txt'], '--json takes no value'],
    [['check', '--corpus', 'c'], 'no files to check'],
    [['--json', 'check'], "expected a command before '--json'"],
  ])('%j → %s', (args, message) => {
    let error: unknown;
    try {
      parseCommandLine(args);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toBe(message);
  });
});

describe('checkJson', () => {
  const result: MatchResult = {
    source: { id: 'ap-1', title: 'T', url: 'https://apnews.com/x', published: '2023-02-22' },
    verdict: 'edited',
    paraphraseScore: 12,
    coverage: 0.93,
    sourceReuse: 0.8,
    evidence: { pageExplained: 0.9, sourceCarried: 0.8, anchorsExplained: 1, anchorsCarried: 0.9, anchorsShared: 12, order: 1 },
    alignedPairs: [{ pageIndex: 0, pageSentence: 'a', sourceIndices: [0], sourceSentence: 'a', similarity: 1, paraphraseScore: 0, quote: false, edits: [] }],
    substitutions: [{ source: 'senior', page: 'sensible', count: 1, sourceAsWritten: 'senior', pageAsWritten: 'sensible' }],
    sharedQuotes: 0,
    candidates: [{ id: 'ap-1', similarity: 0.7, extra: true } as MatchResult['candidates'][number]],
  };

  it('keeps exactly the documented keys, in order, whatever else the result carries', () => {
    const withExtra = { ...result, source: { ...result.source!, text: 'secret' } } as MatchResult;
    const json = checkJson('page.txt', withExtra);
    expect(JSON.stringify(json)).toBe(
      '{"input":"page.txt","verdict":"edited","source":{"id":"ap-1","title":"T","url":"https://apnews.com/x","published":"2023-02-22"},"paraphraseScore":12,"coverage":0.93,"candidates":[{"id":"ap-1","similarity":0.7}]}',
    );
  });

  it('writes null for a page without a source', () => {
    const none = checkJson('p.html', { ...result, source: null, verdict: 'none', paraphraseScore: null, coverage: 0.1, candidates: [] });
    expect(none).toEqual({ input: 'p.html', verdict: 'none', source: null, paraphraseScore: null, coverage: 0.1, candidates: [] });
  });

  it('colours only the verdict, and only when asked', () => {
    const rows = [{ input: 'p.txt', result }];
    expect(checkTable(rows, { color: false })).not.toContain('\x1b');
    const coloured = checkTable(rows, { color: true });
    expect(coloured).toContain('\x1b[33medited\x1b[0m');
    // eslint-disable-next-line no-control-regex -- ESC starts the colour codes being removed
    expect(coloured.replace(/\x1b\[[0-9;]*m/g, '')).toBe(checkTable(rows, { color: false }));
  });
});
