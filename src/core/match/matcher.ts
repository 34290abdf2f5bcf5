/**
 * The matcher: from a page and its retrieved candidates to one MatchResult.
 *
 * Each candidate is aligned in full (align.ts) and scored (verdict.ts); the source is the
 * candidate that explains the page best. AP stories are rewritten through the day, so a
 * corpus often holds several versions of one story; the version whose narrative sentences
 * cover most of the page wins, and on a tie the one the page reworded least. On the seed
 * story this picks the fuller version for the syndicated, light and spun copies, as the
 * contract in cases.json requires. Only the chosen source's edits are then spelled as the
 * texts wrote them (align.ts: withWrittenEdits).
 */

import { type Alignment, alignSentences, isSubstitution, MATCH_THRESHOLD, prepareSentences, type Sentence, withWrittenEdits } from './align';
import { documentEvidence } from './evidence';
import { score } from './verdict';
import type { Sensitivity } from '../settings';
import { isStopWord, stem } from '../fingerprint/terms';
import type { AlignedPair, Article, Candidate, MatchResult, PageArticle, Substitution } from '../types';

export function pageBody(page: PageArticle): string {
  return page.title && !page.text.startsWith(page.title) ? `${page.title}\n\n${page.text}` : page.text;
}

export function matchPage(
  page: PageArticle,
  sources: readonly Article[],
  candidates: Candidate[] = [],
  opts: { sensitivity?: Sensitivity } = {},
): MatchResult {
  const pageSentences = prepareSentences(pageBody(page), page.lang);
  let best: MatchResult | undefined;
  let bestAlignment: Alignment | undefined;
  for (const source of sources) {
    const sourceSentences: Sentence[] = prepareSentences(`${source.title}\n\n${source.text}`);
    const alignment = alignSentences(pageSentences, sourceSentences);
    const swaps = substitutions(alignment.pairs);
    const s = score(alignment, () => documentEvidence(pageSentences, sourceSentences), swaps.reduce((n, x) => n + x.count, 0), opts.sensitivity);
    const result: MatchResult = {
      source: { id: source.id, title: source.title, url: source.url, published: source.published },
      ...s,
      alignedPairs: alignment.pairs,
      substitutions: swaps,
      sharedQuotes: alignment.pairs.filter((p) => p.quote).length,
      candidates,
    };
    if (!best || explainsBetter(result, best)) {
      best = result;
      bestAlignment = alignment;
    }
  }
  if (!best || best.verdict === 'none') {
    return {
      source: null,
      verdict: 'none',
      paraphraseScore: null,
      coverage: best?.coverage ?? 0,
      sourceReuse: best?.sourceReuse ?? 0,
      evidence: null,
      alignedPairs: [],
      substitutions: [],
      sharedQuotes: 0,
      candidates,
    };
  }
  // The chosen source's edits and swaps, also as the page and the source wrote them.
  const alignedPairs = withWrittenEdits(bestAlignment!);
  return { ...best, alignedPairs, substitutions: substitutions(alignedPairs) };
}

/**
 * One-for-one swaps in narrative pairs, counted, most frequent first and otherwise in reading
 * order. Quotes are not reworded, so they are not counted; swaps between function words only
 * ("a → the") say nothing about a spinner and are left out, as are changes of inflection or
 * punctuation only ("countries → country", "u.s → us"). Loose pairs (under MATCH_THRESHOLD,
 * kept for their place in the story's order) are reworded too freely for a word-by-word
 * difference to mean anything, so they give no swaps. Swaps are counted by their normalised
 * words; each is shown as the texts wrote it most often (the first such spelling on a tie).
 */
export function substitutions(pairs: readonly AlignedPair[]): Substitution[] {
  const counts = new Map<string, { swap: Substitution; spellings: Map<string, number> }>();
  for (const pair of pairs) {
    if (pair.quote || pair.similarity < MATCH_THRESHOLD) continue;
    for (const e of pair.edits) {
      if (!isSubstitution(e) || [...e.source, ...e.page].every(isStopWord) || sameWords(e.source, e.page)) continue;
      const source = e.source.join(' ');
      const page = e.page.join(' ');
      const key = `${source}\u0000${page}`;
      const spelling = `${e.sourceAsWritten || source}\u0000${e.pageAsWritten || page}`;
      const found = counts.get(key);
      if (found) {
        found.swap.count++;
        found.spellings.set(spelling, (found.spellings.get(spelling) ?? 0) + 1);
      } else {
        counts.set(key, { swap: { source, page, count: 1, sourceAsWritten: '', pageAsWritten: '' }, spellings: new Map([[spelling, 1]]) });
      }
    }
  }
  for (const { swap, spellings } of counts.values()) {
    let best = '';
    let most = 0;
    for (const [spelling, n] of spellings) if (n > most) [best, most] = [spelling, n];
    [swap.sourceAsWritten = swap.source, swap.pageAsWritten = swap.page] = best.split('\u0000');
  }
  // Array.prototype.sort is stable, so equal counts keep reading order.
  return [...counts.values()].map((c) => c.swap).sort((a, b) => b.count - a.count);
}

function explainsBetter(a: MatchResult, b: MatchResult): boolean {
  if (a.verdict === 'none' && b.verdict !== 'none') return false;
  if (b.verdict === 'none' && a.verdict !== 'none') return true;
  if (Math.abs(a.coverage - b.coverage) > 0.01) return a.coverage > b.coverage;
  return (a.paraphraseScore ?? 100) < (b.paraphraseScore ?? 100);
}

/** The same words but for inflection and punctuation. */
function sameWords(a: readonly string[], b: readonly string[]): boolean {
  const key = (words: readonly string[]) => words.map((w) => stem(w.replace(/[.'’]/g, ''))).join(' ');
  return key(a) === key(b);
}
