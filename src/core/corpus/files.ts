/**
 * Corpus files: turn what a reader hands us (JSON lines, plain text, saved web pages) into
 * articles, and say precisely what is wrong with what cannot be used.
 *
 * Why this way:
 * - Pure TypeScript (no DOM, no Node APIs): the options page and the CLI parse the same
 *   files the same way. HTML needs a DOM, so its extraction is passed in by the caller.
 * - Errors are collected, not thrown: one bad line in a 10,000-line export should be named
 *   ({ line: 3, message: 'not valid JSON (...)' }) for the reader to fix, not hide the other
 *   9,999. The caller decides whether a file with errors is imported at all. Messages leave
 *   the line number out because both callers print it from `line`.
 * - A file that was not UTF-8 shows up as NUL bytes (UTF-16, binaries) or as U+FFFD from a
 *   lenient decode (Latin-1, PDFs). Either way the words would never match a page, so the
 *   whole file is refused with one error instead of one per line.
 * - Control characters other than \n and \t are stripped: they are invisible, break
 *   sentence segmentation and have no place in news copy. \r\n and \r become \n.
 * - Errors stop at MAX_ERRORS per file, with a count of the rest: a CSV renamed to .jsonl
 *   should produce a readable list, not 50,000 entries.
 * - A .json file holding one JSON array of articles (a common export shape) is accepted as
 *   well; its problems are named by item number.
 */

import type { Article } from '../types';
import { readDate } from './dates';
import { splitHeadline, titleFromText } from './headline';

export interface CorpusFileError {
  file: string;
  /** 1-based line of the file, when the problem is on one line. */
  line?: number;
  message: string;
}

export interface CorpusFileResult {
  articles: Article[];
  errors: CorpusFileError[];
}

export interface ExtractedHtml {
  title: string;
  text: string;
  published?: string;
}

export interface ParseCorpusOptions {
  /** Finds the article in a saved web page; without it HTML files are refused. */
  extractHtml?: (html: string, name: string) => ExtractedHtml | null;
}

/** Longest article text accepted: ~150,000 words, far beyond any news story. */
export const MAX_TEXT_CHARS = 1_000_000;
export const MAX_ERRORS = 100;
/** For a file input's `accept` attribute. */
export const CORPUS_FILE_ACCEPT = '.jsonl,.ndjson,.json,.txt,.html,.htm';

const JSON_LINES_EXTENSIONS = new Set(['jsonl', 'ndjson', 'json']);
const HTML_EXTENSIONS = new Set(['html', 'htm']);

// C0 and C1 controls and DEL, except \t (09) and \n (0A); \r is turned into \n before this.
const CONTROL_CHARS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

export function parseCorpusFile(file: { name: string; content: string }, opts: ParseCorpusOptions = {}): CorpusFileResult {
  const errors = new ErrorList(file.name);
  const articles: Article[] = [];
  const result = () => ({ articles, errors: errors.list() });

  const extension = extensionOf(file.name);
  const known = JSON_LINES_EXTENSIONS.has(extension) || HTML_EXTENSIONS.has(extension) || extension === 'txt';
  if (!known) {
    const named = extension ? `.${extension}` : 'without an extension';
    errors.add(`unsupported file type ${named}; use .jsonl, .txt or .html`);
    return result();
  }

  const content = file.content.startsWith('\uFEFF') ? file.content.slice(1) : file.content;
  if (!looksLikeText(content)) {
    errors.add('not UTF-8 text');
    return result();
  }

  if (JSON_LINES_EXTENSIONS.has(extension)) parseJson(content, articles, errors);
  else if (extension === 'txt') parseTxt(file.name, content, articles, errors);
  else parseHtml(file.name, content, opts, articles, errors);
  return result();
}

/** One JSON object per line; parseCorpusFile reads it back unchanged. */
export function serializeJsonLines(articles: readonly Article[]): string {
  return articles
    .map(({ id, title, url, published, text }) => JSON.stringify({ id, title, url, published, text }) + '\n')
    .join('');
}

class ErrorList {
  private readonly errors: CorpusFileError[] = [];
  private dropped = 0;

  constructor(private readonly file: string) {}

  add(message: string, line?: number): void {
    if (this.errors.length >= MAX_ERRORS) {
      this.dropped++;
      return;
    }
    // The line stays out of the message: every caller prints it from `line` ("a.jsonl, line 3: ...").
    this.errors.push(line === undefined ? { file: this.file, message } : { file: this.file, line, message });
  }

  list(): CorpusFileError[] {
    if (this.dropped === 0) return this.errors;
    const s = this.dropped === 1 ? '' : 's';
    return [...this.errors, { file: this.file, message: `and ${this.dropped} more problem${s} not listed` }];
  }
}

