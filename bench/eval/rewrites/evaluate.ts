/**
 * The rewrite benchmark's evaluation: every model-written text checked against a corpus of its
 * sources (all indexed) and the synthetic distractor stories, through the same MemoryCorpus.check
 * as the CLI. Measures per split and per style, goals on the test split.
 *
 * - source named: the page's verdict is not `none` and its source is the text's source (either
 *   AP version for the seed story);
 * - verdict right: the verdict is the style's level (STYLE_LEVEL);
 * - false flags: `independent` texts called verbatim, edited or rewritten (a `partial` call is a
 *   verdict error, not a false flag), as in metrics.ts;
 * - Spearman's ρ between paraphraseScore and the style's designed strength (light edit 1; whole
 *   retellings 2; condensed, casual and list re-casts 3), on texts whose source was named.
 */

import { MemoryCorpus } from '../../../src/core/corpus/memory';
import type { Verdict } from '../../../src/core/types';
import { type Goal, median, pct, type Rate, rate, spearman } from '../metrics';
import { generateCorpus } from '../synthetic';
import { loadRewrites, type RewritePage, type RewriteSplit, rewriteCorpus, STYLE_STRENGTH, STYLES, type RewriteStyle } from './load';

export const REWRITE_GOALS = { sourceNamed: 0.97, sourceNamedPerStyle: 0.93, falseFlags: 0.01, verdict: 0.9 };

export interface RewriteOutcome {
  id: string;
  style: RewriteStyle;
  split: RewriteSplit;
  expected: Verdict;
  predicted: Verdict;
  source: string | null;
  sourceNamed: boolean;
  paraphraseScore: number | null;
  coverage: number;
  ms: number;
}

export interface RewriteSplitMetrics {
  n: number;
  byStyle: Partial<Record<RewriteStyle, { n: number; sourceNamed: Rate; verdict: Rate; verdicts: Partial<Record<Verdict, number>>; medianScore: number | null }>>;
  /** Every rewrite style together (independent texts excluded). */
  sourceNamed: Rate;
  verdict: Rate;
  falseFlags: Rate;
  spearman: { rho: number | null; n: number };
  goals: Goal[];
}

export interface RewriteReport {
  corpus: string;
  splits: Partial<Record<RewriteSplit, RewriteSplitMetrics>>;
  outcomes: RewriteOutcome[];
}

const FLAGS: ReadonlySet<Verdict> = new Set(['verbatim', 'edited', 'rewritten']);

export function rewriteMetrics(outcomes: readonly RewriteOutcome[]): RewriteSplitMetrics {
  const rewrites = outcomes.filter((o) => o.style !== 'independent');
  const independent = outcomes.filter((o) => o.style === 'independent');
  const byStyle: RewriteSplitMetrics['byStyle'] = {};
  for (const style of STYLES) {
    const xs = outcomes.filter((o) => o.style === style);
    if (!xs.length) continue;
    const verdicts: Partial<Record<Verdict, number>> = {};
    for (const o of xs) verdicts[o.predicted] = (verdicts[o.predicted] ?? 0) + 1;
    byStyle[style] = {
      n: xs.length,
      sourceNamed: rate(xs.filter((o) => o.sourceNamed).length, style === 'independent' ? 0 : xs.length),
      verdict: rate(xs.filter((o) => o.predicted === o.expected).length, xs.length),
      verdicts,
      medianScore: median(xs.filter((o) => o.sourceNamed && o.paraphraseScore !== null).map((o) => o.paraphraseScore!)),
    };
  }
  const ranked = rewrites.filter((o) => o.sourceNamed && o.paraphraseScore !== null && STYLE_STRENGTH[o.style] !== undefined);
  const m: RewriteSplitMetrics = {
    n: outcomes.length,
    byStyle,
    sourceNamed: rate(rewrites.filter((o) => o.sourceNamed).length, rewrites.length),
    verdict: rate(outcomes.filter((o) => o.predicted === o.expected).length, outcomes.length),
    falseFlags: rate(independent.filter((o) => FLAGS.has(o.predicted)).length, independent.length),
    spearman: { rho: spearman(ranked.map((o) => o.paraphraseScore!), ranked.map((o) => STYLE_STRENGTH[o.style]!)), n: ranked.length },
    goals: [],
  };
  const worstStyle = Object.entries(byStyle)
    .filter(([s]) => s !== 'independent')
    .map(([s, v]) => [s, v!.sourceNamed.rate ?? 0] as const)
    .sort((a, b) => a[1] - b[1])[0];
  m.goals = [
    { name: 'source named, model rewrites of every style', target: `≥ ${pct(REWRITE_GOALS.sourceNamed)}`, value: m.sourceNamed.rate, met: (m.sourceNamed.rate ?? 0) >= REWRITE_GOALS.sourceNamed },
    {
      name: `source named, weakest style${worstStyle ? ` (${worstStyle[0]})` : ''}`,
      target: `≥ ${pct(REWRITE_GOALS.sourceNamedPerStyle)}`,
      value: worstStyle ? worstStyle[1] : null,
      met: (worstStyle?.[1] ?? 0) >= REWRITE_GOALS.sourceNamedPerStyle,
    },
    { name: 'false flags on independent same-event stories', target: `≤ ${pct(REWRITE_GOALS.falseFlags)}`, value: m.falseFlags.rate, met: m.falseFlags.total > 0 && (m.falseFlags.rate ?? 1) <= REWRITE_GOALS.falseFlags },
    { name: 'verdict right, model rewrites and independent stories', target: `≥ ${pct(REWRITE_GOALS.verdict)}`, value: m.verdict.rate, met: (m.verdict.rate ?? 0) >= REWRITE_GOALS.verdict },
  ];
  return m;
}

/** Checks every rewrite; `small` keeps two sources per split (for CI). */
export async function runRewriteEval(opts: { small?: boolean; seed?: number } = {}): Promise<RewriteReport> {
  let pages: RewritePage[] = loadRewrites();
  if (opts.small) {
    const keep = new Set<string>();
    for (const split of ['dev', 'test'] as const) for (const id of [...new Set(pages.filter((p) => p.split === split).map((p) => p.sourceId))].slice(0, 2)) keep.add(id);
    pages = pages.filter((p) => keep.has(p.sourceId));
  }
  const sources = rewriteCorpus();
  const distractors = generateCorpus({ seed: opts.seed ?? 1, count: opts.small ? 40 : 240, topics: opts.small ? 8 : 48 });
  const corpus = new MemoryCorpus([...sources, ...distractors]);
  const outcomes: RewriteOutcome[] = [];
  for (const p of pages) {
    const t0 = performance.now();
    const r = await corpus.check(p);
    const ms = performance.now() - t0;
    const sourceNamed = p.style !== 'independent' && r.verdict !== 'none' && r.source !== null && p.accept.includes(r.source.id);
    outcomes.push({ id: p.id, style: p.style, split: p.split, expected: p.level, predicted: r.verdict, source: r.source?.id ?? null, sourceNamed, paraphraseScore: r.paraphraseScore, coverage: r.coverage, ms });
  }
  const report: RewriteReport = {
    corpus: `${sources.length} real sources (English fixture pages, the seed story's two AP versions) + ${distractors.length} synthetic stories, all indexed`,
    splits: {},
    outcomes,
  };
  for (const split of ['dev', 'test'] as const) {
    const xs = outcomes.filter((o) => o.split === split);
    if (xs.length) report.splits[split] = rewriteMetrics(xs);
  }
  return report;
}
