/**
 * One import as the options page runs it: read the chosen files in slices, parse them line by
 * line, hand the articles to the store in fixed chunks to be staged, then commit them all at
 * once (src/storage/staged-import.ts explains the storage side).
 *
 * Why this way:
 * - Files are read in 1 MiB slices (`Blob.slice`), decoded by one streaming UTF-8 decoder that
 *   refuses invalid bytes, and pushed to the core's corpus reader (core/corpus/files.ts
 *   `CorpusReader`), which splits them into lines: a 600 MB JSON Lines export is never one
 *   string (V8 refuses strings past ~512 M characters) and only one chunk of articles is
 *   alive at a time. Plain-text and HTML files, and JSON files holding one array, are one
 *   article or one document each and are read whole.
 * - The reader is the one the CLI and `parseCorpusFile` use, so messages read the same: line
 *   numbers, duplicate ids across lines and files, the cap on problems per file.
 * - An import lands whole or not at all: when any line or file has a problem, nothing is committed
 *   by default. The valid articles are already staged, so "import them anyway" is a commit,
 *   not a second read.
 * - Cancelling (or closing the page) leaves the staged chunks and the journal: choosing the
 *   same files again resumes, and the store's pending imports list it until it is discarded.
 * - Reading and staging overlap: a chunk is handed to the store and reading goes on, with at
 *   most STAGE_AHEAD chunks handed over and not yet staged. In the options page this runs in
 *   an import worker and the target is a pair of others (import-worker-client.ts
 *   `importOffPage`): fingerprints, compression, the staging writes and the commit run there.
 *   Where an HTML file needs the page's DOMParser, it runs on the page, with the same target;
 *   slices are 1 MiB so that one slice's lines, parsed and posted in one task, stay under the
 *   50 ms of a long task on a busy machine.
 * - Progress is reported while an import runs and never after it has ended. When reading or
 *   one chunk fails, the chunks already handed to the other worker are still staged after
 *   the outcome is known; their progress, passed on, would tell the page the import is
 *   running again, and the page would show "Reading files…" for good instead of the failure.
 *
 * Measured: the import rate and the options page's longest task during an import are in
 * bench/results.json (README, "Speed and scale"); src/storage/staged-import.ts has the
 * storage side.
 */

import { CorpusReader } from '../../core/corpus/files';
import { type PackErrorKind, looksLikePack } from '../../core/pack/pack';
import type { Article } from '../../core/types';
import type { CorpusStore, ImportSource } from '../../storage';
import { STAGE_CHUNK_ARTICLES } from '../../storage';
import type { ImportProblem } from './import-files';
import { type PackImport, importPackBytes } from './pack-import';

export type { ImportProblem };

/** A file as the picker, drag and drop, or a test gives it: a Blob with a name. */
export interface ImportFile {
  readonly name: string;
  readonly size: number;
  readonly lastModified?: number;
  slice(start?: number, end?: number): { arrayBuffer(): Promise<ArrayBuffer> };
}

export type HtmlExtractor = (html: string, name: string) => { title: string; text: string; published?: string } | null;

/** What an import needs of the store: the store itself, or the import workers in its place. */
export type ImportTarget = Pick<CorpusStore, 'openImport' | 'stageChunk' | 'finishStaging' | 'commitImport' | 'discardImport' | 'importPack' | 'params'> & {
  /** Opens and imports a pack off the page's thread (the workers); without it, the page does. */
  importPackBytes?(bytes: Uint8Array, opts?: { signal?: AbortSignal }): Promise<PackImport>;
};

export interface ImportProgress {
  phase: 'reading' | 'saving';
  /** Bytes of the chosen files read so far, of all of them. */
  bytesDone: number;
  bytesTotal: number;
  /** Valid articles read so far. */
  articles: number;
  /** Lines or files with a problem so far. */
  problems: number;
  /** Articles an earlier, interrupted run had already staged (not fingerprinted again). */
  reused: number;
  /** While saving: articles written to the corpus, of how many. */
  saved: number;
  toSave: number;
}

