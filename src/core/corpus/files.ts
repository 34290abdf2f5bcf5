/**
 * Corpus files: turn what a reader hands us (JSON Lines, plain text, saved web pages) into
 * articles, and say precisely what is wrong with what cannot be used.
 *
 * Why this way:
 * - Pure TypeScript (no DOM, no Node APIs): the options page and the CLI parse the same
 *   files the same way. HTML needs a DOM, so its extraction is passed in by the caller.
 * - Errors are collected, not thrown: one bad line in a 10,000-line export should be named
 *   ({ line: 3, message: 'not valid JSON (...)' }) for the reader to fix, not hide the other
 *   9,999. The caller decides whether a file with errors is imported at all. Messages leave
 *   the line number out because every caller prints it from `line`.
 * - A file that was not UTF-8 shows up as NUL bytes (UTF-16, binaries) or as U+FFFD from a
 *   lenient decode (Latin-1, PDFs). Either way the words would never match a page, so the
 *   whole file is refused with one error instead of one per line.
 * - Errors stop at MAX_ERRORS per file, with a count of the rest: a CSV renamed to .jsonl
 *   should produce a readable list, not 50,000 entries.
 * - A .json or .jsonl file holding one JSON array of articles (a common export shape) is
 *   accepted as well; its problems are named by item number.
 * - One reader, two ways in. `CorpusReader` reads the files of one import and keeps every id
 *   it has seen, so a repeated id is refused wherever it is, with one wording: "(first on line
 *   3)" or "(first at item 2)" within a file, "(first in a.jsonl)" across files. A JSON Lines
 *   file can be pushed to it in pieces cut anywhere (the options page reads 1 MiB slices of
 *   files too large to be one string); lines and their numbers carry across the pieces. A
 *   whole file of any kind is parsed as `parseCorpusFile` parses it, and an id another file
 *   holds is a problem of the file, listed after the file's own.
 * - Each record's fields are checked in records.ts, a JSON syntax error is located and worded
 *   in json-syntax.ts. An article read from a .txt or .html file goes through the same check
 *   as a JSON Lines record, so every form refuses what one refuses (markup in a headline, say)
 *   in the same words, and nothing a file gives is refused later by a corpus pack's reader.
 */

import type { Article } from '../types';
import { readDate } from './dates';
import { splitHeadline, titleFromText } from './headline';
import { jsonProblem } from './json-syntax';
import { checkRecord, cleanLine, cleanText, quoteForMessage, tooLong } from './records';

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

export const MAX_ERRORS = 100;
/** For a file input's `accept` attribute. */
export const CORPUS_FILE_ACCEPT = '.jsonl,.ndjson,.json,.txt,.html,.htm';

const JSON_LINES_EXTENSIONS = new Set(['jsonl', 'ndjson', 'json']);
const HTML_EXTENSIONS = new Set(['html', 'htm']);
const LINE_BREAK = /\r\n|\n|\r/;

/** Whether a file of this name is read as a saved web page (it needs an HTML extractor). */
export function isHtmlFileName(name: string): boolean {
  return HTML_EXTENSIONS.has(extensionOf(name));
}

/** One file, whole: its articles and its problems. Ids are unique within the file. */
export function parseCorpusFile(file: { name: string; content: string }, opts: ParseCorpusOptions = {}): CorpusFileResult {
  const errors = new ErrorList(file.name);
  const articles = parseWhole(file.name, file.content, opts, errors);
  return { articles, errors: errors.list() };
}

/** One JSON object per line; parseCorpusFile reads it back unchanged. */
export function serializeJsonLines(articles: readonly Article[]): string {
  return articles
    .map(({ id, title, url, published, text }) => JSON.stringify({ id, title, url, published, text }) + '\n')
    .join('');
}

/** The files of one import, read into articles whose ids are unique across all of them. */
export class CorpusReader {
  private readonly ids = new SeenIds();

  constructor(private readonly opts: ParseCorpusOptions = {}) {}

  /** Starts reading one file; `label` is what its problems and later duplicates name it. */
  file(label: string): CorpusFileReader {
    return new CorpusFileReader(label, this.ids, this.opts, new ErrorList(label));
  }
}

/** An article of a JSON Lines file read in pieces, with where its line is. */
export interface LineArticle {
  article: Article;
  line: number;
  /**
   * How far through the piece just pushed (0–1, counting the unfinished line carried over
   * from the piece before) this article's line ends: for a progress bar.
   */
  through: number;
}

