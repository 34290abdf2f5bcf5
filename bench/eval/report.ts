/** The evaluation report: one JSON document, rendered as Markdown for people. */

import { VERDICTS, type Verdict } from '../../src/core/types';
import type { Split, Variant } from './benchmark';
import { type Goal, GOALS, type Metrics, pct, type Rate } from './metrics';
import type { PublicReport } from './public/evaluate';
import type { RewriteReport } from './rewrites/evaluate';
import { STYLES } from './rewrites/load';

export interface SeedCaseOutcome {
  name: string;
  corpus: string;
  query: string;
  expectedVerdicts: Verdict[];
  expectedSources: string[];
  verdict: Verdict;
  source: string | null;
  paraphraseScore: number | null;
  coverage: number;
  /** Share of the page's words that are not in the (first) expected source. */
  newWords: number;
  pass: boolean;
}

export interface EvalReport {
  tool: 'wirecheck eval';
  seed: number;
  options: { small: boolean; split: Split | 'both'; corpus: string; synthetic: number; topics: number; recallSample: number };
  corpus: { description: string; indexed: number; reserve: number };
  pagesBySplit: Record<string, Partial<Record<Variant, number>>>;
  /** Mean share of eligible words the spinner changed, per variant. */
  spunByVariant: Partial<Record<Variant, number>>;
  /** Median share of page words absent from the source, per variant (see metrics.newWordShare). */
  newWordsByVariant: Partial<Record<Variant, number>>;
  splits: Partial<Record<Split, { metrics: Metrics; goals: Goal[] }>>;
  humanWritten: { cases: SeedCaseOutcome[]; accuracy: Rate; goal: Goal; order: { rule: string; scores: (number | null)[]; holds: boolean } };
  /** The rewrite benchmark: model-written rewrites of real news text (rewrites/). */
  rewrites: RewriteReport;
  /** The aligner on public human-paraphrase corpora, when given. */
  publicCorpora: PublicReport;
  /** Wall-clock figures: the only numbers that change between runs with one seed. */
  timings: { totalSeconds: number; buildSeconds: number; checkSeconds: number; exhaustiveSeconds: number; exhaustiveMsPerPage: number | null };
  pages: {
    id: string;
    split: Split;
    variant: Variant;
    predicted: Verdict;
    source: string | null;
    paraphraseScore: number | null;
    coverage: number;
    /** Rank of the true source among the candidates (0-based), or null when absent; null for negatives too. */
    sourceRank: number | null;
    /** The exhaustive search's pick, when the page was in the sample. */
    exhaustive?: string | null;
  }[];
}

const mark = (met: boolean) => (met ? '✓' : '✗');
const fmtRate = (r: Rate, digits = 1) => (r.total ? `${pct(r.rate, digits)} (${r.hit}/${r.total})` : '—');
const num = (x: number | null, digits = 2) => (x === null ? '—' : x.toFixed(digits));

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

