/**
 * What the harness measures, as pure functions of per-page outcomes (tested on hand-made
 * outcomes in test/unit/eval.test.ts).
 *
 * - attribution accuracy: derived pages (every level but none) whose verdict is not `none`
 *   and whose source is one of the page's accepted sources.
 * - false-flag rate: independent stories called verbatim, edited or rewritten (a `partial`
 *   call is a verdict error but not a false flag). The goal is on same-topic negatives.
 * - verdict accuracy: per true level, and across the five levels as the mean of the per-level
 *   rates (macro: each level counts the same however many pages it has), plus micro.
 * - Spearman's ρ between paraphraseScore and the rewrite level (REWORD_LEVEL in benchmark.ts),
 *   on ladder pages (verbatim, edited, spin 30/50/70) whose source was found: a page
 *   attributed elsewhere or to nothing has no paraphraseScore against its source and is
 *   already counted as an attribution failure. Ties get average ranks.
 * - candidate recall: the true source among `result.candidates` (all retrieved) and among the
 *   candidates actually aligned (the best of each retrieval channel, src/core/check.ts); and, on a sample, the source an
 *   exhaustive alignment against every indexed article picks, among the candidates.
 */

import type { Verdict } from '../../src/core/types';
import { VERDICTS } from '../../src/core/types';
import type { Split, Variant } from './benchmark';

export interface Outcome {
  id: string;
  level: Verdict;
  variant: Variant;
  split: Split;
  /** Accepted sources (empty for negatives). */
  accept: string[];
  /** Rewrite level for Spearman, or null when the page is off the ladder. */
  rewordLevel: number | null;
  predicted: Verdict;
  predictedSource: string | null;
  paraphraseScore: number | null;
  coverage: number;
  /** Candidate ids in rank order. */
  candidates: string[];
  /** Ids of the candidates the check aligned in full (the best of each retrieval channel). */
  aligned: string[];
  /** The exhaustive search's source (null: it found none), when the page was in the sample. */
  exhaustive?: string | null;
  ms: number;
}

export interface Rate {
  hit: number;
  total: number;
  /** hit / total, or null when total is 0. */
  rate: number | null;
}

export function rate(hit: number, total: number): Rate {
  return { hit, total, rate: total ? hit / total : null };
}

export interface Metrics {
  n: number;
  attribution: Rate;
  falseFlags: { sameTopic: Rate; allNegatives: Rate };
  verdict: { byLevel: Record<Verdict, Rate>; macro: number | null; micro: Rate };
  confusion: Record<Verdict, Record<Verdict, number>>;
  spearman: { ladder: { rho: number | null; n: number }; withCondensed: { rho: number | null; n: number }; coarse: { rho: number | null; n: number } };
  recall: { inCandidates: Rate; inAligned: Rate; vsExhaustive: Rate; exhaustiveRight: Rate };
  /** Median paraphraseScore per variant (pages attributed correctly). */
  scoreByVariant: Partial<Record<Variant, { median: number | null; n: number }>>;
  verdictByVariant: Partial<Record<Variant, Record<Verdict, number>>>;
  timing: { medianMs: number | null; p95Ms: number | null };
}

const FLAGS: ReadonlySet<Verdict> = new Set(['verbatim', 'edited', 'rewritten']);
const COARSE: Partial<Record<Variant, number>> = { verbatim: 0, edited: 1, spin30: 2, spin50: 2, spin70: 2, condensed: 2 };

/** Average ranks (1-based), ties sharing the mean of their positions. */
export function ranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) out[order[k]![1]] = r;
    i = j + 1;
  }
  return out;
}

export function pearson(x: readonly number[], y: readonly number[]): number | null {
  const n = x.length;
  if (n < 2 || y.length !== n) return null;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx;
    const dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return sxy / Math.sqrt(sxx * syy);
}