function extensionOf(name: string): string {
  const base = baseName(name);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

function baseName(name: string): string {
  return name.replace(/^.*[\\/]/, '');
}

/**
 * A handful of U+FFFD can be genuine (text that was damaged before it was saved); more than
 * one in a thousand characters means the file itself was decoded from another encoding.
 */
function looksLikeText(content: string): boolean {
  if (content.includes('\u0000')) return false;
  let replacements = 0;
  for (let i = content.indexOf('\uFFFD'); i !== -1; i = content.indexOf('\uFFFD', i + 1)) replacements++;
  return replacements <= Math.max(1, content.length / 1000);
}

function cleanText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(CONTROL_CHARS, '').trim();
}

function cleanLine(text: string): string {
  return cleanText(text).replace(/\s+/g, ' ');
}

/** "Reuters Story (2).txt" → "reuters-story-2"; letters of every script are kept. */
function slugOf(name: string): string {
  const stem = baseName(name).replace(/\.[^.]*$/, '');
  const slug = stem
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return slug || 'untitled';
}

/** Accepts dates and date-times in ISO 8601 form that name a real calendar day. */
export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // Date rolls 2024-02-30 over to March 1; checking the parts back catches it.
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return false;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 60)) return false;
  return true;
}

function tooLong(text: string): string | null {
  if (text.length <= MAX_TEXT_CHARS) return null;
  const n = (x: number) => x.toLocaleString('en-US');
  return `"text" is too long (${n(text.length)} characters; the limit is ${n(MAX_TEXT_CHARS)})`;
}

function quoteForMessage(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
}

/**
 * Where and why JSON.parse refused `text`, in this module's words ("unexpected 'x' after the
 * end of the JSON value", with a line and a column), found by scanning the text against the
 * JSON grammar. Engines word their messages differently (V8: "Unexpected non-whitespace
 * character after JSON at position 33", sometimes only a snippet of the input; Firefox: "at
 * line 1 column 34 of the JSON data"), so none of their wording is passed on. Called only
 * once JSON.parse has failed; iterative, so deep nesting cannot overflow the stack. `unit`
 * names what ends early: a line of JSON Lines or a whole file.
 */
export function jsonSyntaxError(text: string, unit: 'line' | 'file' = 'line'): { line: number; column: number; problem: string } | null {
  const found = scanJson(text, unit);
  if (!found) return null;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < found.at && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: found.at - lineStart + 1, problem: found.problem };
}

