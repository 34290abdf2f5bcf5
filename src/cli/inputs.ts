/**
 * Everything the CLI reads from disk: input files, the pages in them, and the corpus.
 *
 * Each failure becomes an InputError whose message finishes the sentence "<file>: …" in the
 * reader's words ("no such file", "not UTF-8 text"), so a command can report it on one line
 * and go on with the next input. Text is decoded strictly: a Latin-1 or binary file would
 * otherwise turn into replacement characters and be checked as if it were an article.
 *
 * Pages are made the way the extension makes them: HTML through the same extractor as the
 * content script (src/extraction), corpus files through the same parser as the corpus import
 * (src/core/corpus/files), so the CLI and the browser cannot disagree about what was checked.
 */

import { constants as fsConstants, type Stats } from 'node:fs';
import { type FileHandle, open, readdir, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CorpusCollector } from '../core/corpus/files';
import { splitHeadline } from '../core/corpus/headline';
import { DAMAGED_SIGNATURE, PACK_EXTENSION, PackError, looksLikeDamagedPack, looksLikePack } from '../core/pack/pack';
import type { Article, PageArticle } from '../core/types';
import { extractFromHtml } from '../extraction/node';
import type { Problem } from './io';

export class InputError extends Error {
  override name = 'InputError';
  /** Lines to print before the error itself (what a corpus folder skipped). */
  constructor(
    message: string,
    readonly notes: readonly Problem[] = [],
  ) {
    super(message);
  }
}

const MB = 1024 * 1024;
/**
 * Size limits, checked before anything is read (a file that grows while it is read stops at
 * the limit too), so no input can make the CLI hang or fill memory.
 *
 * A page to check or extract: the extension reads at most 4 Mi characters of a page's HTML
 * (MAX_PAGE_HTML_CHARS in src/messaging), at most 12 MiB in UTF-8; an article text is at
 * most MAX_TEXT_CHARS characters. 16 MB covers both.
 */
export const MAX_PAGE_BYTES = 16 * MB;
/**
 * One text corpus file (JSON Lines, text, HTML): 256 MB, room for about 256 articles of the
 * longest text allowed (MAX_TEXT_CHARS, 1,000,000 characters) or ~80,000 news stories; a
 * larger corpus is a folder of several files, or a pack. Half V8's longest string (512 Mi
 * characters): a file much larger could not even be decoded into one string.
 */
export const MAX_CORPUS_FILE_BYTES = 256 * MB;
/** A corpus pack: the format's own bound, its text offsets being 32-bit (core/pack/pack.ts). */
export const MAX_PACK_BYTES = 4 * 1024 * MB;

/** O_NONBLOCK keeps open() from waiting for a writer on a named pipe; Windows has none and needs none. */
const OPEN_FLAGS = fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0);

/** What the extension would find on a page: the article, and who signed it. */
export interface ExtractedPage {
  title: string;
  byline: string | null;
  text: string;
  lang?: string;
}

const HTML_EXTENSIONS = new Set(['.html', '.htm']);
/**
 * What a corpus folder is read for: the kinds parseCorpusFile reads, except .json, which in
 * a folder is more often something else (a manifest, cases.json) than an export of articles.
 * A .json export can still be given as --corpus by itself.
 */
const CORPUS_EXTENSIONS = new Set(['.jsonl', '.ndjson', '.txt', '.html', '.htm']);

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A file's text, decoded as strict UTF-8 (a leading byte-order mark is dropped). */
export async function readTextFile(path: string, limit = MAX_PAGE_BYTES, what = 'a page'): Promise<string> {
  const bytes = await readRegularFile(path, limit, what);
  const text = decodeText(bytes);
  if (text === null) throw new InputError('not UTF-8 text');
  return text;
}