export type ImportOutcome =
  | {
      kind: 'imported';
      files: number;
      articles: number;
      added: number;
      updated: number;
      unchanged: number;
      /** Articles taken from an earlier interrupted run instead of being read again. */
      reused: number;
      /** Lines or files left out when the reader chose to import the valid articles anyway. */
      skipped: ImportProblem[];
      skippedCount: number;
    }
  | {
      /** Some lines or files could not be read: nothing was imported; the valid articles stay staged under `key`. */
      kind: 'invalid';
      key: string;
      files: number;
      valid: number;
      problems: ImportProblem[];
      problemCount: number;
    }
  | { kind: 'error'; message: string }
  /** A corpus pack that cannot be used (or was chosen together with other files): nothing was imported. */
  | { kind: 'pack-refused'; file: string; reason: PackErrorKind | 'not-alone' | 'delta'; detail: string }
  | { kind: 'cancelled'; key: string | null; articles: number };

export interface ImportRunOptions {
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
  extractHtml?: HtmlExtractor;
  /** Articles per staged chunk (tests use small ones). */
  chunkSize?: number;
  /** Bytes per slice read (tests use small ones to cut lines across slices). */
  sliceBytes?: number;
}

/** Chunks handed over and not yet staged, at most (each ~1 MB of articles held until staged). */
const STAGE_AHEAD = 3;
/** Bytes read per slice. */
const SLICE_BYTES = 1024 * 1024;
/** Files read whole (not line by line) must be smaller than this. */
const WHOLE_FILE_LIMIT = 64 * 1024 * 1024;
/** Problems kept for display across all files (each file also stops at MAX_ERRORS). */
const MAX_LISTED_PROBLEMS = 1_000;

export function sourcesOf(files: readonly ImportFile[]): ImportSource[] {
  return files.map((f) => ({ name: f.name, size: f.size, lastModified: f.lastModified ?? 0 }));
}

/** Reads, stages and, when nothing was wrong, commits. A corpus pack is imported in one step instead. */
export function importFiles(target: ImportTarget, files: readonly ImportFile[], opts: ImportRunOptions = {}): Promise<ImportOutcome> {
  return whileRunning(opts, (o) => readAndCommit(target, files, o));
}

async function readAndCommit(target: ImportTarget, files: readonly ImportFile[], opts: ImportRunOptions): Promise<ImportOutcome> {
  // Packs are told by their first bytes, whatever their names.
  let packs: boolean[];
  try {
    packs = await Promise.all(files.map(async (f) => f.size >= 8 && looksLikePack(new Uint8Array(await f.slice(0, 8).arrayBuffer()))));
  } catch (e) {
    return failure(e, opts.signal, null, 0);
  }
  const pack = packs.indexOf(true);
  if (pack >= 0) {
    const file = files[pack]!;
    if (files.length > 1) return { kind: 'pack-refused', file: file.name, reason: 'not-alone', detail: 'a corpus pack is imported by itself' };
    return importPackFile(target, file, opts);
  }
  let key: string | null = null;
  let staged: StageResult | undefined;
  try {
    const journal = await target.openImport(sourcesOf(files));
    key = journal.key;
    staged = await stage(target, key, files, opts);
    if (staged.articles === 0) {
      // Nothing to offer "anyway": forget the import at once.
      await target.discardImport(key);
      const problems = staged.problems.length > 0 ? staged.problems : files.map((f) => ({ file: f.name, message: 'no articles in this file' }));
      return { kind: 'invalid', key, files: files.length, valid: 0, problems, problemCount: Math.max(staged.problemCount, problems.length) };
    }
    if (staged.problemCount > 0) {
      return { kind: 'invalid', key, files: files.length, valid: staged.articles, problems: staged.problems, problemCount: staged.problemCount };
    }
    return await commit(target, key, { files: files.length, articles: staged.articles, reused: staged.reused, skipped: [], skippedCount: 0, bytes: staged.bytes }, opts);
  } catch (e) {
    return failure(e, opts.signal, key, staged?.articles ?? 0);
  }
}

/**
 * A corpus pack (core/pack): read whole, verified (magic, version, length, CRC-32, fingerprint
 * parameters) before anything is written, then stored in one transaction. A pack that does
 * not verify changes nothing.
 */
async function importPackFile(target: ImportTarget, file: ImportFile, opts: ImportRunOptions): Promise<ImportOutcome> {
  const { signal, onProgress } = opts;
  const progress = (p: Partial<ImportProgress>) =>
    onProgress?.({ phase: 'reading', bytesDone: 0, bytesTotal: file.size, articles: 0, problems: 0, reused: 0, saved: 0, toSave: 0, ...p });
  try {
    progress({});
    const bytes = new Uint8Array(await file.slice(0, file.size).arrayBuffer());
    signal?.throwIfAborted();
    progress({ phase: 'saving', bytesDone: file.size });
    const result = target.importPackBytes ? await target.importPackBytes(bytes, { signal }) : await importPackBytes(target, bytes, { signal });
    if (result.kind === 'refused') return { kind: 'pack-refused', file: file.name, reason: result.reason, detail: result.detail };
    const n = result.articles;
    progress({ phase: 'saving', bytesDone: file.size, articles: n, saved: n, toSave: n });
    return { kind: 'imported', files: 1, articles: n, ...result.summary, reused: 0, skipped: [], skippedCount: 0 };
  } catch (e) {
    return failure(e, signal, null, 0);
  }
}