export function renderMarkdown(r: EvalReport): string {
  const splits = (Object.keys(r.splits) as Split[]).filter((s) => r.splits[s]);
  const m = (s: Split) => r.splits[s]!.metrics;
  const out: string[] = [];
  out.push(`# Wirecheck evaluation (seed ${r.seed}${r.options.small ? ', small' : ''})`, '');
  out.push(`Corpus: ${r.corpus.description}. Index: ${r.corpus.indexed} articles.`, '');
  out.push(
    'Levels: verbatim = republished with boilerplate; edited = ~10% synonym swaps, trimmed clauses, one sentence dropped; ' +
      'rewritten = spinner at 30/50/70% of eligible words with reorders, splits, merges and drops, or a condensed rewrite (60% of sentences, 40% spin); ' +
      'partial = 3–6 source sentences inside another story; none = independent stories (same topic for synthetic). ' +
      'Spearman uses the rewrite level verbatim 0, edited 0.1, spin 0.3/0.5/0.7 (condensed excluded; given separately).',
    '',
  );

  out.push('## Goals', '');
  const goalNames = r.splits[splits[0]!]?.goals.map((g) => g.name) ?? [];
  out.push(
    table(
      ['goal', 'target', ...splits],
      [
        ...goalNames.map((name, i) => {
          const g0 = r.splits[splits[0]!]!.goals[i]!;
          return [name, g0.target, ...splits.map((s) => {
            const g = r.splits[s]!.goals[i]!;
            return `${mark(g.met)} ${g.name.startsWith('Spearman') ? num(g.value) : pct(g.value, 1)}`;
          })];
        }),
        [r.humanWritten.goal.name, r.humanWritten.goal.target, ...splits.map(() => `${mark(r.humanWritten.goal.met)} ${pct(r.humanWritten.goal.value, 0)} (seed cases)`)],
      ],
    ),
    '',
  );

  out.push('## Metrics per split', '');
  const row = (label: string, f: (x: Metrics) => string) => [label, ...splits.map((s) => f(m(s)))];
  out.push(
    table(['', ...splits], [
      row('pages', (x) => String(x.n)),
      row('attribution accuracy (derived pages)', (x) => fmtRate(x.attribution)),
      row('false flags: same-topic stories', (x) => fmtRate(x.falseFlags.sameTopic)),
      row('false flags: all independent stories', (x) => fmtRate(x.falseFlags.allNegatives)),
      ...VERDICTS.map((v) => row(`verdict accuracy: ${v}`, (x) => fmtRate(x.verdict.byLevel[v]))),
      row('verdict accuracy: macro (five levels)', (x) => pct(x.verdict.macro, 1)),
      row('verdict accuracy: micro (all pages)', (x) => fmtRate(x.verdict.micro)),
      row('Spearman, ladder (n)', (x) => `${num(x.spearman.ladder.rho)} (${x.spearman.ladder.n})`),
      row('Spearman, with condensed at 0.4 (n)', (x) => `${num(x.spearman.withCondensed.rho)} (${x.spearman.withCondensed.n})`),
      row('Spearman, coarse 0/1/2 (n)', (x) => `${num(x.spearman.coarse.rho)} (${x.spearman.coarse.n})`),
      row('true source in candidates', (x) => fmtRate(x.recall.inCandidates)),
      row('true source in aligned candidates', (x) => fmtRate(x.recall.inAligned)),
      row('candidate recall vs exhaustive (sample)', (x) => fmtRate(x.recall.vsExhaustive)),
      row('exhaustive search finds the true source', (x) => fmtRate(x.recall.exhaustiveRight)),
      row('median / p95 check time', (x) => `${num(x.timing.medianMs, 1)} / ${num(x.timing.p95Ms, 1)} ms`),
    ]),
    '',
  );

  for (const s of splits) {
    const x = m(s);
    out.push(`## ${s}: confusion (true level × verdict)`, '');
    out.push(table(['true \\ verdict', ...VERDICTS], VERDICTS.filter((t) => x.verdict.byLevel[t].total > 0).map((t) => [t, ...VERDICTS.map((p) => String(x.confusion[t][p]))])), '');
    out.push(`## ${s}: by variant`, '');
    const variants = Object.keys(x.verdictByVariant) as Variant[];
    out.push(
      table(
        ['variant', 'n', ...VERDICTS, 'median paraphraseScore', 'spun', 'new words'],
        variants.map((v) => {
          const counts = x.verdictByVariant[v]!;
          const n = VERDICTS.reduce((a, k) => a + counts[k], 0);
          const sc = x.scoreByVariant[v];
          const spun = r.spunByVariant[v];
          const fresh = r.newWordsByVariant[v];
          return [v, String(n), ...VERDICTS.map((k) => String(counts[k])), sc ? `${num(sc.median, 0)} (${sc.n})` : '—', spun ? pct(spun, 0) : '—', fresh !== undefined ? pct(fresh, 0) : '—'];
        }),
      ),
      '',
    );
  }

  out.push('## Human-written rewrites (seed cases)', '');
  out.push(
    table(
      ['case', 'corpus', 'expected', 'got', 'source', 'score', 'coverage', 'new words', ''],
      r.humanWritten.cases.map((c) => [c.name, c.corpus, c.expectedVerdicts.join('/'), c.verdict, c.source ?? '—', num(c.paraphraseScore, 0), num(c.coverage, 2), pct(c.newWords, 0), mark(c.pass)]),
    ),
    '',
    '"spun" is the share of eligible words the spinner changed; "new words" the share of page words that never occur in the source (same measure for generated and human-written pages).',
    '',
    `Order ${r.humanWritten.order.rule}: ${r.humanWritten.order.scores.join(' < ')} ${mark(r.humanWritten.order.holds)}`,
    '',
  );
  out.push(...renderRewrites(r.rewrites), ...renderPublic(r.publicCorpora));
  out.push(
    '## Timings',
    '',
    `total ${r.timings.totalSeconds.toFixed(1)} s (build ${r.timings.buildSeconds.toFixed(1)} s, checks ${r.timings.checkSeconds.toFixed(1)} s, ` +
      `exhaustive sample ${r.timings.exhaustiveSeconds.toFixed(1)} s, ${num(r.timings.exhaustiveMsPerPage, 0)} ms per page)`,
    '',
  );
  return out.join('\n');
}

