/**
 * The aligner on public human-paraphrase corpora, when a developer has put them in a data folder
 * (README.md here; nothing of them is committed). Sentence level only: each pair is two
 * sentences, and the measure is what the aligner decides about them.
 *
 * - MSRP (news-wire pairs labelled paraphrase or not, by people) and PAN sentence pairs (from
 *   the human-written plagiarism cases of PAN-PC-10): ROC AUC of the aligner's similarity, and
 *   the accuracy of "aligned" (similarity ≥ MATCH_THRESHOLD) as "paraphrase".
 * - STS Benchmark, news genre (pairs graded 0–5 by people): Spearman's ρ between the pair's
 *   rewording score and the human grade turned round (5 − grade: how far apart people judged
 *   them), and between the similarity and the grade.
 *
 * Test splits only; nothing is tuned on them.
 */

import { MATCH_THRESHOLD, prepareSentences, rewordingScore, type Sentence, sentenceSimilarity } from '../../../src/core/match/align';
import { spearman } from '../metrics';
import { loadMsrp, loadPanSentences, loadSts, type SentencePair } from './load';

export interface LabelledResult {
  corpus: string;
  n: number;
  positives: number;
  auc: number;
  accuracyAtThreshold: number;
}

export interface GradedResult {
  corpus: string;
  n: number;
  /** ρ(rewordingScore, 5 − grade). */
  rewordingRho: number | null;
  /** ρ(similarity, grade). */
  similarityRho: number | null;
}

export interface PublicReport {
  dataDir: string | null;
  labelled: LabelledResult[];
  graded: GradedResult[];
  missing: string[];
}

function one(text: string): Sentence {
  const s = prepareSentences(text);
  if (s.length === 1) return s[0]!;
  // A pair's text may segment into two; the aligner then sees their terms together.
  return { text, words: s.flatMap((x) => x.words), terms: [...new Set(s.flatMap((x) => x.terms))], quoted: 0, boilerplate: false };
}

/** ROC AUC by the rank-sum formula (ties count half). */
export function auc(scores: readonly number[], labels: readonly number[]): number {
  const order = scores.map((s, i) => [s, labels[i]!] as const).sort((a, b) => a[0] - b[0]);
  let rankSum = 0;
  let pos = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (order[k]![1]) {
        rankSum += r;
        pos++;
      }
    }
    i = j + 1;
  }
  const neg = order.length - pos;
  return pos && neg ? (rankSum - (pos * (pos + 1)) / 2) / (pos * neg) : NaN;
}

function labelled(corpus: string, pairs: SentencePair[]): LabelledResult {
  const sims = pairs.map((p) => sentenceSimilarity(one(p.a), one(p.b)));
  const labels = pairs.map((p) => (p.label > 0 ? 1 : 0));
  const right = sims.filter((s, i) => (s >= MATCH_THRESHOLD ? 1 : 0) === labels[i]).length;
  return { corpus, n: pairs.length, positives: labels.filter(Boolean).length, auc: round(auc(sims, labels)), accuracyAtThreshold: round(right / pairs.length) };
}

function graded(corpus: string, pairs: SentencePair[]): GradedResult {
  const a = pairs.map((p) => one(p.a));
  const b = pairs.map((p) => one(p.b));
  const reword = pairs.map((_, i) => rewordingScore(a[i]!.words, b[i]!.words));
  const sim = pairs.map((_, i) => sentenceSimilarity(a[i]!, b[i]!));
  const grade = pairs.map((p) => p.label);
  const r1 = spearman(reword, grade.map((g) => 5 - g));
  const r2 = spearman(sim, grade);
  return { corpus, n: pairs.length, rewordingRho: r1 === null ? null : round(r1), similarityRho: r2 === null ? null : round(r2) };
}

export function runPublicEval(dataDir: string | null): PublicReport {
  const report: PublicReport = { dataDir, labelled: [], graded: [], missing: [] };
  if (!dataDir) {
    report.missing.push('msrp', 'sts', 'pan-sentences');
    return report;
  }
  const msrp = loadMsrp(dataDir);
  if (msrp) report.labelled.push(labelled('MSRP test (news-wire sentence pairs)', msrp.filter((p) => p.split === 'test')));
  else report.missing.push('msrp');
  const pan = loadPanSentences(dataDir);
  if (pan) report.labelled.push(labelled('PAN-PC-10 human-written cases, sentence pairs (test)', pan.filter((p) => p.split === 'test')));
  else report.missing.push('pan-sentences');
  const sts = loadSts(dataDir, { newsOnly: true });
  if (sts) report.graded.push(graded('STS Benchmark, news, test (graded 0–5 by people)', sts.filter((p) => p.split === 'test')));
  else report.missing.push('sts');
  return report;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
