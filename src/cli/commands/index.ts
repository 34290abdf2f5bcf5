/**
 * `wirecheck index <corpus> -o <file>`: read a corpus (a .jsonl file or a folder, as `check`
 * reads it), fingerprint every article once and write a corpus pack (src/core/pack).
 *
 * The pack is written to a temporary file beside the target (`<out>.<pid>.part`), flushed to
 * disk (fsync) and only then renamed over the target, and the folder is flushed too: a crash
 * or power cut leaves the old pack or the new one under the chosen name, never a half-written
 * one. Ctrl-C (SIGINT) or SIGTERM while the temporary file exists removes it and exits with
 * 130 or 143, as a shell reports a command those signals stopped.
 *
 * A corpus with bad files or lines writes nothing unless --keep-going (../corpus.ts), and
 * then the bad ones are left out (exit status 1); a corpus with no article writes nothing.
 */

import { rmSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { buildPack } from '../../core/pack/build';
import { acceptCorpus, reportCorpusError } from '../corpus';
import { errorMessage, readCorpus } from '../inputs';
import { type Io, escapeControls, problemLine } from '../io';

export interface IndexOptions {
  corpus: string;
  output: string;
  /** Pack what loaded even when corpus files or lines were bad (exit status 1). */
  keepGoing?: boolean;
}

/** Exit statuses of a process stopped by these signals, as shells report them (128 + number). */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

export async function runIndex(opts: IndexOptions, io: Io): Promise<number> {
  let source;
  try {
    source = await readCorpus(opts.corpus);
  } catch (e) {
    reportCorpusError(e, opts.corpus, io);
    return 1;
  }
  if (source.kind === 'pack') {
    io.err(problemLine({ file: opts.corpus, message: 'is already a corpus pack' }));
    return 1;
  }
  if (!acceptCorpus(source, opts.corpus, io, { keepGoing: opts.keepGoing === true, command: 'index' })) return 1;
  const { articles, problems } = source;
  const started = performance.now();
  const bytes = await buildPack(articles);
  const temporary = `${opts.output}.${process.pid}.part`;
  try {
    await whileRemovedOnSignal(temporary, opts.output, io, async () => {
      await writeDurably(temporary, bytes);
      await rename(temporary, opts.output);
    });
  } catch (e) {
    await rm(temporary, { force: true });
    io.err(problemLine({ file: opts.output, message: `could not write the pack (${errorMessage(e)})` }));
    return 1;
  }
  await syncFolder(dirname(opts.output));
  const mb = (bytes.length / 1024 / 1024).toFixed(1);
  io.err(escapeControls(`wirecheck: wrote ${opts.output}: ${articles.length} articles, ${mb} MB, in ${((performance.now() - started) / 1000).toFixed(1)} s`));
  return problems.length > 0 ? 1 : 0;
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

/** Writes the whole file and flushes it to the disk (fsync) before it is closed. */
async function writeDurably(path: string, bytes: Uint8Array): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Flushes a folder's entries (the rename) to the disk; where folders cannot be opened (Windows), nothing to do. */
async function syncFolder(path: string): Promise<void> {
  let handle;
  try {
    handle = await open(path, 'r');
    await handle.sync();
  } catch {
    // Best effort: the pack is complete under its name either way.
  } finally {
    await handle?.close().catch(() => {});
  }
}
