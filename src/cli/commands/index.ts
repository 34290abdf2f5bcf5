/**
 * `wirecheck index <corpus> -o <file>`: read a corpus (a .jsonl file or a folder, as `check`
 * reads it), fingerprint every article once and write a corpus pack (src/core/pack).
 * Fingerprinting and text compression run on worker threads (--jobs, ../index-parallel.ts:
 * figures there), or in this thread with --jobs 1 or a small corpus; the pack's bytes are the
 * same either way; with --jobs N the workers start while the corpus is read. Reading the
 * corpus, the index build and the encoding stay in this thread.
 *
 * The pack replaces the target atomically (../atomic-write.ts: a temporary file beside it,
 * `<out>.<pid>.part`, flushed to disk and only then renamed over it, the folder flushed): a
 * crash or power cut leaves the old pack or the new one under the chosen name, never a
 * half-written one. Ctrl-C (SIGINT) or SIGTERM while the temporary file exists removes it and
 * exits with 130 or 143, as a shell reports a command those signals stopped.
 *
 * A corpus with bad files or lines writes nothing unless --keep-going (../corpus.ts), and
 * then the bad ones are left out (exit status 1); a corpus with no article writes nothing.
 *
 * With `--since OLD.wcpack` it writes a delta pack (core/pack/delta.ts): the articles new or
 * changed since that full pack, and the ids gone from it, with optional links to the previous
 * delta and to the full pack (--previous, --full). The corpus may then be a full pack itself,
 * whose fingerprints and compressed texts are copied; from articles, only the new and changed
 * ones are fingerprinted.
 */

import { rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { DeltaError, buildDeltaPack } from '../../core/pack/delta';
import { type Pack, PackError, encodePack, openPack } from '../../core/pack/pack';
import type { Article } from '../../core/types';
import { writeFileAtomically } from '../atomic-write';
import { acceptCorpus, reportCorpusError } from '../corpus';
import { IndexWorkers, packContentsInParallel } from '../index-parallel';
import { errorMessage, readCorpus } from '../inputs';
import { type Io, escapeControls, problemLine } from '../io';

export interface IndexOptions {
  corpus: string;
  output: string;
  /** Pack what loaded even when corpus files or lines were bad (exit status 1). */
  keepGoing?: boolean;
  /** Write a delta pack against this full pack, with these links in its header. */
  since?: string;
  previous?: string;
  full?: string;
  /**
   * Worker threads that fingerprint and compress (../index-parallel.ts); default one per
   * core, one per ARTICLES_PER_WORKER articles at most. 1 works in this thread.
   */
  jobs?: number;
}

/** Exit statuses of a process stopped by these signals, as shells report them (128 + number). */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

export async function runIndex(opts: IndexOptions, io: Io): Promise<number> {
  // With --jobs N, the workers start while the corpus is read (a full pack's default
  // parameters; a delta's come from its base pack).
  const early = opts.jobs !== undefined && opts.jobs > 1 && opts.since === undefined ? new IndexWorkers(Math.min(opts.jobs, availableParallelism())) : undefined;
  try {
    return await indexWith(opts, io, early);
  } finally {
    await early?.close();
  }
}

async function indexWith(opts: IndexOptions, io: Io, early: IndexWorkers | undefined): Promise<number> {
  let base: Pack | undefined;
  if (opts.since !== undefined) {
    base = await readFullPack(opts.since, io, 'a delta is made against the full pack the subscribers hold');
    if (!base) return 1;
  }
  let source;
  try {
    source = await readCorpus(opts.corpus);
  } catch (e) {
    reportCorpusError(e, opts.corpus, io);
    return 1;
  }
  let next: Article[] | Pack;
  let problems: readonly unknown[] = [];
  if (source.kind === 'pack') {
    if (!base) {
      io.err(problemLine({ file: opts.corpus, message: 'is already a corpus pack (to make a delta pack from it, give --since <old.wcpack>)' }));
      return 1;
    }
    const pack = openFullPack(source.bytes, opts.corpus, io, 'a delta is made from a corpus or a full pack');
    if (!pack) return 1;
    next = pack;
  } else {
    if (!acceptCorpus(source, opts.corpus, io, { keepGoing: opts.keepGoing === true, command: 'index' })) return 1;
    next = source.articles;
    problems = source.problems;
  }
  const started = performance.now();
  let bytes: Uint8Array;
  let summary: string;
  if (base) {
    try {
      const made = await buildDeltaPack(next, base, { previous: opts.previous, full: opts.full, packContents: (articles, o) => packContentsInParallel(articles, opts.jobs, o) });
      bytes = made.bytes;
      summary = `a delta on ${opts.since}: ${made.added} new, ${made.changed} changed, ${made.removed} removed articles`;
    } catch (e) {
      if (!(e instanceof DeltaError)) throw e;
      io.err(problemLine({ file: opts.output, message: `${e.message}; nothing written` }));
      return 1;
    }
  } else {
    bytes = encodePack(await packContentsInParallel(next as Article[], opts.jobs, {}, early));
    await early?.close();
    summary = `${(next as Article[]).length} articles`;
  }
  try {
    await writeFileAtomically(opts.output, bytes, { guard: (temporary, write) => whileRemovedOnSignal(temporary, opts.output, io, write) });
  } catch (e) {
    io.err(problemLine({ file: opts.output, message: `could not write the pack (${errorMessage(e)})` }));
    return 1;
  }
  const mb = (bytes.length / 1024 / 1024).toFixed(1);
  io.err(escapeControls(`wirecheck: wrote ${opts.output}: ${summary}, ${mb} MB, in ${((performance.now() - started) / 1000).toFixed(1)} s`));
  return problems.length > 0 ? 1 : 0;
}

/** The full pack at `path`, or undefined once its problem is said. */
async function readFullPack(path: string, io: Io, why: string): Promise<Pack | undefined> {
  let source;
  try {
    source = await readCorpus(path);
  } catch (e) {
    reportCorpusError(e, path, io);
    return undefined;
  }
  if (source.kind !== 'pack') {
    io.err(problemLine({ file: path, message: `is not a corpus pack; --since needs the pack made by 'wirecheck index' (${why})` }));
    return undefined;
  }
  return openFullPack(source.bytes, path, io, why);
}

function openFullPack(bytes: Uint8Array, path: string, io: Io, why: string): Pack | undefined {
  try {
    const pack = openPack(bytes);
    if (!pack.delta) return pack;
    io.err(problemLine({ file: path, message: `is a delta pack; ${why}` }));
  } catch (e) {
    if (!(e instanceof PackError)) throw e;
    io.err(problemLine({ file: path, message: e.message }));
  }
  return undefined;
}

/**
 * Runs `work` with SIGINT and SIGTERM handlers that remove `temporary` and exit (130, 143).
 * Installed only around the writing: before it, the default handlers stop fingerprinting at
 * once, and there is no file to remove.
 */
async function whileRemovedOnSignal(temporary: string, output: string, io: Io, work: () => Promise<void>): Promise<void> {
  const handlers = Object.entries(SIGNAL_EXIT).map(([signal, status]) => {
    const handler = () => {
      try {
        rmSync(temporary, { force: true });
      } catch {
        // Exiting matters more than a leftover the reader can see and delete.
      }
      io.err(problemLine({ file: output, message: `interrupted (${signal}); the unfinished pack was removed, nothing written` }));
      process.exit(status);
    };
    process.once(signal, handler);
    return [signal, handler] as const;
  });
  try {
    await work();
  } finally {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  }
}