/** "Import the N valid articles anyway": commits what an invalid outcome left staged. */
export function importAnyway(target: ImportTarget, outcome: Extract<ImportOutcome, { kind: 'invalid' }>, opts: ImportRunOptions = {}): Promise<ImportOutcome> {
  return whileRunning(opts, async (o) => {
    try {
      return await commit(target, outcome.key, { files: outcome.files, articles: outcome.valid, reused: 0, skipped: outcome.problems, skippedCount: outcome.problemCount, bytes: 0 }, o);
    } catch (e) {
      return failure(e, o.signal, outcome.key, outcome.valid);
    }
  });
}

/** Commits an import found staged when the page opened (the reader's decision from the list of pending imports). */
export function commitPending(target: ImportTarget, journal: { key: string; sources: readonly unknown[]; articles: number; problems: number }, opts: ImportRunOptions = {}): Promise<ImportOutcome> {
  return whileRunning(opts, async (o) => {
    try {
      return await commit(target, journal.key, { files: journal.sources.length, articles: journal.articles, reused: journal.articles, skipped: [], skippedCount: journal.problems, bytes: 0 }, o);
    } catch (e) {
      return failure(e, o.signal, journal.key, journal.articles);
    }
  });
}

/**
 * Runs one import with `opts.onProgress` passed on until the import settles and dropped from
 * then on: a chunk staged after a failure (handed to a worker before it) reports nothing.
 */
async function whileRunning<T>(opts: ImportRunOptions, run: (opts: ImportRunOptions) => Promise<T>): Promise<T> {
  const { onProgress } = opts;
  if (!onProgress) return run(opts);
  let running = true;
  try {
    return await run({
      ...opts,
      onProgress: (p) => {
        if (running) onProgress(p);
      },
    });
  } finally {
    running = false;
  }
}

interface CommitInfo {
  files: number;
  articles: number;
  reused: number;
  skipped: ImportProblem[];
  skippedCount: number;
  bytes: number;
}

async function commit(target: ImportTarget, key: string, info: CommitInfo, opts: ImportRunOptions): Promise<ImportOutcome> {
  const { signal, onProgress } = opts;
  const base: ImportProgress = { phase: 'saving', bytesDone: info.bytes, bytesTotal: info.bytes, articles: info.articles, problems: info.skippedCount, reused: info.reused, saved: 0, toSave: 0 };
  onProgress?.(base);
  const summary = await target.commitImport(key, { signal, onProgress: (saved, toSave) => onProgress?.({ ...base, saved, toSave }) });
  return { kind: 'imported', files: info.files, articles: info.articles, ...summary, reused: info.reused, skipped: info.skipped, skippedCount: info.skippedCount };
}

function failure(e: unknown, signal: AbortSignal | undefined, key: string | null, articles: number): ImportOutcome {
  if (signal?.aborted || (e instanceof DOMException && e.name === 'AbortError')) return { kind: 'cancelled', key, articles };
  return { kind: 'error', message: e instanceof Error ? e.message : String(e) };
}

interface StageResult {
  articles: number;
  problems: ImportProblem[];
  problemCount: number;
  reused: number;
  bytes: number;
}