const JSON_NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const JSON_WORD = /[A-Za-z_$][\w$]*/y;
const JSON_ESCAPE = /^(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/;

function scanJson(s: string, unit: 'line' | 'file'): { at: number; problem: string } | null {
  const n = s.length;
  let i = 0;
  const stack: ('{' | '[')[] = [];
  let expect: 'value' | 'first-value' | 'key' | 'first-key' | 'colon' | 'after-value' = 'value';
  const what = (at: number): string => {
    if (at >= n) return `the end of the ${unit}`;
    const code = s.codePointAt(at)!;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    return `'${String.fromCodePoint(code)}'`;
  };
  const string = (): { at: number; problem: string } | null => {
    const open = i;
    for (let j = i + 1; j < n; j++) {
      const c = s.charCodeAt(j);
      if (c === 34) {
        i = j + 1;
        return null;
      }
      if (c < 0x20) return { at: j, problem: `an unescaped control character (${what(j)}) inside a string` };
      if (c === 92) {
        const escape = JSON_ESCAPE.exec(s.slice(j + 1, j + 6));
        if (!escape) return { at: j, problem: `a bad escape (${j + 1 < n ? `\\${s[j + 1]}` : '\\'}) inside a string` };
        j += escape[0].length;
      }
    }
    return { at: open, problem: 'a string that is never closed, starting' };
  };
  for (;;) {
    while (i < n && (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r')) i++;
    const top = stack[stack.length - 1];
    if (expect === 'after-value') {
      if (top === undefined) return i < n ? { at: i, problem: `unexpected ${what(i)} after the end of the JSON value` } : null;
      if (s[i] === ',') {
        i++;
        expect = top === '{' ? 'key' : 'value';
      } else if (s[i] === (top === '{' ? '}' : ']')) {
        i++;
        stack.pop();
      } else {
        return { at: i, problem: `expected ',' or '${top === '{' ? '}' : ']'}' after ${top === '{' ? 'a property value' : 'an array item'}, found ${what(i)}` };
      }
      continue;
    }
    if (expect === 'colon') {
      if (s[i] !== ':') return { at: i, problem: `expected ':' after the property name, found ${what(i)}` };
      i++;
      expect = 'value';
      continue;
    }
    if (expect === 'key' || expect === 'first-key') {
      if (expect === 'first-key' && s[i] === '}') {
        i++;
        stack.pop();
        expect = 'after-value';
        continue;
      }
      if (s[i] !== '"') return { at: i, problem: `expected a property name in double quotes, found ${what(i)}` };
      const bad = string();
      if (bad) return bad;
      expect = 'colon';
      continue;
    }
    if (expect === 'first-value' && s[i] === ']') {
      i++;
      stack.pop();
      expect = 'after-value';
      continue;
    }
    const c = s[i];
    if (c === '{' || c === '[') {
      stack.push(c);
      i++;
      expect = c === '{' ? 'first-key' : 'first-value';
      continue;
    }
    expect = 'after-value';
    if (c === '"') {
      const bad = string();
      if (bad) return bad;
      continue;
    }
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      JSON_NUMBER.lastIndex = i;
      const number = JSON_NUMBER.exec(s);
      const next = number ? s[i + number[0].length] : undefined;
      if (!number || (next !== undefined && /[\w.+-]/.test(next))) return { at: i, problem: 'a malformed number' };
      i += number[0].length;
      continue;
    }
    JSON_WORD.lastIndex = i;
    const word = JSON_WORD.exec(s)?.[0];
    if (word === 'true' || word === 'false' || word === 'null') {
      i += word.length;
      continue;
    }
    const found = word ? `'${word.length > 20 ? `${word.slice(0, 17)}...` : word}'` : what(i);
    return { at: i, problem: `expected a value, found ${found}` };
  }
}

/** "not valid JSON (<what> at column N)", and the line it is on within `content`. */
function jsonProblem(content: string, unit: 'line' | 'file'): { message: string; line?: number } {
  const found = jsonSyntaxError(content, unit);
  if (!found) return { message: 'not valid JSON' };
  return { message: `not valid JSON (${found.problem} at column ${found.column})`, line: found.line };
}

function parseJson(content: string, articles: Article[], errors: ErrorList): void {
  const trimmed = content.trimStart();
  if (trimmed.startsWith('[')) {
    parseJsonArray(content, articles, errors);
    return;
  }
  const seen = new Map<string, number>();
  const lines = content.split(/\r\n|\n|\r/);
  for (let i = 0; i < lines.length; i++) {
    const lineNumber = i + 1;
    const line = lines[i]!;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      errors.add(jsonProblem(line, 'line').message, lineNumber);
      continue;
    }
    const checked = checkRecord(value);
    if (typeof checked === 'string') {
      errors.add(checked, lineNumber);
      continue;
    }
    const first = seen.get(checked.id);
    if (first !== undefined) {
      errors.add(`duplicate id ${quoteForMessage(checked.id)} (first on line ${first})`, lineNumber);
      continue;
    }
    seen.set(checked.id, lineNumber);
    articles.push(checked);
  }
}

function parseJsonArray(content: string, articles: Article[], errors: ErrorList): void {
  let items: unknown[];
  try {
    // Starts with '[', so a successful parse is an array.
    items = JSON.parse(content) as unknown[];
  } catch {
    const { message, line } = jsonProblem(content, 'file');
    errors.add(message, line);
    return;
  }
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const n = index + 1;
    const checked = checkRecord(item);
    if (typeof checked === 'string') return errors.add(`item ${n}: ${checked}`);
    const first = seen.get(checked.id);
    if (first !== undefined) return errors.add(`item ${n}: duplicate id ${quoteForMessage(checked.id)} (first at item ${first})`);
    seen.set(checked.id, n);
    articles.push(checked);
  });
}

/** The article, or what is wrong with it. */
function checkRecord(value: unknown): Article | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    return `expected a JSON object, got ${got}`;
  }
  return checkFields(value as Record<string, unknown>, true) as Article | string;
}

/** An article's fields without its text: what a corpus pack lists for each article. */
export type ArticleMetadata = Omit<Article, 'text'>;

/**
 * The metadata of one article (id, title, url, published) checked and cleaned exactly as a
 * JSON Lines line's are, for records that carry no text: a corpus pack's article list
 * (core/pack) goes through this, so a pack cannot smuggle in what a line could not.
 */
export function checkArticleMetadata(record: Record<string, unknown>): ArticleMetadata | string {
  return checkFields(record, false);
}

/** A tag or a comment: a headline is plain text, and markup in one is a forged or scraped mistake. */
const HTML_MARKUP = /<\/?[a-z][^<>]*>|<!--/i;

