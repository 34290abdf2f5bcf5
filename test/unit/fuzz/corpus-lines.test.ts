// Fuzzing corpus files (src/core/corpus/files.ts) and the CLI that reads them: damaged JSON
// Lines from corpus-gen.ts go through the parser in-process, through `main()` in-process, and
// through a few real `wirecheck` processes. Settings and replay: fuzz.ts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { readDate } from '../../../src/core/corpus/dates';
import { CorpusReader, MAX_ERRORS, parseCorpusFile, serializeJsonLines } from '../../../src/core/corpus/files';
import { jsonSyntaxError } from '../../../src/core/corpus/json-syntax';
import { MAX_TEXT_CHARS, checkArticleMetadata } from '../../../src/core/corpus/records';
import type { Article } from '../../../src/core/types';
import { seedPath } from '../seeds';
import { type CorpusCommand, expectCorpusOutcome, runInProcess, runSpawned } from './cli-oracle';
import { type CorpusCase, expectedCorpus, generateCorpus, strictText } from './corpus-gen';
import { hostileDate } from './mutate';
import { type Rng, SEED_LABEL, ensure, expectNoFailures, preview, runFuzz, share, spawnShare, timeoutFor } from './fuzz';

const FILE = 'test/unit/fuzz/corpus-lines.test.ts';
const lenient = new TextDecoder('utf-8');
const PAGE = seedPath('004_017aadd92dbe6fea.txt');