/** Reads every file and stages its articles in chunks; returns what was read. */
async function stage(target: ImportTarget, key: string, files: readonly ImportFile[], opts: ImportRunOptions): Promise<StageResult> {
  const { signal, onProgress } = opts;
  const chunkSize = opts.chunkSize ?? STAGE_CHUNK_ARTICLES;
  const bytesTotal = files.reduce((n, f) => n + f.size, 0);
  const problems: ImportProblem[] = [];
  let problemCount = 0;
  let articles = 0;
  let reused = 0;
  let chunk = 0;
  let bytesBefore = 0;
  let bytesNow = 0;
  let pending: Article[] = [];
  const reader = new CorpusReader(opts.extractHtml ? { extractHtml: opts.extractHtml } : {});

  const progress = (bytesDone: number) =>
    onProgress?.({ phase: 'reading', bytesDone, bytesTotal, articles, problems: problemCount, reused, saved: 0, toSave: 0 });

  /**
   * Chunks handed to the store and not yet staged, oldest first. This loop reads and parses
   * the next chunks while earlier ones are staged: with the import workers
   * (import-worker-client.ts) reading, fingerprinting and compressing overlap, and chunks
   * are staged side by side, one per worker.
   */
  const staging: Promise<void>[] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    const batch = pending;
    const n = chunk++;
    pending = [];
    const step = target.stageChunk(key, n, batch, { signal }).then(({ reused: wasStaged }) => {
      if (wasStaged) reused += batch.length;
      progress(bytesNow);
    });
    // Awaited below, oldest first (or abandoned with the import when an earlier one failed).
    step.catch(() => undefined);
    staging.push(step);
    while (staging.length > STAGE_AHEAD) await staging.shift();
  };

  progress(0);
  for (const file of files) {
    signal?.throwIfAborted();
    const read = reader.file(file.name);
    const accept = async (article: Article) => {
      pending.push(article);
      articles++;
      if (pending.length >= chunkSize) await flush();
    };

    if (await readsLineByLine(file)) {
      await eachSlice(file, opts.sliceBytes ?? SLICE_BYTES, signal, async (text, start, end) => {
        for (const { article, through } of read.push(text)) {
          bytesNow = bytesBefore + start + Math.round((end - start) * through);
          await accept(article);
        }
      })
        .then(async () => {
          bytesNow = bytesBefore + file.size;
          for (const { article } of read.end()) await accept(article);
        })
        .catch((e: unknown) => {
          if (signal?.aborted) throw signal.reason;
          if (e instanceof TypeError) read.addProblem('not UTF-8 text');
          else throw e;
        });
    } else if (file.size > WHOLE_FILE_LIMIT) {
      read.addProblem(`too large to read in one piece (${Math.round(file.size / 1024 / 1024)} MB); save it as JSON Lines, one article per line`);
    } else {
      const content = await decodeWhole(file);
      if (content === null) read.addProblem('not UTF-8 text');
      else for (const article of read.readWhole(file.name, content)) await accept(article);
    }
    problemCount += read.problemCount;
    for (const p of read.problems()) if (problems.length < MAX_LISTED_PROBLEMS) problems.push(p);
    bytesBefore += file.size;
    bytesNow = bytesBefore;
    progress(bytesNow);
  }
  await flush();
  while (staging.length > 0) await staging.shift();
  await target.finishStaging(key, { chunks: chunk, articles, problems: problemCount });
  return { articles, problems, problemCount, reused, bytes: bytesTotal };
}

/** JSON Lines files are read line by line, unless they hold one JSON array (read whole, as the parser reads it). */
async function readsLineByLine(file: ImportFile): Promise<boolean> {
  const ext = /\.([^./\\]+)$/.exec(file.name)?.[1]?.toLowerCase() ?? '';
  if (ext !== 'jsonl' && ext !== 'ndjson' && ext !== 'json') return false;
  const head = new TextDecoder('utf-8').decode(await file.slice(0, 1024).arrayBuffer());
  return !head.replace(/^\uFEFF/, '').trimStart().startsWith('[');
}

async function decodeWhole(file: ImportFile): Promise<string | null> {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(await file.slice(0, file.size).arrayBuffer());
  } catch {
    return null;
  }
}

/**
 * Calls `each` for every slice's text with the slice's byte range; rejects with a TypeError
 * when the file is not UTF-8 (a NUL byte in the first slice counts: UTF-16 text decodes
 * without error into NUL-riddled nonsense).
 */
async function eachSlice(file: ImportFile, sliceBytes: number, signal: AbortSignal | undefined, each: (text: string, start: number, end: number) => Promise<void>): Promise<void> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (let start = 0; start < file.size; start += sliceBytes) {
    signal?.throwIfAborted();
    const end = Math.min(file.size, start + sliceBytes);
    let text = decoder.decode(await file.slice(start, end).arrayBuffer(), { stream: end < file.size });
    if (start === 0) {
      if (text.includes('\u0000')) throw new TypeError('not UTF-8');
      if (text.startsWith('\uFEFF')) text = text.slice(1);
    }
    await each(text, start, end);
  }
  const rest = decoder.decode();
  if (rest !== '') await each(rest, file.size, file.size);
}
