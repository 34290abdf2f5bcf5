/**
 * `wirecheck check`: load the corpus once, then check every input against it in the order
 * given. A bad input or corpus line is reported on stderr and skipped, never fatal, so one
 * broken file in a batch of hundreds costs only its own line; the exit status says whether
 * anything was skipped. Only a corpus that cannot be loaded at all stops the run.
 */

import { MemoryCorpus } from '../../core/corpus/memory';
import type { MatchResult } from '../../core/types';
import { checkEvidence, checkJson, checkTable, evidenceJson, jsonLine } from '../format';
import { errorMessage, loadCorpus, loadPage } from '../inputs';
import { type Io, problemLine } from '../io';

export interface CheckOptions {
  corpus: string;
  json: boolean;
  evidence?: boolean;
  inputs: string[];
}

export async function runCheck(opts: CheckOptions, io: Io): Promise<number> {
  let failed = false;
  let loaded;
  try {
    loaded = await loadCorpus(opts.corpus);
  } catch (e) {
    io.err(problemLine({ file: opts.corpus, message: errorMessage(e) }));
    return 1;
  }
  for (const p of loaded.problems) io.err(problemLine(p));
  if (loaded.problems.length > 0) failed = true;
  const corpus = new MemoryCorpus(loaded.articles);

  const rows: { input: string; result: MatchResult }[] = [];
  for (const input of opts.inputs) {
    let result: MatchResult;
    try {
      result = await corpus.check(await loadPage(input));
    } catch (e) {
      io.err(problemLine({ file: input, message: errorMessage(e) }));
      failed = true;
      continue;
    }
    // JSON lines go out as soon as they exist, so a long batch can be piped and watched;
    // the table has to wait for every row to know its column widths.
    if (opts.json) io.out(jsonLine(opts.evidence ? { ...checkJson(input, result), evidence: evidenceJson(result) } : checkJson(input, result)));
    else rows.push({ input, result });
  }
  if (!opts.json && rows.length > 0) {
    io.out(checkTable(rows, { color: io.color }));
    const evidence = rows.map((r) => checkEvidence(r.input, r.result, { pairs: opts.evidence === true })).filter(Boolean);
    if (evidence.length > 0) io.out(`\n${evidence.join('\n\n')}`);
  }
  return failed ? 1 : 0;
}
