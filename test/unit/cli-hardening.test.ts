// The `wirecheck` command against hostile or broken input, as a user runs it (the real
// bin/wirecheck.mjs in a child process): corpora that are empty or partly bad, packs with
// damaged first bytes or forged records, devices, pipes and huge files, folders of links,
// escape sequences in pages and corpora, JSON errors in our own words, and an interrupted
// `index` that must leave nothing behind. Each test fails when its protection is removed.
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeControls, escapeJson } from '../../src/cli/io';
import { DEFAULT_PARAMS } from '../../src/core/fingerprint/minhash';
import { buildPack } from '../../src/core/pack/build';
import { encodePack, openPack } from '../../src/core/pack/pack';
import { bin, root, type Run, runWirecheck, signalWhileWriting, toJsonl, writeTemp } from './cli-run';
import { seedCorpus, seedCorpusPath, seedPath } from './seeds';
import { syntheticArticles } from './storage-synthetic';

function wirecheck(...args: string[]): Run {
  // A short timeout: what these tests guard against is a command that never ends.
  return runWirecheck(args, 30_000);
}

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'wirecheck-hard-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const tempFile = (name: string, content: string | Uint8Array) => writeTemp(tmp, name, content);
const full = () => seedCorpus('both').find((a) => a.id === 'ap-ties-full')!;
const page = relative(root, seedPath('004_017aadd92dbe6fea.txt'));
const seedJsonl = relative(root, seedCorpusPath('both'));
const posix = process.platform !== 'win32';

describe('1. an empty corpus, or one with bad files or lines', () => {
  it.each([
    ['empty.jsonl', ''],
    ['blank.jsonl', '  \n\n\t\n'],
    ['nothing.json', '[]'],
  ])('%s is an error for check and index, with or without --keep-going', (name, content) => {
    const corpus = tempFile(`empty/${name}`, content);
    const said = content.trim() === '' ? 'the file is empty' : 'no articles in this file';
    for (const keepGoing of [[], ['--keep-going']]) {
      const check = wirecheck('check', '--corpus', corpus, '--json', ...keepGoing, page);
      expect(check.status).toBe(1);
      expect(check.stdout).toBe('');
      expect(check.errors).toEqual([`wirecheck: ${corpus}: ${said}`, `wirecheck: ${corpus}: no articles in the corpus; nothing checked`]);
      const out = join(tmp, `empty/${name}.wcpack`);
      const index = wirecheck('index', corpus, '-o', out, ...keepGoing);
      expect(index.status).toBe(1);
      expect(index.errors.at(-1)).toBe(`wirecheck: ${corpus}: no articles in the corpus; nothing written`);
      expect(existsSync(out)).toBe(false);
    }
  });

  it('an empty file in a folder is a problem like a bad line', () => {
    tempFile('folder-empty/full.jsonl', toJsonl([full()]));
    tempFile('folder-empty/empty.txt', '\n \n');
    const dir = join(tmp, 'folder-empty');
    const run = wirecheck('check', '--corpus', dir, '--json', page);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.errors[0]).toBe(`wirecheck: ${join(dir, 'empty.txt')}: the file is empty`);
  });

  it('index writes nothing from a corpus with a bad line, unless --keep-going (then exit 1)', () => {
    const corpus = tempFile('bad-line.jsonl', `${toJsonl([full()])}{"id": "x", "title": 5}\n`);
    const out = join(tmp, 'bad-line.wcpack');
    const refused = wirecheck('index', corpus, '-o', out);
    expect(refused.status).toBe(1);
    expect(refused.errors).toEqual([
      `wirecheck: ${corpus} line 2: "title" must be a string, not number`,
      `wirecheck: ${corpus}: 1 problem in the corpus (listed above); nothing written: fix the corpus, or pass --keep-going to pack the 1 article that loaded`,
    ]);
    expect(existsSync(out)).toBe(false);
    const kept = wirecheck('index', corpus, '-o', out, '--keep-going');
    expect(kept.status).toBe(1);
    expect(kept.errors[1]).toBe(`wirecheck: ${corpus}: 1 problem in the corpus (listed above); packing the 1 article that loaded (--keep-going)`);
    expect(kept.errors[2]).toMatch(/^wirecheck: wrote .*bad-line\.wcpack: 1 articles/);
    expect(openPack(readFileSync(out)).articles.map((a) => a.id)).toEqual(['ap-ties-full']);
  });

  it('check refuses a corpus with a bad line and checks nothing; --keep-going checks, exit 1', () => {
    const corpus = tempFile('bad-line-check.jsonl', `${toJsonl([full()])}not json at all\n`);
    const refused = wirecheck('check', '--corpus', corpus, page);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toBe('');
    const kept = wirecheck('check', '--corpus', corpus, '--keep-going', page);
    expect(kept.status).toBe(1);
    expect(kept.stdout).toMatch(/verbatim/);
    expect(kept.errors[0]).toMatch(/line 2: not valid JSON/);
  });

  it('index refuses a .txt or .html file whose headline holds markup, naming the file, as it refuses such a line', () => {
    const body = full().text;
    const files: [string, string][] = [
      ['markup/story.txt', `Council <b>approves</b> budget\n\n${body}`],
      ['markup/story.html', `<html><head><title>Council &lt;b&gt;approves&lt;/b&gt; budget</title></head><body><article><h1>Council &lt;b&gt;approves&lt;/b&gt; budget</h1>${body.split(/\n\s*\n/).map((p) => `<p>${p}</p>`).join('')}</article></body></html>`],
    ];
    for (const [name, content] of files) {
      const corpus = tempFile(name, content);
      const out = `${corpus}.wcpack`;
      const run = wirecheck('index', corpus, '-o', out);
      expect(run.status, name).toBe(1);
      expect(run.errors[0]).toBe(`wirecheck: ${corpus}: "title" holds HTML markup ("<b>"); give the headline as plain text`);
      expect(existsSync(out)).toBe(false);
    }
  });

  it('a pack without articles is an error', async () => {
    const pack = tempFile('none.wcpack', await buildPack([]));
    const run = wirecheck('check', '--corpus', pack, page);
    expect(run.status).toBe(1);
    expect(run.errors).toEqual([`wirecheck: ${pack}: the corpus pack holds no articles; nothing checked`]);
  });
});