/** Strict UTF-8 without NUL bytes (a UTF-16 or binary file), or null. */
function decodeText(bytes: Uint8Array): string | null {
  if (bytes.includes(0)) return null;
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Missing files and folders are named as such before their extension is judged: "no such
 * file" is the more useful news when both apply. Symbolic links are followed; what they lead
 * to must be a regular file: a device (/dev/zero, /dev/urandom) or a named pipe would never
 * end, or never start.
 */
async function assertFile(path: string): Promise<void> {
  let info: Stats;
  try {
    info = await stat(path);
  } catch (e) {
    throw new InputError(describeFsError(e));
  }
  refuseUnlessRegular(info);
}

function refuseUnlessRegular(info: Stats): void {
  if (info.isDirectory()) throw new InputError('is a directory, not a file');
  if (!info.isFile()) throw new InputError(`not a regular file (${fileKind(info)}); only regular files are read`);
}

type FileKind = Pick<Stats, 'isFile' | 'isDirectory' | 'isFIFO' | 'isCharacterDevice' | 'isBlockDevice' | 'isSocket'>;

function fileKind(info: FileKind): string {
  if (info.isFIFO()) return 'a named pipe';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isSocket()) return 'a socket';
  if (info.isDirectory()) return 'a folder';
  return 'not a file';
}

/**
 * Opens a regular file for reading, after following symbolic links; anything else is refused
 * before it is opened, and again after (the path may have been swapped in between).
 */
async function openRegularFile(path: string): Promise<{ handle: FileHandle; size: number }> {
  await assertFile(path);
  let handle: FileHandle;
  try {
    handle = await open(path, OPEN_FLAGS);
  } catch (e) {
    throw new InputError(describeFsError(e));
  }
  try {
    const info = await handle.stat();
    refuseUnlessRegular(info);
    return { handle, size: info.size };
  } catch (e) {
    await handle.close();
    throw e;
  }
}

function tooLarge(size: number | null, limit: number, what: string): InputError {
  const mb = (n: number) => (n >= 1024 * MB ? `${+(n / 1024 / MB).toFixed(1)} GB` : `${+(n / MB).toFixed(1)} MB`);
  const split = what === 'a corpus file' ? ': split the corpus into several files in a folder, or make a pack with wirecheck index' : '';
  return new InputError(`too large to read (${size === null ? 'more than ' : ''}${mb(size ?? limit)}; ${what} may be up to ${mb(limit)}${split})`);
}

/**
 * The whole of an open regular file, `limit` bytes at most. The size from stat() is only a
 * first guess: a file that grows while it is read, or a /proc file that says 0, is read to
 * its end, but never past the limit.
 */
