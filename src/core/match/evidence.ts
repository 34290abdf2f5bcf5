/**
 * Document-level evidence: how much of a source's distinctive content a page carries, and in
 * what order, apart from which sentences align.
 *
 * A language model that retells a story rewords nearly every sentence, merges and splits them,
 * and drops details, so few sentences align one to one; but it cannot drop the story's names,
 * numbers and rare words, and it tells them in the source's order. An independent story on the
 * same event shares some of them (the main names, a number or two, a quote) and brings many of
 * its own. So each side is measured against the other:
 *
 * - `pageExplained`: the share of the page's content (stemmed content words, weighted by how few
 *   of the two texts' sentences hold them) that occurs in the source; `sourceCarried`, the
 *   share of the source's content that occurs in the page;
 * - the same two shares over anchors alone (capitalised words that do not open a sentence,
 *   numbers);
 * - `order`: of the anchors both texts share, the share that occur in the same order (longest
 *   increasing run of source positions in page order).
 *
 * The weights come from the two texts' sentences, as in align.ts, so words the story repeats
 * everywhere weigh little; a word both texts use once weighs most. verdict.ts weighs these
 * measures with the alignment's. Measured on the rewrite benchmark's dev split: language-model
 * rewrites of whole stories have pageExplained 0.20–0.75 and anchorsExplained 0.41–1.0;
 * stories on the same event written independently 0.15–0.33 and 0.28–0.64.
 */

import { isStopWord, stem } from '../fingerprint/terms';
import { normalizeTypography } from '../text/normalize';
import type { DocumentEvidence } from '../types';
import { idfWeights, orderedChain, type Sentence } from './align';

export type { DocumentEvidence };

/** A capitalised word or a number: the names and figures a rewrite keeps. */
const ANCHOR = /\p{Lu}[\p{L}\p{M}'’.-]*|\p{N}[\p{N}.,]*/gu;

/** The anchors of one sentence, in order: capitalised words not opening it, numbers. */
export function sentenceAnchors(text: string): string[] {
  const plain = normalizeTypography(text);
  const out: string[] = [];
  let first = true;
  for (const m of plain.matchAll(ANCHOR)) {
    const raw = m[0].replace(/[.,'’-]+$/, '');
    const word = raw.toLowerCase();
    const opening = first;
    first = false;
    if (!raw || isStopWord(word)) continue;
    if (/^\p{N}/u.test(raw)) {
      out.push(raw.replace(/,/g, ''));
      continue;
    }
    // The sentence's first word is capitalised whatever it is; count it only when it is not a common word.
    if (opening && m.index! < 3) continue;
    out.push(stem(word.replace(/['’]s$/, '')));
  }
  return out;
}

function share(from: ReadonlySet<string>, into: ReadonlySet<string>, w: Map<string, number>): number {
  let all = 0;
  let found = 0;
  for (const t of from) {
    const x = w.get(t) ?? 0;
    all += x;
    if (into.has(t)) found += x;
  }
  return all ? found / all : 0;
}

function anchorsOf(list: readonly Sentence[]): string[][] {
  return list.map((s) => (s.boilerplate ? [] : sentenceAnchors(s.text)));
}

export function documentEvidence(page: readonly Sentence[], source: readonly Sentence[]): DocumentEvidence {
  const pageTerms = page.map((s) => (s.boilerplate ? [] : s.terms));
  const sourceTerms = source.map((s) => (s.boilerplate ? [] : s.terms));
  const w = idfWeights([...pageTerms, ...sourceTerms]);
  const pSet = new Set(pageTerms.flat());
  const sSet = new Set(sourceTerms.flat());

  const pageAnchors = anchorsOf(page);
  const sourceAnchors = anchorsOf(source);
  const aw = idfWeights([...pageAnchors, ...sourceAnchors].map((list) => new Set(list)));
  const paSet = new Set(pageAnchors.flat());
  const saSet = new Set(sourceAnchors.flat());

  // Order: the first position of each shared anchor in the source, read in page order.
  const firstInSource = new Map<string, number>();
  sourceAnchors.flat().forEach((a, i) => {
    if (!firstInSource.has(a)) firstInSource.set(a, i);
  });
  const seen = new Set<string>();
  const positions: number[] = [];
  for (const a of pageAnchors.flat()) {
    if (seen.has(a) || !firstInSource.has(a)) continue;
    seen.add(a);
    positions.push(firstInSource.get(a)!);
  }
  const shared = positions.length;
  return {
    pageExplained: round(share(pSet, sSet, w)),
    sourceCarried: round(share(sSet, pSet, w)),
    anchorsExplained: round(share(paSet, saSet, aw)),
    anchorsCarried: round(share(saSet, paSet, aw)),
    anchorsShared: shared,
    order: shared ? round(orderedChain(positions).size / shared) : 0,
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