describe('2. a pack with damaged first bytes', () => {
  let bytes: Uint8Array;
  beforeAll(async () => {
    bytes = await buildPack(seedCorpus('both'));
  });
  const damaged = "the corpus pack is damaged (its first bytes are not a pack's signature)";

  it.each([
    ['one bit of the magic flipped', 'flipped.jsonl', (b: Uint8Array) => void (b[0]! ^= 0x10)],
    ['the magic blanked, the rest of the prefix a pack’s', 'blanked.jsonl', (b: Uint8Array) => void b.fill(0x20, 0, 8)],
    ['the whole prefix overwritten, the header intact', 'prefix.txt', (b: Uint8Array) => void b.fill(0x41, 0, 24)],
    ['a pack’s name, garbage bytes', 'garbage.wcpack', (b: Uint8Array) => void b.fill(0x41, 0, 64)],
  ])('%s: said to be a damaged pack, never read as JSON Lines', (_, name, damage) => {
    const copy = bytes.slice();
    damage(copy);
    const file = tempFile(`damaged/${name}`, copy);
    for (const args of [['check', '--corpus', file, page], ['index', file, '-o', join(tmp, 'damaged/out.wcpack')]]) {
      const run = wirecheck(...args);
      expect(run.status).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.errors).toEqual([`wirecheck: ${file}: ${damaged}`]);
    }
  });

  it('binary bytes under another name are not taken for text either', () => {
    const copy = bytes.slice();
    copy.fill(0x41, 0, 64);
    const file = tempFile('damaged/corpus.bin', copy);
    const run = wirecheck('check', '--corpus', file, page);
    expect(run.status).toBe(1);
    expect(run.errors).toEqual([`wirecheck: ${file}: not UTF-8 text, nor a corpus pack (if it is one, it is damaged: its first bytes are not a pack's signature)`]);
  });
});

