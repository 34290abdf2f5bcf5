/**
 * Sentence alignment between a page and one candidate source.
 *
 * Passim and the PAN text-alignment systems work in two stages, cheap retrieval then exact
 * alignment; this is the second stage. Every page sentence is compared with every run of one,
 * two or three adjacent source sentences (a rewrite merges two, a condensed retelling three),
 * by the IDF-weighted Dice overlap of their content terms, cut to six letters so that
 * "economy" meets "economic". IDF is computed over the sentences of the two texts, so words the
 * whole story repeats ("Russia", "China") weigh little and the words that pin a sentence down
 * ("Patrushev", "frigate") weigh a lot. Order is free, so reordered paragraphs align; several
 * page sentences may share a source sentence, so split sentences align; unmatched sentences on
 * either side stay unmatched.
 *
 * Content terms survive synonym spinning far better than word n-grams: on the seed story the
 * spun copy's true pairs score 0.45–0.9 while Al Jazeera's own sentences score below 0.35
 * against their best AP sentence. MATCH_THRESHOLD sits between the two. A language model
 * rewords more: many of its sentences score 0.25–0.4 against their source. Such a weaker pair
 * is kept only where the story's order vouches for it: between the close pairs around it, or
 * on a run of at least MIN_CHAIN pairs whose source sentences rise in the page's order. With
 * the three-sentence spans, this took three dev rewrites of the rewrite benchmark (an added-
 * context, a condensed and a listicle rewrite) from coverage 0.09 / 0.42 / 0.50 to 0.38 / 0.80
 * / 0.74, while no independent story on the same event passed the verdict's thresholds.
 *
 * How much a pair was reworded is the share of content terms the two do not share, counted as
 * a bag (see rewordingScore); the word edits shown to the reader are computed on all words,
 * and, for the source the matcher chooses, each carries its words as the two texts wrote
 * them ("U.S." for the token "u.s"), cut from the sentences through the tokens' spans
 * (tokens.ts: writtenTokens; withWrittenEdits).
 */

import { contentTerms } from '../fingerprint/terms';
import { sentences as segmentSentences } from '../text/segment';
import { words as segmentWords, writtenTokens, type WrittenSpan } from '../text/tokens';
import { normalizeTypography } from '../text/normalize';
import { isBoilerplate, withoutDateline } from './boilerplate';
import type { AlignedPair } from '../types';

export const MATCH_THRESHOLD = 0.4;
/**
 * A weaker pair is kept when it sits where the strong pairs around it say it should: its
 * source sentences lie between those of the nearest strong pairs before and after it (with
 * ORDER_SLACK sentences to spare). Retold stories keep their order; an independent story's
 * chance resemblances do not line up.
 */
export const WEAK_MATCH_THRESHOLD = 0.25;
const ORDER_SLACK = 2;
/** Weak pairs whose source sentences rise in page order this many times in a row are kept. */
const MIN_CHAIN = 3;
/** How much better than the span one sentence shorter a merged span must align to be chosen. */
const MERGE_MARGIN = 0.05;
/** The most source sentences one page sentence may merge (condensed retellings merge three). */
const MAX_SPAN = 3;
/** Terms are cut to this many letters for alignment, so "economy" meets "economic". */
const TERM_PREFIX = 6;
/** Sentences with fewer words carry no evidence (datelines, "The Associated Press"). */
export const MIN_EVIDENCE_WORDS = 5;

export interface Sentence {
  text: string;
  words: string[];
  /** Content terms, distinct, in order of first appearance. */
  terms: string[];
  /** Share of the sentence's words inside double quotes. */
  quoted: number;
  /** Publisher furniture (boilerplate.ts): never aligned, never counted. */
  boilerplate: boolean;
  /** The language the words were folded for, when the text declares one. */
  lang?: string;
}

export function prepareSentences(text: string, lang?: string): Sentence[] {
  return segmentSentences(text, lang).map((s) => {
    const w = segmentWords(withoutDateline(s), lang);
    return { text: s, words: w, terms: [...new Set(contentTerms(w).map(prefixOf))], quoted: quotedShare(s, lang), boilerplate: isBoilerplate(s), lang };
  });
}

function prefixOf(term: string): string {
  return term.length > TERM_PREFIX && /^[a-z]+$/.test(term) ? term.slice(0, TERM_PREFIX) : term;
}

