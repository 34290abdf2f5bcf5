/**
 * `wirecheck check`: load the corpus once, then check every input against it, reporting in
 * the order given. A bad input or corpus line is reported on stderr and skipped, never fatal,
 * so one broken file in a batch of hundreds costs only its own line; the exit status says
 * whether anything was skipped. The corpus, though, is used whole or not at all (../corpus.ts):
 * a bad corpus file or line stops the run before any check, unless --keep-going.
 *
 * The corpus is JSON Lines (or a folder) or a corpus pack (`wirecheck index`), told apart by
 * the file's first bytes. With more than one input and more than one job (default: one per
 * core), inputs are checked on worker threads (../parallel.ts) sharing one pack; with one,
 * in this thread. Results are the same either way (test/unit/cli-parallel.test.ts).
 * With --by-site, the results are counted per site instead (../by-site.ts).
 */

import { availableParallelism } from 'node:os';
import { MemoryCorpus } from '../../core/corpus/memory';
import { buildPack } from '../../core/pack/build';
import { PackCorpus } from '../../core/pack/corpus';
import { openPack } from '../../core/pack/pack';
import type { MatchResult } from '../../core/types';
import { checkEvidence, checkJson, checkTable, evidenceJson, jsonLine } from '../format';
import { checkForSite, inputVisit, siteJsonLine, siteRows, siteTable } from '../by-site';
import type { SiteSortKey } from '../../core/sites/summary';
import type { SiteVisit } from '../../core/sites/types';
import { acceptCorpus, reportCorpusError } from '../corpus';
import { errorMessage, loadPage, readCorpus } from '../inputs';
import { type Io, problemLine } from '../io';
import { type Outcome, checkInParallel } from '../parallel';

export interface CheckOptions {
  corpus: string;
  json: boolean;
  evidence?: boolean;
  /** Worker threads; default one per core. 1 checks in this thread. */
  jobs?: number;
  inputs: string[];
  /** Check against what loaded even when corpus files or lines were bad (exit status 1). */
  keepGoing?: boolean;
  /** One row per site instead of one per input (../by-site.ts), in this order. */
  bySite?: boolean;
  sort?: SiteSortKey;
}

/**
 * A worker costs about a second to start (it registers tsx), about what 30–100 checks take in
 * the main thread; so by default one worker per core, but only one per 50 inputs.
 */
export const INPUTS_PER_WORKER = 50;

function defaultJobs(inputs: number): number {
  return Math.max(1, Math.min(availableParallelism(), Math.floor(inputs / INPUTS_PER_WORKER)));
}

export async function runCheck(opts: CheckOptions, io: Io): Promise<number> {
  let failed = false;
  const jobs = Math.min(opts.jobs ?? defaultJobs(opts.inputs.length), opts.inputs.length);
  let pack: Uint8Array | null = null;
  let corpus: { check(page: Parameters<MemoryCorpus['check']>[0]): Promise<MatchResult> } | null = null;
  try {
    const source = await readCorpus(opts.corpus);
    if (source.kind === 'pack') {
      pack = source.bytes;
      // Opened here even when workers will open it again: a bad pack is refused once, before
      // any worker starts.
      const openedPack = openPack(pack);
      if (openedPack.delta) {
        io.err(problemLine({ file: opts.corpus, message: 'a delta pack holds only what changed since another pack; check against the full pack (nothing checked)' }));
        return 1;
      }
      const opened = new PackCorpus(openedPack);
      if (opened.size === 0) {
        io.err(problemLine({ file: opts.corpus, message: 'the corpus pack holds no articles; nothing checked' }));
        return 1;
      }
      if (jobs <= 1) corpus = opened;
    } else {
      if (!acceptCorpus(source, opts.corpus, io, { keepGoing: opts.keepGoing === true, command: 'check' })) return 1;
      if (source.problems.length > 0) failed = true;
      if (jobs <= 1) corpus = new MemoryCorpus(source.articles);
      // Fingerprinted once, here; the workers share the result.
      else pack = await buildPack(source.articles);
    }
  } catch (e) {
    reportCorpusError(e, opts.corpus, io);
    return 1;
  }

  const rows: { input: string; result: MatchResult }[] = [];
  const visits: SiteVisit[] = [];
  const report = (input: string, outcome: Outcome) => {
    if (outcome.error !== undefined) {
      io.err(problemLine({ file: input, message: outcome.error }));
      failed = true;
      return;
    }
    const { result } = outcome;
    if (opts.bySite) {
      if (outcome.site) visits.push(inputVisit(input, outcome.site, result, Date.now()));
      return;
    }
    // JSON lines go out as soon as they exist, so a long batch can be piped and watched;
    // the table has to wait for every row to know its column widths.
    if (opts.json) io.out(jsonLine(opts.evidence ? { ...checkJson(input, result), evidence: evidenceJson(result) } : checkJson(input, result)));
    else rows.push({ input, result });
  };

  if (corpus) {
    for (const input of opts.inputs) {
      let outcome: Outcome;
      try {
        outcome = opts.bySite ? await checkForSite(corpus, input) : { result: await corpus.check(await loadPage(input)) };
      } catch (e) {
        outcome = { error: errorMessage(e) };
      }
      report(input, outcome);
    }
  } else {
    await checkInParallel(pack!, opts.inputs, jobs, (at, outcome) => report(opts.inputs[at]!, outcome), { bySite: opts.bySite === true });
  }
  if (opts.bySite) {
    const sites = siteRows(visits, opts.sort);
    if (opts.json) for (const site of sites) io.out(siteJsonLine(site));
    else if (sites.length > 0) io.out(siteTable(sites));
    return failed ? 1 : 0;
  }
  if (!opts.json && rows.length > 0) {
    io.out(checkTable(rows, { color: io.color }));
    const evidence = rows.map((r) => checkEvidence(r.input, r.result, { pairs: opts.evidence === true })).filter(Boolean);
    if (evidence.length > 0) io.out(`\n${evidence.join('\n\n')}`);
  }
  return failed ? 1 : 0;
}