describe.runIf(posix)('3. devices, pipes and huge files', () => {
  it('refuses /dev/zero as the corpus, at once', () => {
    const started = Date.now();
    const run = wirecheck('check', '--corpus', '/dev/zero', page);
    expect(run.status).toBe(1);
    expect(run.errors).toEqual(['wirecheck: /dev/zero: not a regular file (a character device); only regular files are read']);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('refuses an input that is a link to /dev/urandom, for check and extract', () => {
    const link = join(tmp, 'random.html');
    symlinkSync('/dev/urandom', link);
    const said = `wirecheck: ${link}: not a regular file (a character device); only regular files are read`;
    const check = wirecheck('check', '--corpus', seedJsonl, '--json', link, page);
    expect(check.status).toBe(1);
    expect(check.errors).toEqual([said]);
    expect(check.stdout.trim().split('\n')).toHaveLength(1);
    expect(wirecheck('extract', link).errors).toEqual([said]);
  });

  it('refuses a named pipe as the corpus and as an input without waiting for a writer', () => {
    const fifo = join(tmp, 'pipe.jsonl');
    execFileSync('mkfifo', [fifo]);
    const corpus = wirecheck('check', '--corpus', fifo, page);
    expect(corpus.status).toBe(1);
    expect(corpus.errors).toEqual([`wirecheck: ${fifo}: not a regular file (a named pipe); only regular files are read`]);
    const fifoPage = join(tmp, 'pipe.txt');
    execFileSync('mkfifo', [fifoPage]);
    const input = wirecheck('check', '--corpus', seedJsonl, fifoPage);
    expect(input.errors).toEqual([`wirecheck: ${fifoPage}: not a regular file (a named pipe); only regular files are read`]);
  });

  it('refuses files over the size limit, saying the limit (sparse files: no disk used)', () => {
    const sparse = (name: string, size: number) => {
      const path = join(tmp, name);
      const fd = openSync(path, 'w');
      ftruncateSync(fd, size);
      closeSync(fd);
      return path;
    };
    const corpus = sparse('huge.jsonl', 300 * 1024 * 1024);
    const run = wirecheck('check', '--corpus', corpus, page);
    expect(run.status).toBe(1);
    expect(run.errors).toEqual([
      `wirecheck: ${corpus}: too large to read (300 MB; a corpus file may be up to 256 MB: split the corpus into several files in a folder, or make a pack with wirecheck index)`,
    ]);
    const bigPage = sparse('huge.txt', 17 * 1024 * 1024);
    expect(wirecheck('check', '--corpus', seedJsonl, bigPage).errors).toEqual([`wirecheck: ${bigPage}: too large to read (17 MB; a page may be up to 16 MB)`]);
  });
});

describe.runIf(posix)('4. a corpus folder with links and odd entries', () => {
  it('follows links to regular files and lists every entry it skips, one line each', () => {
    const dir = join(tmp, 'links');
    const elsewhere = tempFile('elsewhere/story.jsonl', toJsonl([full()]));
    mkdirSync(dir, { recursive: true });
    symlinkSync(elsewhere, join(dir, 'a-linked.jsonl'));
    symlinkSync(join(tmp, 'no-such-file.jsonl'), join(dir, 'b-dangling.jsonl'));
    symlinkSync('/dev/zero', join(dir, 'c-zero.jsonl'));
    execFileSync('mkfifo', [join(dir, 'd-pipe.txt')]);
    writeFileSync(join(dir, 'e-notes.md'), 'notes\n');
    const run = wirecheck('check', '--corpus', dir, '--json', page);
    expect(run.errors).toEqual([
      `wirecheck: ${join(dir, 'b-dangling.jsonl')}: skipped (a symbolic link to nothing)`,
      `wirecheck: ${join(dir, 'c-zero.jsonl')}: skipped (a symbolic link to a character device, not a regular file)`,
      `wirecheck: ${join(dir, 'd-pipe.txt')}: skipped (a named pipe, not a regular file)`,
      `wirecheck: ${join(dir, 'e-notes.md')}: skipped (not a .jsonl, .ndjson, .txt, .html or .htm file)`,
    ]);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ verdict: 'verbatim', source: { id: 'ap-ties-full' } });
  });
});

/** Every character escapeControls must write out, as a class. */
// eslint-disable-next-line no-control-regex -- the controls escapeControls must write out
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