/** Whether a sentence can count as evidence: long enough, and not furniture. */
export function isEvidence(s: Sentence): boolean {
  return s.words.length >= MIN_EVIDENCE_WORDS && !s.boilerplate;
}

/** Share of words that sit between double quotes ("..." after typography folding). */
export function quotedShare(sentence: string, lang?: string): number {
  const typographic = normalizeTypography(sentence);
  // No double quote: nothing inside one (and the words need no counting).
  if (!typographic.includes('"')) return 0;
  const total = segmentWords(typographic, lang).length;
  if (total === 0) return 0;
  let inside = 0;
  const parts = typographic.split('"');
  // Odd-numbered parts are inside quotes; an unclosed quote runs to the end of the sentence.
  for (let i = 1; i < parts.length; i += 2) inside += segmentWords(parts[i]!, lang).length;
  return Math.min(1, inside / total);
}

/** Longest common subsequence table of two word sequences (rows: a, columns: b). */
function lcsTable(a: readonly string[], b: readonly string[]): Uint16Array[] {
  const table = Array.from({ length: a.length + 1 }, () => new Uint16Array(b.length + 1));
  for (let i = 1; i <= a.length; i++) {
    const row = table[i]!;
    const prev = table[i - 1]!;
    for (let j = 1; j <= b.length; j++) {
      row[j] = a[i - 1] === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, row[j - 1]!);
    }
  }
  return table;
}

export function lcsLength(a: readonly string[], b: readonly string[]): number {
  return lcsTable(a, b)[a.length]![b.length]!;
}

/**
 * The runs of words that differ between a source sentence and its page sentence, in reading
 * order: each edit replaces `source` words with `page` words (either side may be empty).
 */
export function wordEdits(source: readonly string[], page: readonly string[]): WordEdit[] {
  return editRuns(source, page).map((r) => ({ source: source.slice(r.sourceFrom, r.sourceTo), page: page.slice(r.pageFrom, r.pageTo) }));
}

/** One differing run as index ranges [from, to) into the source and page word lists. */
interface EditRun {
  sourceFrom: number;
  sourceTo: number;
  pageFrom: number;
  pageTo: number;
}

function editRuns(source: readonly string[], page: readonly string[]): EditRun[] {
  const t = lcsTable(source, page);
  // Walked backwards from the end: true where the step keeps a word common to both.
  const ops: ('same' | 'source' | 'page')[] = [];
  let i = source.length;
  let j = page.length;
  while (i > 0 || j > 0) {
    if (i > 0 && j > 0 && source[i - 1] === page[j - 1]) {
      ops.push('same');
      i--;
      j--;
    } else if (j > 0 && (i === 0 || t[i]![j - 1]! >= t[i - 1]![j]!)) {
      ops.push('page');
      j--;
    } else {
      ops.push('source');
      i--;
    }
  }
  ops.reverse();
  const runs: EditRun[] = [];
  let run: EditRun | undefined;
  let si = 0;
  let pi = 0;
  for (const op of ops) {
    if (op === 'same') {
      if (run) runs.push(run);
      run = undefined;
      si++;
      pi++;
      continue;
    }
    run ??= { sourceFrom: si, sourceTo: si, pageFrom: pi, pageTo: pi };
    if (op === 'source') run.sourceTo = ++si;
    else run.pageTo = ++pi;
  }
  if (run) runs.push(run);
  return runs;
}

/** A text and the spans of its tokens in it, for cutting runs of tokens out as written. */
interface WrittenText {
  text: string;
  spans: (WrittenSpan | null)[];
}

const writtenCache = new WeakMap<Sentence, WrittenText>();

/** A sentence's matching words located in its text (the dateline the words skip included). */
function writtenSentence(s: Sentence): WrittenText {
  let found = writtenCache.get(s);
  if (!found) {
    const body = withoutDateline(s.text);
    const shift = s.text.length - body.length;
    // The sentence's words were made from this very text, so they are its tokens.
    const { spans } = writtenTokens(body, s.lang, s.words);
    found = { text: s.text, spans: spans.map((sp) => (sp ? { start: sp.start + shift, end: sp.end + shift } : null)) };
    writtenCache.set(s, found);
  }
  return found;
}

