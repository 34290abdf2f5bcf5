/**
 * From an alignment and the document evidence to the reader's answer: coverage, paraphrase
 * score and verdict.
 *
 * coverage is the share of the page's evidence-bearing words (sentences of five words or more
 * that are not publisher boilerplate) that align with the source; sourceReuse is the same from
 * the source's side. Quoted sentences are aligned and shown, but not counted as derived text:
 * independent stories quote the same people, and sharing a quote is not copying (Turnitin's and
 * Copyscape's rule). paraphraseScore is the word-weighted mean rewording of the aligned
 * narrative pairs (align.ts, rewordingScore).
 *
 * The decision, in three questions, each with the levels of `test/fixtures/seeds/README.md`:
 *
 * 1. Is the page a retelling of the whole story? The sensitivity's number of aligned narrative
 *    sentences, and: most of the page derived (coverage ≥ WHOLE_COVERAGE), or a good part of it while the page retells
 *    most of the source (coverage ≥ RETOLD_COVERAGE and sourceReuse ≥ RETOLD_REUSE: a rewrite
 *    with an added introduction or a "what this means" section); and the page's content is not
 *    mostly its own (pageExplained ≥ MIN_EXPLAINED, evidence.ts). Or a short retelling, such as
 *    a brief on a story's opening paragraphs, which reuses little of the source: a good part of
 *    it derived (SHORT_COVERAGE), most of its content (SHORT_EXPLAINED) and nearly all of its
 *    names and numbers (SHORT_ANCHORS) the source's.
 * 2. If not, does it carry passages of the source? As many strong pairs (similarity ≥
 *    STRONG_SIMILARITY) as the sensitivity asks for aligned sentences → `partial`. Weak pairs alone never make a page partial: an
 *    independent story on the same event shares names and numbers with loose sentences, not
 *    passages.
 * 3. How much was it reworded? `verbatim` only when no word was swapped (typography, dropped
 *    sentences and publisher furniture aside) and the score is under VERBATIM_MAX; `edited`
 *    under EDITED_MAX; `rewritten` above.
 *
 * Thresholds set on the development parts of the spinner benchmark and the rewrite benchmark
 * (bench/eval), never on their test parts. Measured there: language-model rewrites of whole
 * stories have coverage 0.38–0.94 with sourceReuse ≥ 0.39 (condensed ones 0.27–0.63, at
 * coverage ≥ 0.57), pageExplained ≥ 0.20; pages embedding 3–6 source sentences in another
 * story have coverage 0.05–0.51 but sourceReuse under 0.30 when coverage passes 0.3; every
 * embedded passage has ≥ 2 strong pairs, the model-written independent stories none. Word-for-
 * word copies show no swap in 148 of 150 pages; light edits show 9 or more.
 */

import type { Alignment } from './align';
import { type Sentence, isEvidence } from './align';
import type { DocumentEvidence } from './evidence';
import type { Sensitivity } from '../settings';
import type { Verdict } from '../types';

export const MIN_DERIVED_SENTENCES = 2;

/**
 * The reader's sensitivity setting moves one threshold only: how many narrative sentences must
 * align before a page is said to derive from a source at all. Balanced (2) is what the
 * evaluation measures; cautious asks for 3, eager flags a single reused sentence.
 */
export const DERIVED_SENTENCES_BY_SENSITIVITY: Record<Sensitivity, number> = { cautious: 3, balanced: MIN_DERIVED_SENTENCES, eager: 1 };
export const STRONG_SIMILARITY = 0.6;
export const WHOLE_COVERAGE = 0.5;
export const RETOLD_COVERAGE = 0.3;
export const RETOLD_REUSE = 0.35;
export const MIN_EXPLAINED = 0.2;
/** A short retelling (of a story's opening, say): most of its content and nearly all its names and numbers are the source's. */
export const SHORT_COVERAGE = 0.4;
export const SHORT_EXPLAINED = 0.5;
export const SHORT_ANCHORS = 0.8;
export const VERBATIM_MAX = 5;
export const EDITED_MAX = 16;

export interface Scores {
  verdict: Verdict;
  paraphraseScore: number | null;
  coverage: number;
  sourceReuse: number;
}

/** What the decision weighs, besides the document evidence. */
export interface AlignmentMeasures {
  coverage: number;
  sourceReuse: number;
  /** Aligned narrative (not quoted) page sentences. */
  narrativePairs: number;
  /** Of those, the ones that align closely (a passage, not a loose retelling). */
  strongPairs: number;
  /** Word-weighted mean rewording of the narrative pairs; null when there are none. */
  paraphraseScore: number | null;
}

export function measureAlignment(alignment: Alignment): AlignmentMeasures {
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
  return {
    coverage: round(pageWords ? derivedWords / pageWords : 0),
    sourceReuse: round(sourceWords ? reusedWords / sourceWords : 0),
    narrativePairs: narrative.length,
    strongPairs: narrative.filter((p) => p.similarity >= STRONG_SIMILARITY).length,
    paraphraseScore: derivedWords ? Math.round(weighted / derivedWords) : null,
  };
}

/** Whether the alignment alone already says `none` (too few aligned sentences): then no evidence is needed. */
export function tooFewPairs(m: AlignmentMeasures, sensitivity: Sensitivity = 'balanced'): boolean {
  return m.paraphraseScore === null || m.narrativePairs < DERIVED_SENTENCES_BY_SENSITIVITY[sensitivity];
}

/** The verdict for one source, from the alignment's measures, the evidence and the word swaps counted. */
export function decide(m: AlignmentMeasures, evidence: DocumentEvidence, wordSwaps: number, sensitivity: Sensitivity = 'balanced'): Verdict {
  const needed = DERIVED_SENTENCES_BY_SENSITIVITY[sensitivity];
  if (m.paraphraseScore === null || tooFewPairs(m, sensitivity)) return 'none';
  const whole =
    (evidence.pageExplained >= MIN_EXPLAINED &&
      (m.coverage >= WHOLE_COVERAGE || (m.coverage >= RETOLD_COVERAGE && m.sourceReuse >= RETOLD_REUSE))) ||
    (m.coverage >= SHORT_COVERAGE && evidence.pageExplained >= SHORT_EXPLAINED && evidence.anchorsExplained >= SHORT_ANCHORS);
  if (!whole) return m.strongPairs >= needed ? 'partial' : 'none';
  if (wordSwaps === 0 && m.paraphraseScore < VERBATIM_MAX) return 'verbatim';
  if (m.paraphraseScore < EDITED_MAX) return 'edited';
  return 'rewritten';
}

/**
 * The scores for one source. The document evidence is asked for (and computed) only when the
 * alignment has enough pairs for it to matter: most candidates a check aligns have none.
 */
export function score(alignment: Alignment, evidenceOf: () => DocumentEvidence, wordSwaps: number, sensitivity: Sensitivity = 'balanced'): Scores & { evidence: DocumentEvidence | null } {
  const m = measureAlignment(alignment);
  const evidence = tooFewPairs(m, sensitivity) ? null : evidenceOf();
  const verdict = evidence ? decide(m, evidence, wordSwaps, sensitivity) : 'none';
  return { verdict, paraphraseScore: verdict === 'none' ? null : m.paraphraseScore, coverage: m.coverage, sourceReuse: m.sourceReuse, evidence };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
