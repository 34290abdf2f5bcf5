/**
 * From a tab's comparison to the rows the comparison page shows, as pure data (unit-tested in
 * Node; the component only renders them).
 *
 * The background sends the page text, the source article and its MatchResult, not both
 * sentence lists; core is pure, so `realign` runs the same alignment again here
 * (matcher.ts does exactly this for every candidate, then spells the chosen source's edits as
 * written: align.ts, withWrittenEdits) and checks that it reproduces the background's pairs.
 *
 * Rows follow the page's reading order, one per page sentence: aligned, quote (aligned but
 * mostly quotation: shown, never counted), publisher text (boilerplate), or only on this page.
 * Source sentences that no pair uses are interleaved by this rule: each goes right after the
 * last row aligned to the nearest earlier source sentence that is used; one with no used
 * sentence before it (the AP headline and photo caption, say) goes right before the first row
 * aligned to the nearest later used sentence; when nothing is aligned at all they follow the
 * page. Unmatched AP sentences therefore sit where the reader would have met them in the
 * original, also when the page reordered paragraphs, and always in source order among
 * themselves.
 */

import { alignSentences, prepareSentences, type Alignment, withWrittenEdits } from '../../core/match/align';
import { pageBody } from '../../core/match/matcher';
import type { AlignedPair } from '../../core/types';
import type { Comparison } from '../../messaging/protocol';

export type RowKind = 'aligned' | 'quote' | 'page-only' | 'source-only' | 'publisher';

export type CompareRow =
  | {
      kind: 'aligned' | 'quote';
      pair: AlignedPair;
      /** An earlier row already showed one of these source sentences (the page split it). */
      sourceRepeated: boolean;
    }
  | { kind: 'page-only'; pageIndex: number; text: string }
  | { kind: 'source-only'; sourceIndex: number; text: string }
  | { kind: 'publisher'; side: 'page' | 'source'; index: number; text: string };

export interface Realigned {
  alignment: Alignment;
  /** False when the re-run pairs differ from the background's (the corpus changed since). */
  matchesResult: boolean;
}

export function realign({ page, source, result }: Comparison): Realigned {
  const aligned = alignSentences(prepareSentences(pageBody(page), page.lang), prepareSentences(`${source.title}\n\n${source.text}`));
  // The background spells the chosen source's edits as the texts wrote them; so does this.
  const alignment = { ...aligned, pairs: withWrittenEdits(aligned) };
  const key = (pairs: readonly AlignedPair[]) => pairs.map((p) => `${p.pageIndex}:${p.sourceIndices.join(',')}`).join(' ');
  return { alignment, matchesResult: key(alignment.pairs) === key(result.alignedPairs) };
}

export function buildRows({ pairs, pageSentences, sourceSentences }: Alignment): CompareRow[] {
  const pairOf = new Map(pairs.map((p) => [p.pageIndex, p]));
  const shown = new Set<number>();
  const rows: CompareRow[] = pageSentences.map((s, pageIndex): CompareRow => {
    const pair = pairOf.get(pageIndex);
    if (pair) {
      const sourceRepeated = pair.sourceIndices.some((i) => shown.has(i));
      for (const i of pair.sourceIndices) shown.add(i);
      return { kind: pair.quote ? 'quote' : 'aligned', pair, sourceRepeated };
    }
    if (s.boilerplate) return { kind: 'publisher', side: 'page', index: pageIndex, text: s.text };
    return { kind: 'page-only', pageIndex, text: s.text };
  });

  // Where each used source sentence sits among the page rows: its first and last row.
  const firstRow = new Map<number, number>();
  const lastRow = new Map<number, number>();
  rows.forEach((row, r) => {
    if (row.kind !== 'aligned' && row.kind !== 'quote') return;
    for (const i of row.pair.sourceIndices) {
      if (!firstRow.has(i)) firstRow.set(i, r);
      lastRow.set(i, r);
    }
  });
  const used = [...firstRow.keys()].sort((a, b) => a - b);

  const before = new Map<number, CompareRow[]>();
  const after = new Map<number, CompareRow[]>();
  const trailing: CompareRow[] = [];
  const place = (map: Map<number, CompareRow[]>, r: number, row: CompareRow) => {
    const list = map.get(r);
    if (list) list.push(row);
    else map.set(r, [row]);
  };
  sourceSentences.forEach((s, sourceIndex) => {
    if (firstRow.has(sourceIndex)) return;
    const row: CompareRow = s.boilerplate
      ? { kind: 'publisher', side: 'source', index: sourceIndex, text: s.text }
      : { kind: 'source-only', sourceIndex, text: s.text };
    const earlier = used.findLast((i) => i < sourceIndex);
    if (earlier !== undefined) return place(after, lastRow.get(earlier)!, row);
    const later = used.find((i) => i > sourceIndex);
    if (later !== undefined) return place(before, firstRow.get(later)!, row);
    trailing.push(row);
  });

  return [...rows.flatMap((row, r) => [...(before.get(r) ?? []), row, ...(after.get(r) ?? [])]), ...trailing];
}

/** A key that stays the same for the same row across renders: side and sentence index. */
export function rowKey(row: CompareRow): string {
  switch (row.kind) {
    case 'aligned':
    case 'quote':
      return `p${row.pair.pageIndex}`;
    case 'page-only':
      return `p${row.pageIndex}`;
    case 'source-only':
      return `s${row.sourceIndex}`;
    case 'publisher':
      return `${row.side === 'page' ? 'p' : 's'}${row.index}`;
  }
}