function checkFields(record: Record<string, unknown>, withText: boolean): Article | ArticleMetadata | string {
  const required = {} as Record<'id' | 'title' | 'text', string>;
  for (const key of withText ? (['id', 'title', 'text'] as const) : (['id', 'title'] as const)) {
    const field = record[key];
    if (field !== undefined && field !== null && typeof field !== 'string') return `"${key}" must be a string, not ${typeof field}`;
    const cleaned = typeof field === 'string' ? (key === 'text' ? cleanText(field) : cleanLine(field)) : '';
    if (cleaned === '') return `"${key}" is missing or empty`;
    required[key] = cleaned;
  }
  const markup = HTML_MARKUP.exec(required.title);
  if (markup) return `"title" holds HTML markup (${quoteForMessage(markup[0])}); give the headline as plain text`;
  if (withText) {
    const lengthProblem = tooLong(required.text);
    if (lengthProblem) return lengthProblem;
  }

  const url = optionalString(record, 'url');
  if (url.problem) return url.problem;
  if (url.value && !isHttpUrl(url.value)) return `"url" must be an http(s) address, not ${quoteForMessage(url.value)}`;

  const published = optionalString(record, 'published');
  if (published.problem) return published.problem;
  const date = readDate(published.value ?? '');
  if (!date.ok) {
    return `"published": ${date.problem}`;
  }

  const metadata = { id: required.id, title: required.title, url: url.value, published: date.iso };
  return withText ? { ...metadata, text: required.text } : metadata;
}

/** Absent, null and "" all mean "not known". */
function optionalString(record: Record<string, unknown>, key: string): { value: string; problem?: string } {
  const field = record[key];
  if (field === undefined || field === null) return { value: '' };
  if (typeof field !== 'string') return { value: '', problem: `"${key}" must be a string, not ${typeof field}` };
  return { value: cleanLine(field) };
}

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

function parseTxt(name: string, content: string, articles: Article[], errors: ErrorList): void {
  const split = splitHeadline(content);
  const text = cleanText(split.text);
  if (text === '') {
    errors.add('the file is empty');
    return;
  }
  // A story saved without its headline line is indexed under its first sentence.
  const title = split.title ? cleanLine(split.title) : titleFromText(text);
  const lengthProblem = tooLong(text);
  if (lengthProblem) {
    errors.add(lengthProblem);
    return;
  }
  articles.push({ id: `txt:${slugOf(name)}`, title, url: '', published: '', text });
}

function parseHtml(name: string, content: string, opts: ParseCorpusOptions, articles: Article[], errors: ErrorList): void {
  if (!opts.extractHtml) {
    errors.add('cannot read HTML here');
    return;
  }
  let extracted: ExtractedHtml | null;
  try {
    extracted = opts.extractHtml(content, name);
  } catch (e) {
    errors.add(`could not read the HTML (${e instanceof Error ? e.message : String(e)})`);
    return;
  }
  const text = extracted ? cleanText(extracted.text) : '';
  if (!extracted || text === '') {
    errors.add('no article found');
    return;
  }
  const lengthProblem = tooLong(text);
  if (lengthProblem) {
    errors.add(lengthProblem);
    return;
  }
  const title = cleanLine(extracted.title) || cleanLine(baseName(name).replace(/\.[^.]*$/, ''));
  // Pages state dates in many shapes; one we cannot read is dropped, since the reader did
  // not write it and cannot fix it.
  const published = extracted.published ? cleanLine(extracted.published) : '';
  const date = readDate(published);
  articles.push({ id: `html:${slugOf(name)}`, title, url: '', published: date.ok ? date.iso : '', text });
}

/**
 * Gathers several corpus files into one import: parses each, and refuses an id that an
 * earlier file already holds (the first file keeps it). The options page and the CLI both
 * import through this, so they agree on what a multi-file corpus means.
 */
export class CorpusCollector {
  readonly articles: Article[] = [];
  readonly errors: CorpusFileError[] = [];
  private readonly firstFile = new Map<string, string>();

  constructor(private readonly opts: ParseCorpusOptions = {}) {}

  /** `name` is what the parser sees (ids of .txt/.html articles derive from it); `label` is what errors say. */
  addFile(name: string, content: string, label = name): void {
    const parsed = parseCorpusFile({ name, content }, this.opts);
    for (const err of parsed.errors) this.errors.push({ ...err, file: label });
    for (const article of parsed.articles) {
      const earlier = this.firstFile.get(article.id);
      if (earlier !== undefined) {
        this.errors.push({ file: label, message: `duplicate id ${JSON.stringify(article.id)} (first in ${earlier})` });
        continue;
      }
      this.firstFile.set(article.id, label);
      this.articles.push(article);
    }
  }

  addError(error: CorpusFileError): void {
    this.errors.push(error);
  }
}
