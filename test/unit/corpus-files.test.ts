import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isIsoDate } from '../../src/core/corpus/dates';
import { type CorpusFileResult, MAX_ERRORS, isHtmlFileName, parseCorpusFile, serializeJsonLines } from '../../src/core/corpus/files';
import { jsonSyntaxError } from '../../src/core/corpus/json-syntax';
import { checkArticleMetadata, MAX_TEXT_CHARS } from '../../src/core/corpus/records';
import type { Article } from '../../src/core/types';
import { extractFromHtml } from '../../src/extraction/node';

const good = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    id: 'ap-1',
    title: 'Council approves budget',
    url: 'https://apnews.com/article/1',
    published: '2024-05-01T14:30:00Z',
    text: 'The city council approved the budget on Tuesday.\n\nThe vote was 7-2.',
    ...over,
  });

const jsonl = (...lines: string[]) => parseCorpusFile({ name: 'corpus.jsonl', content: lines.join('\n') });

/** Errors as "line|message" so a failing test shows the whole story at once. */
const problems = (r: CorpusFileResult) => r.errors.map((e) => (e.line === undefined ? e.message : `${e.line}|${e.message}`));

const htmlExtractor = (html: string) => {
  const a = extractFromHtml(html);
  return a ? { title: a.title, text: a.text, ...(a.published ? { published: a.published } : {}) } : null;
};