/** Sentences joined with one space, as a span's text is, and their tokens' spans in it. */
function writtenRun(run: readonly Sentence[]): WrittenText {
  if (run.length === 1) return writtenSentence(run[0]!);
  const spans: (WrittenSpan | null)[] = [];
  let base = 0;
  for (const s of run) {
    for (const sp of writtenSentence(s).spans) spans.push(sp ? { start: sp.start + base, end: sp.end + base } : null);
    base += s.text.length + 1;
  }
  return { text: run.map((s) => s.text).join(' '), spans };
}

/** Words [from, to) as written: the stretch of text they cover, or the tokens themselves. */
function asWritten(words: readonly string[], written: WrittenText, from: number, to: number): string {
  if (from === to) return '';
  const first = written.spans[from];
  const last = written.spans[to - 1];
  if (first && last && written.spans.slice(from, to).every(Boolean)) return written.text.slice(first.start, last.end);
  return words
    .slice(from, to)
    .map((w, k) => {
      const sp = written.spans[from + k];
      return sp ? written.text.slice(sp.start, sp.end) : w;
    })
    .join(' ');
}

/**
 * The alignment's pairs with each edit also as the two texts wrote it. Run on the chosen source
 * only: done for every candidate, it adds about a sixth to the alignments' CPU time (the six
 * seed cases against their corpora: 37 → 44 ms). Pairs without edits are passed through.
 */
export function withWrittenEdits({ pairs, pageSentences, sourceSentences }: Alignment): AlignedPair[] {
  return pairs.map((pair) => {
    if (pair.edits.length === 0) return pair;
    const page = pageSentences[pair.pageIndex]!;
    const run = pair.sourceIndices.map((i) => sourceSentences[i]!);
    const source = run.flatMap((s) => s.words);
    const sourceText = writtenRun(run);
    const pageText = writtenSentence(page);
    const edits = editRuns(source, page.words).map((r) => ({
      source: source.slice(r.sourceFrom, r.sourceTo),
      page: page.words.slice(r.pageFrom, r.pageTo),
      sourceAsWritten: asWritten(source, sourceText, r.sourceFrom, r.sourceTo),
      pageAsWritten: asWritten(page.words, pageText, r.pageFrom, r.pageTo),
    }));
    return { ...pair, edits };
  });
}

export interface WordEdit {
  source: string[];
  page: string[];
  /** The same runs as the source and the page wrote them (case, abbreviation periods, quotes). */
  sourceAsWritten?: string;
  pageAsWritten?: string;
}

/**
 * How much a page sentence rewords its source: 0 = the same content words, 100 = none in
 * common. Measured on content terms, not all words (function words survive any rewrite, so
 * counting them flattens the scale), and as a bag, not a sequence: a swapped word costs a word,
 * but a clause moved to the front costs nothing, since moving it is restructuring, not
 * rewording. On the spinner benchmark's dev split (which keeps word order) the bag and the
 * longest common subsequence give the same medians (light edits 12, 30/50/70% spin 19/29/38);
 * on the rewrite benchmark's dev split, model rewrites score 42–46 as a bag, 50–55 as a sequence.
 */
export function rewordingScore(page: readonly string[], source: readonly string[]): number {
  const p = contentTerms(page);
  const s = contentTerms(source);
  const total = p.length + s.length;
  if (total === 0) return 0;
  const left = new Map<string, number>();
  for (const t of s) left.set(t, (left.get(t) ?? 0) + 1);
  let shared = 0;
  for (const t of p) {
    const n = left.get(t) ?? 0;
    if (n > 0) {
      shared++;
      left.set(t, n - 1);
    }
  }
  return Math.round(100 * (1 - (2 * shared) / total));
}

/** A one-for-one swap inside otherwise matching text: what a synonym spinner leaves behind. */
export function isSubstitution(e: WordEdit): boolean {
  return e.source.length > 0 && e.page.length > 0 && e.source.length <= 3 && e.page.length <= 3;
}

/**
 * IDF weights, log(1 + n / df), over n lists of distinct terms (a sentence's terms, say): a term
 * few lists hold weighs most.
 */
export function idfWeights(lists: readonly Iterable<string>[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const list of lists) for (const t of list) df.set(t, (df.get(t) ?? 0) + 1);
  const w = new Map<string, number>();
  for (const [t, d] of df) w.set(t, Math.log(1 + lists.length / d));
  return w;
}

function termWeights(all: Sentence[][]): Map<string, number> {
  return idfWeights(all.flatMap((list) => list.map((s) => s.terms)));
}

