// The comparison page's pure parts on the seed story: re-running the alignment, the rows in
// reading order with unmatched sentences of both sides, quotes and publisher text, the word
// diff of a pair, and the tab id from the page's URL.
import { describe, expect, it } from 'vitest';
import type { Alignment, Sentence } from '../../src/core/match/align';
import { matchPage } from '../../src/core/match/matcher';
import type { AlignedPair } from '../../src/core/types';
import type { Comparison } from '../../src/messaging/protocol';
import { compareTabId } from '../../src/ui/compare/ComparePage';
import { pairDiff } from '../../src/ui/compare/diff';
import { type CompareRow, buildRows, realign } from '../../src/ui/compare/rows';
import { seedCorpus, seedPage } from './seeds';

const SPUN = '001_2b3f9f2055e0df11.txt';

function spunComparison(): Comparison {
  const page = { ...seedPage(SPUN), url: 'https://gazette.example/world/russia-china' };
  const corpus = seedCorpus('both');
  const result = matchPage(page, corpus);
  const source = corpus.find((a) => a.id === result.source?.id);
  if (!source) throw new Error('the spun seed page must match a source');
  return { page, source, result };
}

/** A compact picture of the rows: `p3` page sentence 3, `s12` source sentence 12, with the kind. */
function shape(rows: CompareRow[]): string[] {
  return rows.map((r) => {
    switch (r.kind) {
      case 'aligned':
      case 'quote':
        return `${r.kind} p${r.pair.pageIndex}=s${r.pair.sourceIndices.join('+s')}`;
      case 'page-only':
        return `page-only p${r.pageIndex}`;
      case 'source-only':
        return `source-only s${r.sourceIndex}`;
      case 'publisher':
        return `publisher ${r.side === 'page' ? 'p' : 's'}${r.index}`;
    }
  });
}

describe('re-running the alignment in the page', () => {
  it('reproduces the background’s pairs for the spun seed page and its source ap-ties-full', () => {
    const comparison = spunComparison();
    expect(comparison.source.id).toBe('ap-ties-full');
    const { alignment, matchesResult } = realign(comparison);
    expect(matchesResult).toBe(true);
    expect(alignment.pairs).toEqual(comparison.result.alignedPairs);
  });

  it('notices when the source in the corpus is no longer the one the page was checked against', () => {
    const comparison = spunComparison();
    const cut = comparison.source.text.split('\n\n').slice(0, 6).join('\n\n');
    const { matchesResult } = realign({ ...comparison, source: { ...comparison.source, text: cut } });
    expect(matchesResult).toBe(false);
  });
});

describe('rows of the spun seed page against ap-ties-full', () => {
  const comparison = spunComparison();
  const { alignment } = realign(comparison);
  const rows = buildRows(alignment);
  const s = shape(rows);

  it('shows every page sentence once, in reading order, and every source sentence once', () => {
    const pageIndices = rows.flatMap((r) =>
      r.kind === 'aligned' || r.kind === 'quote' ? [r.pair.pageIndex] : r.kind === 'page-only' ? [r.pageIndex] : r.kind === 'publisher' && r.side === 'page' ? [r.index] : [],
    );
    expect(pageIndices).toEqual(alignment.pageSentences.map((_, i) => i));
    const sourceIndices = rows.flatMap((r) =>
      r.kind === 'source-only' ? [r.sourceIndex] : r.kind === 'publisher' && r.side === 'source' ? [r.index] : [],
    );
    const paired = new Set(alignment.pairs.flatMap((p) => p.sourceIndices));
    expect([...sourceIndices, ...paired].sort((a, b) => a - b)).toEqual(alignment.sourceSentences.map((_, i) => i));
  });

  it('aligns the two headlines, and puts the AP photo caption, which nothing uses, before the first aligned story row', () => {
    expect(s.slice(0, 6)).toEqual([
      'aligned p0=s0',
      'source-only s1',
      'source-only s2',
      'source-only s3',
      'aligned p1=s4',
      'aligned p2=s5',
    ]);
    expect(rows[0]).toMatchObject({ kind: 'aligned', pair: { sourceSentence: comparison.source.title } });
  });

  it('puts unmatched AP sentences right after the row aligned to their nearest earlier neighbour, in source order', () => {
    // s12 follows s11 (page 7); s13 is a related-story date line, publisher text.
    expect(s.slice(s.indexOf('aligned p7=s11'), s.indexOf('aligned p8=s14') + 1)).toEqual([
      'aligned p7=s11',
      'source-only s12',
      'publisher s13',
      'aligned p8=s14',
    ]);
    // The page's own sentences after page 18 come after the AP sentences the page skipped there.
    expect(s.slice(s.indexOf('aligned p18=s26'), s.indexOf('aligned p18=s26') + 5)).toEqual([
      'aligned p18=s26',
      'source-only s27',
      'publisher s28',
      'page-only p19',
      'page-only p20',
    ]);
  });

  it('marks the pairs that are quotes apart from the narrative pairs', () => {
    expect(s.filter((x) => x.startsWith('quote'))).toEqual(['quote p6=s10', 'quote p25=s31']);
    expect(rows.filter((r) => r.kind === 'quote')).toHaveLength(comparison.result.sharedQuotes);
  });

  it('shows a merged pair once, with both AP sentences, and the comment form as publisher text', () => {
    expect(s).toContain('aligned p4=s7+s8');
    expect(s.slice(-3)).toEqual(['publisher p40', 'publisher p41', 'publisher p42']);
    expect(rows.at(-3)).toMatchObject({ kind: 'publisher', side: 'page', text: 'Leave a Comment' });
  });
});