describe('JSON lines', () => {
  it('reads one article per line, skipping blank lines', () => {
    const r = jsonl(good(), '', '   ', good({ id: 'ap-2', url: undefined, published: undefined }));
    expect(r.errors).toEqual([]);
    expect(r.articles).toEqual([
      {
        id: 'ap-1',
        title: 'Council approves budget',
        url: 'https://apnews.com/article/1',
        published: '2024-05-01T14:30:00Z',
        text: 'The city council approved the budget on Tuesday.\n\nThe vote was 7-2.',
      },
      { id: 'ap-2', title: 'Council approves budget', url: '', published: '', text: 'The city council approved the budget on Tuesday.\n\nThe vote was 7-2.' },
    ]);
  });

  it('accepts .ndjson and .json, in any case, and CRLF line endings', () => {
    for (const name of ['a.ndjson', 'a.json', 'A.JSONL', 'dir/sub/a.Json']) {
      const r = parseCorpusFile({ name, content: `${good()}\r\n${good({ id: 'ap-2' })}\r\n` });
      expect(r.errors, name).toEqual([]);
      expect(r.articles.map((a) => a.id), name).toEqual(['ap-1', 'ap-2']);
    }
  });

  it('names the line and the JSON problem, and keeps the good lines', () => {
    const r = jsonl(good(), '{"id": "x",', good({ id: 'ap-3' }), '{bad json}');
    expect(r.articles.map((a) => a.id)).toEqual(['ap-1', 'ap-3']);
    expect(r.errors).toHaveLength(2);
    expect(r.errors[0]).toMatchObject({ file: 'corpus.jsonl', line: 2 });
    expect(r.errors[0]!.message).toMatch(/^not valid JSON \(.+\)$/);
    expect(r.errors[1]).toMatchObject({ line: 4, message: expect.stringMatching(/^not valid JSON \(.*at column 2\)$/) });
    // "line 1 column 2" from JSON.parse would contradict our line 4.
    expect(r.errors[1]!.message).not.toMatch(/line/);
  });

  it('words JSON errors itself, with the column, never as the engine does', () => {
    const r = jsonl(good(), `${good({ id: 'ap-2' })} x`, '{"id": "x",', '{"id": "half a line', 'tru', '[1,]', '{"a":"\\q"}', '{"a": 01}');
    expect(problems(r)).toEqual([
      `2|not valid JSON (unexpected 'x' after the end of the JSON value at column ${good({ id: 'ap-2' }).length + 2})`,
      "3|not valid JSON (expected a property name in double quotes, found the end of the line at column 12)",
      '4|not valid JSON (a string that is never closed, starting at column 8)',
      "5|not valid JSON (expected a value, found 'tru' at column 1)",
      "6|not valid JSON (expected a value, found ']' at column 4)",
      '7|not valid JSON (a bad escape (\\q) inside a string at column 7)',
      '8|not valid JSON (a malformed number at column 7)',
    ]);
    for (const e of r.errors) expect(e.message).not.toMatch(/Unexpected|position|non-whitespace|JSON\.parse|is not valid JSON/);
  });

  it('finds a JSON error iteratively, whatever the nesting, and finds none in valid JSON', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(99_999)}`;
    expect(jsonSyntaxError(deep, 'file')).toEqual({ line: 1, column: 200_000, problem: "expected ',' or ']' after an array item, found the end of the file" });
    expect(jsonSyntaxError('{"a": [1, -2.5e3, true, null, "\\u00e9"], "b": {}}')).toBeNull();
    expect(jsonSyntaxError('[\r\n1,\r\n2\r\n]x', 'file')).toEqual({ line: 4, column: 2, problem: "unexpected 'x' after the end of the JSON value" });
  });

  it('counts blank lines in line numbers', () => {
    const r = jsonl('', '', good({ text: '' }));
    expect(problems(r)).toEqual(['3|"text" is missing or empty']);
  });

  it.each([
    [{ id: undefined }, '"id" is missing or empty'],
    [{ id: '' }, '"id" is missing or empty'],
    [{ id: '   ' }, '"id" is missing or empty'],
    [{ id: 42 }, '"id" must be a string, not number'],
    [{ title: null }, '"title" is missing or empty'],
    [{ title: ['a'] }, '"title" must be a string, not object'],
    [{ text: '\u0001\u0002 ' }, '"text" is missing or empty'],
    [{ text: undefined }, '"text" is missing or empty'],
    [{ url: 'javascript:alert(1)' }, '"url" must be an http(s) address, not "javascript:alert(1)"'],
    [{ url: 'not a url' }, '"url" must be an http(s) address, not "not a url"'],
    [{ url: 'ftp://example.com/a' }, '"url" must be an http(s) address, not "ftp://example.com/a"'],
    [{ url: 5 }, '"url" must be a string, not number'],
    [{ published: 'yesterday' }, '"published": "yesterday" is not a date Wirecheck can read: use an ISO date (2023-02-22, 2023-02-22T14:30:00Z), a feed date (Wed, 22 Feb 2023 14:30:00 +0000), 02/22/2023 (month first) or February 22, 2023'],
    [{ published: '2024-02-30' }, '"published": "2024-02-30" is not a real day (feb 2024 has 29 days)'],
    [{ published: '13/01/2024' }, '"published": "13/01/2024" has no month 13'],
    [{ published: 20240501 }, '"published" must be a string, not number'],
  ])('rejects %j: %s', (over, message) => {
    const r = jsonl(good(), good({ id: 'ap-2', ...over }));
    expect(problems(r)).toEqual([`2|${message}`]);
    expect(r.articles.map((a) => a.id)).toEqual(['ap-1']);
  });

  it('refuses HTML markup in a title, and checks metadata without text the same way (corpus packs)', () => {
    expect(problems(jsonl(good({ title: 'Breaking: <b>storm</b> hits' })))).toEqual(['1|"title" holds HTML markup ("<b>"); give the headline as plain text']);
    expect(jsonl(good({ title: 'Why 3 < 5 and 7 > 2 matter' })).errors).toEqual([]);
    const line = jsonl(good({ title: ' Council\u0007  approves ' })).articles[0]!;
    const { text: _text, ...metadata } = line;
    expect(checkArticleMetadata({ id: 'ap-1', title: ' Council\u0007  approves ', url: 'https://apnews.com/article/1', published: '2024-05-01T14:30:00Z' })).toEqual(metadata);
    expect(checkArticleMetadata({ id: 'ap-1', title: 'T', url: 'javascript:alert(1)' })).toBe('"url" must be an http(s) address, not "javascript:alert(1)"');
    expect(checkArticleMetadata({ id: 'ap-1', title: 'T', published: 'not a date' })).toMatch(/^"published": "not a date" is not a date/);
    expect(checkArticleMetadata({ id: '', title: 'T' })).toBe('"id" is missing or empty');
  });

  it('rejects lines that are not objects', () => {
    // The first line is a good object: a file starting with '[' is read as one JSON array.
    const r = jsonl(good(), '"text"', 'null', '7', '[1]');
    expect(problems(r)).toEqual([
      '2|expected a JSON object, got a string',
      '3|expected a JSON object, got null',
      '4|expected a JSON object, got a number',
      '5|expected a JSON object, got an array',
    ]);
  });

  it('reports a duplicate id on the later line only', () => {
    const r = jsonl(good(), good({ id: 'ap-2' }), good({ title: 'Another' }));
    expect(problems(r)).toEqual(['3|duplicate id "ap-1" (first on line 1)']);
    expect(r.articles.map((a) => a.title)).toEqual(['Council approves budget', 'Council approves budget']);
  });

  it('does not count an invalid line as the first holder of an id', () => {
    const r = jsonl(good({ text: '' }), good());
    expect(problems(r)).toEqual(['1|"text" is missing or empty']);
    expect(r.articles).toHaveLength(1);
  });

  it('rejects text over 1,000,000 characters', () => {
    const r = jsonl(good({ text: 'a'.repeat(MAX_TEXT_CHARS + 1) }), good({ id: 'ok', text: 'a'.repeat(MAX_TEXT_CHARS) }));
    expect(problems(r)).toEqual(['1|"text" is too long (1,000,001 characters; the limit is 1,000,000)']);
    expect(r.articles.map((a) => a.id)).toEqual(['ok']);
  });

  it('strips control characters except newline and tab, and normalises line breaks', () => {
    const r = jsonl(good({ id: 'a\u0000b', title: 'Head\u0007line\tone', text: 'One\u0000\u001b two\r\nthree\rfour\tfive\u0085\u007f' }));
    expect(r.errors).toEqual([]);
    expect(r.articles[0]).toMatchObject({ id: 'ab', title: 'Headline one', text: 'One two\nthree\nfour\tfive' });
  });

  it('treats null and empty url and published as unknown', () => {
    const r = jsonl(good({ url: null, published: null }), good({ id: 'b', url: '', published: '' }));
    expect(r.errors).toEqual([]);
    expect(r.articles.map((a) => [a.url, a.published])).toEqual([['', ''], ['', '']]);
  });

  it('ignores fields it does not know', () => {
    const r = jsonl(good({ author: 'AP', tags: ['x'] }));
    expect(r.errors).toEqual([]);
    expect(Object.keys(r.articles[0]!).sort()).toEqual(['id', 'published', 'text', 'title', 'url']);
  });

  it('accepts a byte order mark', () => {
    expect(jsonl(`\uFEFF${good()}`).articles).toHaveLength(1);
  });

  it(`lists at most ${MAX_ERRORS} problems, then counts the rest`, () => {
    const lines = Array.from({ length: 250 }, (_, i) => `row ${i},not,json`);
    const r = parseCorpusFile({ name: 'export.jsonl', content: lines.join('\n') });
    expect(r.errors).toHaveLength(MAX_ERRORS + 1);
    expect(r.errors[MAX_ERRORS - 1]!.line).toBe(MAX_ERRORS);
    expect(r.errors[MAX_ERRORS]).toEqual({ file: 'export.jsonl', message: 'and 150 more problems not listed' });
  });
});

describe('JSON array files', () => {
  it('reads a pretty-printed array of articles', () => {
    const articles = [JSON.parse(good()), JSON.parse(good({ id: 'ap-2' }))];
    const r = parseCorpusFile({ name: 'export.json', content: JSON.stringify(articles, null, 2) });
    expect(r.errors).toEqual([]);
    expect(r.articles.map((a) => a.id)).toEqual(['ap-1', 'ap-2']);
  });

  it('names bad items by number', () => {
    const items = [JSON.parse(good()), { id: 'x' }, JSON.parse(good())];
    const r = parseCorpusFile({ name: 'export.json', content: JSON.stringify(items, null, 2) });
    expect(problems(r)).toEqual(['item 2: "title" is missing or empty', 'item 3: duplicate id "ap-1" (first at item 1)']);
  });

  it('gives the real line of a syntax error when the engine says where it is', () => {
    const r = parseCorpusFile({ name: 'export.json', content: '[\n  {"id": "a"},\n  {"id": "b",}\n]' });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.line).toBe(3);
    expect(r.errors[0]!.message).toMatch(/^not valid JSON \(.*at column \d+\)$/);
    // V8 sometimes quotes the input instead of naming a position: one line, no line number.
    const quoted = parseCorpusFile({ name: 'export.json', content: '[\n  {"id": "a"},\n  {"id": }\n]' });
    expect(quoted.errors).toHaveLength(1);
    expect(quoted.errors[0]!.message).toMatch(/^not valid JSON \([^\n]+\)$/);
  });
});

describe('file types', () => {
  it('names saved web pages by their extension, as the parser reads them', () => {
    expect(['story.html', 'Saved/Story.HTM', 'a.b.htm'].map(isHtmlFileName)).toEqual([true, true, true]);
    expect(['.html', 'story.jsonl', 'story.html.txt', 'html', 'story.xhtml'].map(isHtmlFileName)).toEqual([false, false, false, false, false]);
    expect(parseCorpusFile({ name: '.html', content: '<p>x</p>' }, { extractHtml: () => null }).errors.map((e) => e.message).join()).toMatch(/unsupported file type/);
  });
});

describe('plain text', () => {
  it('takes the headline from the first non-empty line and the story from the rest', () => {
    const content = '\n\n  Council approves   budget  \n\nThe city council approved the budget.\r\n\r\nThe vote was 7-2.\n';
    const r = parseCorpusFile({ name: 'stories/Council Budget (2).TXT', content });
    expect(r.errors).toEqual([]);
    expect(r.articles).toEqual([
      { id: 'txt:council-budget-2', title: 'Council approves budget', url: '', published: '', text: 'The city council approved the budget.\n\nThe vote was 7-2.' },
    ]);
  });

  it('keeps letters of every script in the id', () => {
    const r = parseCorpusFile({ name: 'Café Ünïcode 記事.txt', content: 'Titel\nText des Artikels.' });
    expect(r.articles[0]!.id).toBe('txt:café-ünïcode-記事');
    expect(parseCorpusFile({ name: '!!!.txt', content: 'T\nbody' }).articles[0]!.id).toBe('txt:untitled');
  });

  it('refuses an empty file', () => {
    expect(problems(parseCorpusFile({ name: 'a.txt', content: ' \n\n ' }))).toEqual(['the file is empty']);
  });

  it('indexes a story saved without its headline under its first sentence', () => {
    const one = parseCorpusFile({ name: 'a.txt', content: 'Only one paragraph here, and no headline.\n\n' });
    expect(one.articles).toMatchObject([{ title: 'Only one paragraph here, and no headline.', text: 'Only one paragraph here, and no headline.' }]);
    const story = 'The council voted on Tuesday to close the bridge. Repairs start in May.\n\nDrivers will detour through the town centre.';
    expect(parseCorpusFile({ name: 'b.txt', content: story }).articles).toMatchObject([{ title: 'The council voted on Tuesday to close the bridge.', text: story }]);
  });

  it('refuses a story over the limit', () => {
    const r = parseCorpusFile({ name: 'a.txt', content: `Headline\n${'a'.repeat(MAX_TEXT_CHARS + 1)}` });
    expect(problems(r)).toEqual(['"text" is too long (1,000,001 characters; the limit is 1,000,000)']);
  });

  it('refuses a headline with markup as a JSON Lines title is refused, naming the file', () => {
    const r = parseCorpusFile({ name: 'stories/a.txt', content: 'Council <b>approves</b> budget\n\nThe city council approved the budget.' });
    expect(r.articles).toEqual([]);
    expect(r.errors).toEqual([{ file: 'stories/a.txt', message: '"title" holds HTML markup ("<b>"); give the headline as plain text' }]);
    // The same title on a line reads the same way.
    expect(problems(jsonl(good({ title: 'Council <b>approves</b> budget' })))).toEqual([`1|${r.errors[0]!.message}`]);
    // A headline that only looks like it (a comparison) is plain text.
    expect(parseCorpusFile({ name: 'b.txt', content: 'Rates: 3 < 4 > 2\n\nThe bank kept its rates.' }).errors).toEqual([]);
  });
});

describe('HTML', () => {
  const page = readFileSync(join(import.meta.dirname, '../fixtures/pages/guardian-1/source.html'), 'utf8');

  it('extracts the article with the extractor it is given', () => {
    const r = parseCorpusFile({ name: 'saved/Whale Strandings.html', content: page }, { extractHtml: htmlExtractor });
    expect(r.errors).toEqual([]);
    expect(r.articles).toHaveLength(1);
    const a = r.articles[0]!;
    expect(a.id).toBe('html:whale-strandings');
    expect(a.title).toBe("'What is the sea telling us?': Māori tribes fearful over whale strandings | Eleanor Ainge Roy");
    expect(a.url).toBe('');
    expect(a.published).toBe('2019-01-03T07:00:02.000Z');
    expect(a.text.split('\n\n').length).toBeGreaterThan(10);
  });

  it('passes the file name to the extractor and accepts .htm', () => {
    const names: string[] = [];
    const r = parseCorpusFile(
      { name: 'a.HTM', content: '<p>x</p>' },
      {
        extractHtml: (_html, name) => {
          names.push(name);
          return { title: '', text: 'Body text.', published: 'last Tuesday' };
        },
      },
    );
    expect(names).toEqual(['a.HTM']);
    // An empty title falls back to the file name; an unreadable page date is dropped.
    expect(r.articles).toEqual([{ id: 'html:a', title: 'a', url: '', published: '', text: 'Body text.' }]);
  });

  it('refuses a page whose headline holds markup, as a JSON Lines title is refused', () => {
    const r = parseCorpusFile({ name: 'saved/a.html', content: '<p>x</p>' }, { extractHtml: () => ({ title: 'Council <b>approves</b> budget', text: 'Body text.' }) });
    expect(r.articles).toEqual([]);
    expect(r.errors).toEqual([{ file: 'saved/a.html', message: '"title" holds HTML markup ("<b>"); give the headline as plain text' }]);
  });

  it('says when HTML cannot be read here, or holds no article', () => {
    expect(problems(parseCorpusFile({ name: 'a.html', content: page }))).toEqual(['cannot read HTML here']);
    expect(problems(parseCorpusFile({ name: 'a.html', content: '<html><body><p>Hi</p></body></html>' }, { extractHtml: htmlExtractor }))).toEqual([
      'no article found',
    ]);
    expect(
      problems(
        parseCorpusFile(
          { name: 'a.html', content: '<p>x</p>' },
          {
            extractHtml: () => {
              throw new Error('boom');
            },
          },
        ),
      ),
    ).toEqual(['could not read the HTML (boom)']);
  });
});

describe('files that cannot be used', () => {
  it('names unsupported types', () => {
    expect(parseCorpusFile({ name: 'report.PDF', content: '%PDF-1.7' }).errors).toEqual([
      { file: 'report.PDF', message: 'unsupported file type .pdf; use .jsonl, .txt or .html' },
    ]);
    expect(problems(parseCorpusFile({ name: 'README', content: 'x' }))).toEqual(['unsupported file type without an extension; use .jsonl, .txt or .html']);
    expect(problems(parseCorpusFile({ name: '.jsonl', content: good() }))).toEqual(['unsupported file type without an extension; use .jsonl, .txt or .html']);
  });

  it('refuses text with NUL bytes (UTF-16, binaries) as not UTF-8', () => {
    const utf16 = 'H\u0000e\u0000a\u0000d\u0000\n\u0000';
    for (const name of ['a.txt', 'a.jsonl', 'a.html']) {
      expect(parseCorpusFile({ name, content: utf16 }, { extractHtml: htmlExtractor }).errors).toEqual([{ file: name, message: 'not UTF-8 text' }]);
    }
  });

  it('refuses text full of replacement characters, but tolerates a stray one', () => {
    const latin1 = 'R\uFFFDsum\uFFFD\nLe conseil a approuv\uFFFD le budget. Caf\uFFFD, cr\uFFFDme.';
    expect(problems(parseCorpusFile({ name: 'a.txt', content: latin1 }))).toEqual(['not UTF-8 text']);
    const stray = `Headline\n${'Clean text. '.repeat(200)}One damaged character: \uFFFD.`;
    expect(parseCorpusFile({ name: 'a.txt', content: stray }).errors).toEqual([]);
  });
});

describe('serializeJsonLines', () => {
  const articles: Article[] = [
    { id: 'ap-1', title: 'Council “approves” budget', url: 'https://apnews.com/a?b=1&c=2', published: '2024-05-01', text: 'Line one.\n\nLine "two"\twith a tab.' },
    { id: 'txt:記事', title: '日本語の見出し', url: '', published: '', text: '本文です。\u2028Separator kept.' },
    { id: 'x', title: 'Emoji 🎉', url: 'http://example.com/', published: '2024-05-01T14:30:00+02:00', text: 'Text with \\ backslash and </script>.' },
  ];

  it('writes one object per line and round-trips through the parser', () => {
    const out = serializeJsonLines(articles);
    expect(out.split('\n')).toHaveLength(articles.length + 1);
    expect(out.endsWith('\n')).toBe(true);
    const r = parseCorpusFile({ name: 'corpus.jsonl', content: out });
    expect(r.errors).toEqual([]);
    expect(r.articles).toEqual(articles);
  });

  it('round-trips what the parser produced from messy input', () => {
    const first = jsonl(good({ title: '  Spaced   title ', text: ' a\r\nb\u0000 ' }), good({ id: 'b', url: null }));
    const again = parseCorpusFile({ name: 'x.jsonl', content: serializeJsonLines(first.articles) });
    expect(again).toEqual({ articles: first.articles, errors: [] });
  });

  it('writes nothing for no articles', () => {
    expect(serializeJsonLines([])).toBe('');
    expect(parseCorpusFile({ name: 'empty.jsonl', content: '' })).toEqual({ articles: [], errors: [] });
  });
});

describe('isIsoDate', () => {
  it.each(['2024-05-01', '2024-05-01T14:30Z', '2024-05-01T14:30:00Z', '2024-05-01T14:30:00.123+02:00', '2024-05-01 14:30:00', '2021-11-01T10:52:50+0100', '2024-02-29', '0000-02-29', '2024-05-01T14:30+14:00', '2024-05-01T14:30+02'])(
    'accepts %s',
    (d) => expect(isIsoDate(d)).toBe(true),
  );
  it.each(['', 'yesterday', '05/01/2024', '2024-5-1', '2023-02-29', '2024-13-01', '2024-05-01T25:00:00Z', 'Wed, 01 May 2024 14:30:00 GMT', '2024-05-01T14:30+2400', '2024-05-01T14:30+0160', '9999-12-31T23:30-01:00'])('rejects %s', (d) =>
    expect(isIsoDate(d)).toBe(false),
  );
});

describe('files.ts stays pure', () => {
  // The options page and the CLI share this parser: a DOM or Node API here breaks one of them.
  const source = readFileSync(join(import.meta.dirname, '../../src/core/corpus/files.ts'), 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
  it.each(['window', 'document', 'DOMParser', 'chrome', 'browser', 'process', 'Buffer', 'require('])('does not use %s', (name) => {
    expect(source, `src/core/corpus/files.ts must not use ${name}; pass what it needs in through options`).not.toMatch(new RegExp(`\\b${name.replace('(', '\\(')}`));
  });
  it('imports only types and core modules', () => {
    const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    expect(imports.every((i) => i!.startsWith('../') || i!.startsWith('./'))).toBe(true);
  });
});