const tmp = mkdtempSync(join(tmpdir(), 'wirecheck-fuzz-corpus-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const describeCase = (c: CorpusCase) => `${c.name} [${c.recipe.join(', ')}] ${preview(strictText(c.bytes) ?? c.bytes, 400)}`;

// What cleaning leaves out of every field (records.ts CONTROL_CHARS), and what a one-line field holds.
// eslint-disable-next-line no-control-regex -- the controls cleaning removes
const CONTROLS_BUT_TAB_NEWLINE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

/** Everything parseCorpusFile promises about what it returns, whatever it was given. */
function checkParse(name: string, content: string, rng: Rng): void {
  let result;
  try {
    result = parseCorpusFile({ name, content });
  } catch (e) {
    ensure(false, `parseCorpusFile threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
  const { articles, errors } = result!;
  const lines = content.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  ensure(errors.length <= MAX_ERRORS + 1, `${errors.length} errors, more than MAX_ERRORS + 1`);
  for (const e of errors) {
    ensure(e.file === name && typeof e.message === 'string' && e.message !== '', () => `a malformed error ${JSON.stringify(e)}`);
    ensure(e.line === undefined || (Number.isInteger(e.line) && e.line >= 1 && e.line <= lines.length), () => `error line ${e.line} outside 1..${lines.length}`);
  }
  const ids = new Set<string>();
  for (const a of articles) {
    const where = `article ${JSON.stringify(a.id.slice(0, 60))}`;
    for (const key of ['id', 'title'] as const) {
      ensure(typeof a[key] === 'string' && a[key] !== '' && a[key] === a[key].trim(), `${where}: empty or untrimmed ${key}`);
      ensure(!CONTROLS_BUT_TAB_NEWLINE.test(a[key]) && !/[\t\n\r]/.test(a[key]), `${where}: a control character in ${key}: ${preview(a[key])}`);
    }
    ensure(a.text !== '' && a.text.length <= MAX_TEXT_CHARS, `${where}: text of ${a.text.length} characters`);
    ensure(!CONTROLS_BUT_TAB_NEWLINE.test(a.text) && !a.text.includes('\r'), `${where}: a control character in the text`);
    if (a.url !== '') {
      let protocol = '';
      try {
        protocol = new URL(a.url).protocol;
      } catch {
        // not a URL: protocol stays ''
      }
      ensure(protocol === 'http:' || protocol === 'https:', `${where}: url ${preview(a.url)} is not http(s)`);
    }
    const date = readDate(a.published);
    ensure(date.ok && date.iso === a.published, () => `${where}: published ${JSON.stringify(a.published)} does not read back as itself (${JSON.stringify(date)})`);
    ensure(!ids.has(a.id), `${where}: id twice`);
    ids.add(a.id);
    // What a file gives, `wirecheck index` packs and every pack reader checks again (core/pack):
    // a title with markup, say, must not pass here and be refused there.
    const packed = checkArticleMetadata({ ...a });
    ensure(typeof packed !== 'string', () => `${where}: a pack of it would be refused: ${packed as string}`);
  }
  if (!content.trimStart().startsWith('[') && /\.(jsonl|ndjson|json)$/i.test(name)) {
    const nonBlank = lines.filter((l) => l.trim() !== '').length;
    const lineErrors = errors.filter((e) => e.line !== undefined).length;
    ensure(articles.length + lineErrors <= nonBlank, `${articles.length} articles and ${lineErrors} line errors from ${nonBlank} lines`);
    // The parser's own JSON scanner and the engine's JSON.parse agree on every line.
    for (const line of lines) {
      if (line.trim() === '' || line.length > 200_000) continue;
      let parses = true;
      try {
        JSON.parse(line);
      } catch {
        parses = false;
      }
      const found = jsonSyntaxError(line);
      ensure((found === null) === parses, () => `JSON.parse ${parses ? 'accepts' : 'refuses'} a line the scanner ${found ? `faults (${found.problem} at column ${found.column})` : 'accepts'}: ${preview(line)}`);
    }
  }
  if (/\.(jsonl|ndjson|json)$/i.test(name) && !content.trimStart().startsWith('[') && !errors.some((e) => e.message === 'not UTF-8 text')) {
    checkPieces(content.replace(/^\uFEFF/, ''), articles, errors, rng);
  }
  // What was read writes back as JSON Lines that read as the same articles, without a problem.
  // (Not with U+FFFD: the share of them that makes a file "not UTF-8" is per file, so a few
  // articles of a large file may hold more than they could alone.)
  if (articles.length > 0 && !articles.some((a) => Object.values(a).join('').includes('\ufffd'))) {
    const again = parseCorpusFile({ name: 'again.jsonl', content: serializeJsonLines(articles) });
    ensure(again.errors.length === 0, () => `re-reading what was read fails: ${again.errors.slice(0, 3).map((e) => `line ${e.line}: ${e.message}`).join('; ')}`);
    ensure(JSON.stringify(again.articles) === JSON.stringify(articles), 're-reading what was read changes the articles');
  }
}

/**
 * The options page reads JSON Lines in slices (CorpusReader's push): cut anywhere, between a
 * \r and its \n included, the pieces read as the whole file does.
 */
function checkPieces(content: string, whole: readonly Article[], wholeErrors: readonly { line?: number; message: string }[], rng: Rng): void {
  const cuts = new Set<number>();
  for (let n = rng.range(0, 12); n > 0; n--) cuts.add(rng.int(content.length + 1));
  for (let i = content.indexOf('\r\n'); i !== -1 && rng.chance(0.5); i = content.indexOf('\r\n', i + 1)) cuts.add(i + 1);
  const at = [0, ...[...cuts].sort((a, b) => a - b), content.length];
  const read = new CorpusReader().file('pieces.jsonl');
  const articles: Article[] = [];
  for (let k = 1; k < at.length; k++) {
    for (const r of read.push(content.slice(at[k - 1], at[k]))) {
      ensure(r.through >= 0 && r.through <= 1, `progress ${r.through} outside 0..1`);
      articles.push(r.article);
    }
  }
  for (const r of read.end()) articles.push(r.article);
  const show = (list: readonly { line?: number; message: string }[]) => JSON.stringify(list.map((e) => `${e.line}|${e.message}`).slice(0, 4));
  const errors = read.problems();
  ensure(JSON.stringify(articles) === JSON.stringify(whole), () => `read in ${at.length - 1} pieces: ${articles.length} articles, whole: ${whole.length}`);
  ensure(show(errors) === show(wholeErrors) && errors.length === wholeErrors.length, () => `read in ${at.length - 1} pieces, problems ${show(errors)}; whole: ${show(wholeErrors)}`);
}

describe(`fuzz: corpus files (${SEED_LABEL})`, () => {
  const parserCases = share(0.25);
  it(`the parser: ${parserCases} damaged files, nothing thrown, every article valid, round trips`, async () => {
    expectNoFailures(
      await runFuzz({
        name: 'corpus-parse',
        file: FILE,
        count: parserCases,
        generate: (rng) => generateCorpus(rng, { huge: true }),
        boundMs: 2_000,
        describe: describeCase,
        save: (c) => c.bytes,
        check: (c, rng) => {
          // As the CLI and the options page decode it (strict), and as a lenient decoder would.
          const text = strictText(c.bytes);
          if (text !== null) checkParse(c.name, text, rng);
          checkParse(c.name, lenient.decode(c.bytes), rng);
        },
      }),
    );
  }, timeoutFor(parserCases, 20));

  const dateCases = share(0.12);
  it(`dates: ${dateCases} near-dates, each read as itself again and in its own year`, async () => {
    expectNoFailures(
      await runFuzz({
        name: 'corpus-dates',
        file: FILE,
        count: dateCases,
        generate: (rng) => hostileDate(rng),
        boundMs: 200,
        check: (value) => {
          const date = readDate(value);
          if (!date.ok) {
            ensure(typeof date.problem === 'string' && date.problem !== '', 'a refusal without a reason');
            return;
          }
          if (date.iso === '') return;
          const again = readDate(date.iso);
          ensure(again.ok && again.iso === date.iso, () => `read as ${JSON.stringify(date.iso)}, which reads as ${JSON.stringify(again)}`);
          // A time zone moves the day, and so the year, by one at most.
          const year = /(?<!\d)\d{4}(?!\d)/.exec(value)?.[0];
          const got = /^(\d{4})-/.exec(date.iso)?.[1];
          ensure(year === undefined || (got !== undefined && Math.abs(Number(got) - Number(year)) <= 1), () => `${JSON.stringify(value)} read as ${JSON.stringify(date.iso)}, another year`);
        },
      }),
    );
  });

  const cliCases = share(0.06);
  it(`the CLI in-process: ${cliCases} corpora for check and index, exit status as the corpus deserves`, async () => {
    expectNoFailures(
      await runFuzz({
        name: 'corpus-cli',
        file: FILE,
        count: cliCases,
        generate: (rng, i) => ({ c: generateCorpus(rng, { maxLines: 5 }), command: rng.pick(['check', 'index'] as const), keepGoing: rng.chance(0.4), i }),
        boundMs: 10_000,
        describe: ({ c, command, keepGoing }) => `${command}${keepGoing ? ' --keep-going' : ''} ${describeCase(c)}`,
        save: ({ c }) => c.bytes,
        check: async ({ c, command, keepGoing, i }) => {
          const corpus = join(tmp, `in-${i}-${c.name}`);
          writeFileSync(corpus, c.bytes);
          const cmd: CorpusCommand = { command, keepGoing, page: PAGE, output: join(tmp, `in-${i}.wcpack`) };
          const flags = keepGoing ? ['--keep-going'] : [];
          const argv = command === 'check' ? ['check', '--corpus', corpus, '--json', ...flags, PAGE] : ['index', corpus, '-o', cmd.output!, ...flags];
          expectCorpusOutcome(await runInProcess(argv), cmd, expectedCorpus(corpus, c.bytes));
        },
      }),
    );
  }, timeoutFor(cliCases, 200));

  const spawned = spawnShare(0.5);
  it(`the CLI as a process: ${spawned} corpora, no crash, no hang, no exit 0 on a refused corpus`, async () => {
    expectNoFailures(
      await runFuzz({
        name: 'corpus-spawn',
        file: FILE,
        count: spawned,
        generate: (rng, i) => ({ c: generateCorpus(rng, { maxLines: 4 }), command: rng.pick(['check', 'index'] as const), keepGoing: rng.chance(0.3), i }),
        describe: ({ c, command, keepGoing }) => `${command}${keepGoing ? ' --keep-going' : ''} ${describeCase(c)}`,
        save: ({ c }) => c.bytes,
        check: ({ c, command, keepGoing, i }) => {
          const corpus = join(tmp, `sp-${i}-${c.name}`);
          writeFileSync(corpus, c.bytes);
          const cmd: CorpusCommand = { command, keepGoing, page: PAGE, output: join(tmp, `sp-${i}.wcpack`) };
          const flags = keepGoing ? ['--keep-going'] : [];
          const argv = command === 'check' ? ['check', '--corpus', corpus, '--json', ...flags, PAGE] : ['index', corpus, '-o', cmd.output!, ...flags];
          expectCorpusOutcome(runSpawned(argv), cmd, expectedCorpus(corpus, c.bytes));
        },
      }),
    );
  }, timeoutFor(spawned, 1_500));
});