describe('the interleaving rule on a reordered page', () => {
  const sentence = (text: string, boilerplate = false): Sentence => ({ text, words: [], terms: [], quoted: 0, boilerplate });
  const pair = (pageIndex: number, sourceIndices: number[], quote = false): AlignedPair => ({
    pageIndex,
    pageSentence: `p${pageIndex}`,
    sourceIndices,
    sourceSentence: sourceIndices.map((i) => `s${i}`).join(' '),
    similarity: 0.5,
    paraphraseScore: 10,
    quote,
    edits: [],
  });
  const alignment = (pairs: AlignedPair[], pages: number, sources: number, boilerplate: number[] = []): Alignment => ({
    pairs,
    pageSentences: Array.from({ length: pages }, (_, i) => sentence(`p${i}`)),
    sourceSentences: Array.from({ length: sources }, (_, i) => sentence(`s${i}`, boilerplate.includes(i))),
  });

  it('follows the page’s order and anchors each unmatched AP sentence to its earlier neighbour wherever the page put it', () => {
    // The page tells the second half of the story first: p0=s4, p1=s1. s0 has no earlier
    // neighbour in use, so it goes before the row of its nearest later one, s1.
    const rows = buildRows(alignment([pair(0, [4]), pair(1, [1])], 2, 6));
    expect(shape(rows)).toEqual(['aligned p0=s4', 'source-only s5', 'source-only s0', 'aligned p1=s1', 'source-only s2', 'source-only s3']);
  });

  it('places after the last of several rows that split one AP sentence, and notes the repeat', () => {
    const rows = buildRows(alignment([pair(0, [0]), pair(1, [0]), pair(2, [2])], 3, 3));
    expect(shape(rows)).toEqual(['aligned p0=s0', 'aligned p1=s0', 'source-only s1', 'aligned p2=s2']);
    expect(rows.map((r) => (r.kind === 'aligned' ? r.sourceRepeated : null))).toEqual([false, true, null, false]);
  });

  it('lists the whole source after the page when nothing aligned, with its furniture as publisher text', () => {
    const rows = buildRows(alignment([], 2, 3, [1]));
    expect(shape(rows)).toEqual(['page-only p0', 'page-only p1', 'source-only s0', 'publisher s1', 'source-only s2']);
  });
});

describe('word diff of a pair', () => {
  const { alignment } = realign(spunComparison());
  const senior = alignment.pairs.find((p) => p.sourceSentence.includes('most senior'))!;

  it('marks the AP word the spinner removed and the word it added', () => {
    const d = pairDiff(senior.sourceSentence, senior.pageSentence);
    expect(d.source.filter((p) => p.change === 'removed').map((p) => p.text)).toContain('senior');
    expect(d.page.filter((p) => p.change === 'added').map((p) => p.text)).toContain('sensible');
    expect(d.source.some((p) => p.change === 'added') || d.page.some((p) => p.change === 'removed')).toBe(false);
  });

  it('gives each side back exactly as written, spacing and all, with no change starting or ending in a space', () => {
    for (const p of alignment.pairs) {
      const d = pairDiff(p.sourceSentence, p.pageSentence);
      expect(d.source.map((x) => x.text).join('')).toBe(p.sourceSentence);
      expect(d.page.map((x) => x.text).join('')).toBe(p.pageSentence);
      for (const x of [...d.source, ...d.page]) if (x.change !== 'same') expect(x.text).toBe(x.text.trim());
    }
    // jsdiff alone would show AP's "U.S." with the page's spacing.
    const d = pairDiff('the U.S. said', 'the U. S. said');
    expect(d.source).toEqual([{ text: 'the U.S. said', change: 'same' }]);
  });
});

describe('the tab id in compare.html?tab=<id>', () => {
  it('takes a whole number and nothing else (never a guess)', () => {
    expect(compareTabId('?tab=42')).toBe(42);
    expect(compareTabId('?tab=0')).toBe(0);
    expect(compareTabId('?tab=1814832781')).toBe(1814832781);
    expect(compareTabId('')).toBeUndefined();
    expect(compareTabId('?tab=')).toBeUndefined();
    expect(compareTabId('?tab=4.5')).toBeUndefined();
    expect(compareTabId('?tab=-3')).toBeUndefined();
    expect(compareTabId('?tab=1e3')).toBeUndefined();
  });
});
