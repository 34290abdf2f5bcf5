/**
 * `wirecheck index <corpus> -o <file>`: read a corpus (a .jsonl file or a folder, as `check`
 * reads it), fingerprint every article once and write a corpus pack (src/core/pack). The pack
 * is written to a temporary file beside the target and renamed over it, so an interrupted run
 * never leaves a half-written pack under the chosen name. Bad corpus lines are reported and
 * left out (exit status 1), as `check` does; a corpus with no article at all writes nothing.
 */

import { rename, rm, writeFile } from 'node:fs/promises';
import { buildPack } from '../../core/pack/build';
import { errorMessage, loadCorpus, readPackFile } from '../inputs';
import { type Io, problemLine } from '../io';

export interface IndexOptions {
  corpus: string;
  output: string;
}

export async function runIndex(opts: IndexOptions, io: Io): Promise<number> {
  let loaded;
  try {
    if (await readPackFile(opts.corpus)) {
      io.err(problemLine({ file: opts.corpus, message: 'is already a corpus pack' }));
      return 1;
    }
    loaded = await loadCorpus(opts.corpus);
  } catch (e) {
    io.err(problemLine({ file: opts.corpus, message: errorMessage(e) }));
    return 1;
  }
  for (const p of loaded.problems) io.err(problemLine(p));
  if (loaded.articles.length === 0) {
    io.err(problemLine({ file: opts.corpus, message: 'no articles to pack; nothing written' }));
    return 1;
  }
  const started = performance.now();
  const bytes = await buildPack(loaded.articles);
  const temporary = `${opts.output}.${process.pid}.part`;
  try {
    await writeFile(temporary, bytes);
    await rename(temporary, opts.output);
  } catch (e) {
    await rm(temporary, { force: true });
    io.err(problemLine({ file: opts.output, message: `could not write the pack (${errorMessage(e)})` }));
    return 1;
  }
  const mb = (bytes.length / 1024 / 1024).toFixed(1);
  io.err(`wirecheck: wrote ${opts.output}: ${loaded.articles.length} articles, ${mb} MB, in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return loaded.problems.length > 0 ? 1 : 0;
}
