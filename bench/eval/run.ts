/**
 * `npm run eval`: build the labelled benchmark, check every page, report.
 *
 *   tsx bench/eval/run.ts [--seed N] [--corpus file.jsonl] [--split dev|heldout|both]
 *                         [--synthetic N] [--topics N] [--recall-sample N] [--small]
 *                         [--strict] [--out DIR] [--public-data DIR] [--readme]
 *
 * Writes DIR/eval-report.md and DIR/eval-report.json (DIR defaults to bench/results). Exit code
 * 0 whatever the numbers (it is a measurement); with --strict, 1 when a held-out goal is
 * missed. Same seed → same benchmark and same numbers, timings aside.
 */

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MemoryCorpus } from '../../src/core/corpus/memory';
import { matchPage } from '../../src/core/match/matcher';
import type { MatchResult } from '../../src/core/types';
import { type BenchPage, buildBenchmark, REWORD_LEVEL, type Split, SPLITS, type Variant } from './benchmark';
import { computeMetrics, GOALS, goalsFor, median, newWordShare, type Outcome, pct, rate } from './metrics';
import { hash32 } from './prng';
import { readJsonl, REPO_ROOT, seedCases, seedCorpus, seedPage } from './real-text';
import { type EvalReport, renderMarkdown, type SeedCaseOutcome } from './report';
import { loadWordNet } from './wordnet';
import { runPublicEval } from './public/evaluate';
import { runRewriteEval } from './rewrites/evaluate';
import { readmeSection, replaceReadmeSection, summarize } from './readme';

export interface EvalOptions {
  seed: number;
  corpus?: string;
  split: Split | 'both';
  small: boolean;
  strict: boolean;
  synthetic: number;
  topics: number;
  recallSample: number;
  out: string;
  /** Folder of public paraphrase corpora (bench/eval/public/README.md), or null. */
  publicData: string | null;
  /** Rewrite the README's detection tables from this run. */
  readme: boolean;
}

export function parseArgs(argv: readonly string[]): EvalOptions {
  const opts: EvalOptions = { seed: 1, split: 'both', small: false, strict: false, synthetic: 240, topics: 0, recallSample: 300, out: join(REPO_ROOT, 'bench/results'), publicData: process.env.WIRECHECK_PUBLIC_DATA || null, readme: false };
  let topicsGiven = false;
  let recallGiven = false;
  let syntheticGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    const int = () => {
      const v = Number(value());
      if (!Number.isInteger(v) || v < 0) throw new Error(`${a} needs a non-negative integer`);
      return v;
    };
    if (a === '--seed') opts.seed = int();
    else if (a === '--corpus') opts.corpus = value();
    else if (a === '--split') {
      const v = value();
      if (v !== 'dev' && v !== 'heldout' && v !== 'both') throw new Error('--split must be dev, heldout or both');
      opts.split = v;
    } else if (a === '--small') opts.small = true;
    else if (a === '--strict') opts.strict = true;
    else if (a === '--synthetic') {
      opts.synthetic = int();
      syntheticGiven = true;
    } else if (a === '--topics') {
      opts.topics = int();
      topicsGiven = true;
    } else if (a === '--recall-sample') {
      opts.recallSample = int();
      recallGiven = true;
    } else if (a === '--out') opts.out = resolve(value());
    else if (a === '--public-data') opts.publicData = resolve(value());
    else if (a === '--readme') opts.readme = true;
    else if (a === '--help' || a === '-h') {
      console.log('usage: tsx bench/eval/run.ts [--seed N] [--corpus file.jsonl] [--split dev|heldout|both] [--synthetic N] [--topics N] [--recall-sample N] [--small] [--strict] [--out DIR] [--public-data DIR] [--readme]');
      process.exit(0);
    } else throw new Error(`unknown option ${a}`);
  }
  if (opts.small && !syntheticGiven) opts.synthetic = 40;
  if (opts.small && !recallGiven) opts.recallSample = 24;
  if (!topicsGiven) opts.topics = Math.max(1, Math.round(opts.synthetic / 5));
  return opts;
}

const seconds = (t0: number) => (performance.now() - t0) / 1000;