function weightOf(terms: Iterable<string>, w: Map<string, number>): number {
  let sum = 0;
  for (const t of terms) sum += w.get(t) ?? 0;
  return sum;
}

/**
 * IDF-weighted Dice between page sentences and source spans, on numbered terms: the aligner's
 * inner loop (every page sentence against every span) works on typed arrays and visits only the
 * spans that share a term with the sentence. Looking each of a sentence's terms up in each
 * span's set of strings instead costs a tenth of the service worker's time in the bench's warm
 * checks in Chromium (bench/browser/verdict-profile.ts), and alignSentences as a whole takes
 * 2.3× as long (Node: the rewrite benchmark's 192 texts against 40 sources, same pairs).
 *
 * Only the page's terms are numbered: a span term the page lacks cannot be shared. Each page
 * term lists the spans that hold it, in span order. For one page sentence, the weights of its
 * terms are added to the spans that hold them, term by term in the sentence's order, so each
 * span's sum is the same, added in the same order, as looking each of the sentence's terms up
 * in the span's set; a span sharing nothing has Dice 0 and is not visited. Memory grows with
 * the texts, not with their product.
 */
class DiceTable {
  private readonly ids = new Map<string, number>();
  private readonly weights: Float64Array;
  /** Spans holding page term t: holders[first[t]] up to holders[first[t + 1]], in span order. */
  private readonly first: Int32Array;
  private readonly holders: Int32Array;
  private readonly spanWeights: Float64Array;
  /** Per span, the weight it shares with the sentence being compared; 0 between sentences. */
  private readonly shared: Float64Array;
  private readonly touched: Int32Array;

  /** `spans`: each span's distinct terms, in the order `eachShared` visits them. */
  constructor(page: readonly Sentence[], spans: readonly Iterable<string>[], private readonly w: Map<string, number>) {
    const weights: number[] = [];
    for (const s of page) {
      for (const t of s.terms) {
        if (this.ids.has(t)) continue;
        this.ids.set(t, weights.length);
        weights.push(w.get(t) ?? 0);
      }
    }
    this.weights = Float64Array.from(weights);
    const terms = weights.length;
    const held = spans.map((span) => {
      const out: number[] = [];
      for (const t of span) {
        const id = this.ids.get(t);
        if (id !== undefined) out.push(id);
      }
      return out;
    });
    this.first = new Int32Array(terms + 1);
    for (const ids of held) for (const id of ids) this.first[id + 1]!++;
    for (let t = 0; t < terms; t++) this.first[t + 1]! += this.first[t]!;
    this.holders = new Int32Array(this.first[terms]!);
    const next = this.first.slice(0, terms);
    held.forEach((ids, k) => {
      for (const id of ids) this.holders[next[id]!++] = k;
    });
    this.spanWeights = Float64Array.from(spans, (span) => this.weightOf(span));
    this.shared = new Float64Array(spans.length);
    this.touched = new Int32Array(spans.length);
  }

  weightOf(terms: Iterable<string>): number {
    return weightOf(terms, this.w);
  }

  /**
   * Dice of the page sentence `s` against every span sharing a term with it, called back in
   * span order (the others' Dice is 0).
   */
  eachShared(s: Sentence, visit: (k: number, sim: number) => void): void {
    const pageWeight = this.weightOf(s.terms);
    if (pageWeight === 0) return;
    const { first, holders, shared, touched, spanWeights, weights } = this;
    let count = 0;
    for (const t of s.terms) {
      const id = this.ids.get(t);
      if (id === undefined) continue;
      const weight = weights[id]!;
      for (let h = first[id]!; h < first[id + 1]!; h++) {
        const k = holders[h]!;
        if (shared[k] === 0) touched[count++] = k; // weights are positive: 0 is untouched
        shared[k]! += weight;
      }
    }
    // A visited span holds a term of positive weight, so its own weight is positive too.
    for (const k of touched.subarray(0, count).sort()) {
      const sum = shared[k]!;
      shared[k] = 0;
      visit(k, (2 * sum) / (pageWeight + spanWeights[k]!));
    }
  }
}

/**
 * The page positions on one longest chain whose source positions strictly rise (−1: no pair).
 * Patience sorting with back-pointers: O(n log n).
 */
