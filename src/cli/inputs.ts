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

import { open, readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CorpusCollector } from '../core/corpus/files';
import { splitHeadline } from '../core/corpus/headline';
import { PACK_MAGIC, looksLikePack } from '../core/pack/pack';
import type { Article, PageArticle } from '../core/types';
import { extractFromHtml } from '../extraction/node';
import type { Problem } from './io';

export class InputError extends Error {
  override name = 'InputError';
}

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
export async function readTextFile(path: string): Promise<string> {
  await assertFile(path);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new InputError(describeFsError(e));
  }
  try {
    return utf8.decode(bytes);
  } catch {
    throw new InputError('not UTF-8 text');
  }
}

/**
 * Missing files and folders are named as such before their extension is judged: "no such
 * file" is the more useful news when both apply.
 */
async function assertFile(path: string): Promise<void> {
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(path)).isDirectory();
  } catch (e) {
    throw new InputError(describeFsError(e));
  }
  if (isDirectory) throw new InputError('is a directory, not a file');
}

/** The article in a file given to `check`: a .txt (headline, then body) or a saved page. */
export async function loadPage(path: string): Promise<PageArticle> {
  await assertFile(path);
  const ext = extname(path).toLowerCase();
  if (ext === '.txt') return textPage(await readTextFile(path));
  if (HTML_EXTENSIONS.has(ext)) {
    const { title, text, lang } = await loadHtmlPage(path);
    return lang ? { title, text, lang } : { title, text };
  }
  throw new InputError(`not a .txt or .html file${ext ? ` (${ext})` : ''}`);
}

/** The article the extension would extract from a saved HTML page. */
export async function loadHtmlPage(path: string): Promise<ExtractedPage> {
  await assertFile(path);
  const ext = extname(path).toLowerCase();
  if (!HTML_EXTENSIONS.has(ext)) throw new InputError(`not an .html file${ext ? ` (${ext})` : ''}`);
  const html = await readTextFile(path);
  let extracted: ReturnType<typeof extractFromHtml>;
  try {
    // The page's own address lets Readability resolve relative links as a browser would.
    extracted = extractFromHtml(html, { url: pathToFileURL(resolve(path)).href });
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

export interface LoadedCorpus {
  articles: Article[];
  /** Bad files and bad lines; the good ones are in articles all the same. */
  problems: Problem[];
}

/**
 * The corpus at path: one file, or every corpus file directly inside a folder, in name order.
 * An id already loaded from an earlier file is reported and the later article skipped, as
 * parseCorpusFile does within one file, so the result never depends on which copy came last.
 * Throws InputError only when there is no corpus at all to load.
 */
export async function loadCorpus(path: string): Promise<LoadedCorpus> {
  let files: string[];
  try {
    const info = await stat(path);
    if (info.isDirectory()) {
      const entries = await readdir(path, { withFileTypes: true });
      files = entries
        .filter((e) => e.isFile() && CORPUS_EXTENSIONS.has(extname(e.name).toLowerCase()))
        .map((e) => e.name)
        .sort()
        .map((name) => join(path, name));
      if (files.length === 0) throw new InputError('no .jsonl, .txt or .html files in this folder');
    } else {
      files = [path];
    }
  } catch (e) {
    throw e instanceof InputError ? e : new InputError(describeFsError(e));
  }

  const collector = new CorpusCollector({ extractHtml: (html) => extractFromHtml(html) });
  for (const file of files) {
    let content: string;
    try {
      content = await readTextFile(file);
    } catch (e) {
      collector.addError({ file, message: errorMessage(e) });
      continue;
    }
    try {
      // The parser sees the bare file name (ids of .txt and .html articles derive from it);
      // problems are reported under the path the user typed.
      collector.addFile(basename(file), content, file);
    } catch (e) {
      collector.addError({ file, message: `could not read the corpus file (${errorMessage(e)})` });
    }
  }
  const { articles, errors: problems } = collector;
  return { articles, problems };
}

/**
 * The bytes of a corpus pack, when `path` is a file that starts like one (its name does not
 * matter); null for anything else, which loadCorpus then reads as articles.
 */
export async function readPackFile(path: string): Promise<Uint8Array | null> {
  let handle;
  try {
    if ((await stat(path)).isDirectory()) return null;
    handle = await open(path, 'r');
    const head = new Uint8Array(PACK_MAGIC.length);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    if (bytesRead < head.length || !looksLikePack(head)) return null;
  } catch (e) {
    throw new InputError(describeFsError(e));
  } finally {
    await handle?.close();
  }
  try {
    return await readFile(path);
  } catch (e) {
    throw new InputError(describeFsError(e));
  }
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