describe('5. escape sequences and bidirectional controls from pages and corpora', () => {
  // The page copies the seed story, its title starting with an OSC "set window title" sequence
  // and its first paragraph with colour codes and a right-to-left override, all as HTML
  // character references (decoded by the extraction); the corpus title carries bidi controls.
  const story = full();
  const paragraphs = story.text.split(/\n\s*\n/);
  // (&#x9b; would be read as U+203A, as HTML maps C1 references; a raw U+009B is a one-byte CSI.)
  paragraphs[0] = `&#27;[31mRED&#27;[0m &#x202E;evil&#x202C; \u009b2J ${paragraphs[0]}`;
  const title = `&#27;]0;pwned&#7;${story.title}`;
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><article><h1>${title}</h1>${paragraphs.map((p) => `<p>${p}</p>`).join('')}</article></body></html>`;
  let evilPage: string;
  let corpus: string;
  beforeAll(() => {
    evilPage = tempFile('evil/page.html', html);
    corpus = tempFile('evil/corpus.jsonl', toJsonl([{ ...story, title: `\u202e${story.title}\u2066x\u2069` }]));
  });

  it('the table and --evidence show them written out, never raw', () => {
    const run = wirecheck('check', '--corpus', corpus, '--evidence', evilPage);
    expect(run.status).toBe(0);
    expect(run.stdout).not.toMatch(UNSAFE);
    expect(run.stdout).toContain('\\u202eRussia and China');
    expect(run.stdout).toContain('\\x1b]0;pwned\\x07Russia and China');
  });

  it('extract shows them written out, keeping the text’s own newlines', () => {
    const run = wirecheck('extract', evilPage);
    expect(run.status).toBe(0);
    expect(run.stdout).not.toMatch(UNSAFE);
    expect(run.stdout).toContain('Title:  \\x1b]0;pwned\\x07Russia');
    expect(run.stdout).toContain('\\x1b[31mRED\\x1b[0m \\u202eevil\\u202c \\x9b2J');
    expect(run.stdout.split('\n').length).toBeGreaterThan(10);
  });

  it('stderr writes out what a file name or a corpus line holds', () => {
    const name = join(tmp, 'evil', 'missing\x1b[31m\u202e.txt');
    // Control characters are stripped from a corpus line's fields, bidi controls are not.
    const bad = tempFile('evil/bad\x07.jsonl', `${toJsonl([story])}{"id": "x", "title": "T", "text": "t", "url": "javascript:\u202e"}\n`);
    const run = wirecheck('check', '--corpus', bad, '--keep-going', name);
    expect(run.stderr).not.toMatch(UNSAFE);
    expect(run.errors[0]).toBe(`wirecheck: ${join(tmp, 'evil', 'bad\\x07.jsonl')} line 2: "url" must be an http(s) address, not "javascript:\\u202e"`);
    expect(run.errors[2]).toBe(`wirecheck: ${join(tmp, 'evil', 'missing\\x1b[31m\\u202e.txt')}: no such file`);
    const missing = wirecheck('check', '--corpus', corpus, name);
    expect(missing.errors).toEqual([`wirecheck: ${join(tmp, 'evil', 'missing\\x1b[31m\\u202e.txt')}: no such file`]);
  });

  it('JSON output writes them as \\u escapes, which read back as the text', () => {
    const run = wirecheck('check', '--corpus', corpus, '--json', '--evidence', evilPage);
    expect(run.stdout).not.toMatch(UNSAFE);
    expect(run.stdout).toContain('\\u202eRussia and China');
    const line = JSON.parse(run.stdout) as { source: { title: string } };
    expect(line.source.title).toBe(`\u202e${story.title}\u2066x\u2069`);
    const extracted = wirecheck('extract', '--json', evilPage);
    expect(extracted.stdout).not.toMatch(UNSAFE);
    expect(extracted.stdout).toContain('\\u001b[31mRED\\u001b[0m \\u202eevil\\u202c \\u009b2J');
    expect((JSON.parse(extracted.stdout) as { text: string }).text).toContain('\x1b[31mRED\x1b[0m \u202eevil\u202c \u009b2J');
  });

  it('escapeJson escapes what JSON.stringify leaves raw, and JSON reads it back unchanged', () => {
    const value = { t: 'a\u007f\u0080\u009b\u061c\u200e\u200f\u2028\u2029\u202a\u202e\u2066\u2069 Zürich — 東京 😀' };
    const json = escapeJson(JSON.stringify(value));
    expect(json).toBe('{"t":"a\\u007f\\u0080\\u009b\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a\\u202e\\u2066\\u2069 Zürich — 東京 😀"}');
    expect(JSON.parse(json)).toEqual(value);
  });

  it('escapeControls writes C0, C1, DEL and bidi controls out, and spares newlines only when told', () => {
    expect(escapeControls('a\x1b[0m\x07\x9b\x7f\tb\r\nc\u202e\u2066\u200f\u061c')).toBe('a\\x1b[0m\\x07\\x9b\\x7f\\tb\\r\\nc\\u202e\\u2066\\u200f\\u061c');
    expect(escapeControls('one\ntwo\x1b', { newlines: true })).toBe('one\ntwo\\x1b');
    expect(escapeControls('Zürich — “quoted” 東京 \u00a0')).toBe('Zürich — “quoted” 東京 \u00a0');
  });
});

describe('6. a forged pack: a valid checksum over records a JSON Lines line could not hold', () => {
  it.each([
    [{ url: 'javascript:alert(1)' }, '"url" must be an http(s) address, not "javascript:alert(1)"'],
    [{ title: 'Breaking <img src=x onerror=alert(1)>' }, '"title" holds HTML markup ("<img src=x onerror=alert(1)>"); give the headline as plain text'],
    [{ published: 'not a date' }, '"published": "not a date" is not a date Wirecheck can read'],
  ])('%j is refused with the record and the reason', async (forged, reason) => {
    const pack = openPack(await buildPack(seedCorpus('both')));
    const articles = pack.articles.map((a, i) => (i === 1 ? { ...a, ...forged } : a));
    const bytes = encodePack({
      params: DEFAULT_PARAMS,
      articles,
      bandKeys: new Uint32Array(pack.articles.flatMap((_, i) => [...pack.bandKeysOf(i)])),
      texts: pack.articles.map((_, i) => pack.compressedText(i)),
      snapshot: pack.index.toSnapshot(),
    });
    const file = tempFile('forged.wcpack', bytes);
    const run = wirecheck('check', '--corpus', file, '--json', page);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toContain(`wirecheck: ${file}: the corpus pack has 1 invalid article record, refused: article 2 ("${pack.articles[1]!.id}"): ${reason}`);
  });
});

describe('6b. a forged pack: a valid checksum over a text that does not inflate', () => {
  it('is refused before any check, blaming the pack and naming the article, with any number of jobs', async () => {
    const pack = openPack(await buildPack(seedCorpus('both')));
    const bytes = encodePack({
      params: DEFAULT_PARAMS,
      articles: pack.articles,
      bandKeys: new Uint32Array(pack.articles.flatMap((_, i) => [...pack.bandKeysOf(i)])),
      texts: pack.articles.map((_, i) => (i === 1 ? Uint8Array.of(1, 2, 3, 4, 5) : pack.compressedText(i))),
      snapshot: pack.index.toSnapshot(),
    });
    const file = tempFile('forged-text.wcpack', bytes);
    for (const jobs of ['1', '2']) {
      const run = wirecheck('check', '--corpus', file, '--json', '--jobs', jobs, page, page);
      expect(run.status).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.errors).toEqual([`wirecheck: ${file}: the corpus pack is damaged (article 2 (${JSON.stringify(pack.articles[1]!.id)}): its text does not read: unexpected EOF)`]);
    }
  });
});

describe('7. JSON errors in corpus lines', () => {
  it('name the line and column in our words, never the engine’s', () => {
    const good = JSON.stringify(full());
    const corpus = tempFile('json-errors.jsonl', `${good}\n{"id": "a", "title": "T"} x\n{"id": "b",, "title": "T"}\n{"id": "c", "text": "tab\there"}\n`);
    const run = wirecheck('check', '--corpus', corpus, '--keep-going', '--json', page);
    expect(run.errors.slice(0, 3)).toEqual([
      `wirecheck: ${corpus} line 2: not valid JSON (unexpected 'x' after the end of the JSON value at column 27)`,
      `wirecheck: ${corpus} line 3: not valid JSON (expected a property name in double quotes, found ',' at column 12)`,
      `wirecheck: ${corpus} line 4: not valid JSON (an unescaped control character (U+0009) inside a string at column 25)`,
    ]);
    expect(run.stderr).not.toMatch(/Unexpected|position|JSON\.parse|non-whitespace/);
  });
});

describe.runIf(posix)('8. an interrupted index', () => {
  // The temporary file is made a named pipe before the command reaches it (its name is known
  // from the child's pid): the command then blocks writing into it, with the file present,
  // for as long as the test wants. A real disk write is too quick to interrupt reliably.
  let corpus: string;
  beforeAll(() => {
    // Packs to far more than a pipe holds (64 KiB), so the write blocks.
    corpus = tempFile('big/corpus.jsonl', toJsonl(syntheticArticles(300, { words: 200, seed: 3 })));
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s removes <out>.<pid>.part and exits %i, writing nothing', async (signal, status) => {
    const out = join(tmp, 'big', `${signal}.wcpack`);
    const child = spawn(process.execPath, [bin, 'index', corpus, '-o', out], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    let exited = false;
    const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, sig) => {
        exited = true;
        resolve({ code, signal: sig });
      }),
    );
    const part = `${out}.${child.pid}.part`;
    await signalWhileWriting(child, part, signal, { exited: () => exited, stderr: () => stderr });
    expect(await exit).toEqual({ code: status, signal: null });
    expect(existsSync(part)).toBe(false);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(join(tmp, 'big')).filter((f) => f.startsWith(signal))).toEqual([]);
    expect(stderr).toBe(`wirecheck: ${out}: interrupted (${signal}); the unfinished pack was removed, nothing written\n`);
  }, 90_000);
});