export function orderedChain(sourceAt: readonly number[]): Set<number> {
  const tails: number[] = [];
  const prev = new Array<number>(sourceAt.length).fill(-1);
  for (let i = 0; i < sourceAt.length; i++) {
    const v = sourceAt[i]!;
    if (v < 0) continue;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sourceAt[tails[mid]!]! < v) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1]!;
    tails[lo] = i;
  }
  const out = new Set<number>();
  for (let i = tails.at(-1) ?? -1; i >= 0; i = prev[i]!) out.add(i);
  return out;
}

/**
 * How alike two texts are as the aligner sees them (IDF-weighted Dice of their content terms,
 * weights from the two alone): for measuring the aligner on sentence-pair corpora.
 */
export function sentenceSimilarity(a: Sentence, b: Sentence): number {
  const table = new DiceTable([a], [b.terms], termWeights([[a], [b]]));
  let sim = 0;
  table.eachShared(a, (_, s) => (sim = s));
  return sim;
}

export interface Alignment {
  pairs: AlignedPair[];
  pageSentences: Sentence[];
  sourceSentences: Sentence[];
}

export function alignSentences(page: Sentence[], source: Sentence[]): Alignment {
  // Candidate source spans: each sentence alone, then runs of two and three (merged sentences).
  // Shorter spans come first, and a longer one has to beat them clearly, never tie them.
  // A span's words and text are put together only for the pairs that keep it.
  type Span = { indices: number[] };
  const spans: Span[] = [];
  const spanTerms: Set<string>[] = [];
  for (let size = 1; size <= MAX_SPAN; size++) {
    for (let i = 0; i + size <= source.length; i++) {
      const run = source.slice(i, i + size);
      if (run.some((s) => s.boilerplate)) continue;
      spanTerms.push(new Set(run.flatMap((s) => s.terms)));
      spans.push({ indices: run.map((_, k) => i + k) });
    }
  }
  const table = new DiceTable(page, spanTerms, termWeights([page, source]));
  const best: ({ span: Span; sim: number } | undefined)[] = page.map((p) => {
    if (!isEvidence(p)) return undefined;
    let found: Span | undefined;
    let bestSim = 0;
    // Spans sharing no term score 0, which never beats bestSim.
    table.eachShared(p, (k, sim) => {
      const span = spans[k]!;
      const margin = found && span.indices.length > found.indices.length ? MERGE_MARGIN : 0;
      if (sim > bestSim + margin) {
        bestSim = sim;
        found = span;
      }
    });
    return found && bestSim >= WEAK_MATCH_THRESHOLD ? { span: found, sim: bestSim } : undefined;
  });
  // Strong pairs stand alone; a weak one must sit in order between its strong neighbours, or
  // belong to the longest run of pairs that follow the source's order, when that run is long.
  const strong = best.map((b) => b !== undefined && b.sim >= MATCH_THRESHOLD);
  const chain = orderedChain(best.map((b) => (b ? b.span.indices[0]! : -1)));
  const keep = best.map((b, i) => {
    if (!b) return false;
    if (strong[i]) return true;
    if (chain.size >= MIN_CHAIN && chain.has(i)) return true;
    let before = -1;
    for (let j = i - 1; j >= 0; j--) if (strong[j]) { before = best[j]!.span.indices[0]!; break; }
    let after = Infinity;
    for (let j = i + 1; j < best.length; j++) if (strong[j]) { after = best[j]!.span.indices.at(-1)!; break; }
    if (before < 0 && after === Infinity) return false;
    const first = b.span.indices[0]!;
    const last = b.span.indices.at(-1)!;
    return first >= before - ORDER_SLACK && last <= after + ORDER_SLACK;
  });
  const pairs: AlignedPair[] = [];
  page.forEach((p, pageIndex) => {
    const b = best[pageIndex];
    if (!b || !keep[pageIndex]) return;
    const run = b.span.indices.map((k) => source[k]!);
    const words = run.flatMap((s) => s.words);
    pairs.push({
      pageIndex,
      pageSentence: p.text,
      sourceIndices: b.span.indices,
      sourceSentence: run.map((s) => s.text).join(' '),
      similarity: Math.round(b.sim * 1000) / 1000,
      paraphraseScore: rewordingScore(p.words, words),
      quote: p.quoted >= 0.5,
      edits: wordEdits(words, p.words),
    });
  });
  return { pairs, pageSentences: page, sourceSentences: source };
}