export function renderRewrites(rw: RewriteReport): string[] {
  const splits = (['dev', 'test'] as const).filter((s) => rw.splits[s]);
  if (!splits.length) return [];
  const out: string[] = ['## Rewrite benchmark: language-model rewrites of real news text', '', `Corpus: ${rw.corpus}. Test split: never tuned on.`, ''];
  out.push(
    table(
      ['goal (test split)', 'target', ...splits],
      rw.splits[splits[0]!]!.goals.map((g0, i) => [g0.name.replace(/ \(.*\)$/, ''), g0.target, ...splits.map((s) => {
        const g = rw.splits[s]!.goals[i]!;
        return `${mark(g.met)} ${pct(g.value, 1)}${/weakest/.test(g.name) ? ` ${g.name.replace(/^.*\((.*)\)$/, '($1)')}` : ''}`;
      })]),
    ),
    '',
  );
  const styles = STYLES.filter((st) => splits.some((s) => rw.splits[s]!.byStyle[st]));
  out.push(
    table(
      ['style', ...splits.flatMap((s) => [`${s}: n`, `${s}: source named`, `${s}: verdict right`, `${s}: verdicts`, `${s}: median score`])],
      styles.map((st) => [st, ...splits.flatMap((s) => {
        const x = rw.splits[s]!.byStyle[st];
        if (!x) return ['0', '—', '—', '—', '—'];
        const verdicts = Object.entries(x.verdicts).map(([v, n]) => `${v} ${n}`).join(', ');
        return [String(x.n), st === 'independent' ? '—' : fmtRate(x.sourceNamed, 0), fmtRate(x.verdict, 0), verdicts, num(x.medianScore, 0)];
      })]),
    ),
    '',
    `Spearman(paraphraseScore, style strength): ${splits.map((s) => `${s} ${num(rw.splits[s]!.spearman.rho)} (n ${rw.splits[s]!.spearman.n})`).join(', ')}. Strength: light edit 1; lead-only, full rewrite, added context 2; condensed, casual, listicle 3 (designed, not graded by people).`,
    '',
  );
  return out;
}

export function renderPublic(pr: PublicReport): string[] {
  const out: string[] = ['## Public human-paraphrase corpora (sentence pairs)', ''];
  if (!pr.dataDir) return [...out, 'Not run: give `--public-data DIR` (bench/eval/public/README.md says how to get MSRP, STS and the PAN sentence pairs; none is committed).', ''];
  if (pr.labelled.length) out.push(table(['corpus', 'pairs', 'paraphrases', 'ROC AUC of similarity', 'accuracy of "aligned"'], pr.labelled.map((l) => [l.corpus, String(l.n), String(l.positives), num(l.auc, 3), pct(l.accuracyAtThreshold, 1)])), '');
  if (pr.graded.length) out.push(table(['corpus', 'pairs', 'ρ(rewording score, 5 − grade)', 'ρ(similarity, grade)'], pr.graded.map((g) => [g.corpus, String(g.n), num(g.rewordingRho, 3), num(g.similarityRho, 3)])), '');
  if (pr.missing.length) out.push(`Absent from ${pr.dataDir}: ${pr.missing.join(', ')}.`, '');
  return out;
}

export { GOALS, table, fmtRate, mark, num };