async function readOpenFile(handle: FileHandle, size: number, limit: number, what: string): Promise<Uint8Array> {
  if (size > limit) throw tooLarge(size, limit, what);
  let buffer = Buffer.allocUnsafe(Math.max(size, 1));
  let filled = 0;
  for (;;) {
    if (filled === buffer.length) {
      const probe = Buffer.allocUnsafe(1);
      const { bytesRead } = await handle.read(probe, 0, 1, filled);
      if (bytesRead === 0) break;
      if (filled + 1 > limit) throw tooLarge(null, limit, what);
      const grown = Buffer.allocUnsafe(Math.min(limit, Math.max(filled * 2, 64 * 1024)));
      buffer.copy(grown, 0, 0, filled);
      grown[filled++] = probe[0]!;
      buffer = grown;
      continue;
    }
    const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return buffer.subarray(0, filled);
}

/** A regular file's bytes, `limit` at most. */
async function readRegularFile(path: string, limit: number, what: string): Promise<Uint8Array> {
  const { handle, size } = await openRegularFile(path);
  try {
    return await readOpenFile(handle, size, limit, what);
  } catch (e) {
    throw e instanceof InputError ? e : new InputError(describeFsError(e));
  } finally {
    await handle.close();
  }
}

/**
 * The article in a file given to `check`: a .txt (headline, then body) or a saved page, with
 * its byline. `inspect` is handed a saved page's parse before Readability reads it.
 */
export async function loadPage(path: string, opts: { inspect?: (doc: Document) => void } = {}): Promise<PageArticle> {
  await assertFile(path);
  const ext = extname(path).toLowerCase();
  if (ext === '.txt') return textPage(await readTextFile(path));
  if (HTML_EXTENSIONS.has(ext)) {
    const { title, byline, text, lang } = await loadHtmlPage(path, opts);
    return { title, text, ...(lang ? { lang } : {}), ...(byline ? { byline } : {}) };
  }
  throw new InputError(`not a .txt or .html file${ext ? ` (${ext})` : ''}`);
}

/** The article the extension would extract from a saved HTML page. */
export async function loadHtmlPage(path: string, opts: { inspect?: (doc: Document) => void } = {}): Promise<ExtractedPage> {
  await assertFile(path);
  const ext = extname(path).toLowerCase();
  if (!HTML_EXTENSIONS.has(ext)) throw new InputError(`not an .html file${ext ? ` (${ext})` : ''}`);
  const html = await readTextFile(path);
  let extracted: ReturnType<typeof extractFromHtml>;
  try {
    // The page's own address lets Readability resolve relative links as a browser would.
    extracted = extractFromHtml(html, { url: pathToFileURL(resolve(path)).href, ...opts });
  } catch (e) {
    throw new InputError(`could not read the page (${errorMessage(e)})`);
  }
  if (!extracted || !extracted.text.trim()) throw new InputError('no article found in the page');
  const { title, byline, text, lang } = extracted;
  return lang ? { title, byline, text, lang } : { title, byline, text };
}

/**
 * A .txt input: the headline on the first line and the story below, or (no headline line, or one
 * paragraph only) the story alone.
 */
export function textPage(content: string): PageArticle {
  const { title, text } = splitHeadline(content);
  if (!text) throw new InputError('empty file');
  return { title, text };
}

/** A corpus as read from disk: a pack's bytes (opened by the caller), or articles. */
export type CorpusSource =
  | { kind: 'pack'; bytes: Uint8Array }
  | {
      kind: 'articles';
      articles: Article[];
      /** Bad files and bad lines; the good ones are in articles all the same. */
      problems: Problem[];
      /** What a corpus folder held and did not read, one entry each (not problems). */
      skipped: Problem[];
    };

/** The text corpus kinds a single --corpus file may be. */
const TEXT_CORPUS_EXTENSIONS = new Set([...CORPUS_EXTENSIONS, '.json']);
/** Enough of a file to tell a pack, or a damaged one (core/pack looksLikeDamagedPack). */
const HEAD_BYTES = 64;

/**
 * The corpus at path: a corpus pack (told by its first bytes, whatever its name), one text
 * corpus file, or every corpus file directly inside a folder, in name order. An id already
 * loaded from an earlier file is reported and the later article skipped, as parseCorpusFile
 * does within one file, so the result never depends on which copy came last. Throws
 * InputError (or PackError, for a file that is a damaged pack) only when there is nothing to
 * load at all; an empty or unreadable file is a problem like a bad line.
 */
export async function readCorpus(path: string): Promise<CorpusSource> {
  let info: Stats;
  try {
    info = await stat(path);
  } catch (e) {
    throw new InputError(describeFsError(e));
  }
  if (info.isDirectory()) return readCorpusFolder(path);
  const { handle, size } = await openRegularFile(path);
  try {
    const head = Buffer.alloc(Math.min(HEAD_BYTES, size));
    await handle.read(head, 0, head.length, 0);
    if (looksLikePack(head)) return { kind: 'pack', bytes: await readOpenFile(handle, size, MAX_PACK_BYTES, 'a corpus pack') };
    const ext = extname(path).toLowerCase();
    // Never read as JSON Lines what is a pack with damaged first bytes: its "lines" would be
    // reported as hundreds of JSON errors, or as "not UTF-8 text", instead of what it is.
    if (size > 0 && (looksLikeDamagedPack(head, size) || ext === PACK_EXTENSION)) throw new PackError('damaged', DAMAGED_SIGNATURE);
    const collector = corpusCollector();
    const bytes = await readOpenFile(handle, size, MAX_CORPUS_FILE_BYTES, 'a corpus file');
    const text = decodeText(bytes);
    if (text === null && !TEXT_CORPUS_EXTENSIONS.has(ext)) {
      throw new PackError('damaged', `not UTF-8 text, nor a corpus pack (if it is one, it is damaged: its first bytes are not a pack's signature)`);
    }
    addCorpusFile(collector, path, text);
    return { kind: 'articles', articles: collector.articles, problems: collector.errors, skipped: [] };
  } catch (e) {
    throw e instanceof InputError || e instanceof PackError ? e : new InputError(describeFsError(e));
  } finally {
    await handle.close();
  }
}

function corpusCollector(): CorpusCollector {
  return new CorpusCollector({ extractHtml: (html) => extractFromHtml(html) });
}

/**
 * One text corpus file into the collector, or the reason it adds nothing: not UTF-8 (null),
 * empty, or no article in it. The parser sees the bare file name (ids of .txt and .html
 * articles derive from it); problems are reported under the path the user typed.
 */
function addCorpusFile(collector: CorpusCollector, file: string, text: string | null): void {
  if (text === null) return collector.addError({ file, message: 'not UTF-8 text' });
  if (text.trim() === '') return collector.addError({ file, message: 'the file is empty' });
  const [articlesBefore, errorsBefore] = [collector.articles.length, collector.errors.length];
  try {
    collector.addFile(basename(file), text, file);
  } catch (e) {
    return collector.addError({ file, message: `could not read the corpus file (${errorMessage(e)})` });
  }
  // "[]", or lines of nothing but "{}"-less whitespace: no article, and nothing said why.
  if (collector.articles.length === articlesBefore && collector.errors.length === errorsBefore) collector.addError({ file, message: 'no articles in this file' });
}

/**
 * A corpus folder: its regular files with a corpus extension, symbolic links followed. What
 * is not read is listed, one entry each (`skipped`), never passed over in silence: other
 * kinds of files, sub-folders, links to nothing, devices and pipes.
 */
async function readCorpusFolder(path: string): Promise<CorpusSource> {
  let entries;
  try {
    entries = await readdir(path, { withFileTypes: true });
  } catch (e) {
    throw new InputError(describeFsError(e));
  }
  const files: string[] = [];
  const skipped: Problem[] = [];
  const collector = corpusCollector();
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const file = join(path, entry.name);
    let info: FileKind;
    try {
      // stat follows a symbolic link; a Dirent does not.
      info = entry.isSymbolicLink() ? await stat(file) : entry;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') skipped.push({ file, message: 'skipped (a symbolic link to nothing)' });
      else if (code === 'ELOOP') skipped.push({ file, message: 'skipped (a symbolic link that loops)' });
      else collector.addError({ file, message: describeFsError(e) });
      continue;
    }
    const link = entry.isSymbolicLink() ? 'a symbolic link to ' : '';
    const ext = extname(entry.name).toLowerCase();
    if (info.isDirectory()) skipped.push({ file, message: `skipped (${link}a folder; folders inside the corpus folder are not read)` });
    else if (!info.isFile()) skipped.push({ file, message: `skipped (${link}${fileKind(info)}, not a regular file)` });
    else if (ext === '.json') skipped.push({ file, message: 'skipped (a .json file in a folder is not read as a corpus; give it as --corpus by itself)' });
    else if (ext === PACK_EXTENSION) skipped.push({ file, message: 'skipped (a corpus pack is read by itself; give it as --corpus)' });
    else if (!CORPUS_EXTENSIONS.has(ext)) skipped.push({ file, message: 'skipped (not a .jsonl, .ndjson, .txt, .html or .htm file)' });
    else files.push(file);
  }
  if (files.length === 0 && collector.errors.length === 0) throw new InputError('no .jsonl, .txt or .html files in this folder', skipped);

  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = await readRegularFile(file, MAX_CORPUS_FILE_BYTES, 'a corpus file');
    } catch (e) {
      collector.addError({ file, message: errorMessage(e) });
      continue;
    }
    const head = bytes.subarray(0, HEAD_BYTES);
    if (looksLikePack(head)) collector.addError({ file, message: 'a corpus pack, which is read by itself: give it as --corpus' });
    else if (looksLikeDamagedPack(head, bytes.length)) collector.addError({ file, message: DAMAGED_SIGNATURE });
    else addCorpusFile(collector, file, decodeText(bytes));
  }
  return { kind: 'articles', articles: collector.articles, problems: collector.errors, skipped };
}

function describeFsError(e: unknown): string {
  switch ((e as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'no such file';
    case 'ENOTDIR':
      return 'no such file (a parent is not a folder)';
    case 'EISDIR':
      return 'is a directory, not a file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return errorMessage(e);
  }
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