/** Spearman's rank correlation with average ranks for ties; null when either side is constant. */
export function spearman(x: readonly number[], y: readonly number[]): number | null {
  return pearson(ranks(x), ranks(y));
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

function emptyConfusion(): Record<Verdict, Record<Verdict, number>> {
  const m = {} as Record<Verdict, Record<Verdict, number>>;
  for (const t of VERDICTS) {
    m[t] = {} as Record<Verdict, number>;
    for (const p of VERDICTS) m[t][p] = 0;
  }
  return m;
}

export function attributedRight(o: Outcome): boolean {
  return o.predicted !== 'none' && o.predictedSource !== null && o.accept.includes(o.predictedSource);
}

export function computeMetrics(outcomes: readonly Outcome[], coarse = COARSE): Metrics {
  const derived = outcomes.filter((o) => o.level !== 'none');
  const negatives = outcomes.filter((o) => o.level === 'none');
  const sameTopic = negatives.filter((o) => o.variant === 'same-topic');

  const confusion = emptyConfusion();
  for (const o of outcomes) confusion[o.level][o.predicted]++;
  const byLevel = {} as Record<Verdict, Rate>;
  for (const level of VERDICTS) {
    const row = confusion[level];
    const total = VERDICTS.reduce((n, v) => n + row[v], 0);
    byLevel[level] = rate(row[level], total);
  }
  const present = VERDICTS.filter((v) => byLevel[v].total > 0);
  const macro = present.length ? present.reduce((s, v) => s + byLevel[v].rate!, 0) / present.length : null;
  const microHit = VERDICTS.reduce((n, v) => n + confusion[v][v], 0);

  const correlation = (select: (o: Outcome) => number | null | undefined) => {
    const pts = derived.filter((o) => attributedRight(o) && o.paraphraseScore !== null).flatMap((o) => {
      const level = select(o);
      return level === null || level === undefined ? [] : [[level, o.paraphraseScore!] as const];
    });
    return { rho: spearman(pts.map((p) => p[0]), pts.map((p) => p[1])), n: pts.length };
  };

  const inTop = (o: Outcome, k: number) => o.candidates.slice(0, k).some((c) => o.accept.includes(c));
  const sample = derived.filter((o) => o.exhaustive !== undefined && o.exhaustive !== null);

  const scoreByVariant: Metrics['scoreByVariant'] = {};
  const verdictByVariant: Metrics['verdictByVariant'] = {};
  for (const o of outcomes) {
    const row = (verdictByVariant[o.variant] ??= Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>);
    row[o.predicted]++;
  }
  const variants = [...new Set(derived.map((o) => o.variant))];
  for (const v of variants) {
    const scores = derived.filter((o) => o.variant === v && attributedRight(o) && o.paraphraseScore !== null).map((o) => o.paraphraseScore!);
    scoreByVariant[v] = { median: median(scores), n: scores.length };
  }

  const times = outcomes.map((o) => o.ms);
  return {
    n: outcomes.length,
    attribution: rate(derived.filter(attributedRight).length, derived.length),
    falseFlags: {
      sameTopic: rate(sameTopic.filter((o) => FLAGS.has(o.predicted)).length, sameTopic.length),
      allNegatives: rate(negatives.filter((o) => FLAGS.has(o.predicted)).length, negatives.length),
    },
    verdict: { byLevel, macro, micro: rate(microHit, outcomes.length) },
    confusion,
    spearman: {
      ladder: correlation((o) => o.rewordLevel),
      withCondensed: correlation((o) => o.rewordLevel ?? (o.variant === 'condensed' ? 0.4 : null)),
      coarse: correlation((o) => coarse[o.variant]),
    },
    recall: {
      inCandidates: rate(derived.filter((o) => inTop(o, Infinity)).length, derived.length),
      inAligned: rate(derived.filter((o) => o.aligned.some((c) => o.accept.includes(c))).length, derived.length),
      vsExhaustive: rate(sample.filter((o) => o.aligned.includes(o.exhaustive!)).length, sample.length),
      exhaustiveRight: rate(sample.filter((o) => o.accept.includes(o.exhaustive!)).length, derived.filter((o) => o.exhaustive !== undefined).length),
    },
    scoreByVariant,
    verdictByVariant,
    timing: { medianMs: median(times), p95Ms: quantile(times, 0.95) },
  };
}

const WORD = /[\p{L}\p{N}]+(?:['.,][\p{L}\p{N}]+)*/gu;

function plainWords(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().replace(/[’‘]/g, "'").match(WORD) ?? [];
}

/**
 * How much of a page's wording is new: the share of its words that never occur in the
 * source. A yardstick for the generator (how hard did it reword?) that does not depend on
 * the matcher, computed the same way for the human-written seed rewrites.
 */
export function newWordShare(page: string, source: string): number {
  const known = new Set(plainWords(source));
  const words = plainWords(page);
  return words.length ? words.filter((w) => !known.has(w)).length / words.length : 0;
}

export interface Goal {
  name: string;
  target: string;
  value: number | null;
  met: boolean;
}

export const GOALS = {
  attribution: 0.98,
  falseFlags: 0.01,
  verdictMacro: 0.95,
  humanWritten: 0.8,
  spearman: 0.85,
  recall: 0.99,
} as const;

export function goalsFor(m: Metrics): Goal[] {
  const ge = (v: number | null, t: number) => v !== null && v >= t;
  const flags = m.falseFlags.sameTopic.total ? m.falseFlags.sameTopic : m.falseFlags.allNegatives;
  return [
    { name: 'attribution accuracy on derived pages', target: `≥ ${pct(GOALS.attribution)}`, value: m.attribution.rate, met: ge(m.attribution.rate, GOALS.attribution) },
    {
      // An external corpus has no topics: its held-out articles stand in for same-topic stories.
      name: m.falseFlags.sameTopic.total ? 'false flags on independent same-topic stories' : 'false flags on independent stories (no same-topic set)',
      target: `≤ ${pct(GOALS.falseFlags)}`,
      value: flags.rate,
      met: flags.rate !== null && flags.rate <= GOALS.falseFlags,
    },
    { name: 'verdict accuracy across the five levels (macro)', target: `≥ ${pct(GOALS.verdictMacro)}`, value: m.verdict.macro, met: ge(m.verdict.macro, GOALS.verdictMacro) },
    { name: 'Spearman(paraphraseScore, rewrite level)', target: `≥ ${GOALS.spearman}`, value: m.spearman.ladder.rho, met: ge(m.spearman.ladder.rho, GOALS.spearman) },
    { name: 'candidate recall vs exhaustive search', target: `≥ ${pct(GOALS.recall)}`, value: m.recall.vsExhaustive.rate, met: ge(m.recall.vsExhaustive.rate, GOALS.recall) },
  ];
}

export function pct(x: number | null, digits = 0): string {
  return x === null ? '—' : `${(100 * x).toFixed(digits)}%`;
}
