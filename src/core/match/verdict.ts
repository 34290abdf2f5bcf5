/**
 * From an alignment to the reader's answer: coverage, paraphrase score and verdict.
 *
 * coverage is the share of the page's evidence-bearing words (sentences of five words or
 * more that are not publisher boilerplate) that align with the source; sourceReuse is the same from the source's side. Quoted
 * sentences are aligned and shown, but they are not counted as derived text: independent
 * stories quote the same people, and sharing a quote is not copying (Turnitin's and
 * Copyscape's rule). paraphraseScore is the word-weighted mean rewording of the aligned
 * narrative pairs.
 *
 * Thresholds, set on the seed story and the evaluation's dev split (bench/eval; content-term
 * rewording medians: verbatim 0, light edits 12, 30% spin 18, 50% 27, 70% 34, seed light
 * rewrite 15, seed spun rewrite 30), checked on the held-out split:
 * less than MIN_DERIVED_SENTENCES aligned narrative sentences → none; coverage under
 * PARTIAL_COVERAGE → partial; otherwise by paraphraseScore: < VERBATIM_MAX verbatim,
 * < EDITED_MAX edited, else rewritten.
 */

import type { Alignment } from './align';
import { type Sentence, isEvidence } from './align';
import type { Sensitivity } from '../settings';
import type { Verdict } from '../types';

export const MIN_DERIVED_SENTENCES = 2;

/**
 * The reader's sensitivity setting moves one threshold only: how many narrative sentences must
 * align before a page is said to derive from a source at all. Balanced (2) is what the
 * evaluation measures; cautious asks for 3, eager flags a single reused sentence.
 */
export const DERIVED_SENTENCES_BY_SENSITIVITY: Record<Sensitivity, number> = { cautious: 3, balanced: MIN_DERIVED_SENTENCES, eager: 1 };
export const PARTIAL_COVERAGE = 0.5;
export const VERBATIM_MAX = 5;
export const EDITED_MAX = 16;

export interface Scores {
  verdict: Verdict;
  paraphraseScore: number | null;
  coverage: number;
  sourceReuse: number;
}

export function score(alignment: Alignment, sensitivity: Sensitivity = 'balanced'): Scores {
  const { pairs, pageSentences, sourceSentences } = alignment;
  const countable = (s: Sentence) => (isEvidence(s) ? s.words.length : 0);
  const pageWords = pageSentences.reduce((n, s) => n + countable(s), 0);
  const sourceWords = sourceSentences.reduce((n, s) => n + countable(s), 0);
  const narrative = pairs.filter((p) => !p.quote);
  let derivedWords = 0;
  let weighted = 0;
  const reusedSource = new Set<number>();
  for (const p of narrative) {
    const n = pageSentences[p.pageIndex]!.words.length;
    derivedWords += n;
    weighted += n * p.paraphraseScore;
    for (const i of p.sourceIndices) reusedSource.add(i);
  }
  let reusedWords = 0;
  for (const i of reusedSource) reusedWords += countable(sourceSentences[i]!);
  const coverage = pageWords ? derivedWords / pageWords : 0;
  const sourceReuse = sourceWords ? reusedWords / sourceWords : 0;
  if (narrative.length < DERIVED_SENTENCES_BY_SENSITIVITY[sensitivity]) {
    return { verdict: 'none', paraphraseScore: null, coverage: round(coverage), sourceReuse: round(sourceReuse) };
  }
  const paraphraseScore = Math.round(weighted / derivedWords);
  let verdict: Verdict;
  if (coverage < PARTIAL_COVERAGE) verdict = 'partial';
  else if (paraphraseScore < VERBATIM_MAX) verdict = 'verbatim';
  else if (paraphraseScore < EDITED_MAX) verdict = 'edited';
  else verdict = 'rewritten';
  return { verdict, paraphraseScore, coverage: round(coverage), sourceReuse: round(sourceReuse) };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