export async function runEval(opts: EvalOptions, log: (line: string) => void = console.log): Promise<EvalReport> {
  const t0 = performance.now();

  const bench = buildBenchmark({
    seed: opts.seed,
    corpus: opts.corpus ? readJsonl(resolve(opts.corpus)) : undefined,
    synthetic: opts.synthetic,
    topics: opts.topics,
    originalsPerSplit: opts.small ? 3 : undefined,
    editor: loadWordNet('first'),
    spinner: loadWordNet('any'),
  });
  const corpus = new MemoryCorpus(bench.indexed);
  const splits = opts.split === 'both' ? SPLITS : [opts.split];
  const pages = bench.pages.filter((p) => splits.includes(p.split));
  const buildSeconds = seconds(t0);
  log(`benchmark: ${pages.length} pages from ${bench.corpusDescription} (built in ${buildSeconds.toFixed(1)} s)`);

  // The exhaustive-search sample: derived pages chosen by a seeded hash, the same whatever the split.
  const derived = bench.pages.filter((p) => p.level !== 'none');
  const sampleIds = new Set(
    [...derived].sort((a, b) => hash32(`${opts.seed}:exhaustive:${a.id}`) - hash32(`${opts.seed}:exhaustive:${b.id}`)).slice(0, opts.recallSample).map((p) => p.id),
  );

  const t1 = performance.now();
  const outcomes: Outcome[] = [];
  const results = new Map<string, MatchResult>();
  for (const [i, page] of pages.entries()) {
    const start = performance.now();
    const r = await corpus.check(page);
    const ms = performance.now() - start;
    results.set(page.id, r);
    outcomes.push(outcomeOf(page, r, ms, corpus.retrieve(page).toAlign));
    if ((i + 1) % 250 === 0) log(`  checked ${i + 1}/${pages.length}`);
  }
  const checkSeconds = seconds(t1);

  const t2 = performance.now();
  let exhaustiveCount = 0;
  for (const o of outcomes) {
    if (!sampleIds.has(o.id)) continue;
    const page = pages.find((p) => p.id === o.id)!;
    o.exhaustive = matchPage(page, bench.indexed).source?.id ?? null;
    exhaustiveCount++;
  }
  const exhaustiveSeconds = seconds(t2);
  log(`checked ${outcomes.length} pages in ${checkSeconds.toFixed(1)} s; exhaustive search on ${exhaustiveCount} in ${exhaustiveSeconds.toFixed(1)} s`);

  const humanWritten = await runSeedCases();

  const t3 = performance.now();
  const rewrites = await runRewriteEval({ small: opts.small, seed: opts.seed });
  const publicCorpora = runPublicEval(opts.publicData);
  log(`rewrite benchmark: ${rewrites.outcomes.length} texts in ${seconds(t3).toFixed(1)} s (public corpora: ${publicCorpora.dataDir ?? 'none given'})`);

  const pagesBySplit: EvalReport['pagesBySplit'] = {};
  const spun = new Map<Variant, number[]>();
  const fresh = new Map<Variant, number[]>();
  const byId = new Map(bench.indexed.map((a) => [a.id, a]));
  for (const p of pages) {
    const source = p.sourceId ? byId.get(p.sourceId) : undefined;
    if (source && p.level !== 'partial') {
      (fresh.get(p.variant) ?? fresh.set(p.variant, []).get(p.variant)!).push(newWordShare(`${p.title}\n${p.text}`, `${source.title}\n${source.text}`));
    }
    const row = (pagesBySplit[p.split] ??= {});
    row[p.variant] = (row[p.variant] ?? 0) + 1;
    if (p.spun > 0 || p.level !== 'none') (spun.get(p.variant) ?? spun.set(p.variant, []).get(p.variant)!).push(p.spun);
  }
  const report: EvalReport = {
    tool: 'wirecheck eval',
    seed: opts.seed,
    options: { small: opts.small, split: opts.split, corpus: opts.corpus ?? 'built-in', synthetic: opts.corpus ? 0 : opts.synthetic, topics: opts.corpus ? 0 : opts.topics, recallSample: opts.recallSample },
    corpus: { description: bench.corpusDescription, indexed: bench.indexed.length, reserve: bench.reserve.length },
    pagesBySplit,
    spunByVariant: Object.fromEntries([...spun].map(([v, xs]) => [v, Math.round((1000 * xs.reduce((a, b) => a + b, 0)) / xs.length) / 1000])),
    newWordsByVariant: Object.fromEntries([...fresh].map(([v, xs]) => [v, Math.round(1000 * median(xs)!) / 1000])),
    splits: {},
    humanWritten,
    rewrites,
    publicCorpora,
    timings: {
      totalSeconds: seconds(t0),
      buildSeconds,
      checkSeconds,
      exhaustiveSeconds,
      exhaustiveMsPerPage: exhaustiveCount ? (1000 * exhaustiveSeconds) / exhaustiveCount : null,
    },
    pages: outcomes.map((o) => {
      const rank = o.candidates.findIndex((c) => o.accept.includes(c));
      return {
        id: o.id,
        split: o.split,
        variant: o.variant,
        predicted: o.predicted,
        source: o.predictedSource,
        paraphraseScore: o.paraphraseScore,
        coverage: o.coverage,
        sourceRank: rank >= 0 ? rank : null,
        ...(o.exhaustive !== undefined ? { exhaustive: o.exhaustive } : {}),
      };
    }),
  };
  for (const s of splits) {
    const metrics = computeMetrics(outcomes.filter((o) => o.split === s));
    report.splits[s] = { metrics, goals: goalsFor(metrics) };
  }
  report.timings.totalSeconds = seconds(t0);
  return report;
}