/** One file of a CorpusReader: a whole file, or a JSON Lines file in pieces. */
export class CorpusFileReader {
  private carry = '';
  private line = 0;

  /** @internal Made by CorpusReader.file (and by parseCorpusFile for its one file). */
  constructor(
    readonly label: string,
    private readonly ids: SeenIds,
    private readonly opts: ParseCorpusOptions,
    private readonly errors: ErrorList,
  ) {}

  /** A whole file of any kind: `name` gives its type and the ids of .txt and .html articles. */
  readWhole(name: string, content: string): Article[] {
    const kept: Article[] = [];
    for (const article of parseWhole(name, content, this.opts, this.errors)) {
      const duplicate = this.ids.claim(article.id, { file: this, label: this.label });
      if (duplicate) this.errors.add(duplicate);
      else kept.push(article);
    }
    return kept;
  }

  /** The next piece of a JSON Lines file, cut anywhere: the articles of the lines it completes. */
  push(piece: string): LineArticle[] {
    const text = this.carry + piece;
    // A "\r" at the end may be the first half of "\r\n": it waits for the next piece.
    const cut = text.endsWith('\r') ? text.length - 1 : text.length;
    const lines = text.slice(0, cut).split(LINE_BREAK);
    this.carry = lines.pop()! + text.slice(cut);
    const out: LineArticle[] = [];
    let consumed = 0;
    for (const line of lines) {
      consumed += line.length + 1;
      const article = this.readLine(line, ++this.line);
      if (article) out.push({ article, line: this.line, through: Math.min(consumed, text.length) / Math.max(1, text.length) });
    }
    return out;
  }

  /** The end of a JSON Lines file: the articles of its last line. */
  end(): LineArticle[] {
    const lines = this.carry.split(LINE_BREAK);
    this.carry = '';
    const out: LineArticle[] = [];
    for (const line of lines) {
      const article = this.readLine(line, ++this.line);
      if (article) out.push({ article, line: this.line, through: 1 });
    }
    return out;
  }

  /** A problem found outside the parser (the file could not be decoded, say). */
  addProblem(message: string, line?: number): void {
    this.errors.add(message, line);
  }

  /** Problems of this file, at most MAX_ERRORS and a line counting the rest. */
  problems(): CorpusFileError[] {
    return this.errors.list();
  }

  /** How many problems, the unlisted ones included. */
  get problemCount(): number {
    return this.errors.count;
  }

  private readLine(text: string, line: number): Article | null {
    if (text.trim() === '') return null;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      this.errors.add(jsonProblem(text, 'line').message, line);
      return null;
    }
    const checked = checkRecord(value);
    const problem = typeof checked === 'string' ? checked : this.ids.claim(checked.id, { file: this, label: this.label, line });
    if (problem === null) return checked as Article;
    this.errors.add(problem, line);
    return null;
  }
}

/**
 * Gathers several whole corpus files into one list of articles: each file parsed, and an id
 * that an earlier file already holds refused (the first file keeps it). The options page and
 * the CLI both read through CorpusReader, so they agree on what a multi-file corpus means.
 */
export class CorpusCollector {
  readonly articles: Article[] = [];
  readonly errors: CorpusFileError[] = [];
  private readonly reader: CorpusReader;

  constructor(opts: ParseCorpusOptions = {}) {
    this.reader = new CorpusReader(opts);
  }

  /** `name` is what the parser sees (ids of .txt/.html articles derive from it); `label` is what errors say. */
  addFile(name: string, content: string, label = name): void {
    const file = this.reader.file(label);
    for (const article of file.readWhole(name, content)) this.articles.push(article);
    for (const error of file.problems()) this.errors.push(error);
  }

  addError(error: CorpusFileError): void {
    this.errors.push(error);
  }
}

/** Where an id was first read: the file (its reader), and the line or array item in it. */
interface FirstRead {
  file: object;
  label: string;
  line?: number;
  item?: number;
}

/** The ids read so far: every duplicate-id check goes through `claim`. */
class SeenIds {
  private readonly first = new Map<string, FirstRead>();

  /** Takes `id` for `at`, or says where it was first read. */
  claim(id: string, at: FirstRead): string | null {
    const first = this.first.get(id);
    if (first === undefined) {
      this.first.set(id, at);
      return null;
    }
    const where =
      first.file !== at.file ? `first in ${first.label}` : first.line !== undefined ? `first on line ${first.line}` : first.item !== undefined ? `first at item ${first.item}` : `first in ${first.label}`;
    return `duplicate id ${quoteForMessage(id)} (${where})`;
  }
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
    this.errors.push(line === undefined ? { file: this.file, message } : { file: this.file, line, message });
  }

  get count(): number {
    return this.errors.length + this.dropped;
  }

  list(): CorpusFileError[] {
    if (this.dropped === 0) return this.errors;
    const s = this.dropped === 1 ? '' : 's';
    return [...this.errors, { file: this.file, message: `and ${this.dropped} more problem${s} not listed` }];
  }
}

/** A whole file's articles, ids unique within it; its problems go to `errors`. */
function parseWhole(name: string, raw: string, opts: ParseCorpusOptions, errors: ErrorList): Article[] {
  const extension = extensionOf(name);
  const known = JSON_LINES_EXTENSIONS.has(extension) || HTML_EXTENSIONS.has(extension) || extension === 'txt';
  if (!known) {
    const named = extension ? `.${extension}` : 'without an extension';
    errors.add(`unsupported file type ${named}; use .jsonl, .txt or .html`);
    return [];
  }
  const content = raw.startsWith('\uFEFF') ? raw.slice(1) : raw;
  if (!looksLikeText(content)) {
    errors.add('not UTF-8 text');
    return [];
  }
  if (JSON_LINES_EXTENSIONS.has(extension)) {
    if (content.trimStart().startsWith('[')) return parseJsonArray(content, errors);
    const lines = new CorpusFileReader(name, new SeenIds(), opts, errors);
    return [...lines.push(content), ...lines.end()].map((read) => read.article);
  }
  if (extension === 'txt') return parseTxt(name, content, errors);
  return parseHtml(name, content, opts, errors);
}

function parseJsonArray(content: string, errors: ErrorList): Article[] {
  let items: unknown[];
  try {
    // Starts with '[', so a successful parse is an array.
    items = JSON.parse(content) as unknown[];
  } catch {
    const { message, line } = jsonProblem(content, 'file');
    errors.add(message, line);
    return [];
  }
  const articles: Article[] = [];
  const ids = new SeenIds();
  const file = {};
  items.forEach((item, index) => {
    const n = index + 1;
    const checked = checkRecord(item);
    const problem = typeof checked === 'string' ? checked : ids.claim(checked.id, { file, label: '', item: n });
    if (problem === null) articles.push(checked as Article);
    else errors.add(`item ${n}: ${problem}`);
  });
  return articles;
}

function parseTxt(name: string, content: string, errors: ErrorList): Article[] {
  const split = splitHeadline(content);
  const text = cleanText(split.text);
  const problem = text === '' ? 'the file is empty' : tooLong(text);
  if (problem) {
    errors.add(problem);
    return [];
  }
  // A story saved without its headline line is indexed under its first sentence.
  const title = split.title ? cleanLine(split.title) : titleFromText(text);
  return checked({ id: `txt:${slugOf(name)}`, title, url: '', published: '', text }, errors);
}

function parseHtml(name: string, content: string, opts: ParseCorpusOptions, errors: ErrorList): Article[] {
  if (!opts.extractHtml) {
    errors.add('cannot read HTML here');
    return [];
  }
  let extracted: ExtractedHtml | null;
  try {
    extracted = opts.extractHtml(content, name);
  } catch (e) {
    errors.add(`could not read the HTML (${e instanceof Error ? e.message : String(e)})`);
    return [];
  }
  const text = extracted ? cleanText(extracted.text) : '';
  if (!extracted || text === '') {
    errors.add('no article found');
    return [];
  }
  const lengthProblem = tooLong(text);
  if (lengthProblem) {
    errors.add(lengthProblem);
    return [];
  }
  const title = cleanLine(extracted.title) || cleanLine(baseName(name).replace(/\.[^.]*$/, ''));
  // Pages state dates in many shapes; one we cannot read is dropped, since the reader did
  // not write it and cannot fix it.
  const published = extracted.published ? cleanLine(extracted.published) : '';
  const date = readDate(published);
  return checked({ id: `html:${slugOf(name)}`, title, url: '', published: date.ok ? date.iso : '', text }, errors);
}

/** The article of a .txt or .html file through the JSON Lines record check: itself, or its problem listed. */
function checked(article: Article, errors: ErrorList): Article[] {
  const record = checkRecord(article);
  if (typeof record === 'string') {
    errors.add(record);
    return [];
  }
  return [record];
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