function outcomeOf(page: BenchPage, r: MatchResult, ms: number, aligned: string[]): Outcome {
  return {
    id: page.id,
    level: page.level,
    variant: page.variant,
    split: page.split,
    accept: page.accept,
    rewordLevel: REWORD_LEVEL[page.variant] ?? null,
    predicted: r.verdict,
    predictedSource: r.source?.id ?? null,
    paraphraseScore: r.paraphraseScore,
    coverage: r.coverage,
    candidates: r.candidates.map((c) => c.id),
    aligned,
    ms,
  };
}

export async function runSeedCases(): Promise<EvalReport['humanWritten']> {
  const spec = seedCases();
  const cases: SeedCaseOutcome[] = [];
  for (const c of spec.cases) {
    const articles = seedCorpus(c.corpus);
    const page = seedPage(c.query);
    const r = await new MemoryCorpus(articles).check(page);
    const sources = [c.source].flat();
    const expected = articles.find((a) => a.id === sources[0]);
    cases.push({
      name: c.name,
      corpus: c.corpus,
      query: c.query,
      expectedVerdicts: c.verdict,
      expectedSources: sources,
      verdict: r.verdict,
      source: r.source?.id ?? null,
      paraphraseScore: r.paraphraseScore,
      coverage: r.coverage,
      newWords: expected ? Math.round(1000 * newWordShare(`${page.title}\n${page.text}`, `${expected.title}\n${expected.text}`)) / 1000 : 0,
      pass: c.verdict.includes(r.verdict) && r.source !== null && sources.includes(r.source.id),
    });
  }
  const accuracy = rate(cases.filter((c) => c.pass).length, cases.length);
  // "paraphraseScore(a) < paraphraseScore(b) < ..." over case names.
  const names = [...spec.order.matchAll(/paraphraseScore\(([^)]+)\)/g)].map((m) => m[1]!);
  const scores = names.map((n) => cases.find((c) => c.name === n)?.paraphraseScore ?? null);
  const holds = scores.every((s, i) => s !== null && (i === 0 || s > scores[i - 1]!));
  return {
    cases,
    accuracy,
    goal: { name: 'verdict accuracy on human-written rewrites', target: `≥ ${pct(GOALS.humanWritten)}`, value: accuracy.rate, met: (accuracy.rate ?? 0) >= GOALS.humanWritten },
    order: { rule: spec.order, scores, holds },
  };
}

function printSummary(r: EvalReport, log: (line: string) => void): void {
  const splits = (Object.keys(r.splits) as Split[]).filter((s) => r.splits[s]);
  for (const s of splits) {
    const { metrics: m, goals } = r.splits[s]!;
    log(`\n${s}: ${m.n} pages; median check ${m.timing.medianMs?.toFixed(1)} ms`);
    for (const g of goals) log(`  ${g.met ? '✓' : '✗'} ${g.name}: ${g.name.startsWith('Spearman') ? (g.value?.toFixed(3) ?? '—') : pct(g.value, 1)} (goal ${g.target})`);
  }
  for (const [s, m] of Object.entries(r.rewrites.splits)) {
    log(`\nrewrite benchmark, ${s}: ${m!.n} texts`);
    for (const g of m!.goals) log(`  ${g.met ? '✓' : '✗'} ${g.name}: ${pct(g.value, 1)} (goal ${g.target})`);
  }
  const h = r.humanWritten;
  log(`\nhuman-written (seed cases): ${h.goal.met ? '✓' : '✗'} ${h.accuracy.hit}/${h.accuracy.total} (goal ${h.goal.target}); order ${h.order.holds ? 'holds' : 'broken'}`);
}

async function main(): Promise<void> {
  let opts: EvalOptions;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`eval: ${(e as Error).message}`);
    process.exit(2);
  }
  const report = await runEval(opts);
  mkdirSync(opts.out, { recursive: true });
  const md = renderMarkdown(report);
  writeFileSync(join(opts.out, 'eval-report.md'), `${md}\n`);
  writeFileSync(join(opts.out, 'eval-report.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\n${md}`);
  printSummary(report, console.log);
  console.log(`\nwrote ${join(opts.out, 'eval-report.md')} and eval-report.json`);
  if (opts.readme) {
    if (opts.small || opts.split !== 'both' || opts.corpus || opts.seed !== 1) throw new Error('--readme takes the full default run (no --small, --split, --corpus or --seed)');
    const summary = summarize(report);
    writeFileSync(join(REPO_ROOT, 'bench/eval/results.json'), `${JSON.stringify(summary, null, 2)}\n`);
    const readme = join(REPO_ROOT, 'README.md');
    writeFileSync(readme, replaceReadmeSection(readFileSync(readme, 'utf8'), readmeSection(summary)));
    console.log(`updated the detection tables in ${readme}`);
  }
  if (opts.strict) {
    const held = report.splits.heldout;
    if (!held) console.warn('--strict: no held-out split in this run; nothing to enforce');
    else if (held.goals.some((g) => !g.met)) {
      console.error(`--strict: held-out goals missed: ${held.goals.filter((g) => !g.met).map((g) => g.name).join('; ')}`);
      process.exit(1);
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e) => {
    console.error(e);
    process.exit(2);
  });
}
