/**
 * The labelled benchmark: which articles are indexed, which pages are checked, and what the
 * right answer for each page is.
 *
 * Originals (indexed) and reserve stories (never indexed: negatives and hosts for partial
 * pages) come from one of two places:
 * - default: the English fixture pages (about 2/3 indexed, 1/3 reserve, by hash of id), the
 *   two AP versions of the seed story, and synthetic stories (synthetic.ts) over topics that
 *   share entities; each synthetic original gets a fresh same-topic story as its negative and
 *   another as the host of its partial page.
 * - `--corpus file.jsonl`: 80% of its articles indexed and 20% reserve, by hash of id.
 *
 * Split. Every original belongs to `dev` (≈60%) or `heldout` (≈40%) by a hash of its group key
 * that does not depend on the seed: its topic for synthetic stories (so a held-out page's
 * same-topic siblings and negatives are held out too), the story for the two seed versions,
 * its id otherwise. Every page belongs to its source's split; a negative to its topic's (or
 * its own id's) split.
 */

import type { Article, Verdict } from '../../src/core/types';
import { condensed, type DeriveContext, edited, partial, rewritten, verbatim } from './derive';
import { hash32, rngFor } from './prng';
import { fixturePageArticles, seedOriginals } from './real-text';
import { generateCorpus, generateStory, topicOf } from './synthetic';
import type { Thesaurus } from './wordnet';

export type Split = 'dev' | 'heldout';
export const SPLITS: readonly Split[] = ['dev', 'heldout'];

export type Variant = 'verbatim' | 'edited' | 'spin30' | 'spin50' | 'spin70' | 'condensed' | 'partial' | 'same-topic' | 'unrelated' | 'held-out-article';
export const VARIANTS: readonly Variant[] = ['verbatim', 'edited', 'spin30', 'spin50', 'spin70', 'condensed', 'partial', 'same-topic', 'unrelated', 'held-out-article'];

/**
 * The rewrite level used for Spearman's correlation: the designed share of eligible words
 * reworded. Condensed rewrites mix a 40% spin with cut clauses, so they sit off this ladder
 * and are left out of the primary correlation (the report gives it with them too).
 */
export const REWORD_LEVEL: Partial<Record<Variant, number>> = { verbatim: 0, edited: 0.1, spin30: 0.3, spin50: 0.5, spin70: 0.7 };

export const LEVEL_OF: Record<Variant, Verdict> = {
  verbatim: 'verbatim',
  edited: 'edited',
  spin30: 'rewritten',
  spin50: 'rewritten',
  spin70: 'rewritten',
  condensed: 'rewritten',
  partial: 'partial',
  'same-topic': 'none',
  unrelated: 'none',
  'held-out-article': 'none',
};

export type Origin = 'synthetic' | 'real' | 'seed' | 'external';

export interface BenchPage {
  id: string;
  level: Verdict;
  variant: Variant;
  /** The original the page derives from; null for negatives. */
  sourceId: string | null;
  /** Sources that count as right: the original and other versions of the same story. */
  accept: string[];
  split: Split;
  origin: Origin;
  title: string;
  text: string;
  lang: string;
  /** Share of eligible words the spinner changed. */
  spun: number;
  /** For partial pages: the embedded block of source sentences. */
  block?: { start: number; length: number; sentences: string[] };
}

export interface BenchOptions {
  seed: number;
  /** External corpus; replaces the built-in one. */
  corpus?: Article[];
  /** Synthetic originals in the built-in corpus. */
  synthetic: number;
  topics: number;
  /** Derive pages from at most this many originals per split (all when undefined). */
  originalsPerSplit?: number;
  /** Synonyms for light edits (first sense) and for the spinner (any sense). */
  editor: Thesaurus;
  spinner: Thesaurus;
}

export interface Benchmark {
  seed: number;
  /** What the index holds. */
  indexed: Article[];
  /** Stories never indexed. */
  reserve: Article[];
  pages: BenchPage[];
  corpusDescription: string;
}

interface Original {
  article: Article;
  origin: Origin;
  group: string;
  accept: string[];
}

export function splitOf(groupKey: string): Split {
  return hash32(`wirecheck-eval-split:${groupKey}`) % 100 < 60 ? 'dev' : 'heldout';
}

const SEED_STORY = 'seed:ap-ties';

export function buildBenchmark(opts: BenchOptions): Benchmark {
  const { seed } = opts;
  const originals: Original[] = [];
  const reserve: Article[] = [];
  /** Negatives and partial hosts, per original id. */
  const negativesFor = new Map<string, Article>();
  const hostFor = new Map<string, Article>();
  const reserveNegatives: { article: Article; group: string; variant: Variant; origin: Origin }[] = [];
  let corpusDescription: string;

  if (opts.corpus) {
    for (const a of opts.corpus) {
      if (hash32(`wirecheck-eval-reserve:${a.id}`) % 100 < 20) {
        reserve.push(a);
        reserveNegatives.push({ article: a, group: a.id, variant: 'held-out-article', origin: 'external' });
      } else originals.push({ article: a, origin: 'external', group: a.id, accept: [a.id] });
    }
    corpusDescription = `external corpus: ${originals.length} indexed, ${reserve.length} reserve (negatives and partial hosts)`;
  } else {
    const real = fixturePageArticles();
    for (const a of real) {
      if (hash32(`wirecheck-eval-reserve:${a.id}`) % 3 === 0) {
        reserve.push(a);
        reserveNegatives.push({ article: a, group: a.id, variant: 'unrelated', origin: 'real' });
      } else originals.push({ article: a, origin: 'real', group: a.id, accept: [a.id] });
    }
    const seedArticles = seedOriginals();
    for (const a of seedArticles) originals.push({ article: a, origin: 'seed', group: SEED_STORY, accept: seedArticles.map((x) => x.id) });
    const synthetic = generateCorpus({ seed, count: opts.synthetic, topics: opts.topics });
    for (const a of synthetic) {
      const topic = topicOf(a.id)!;
      originals.push({ article: a, origin: 'synthetic', group: `topic:${topic}`, accept: [a.id] });
    }
    synthetic.forEach((a, i) => {
      const topic = topicOf(a.id)!;
      const negative = generateStory({ seed, topic, story: 1000 + i, id: `syn-t${topic}-neg${i}` });
      const host = generateStory({ seed, topic, story: 2000 + i, id: `syn-t${topic}-host${i}` });
      negativesFor.set(a.id, negative);
      hostFor.set(a.id, host);
      reserve.push(negative, host);
    });
    corpusDescription =
      `built-in: ${real.length - reserveNegatives.length} English fixture pages + ${seedArticles.length} seed AP versions + ` +
      `${synthetic.length} synthetic stories (${opts.topics} topics) indexed; ${reserveNegatives.length} fixture pages and ` +
      `${2 * synthetic.length} fresh same-topic stories in reserve`;
  }

  const realReserve = reserve.filter((a) => topicOf(a.id) === null);
  const ctxFor = (self: Article): DeriveContext => ({
    editor: opts.editor,
    spinner: opts.spinner,
    relatedTitles: originals.filter((o) => o.article.id !== self.id).map((o) => o.article.title).slice(0, 50),
    year: 2026,
  });

  // Which originals get pages: all, or the first N per split in a seeded order (mixing kinds).
  let chosen = originals;
  if (opts.originalsPerSplit !== undefined) {
    const order = [...originals].sort((a, b) => hash32(`${seed}:pick:${a.article.id}`) - hash32(`${seed}:pick:${b.article.id}`));
    chosen = [];
    for (const split of SPLITS) {
      const inSplit = order.filter((o) => splitOf(o.group) === split);
      const synthetic = inSplit.filter((o) => o.origin === 'synthetic');
      if (synthetic.length === 0) chosen.push(...inSplit.slice(0, opts.originalsPerSplit));
      else {
        // One real story, the rest synthetic (they come with same-topic negatives).
        const real = inSplit.filter((o) => o.origin !== 'synthetic').slice(0, 1);
        chosen.push(...real, ...synthetic.slice(0, opts.originalsPerSplit - real.length));
      }
    }
  }

  const pages: BenchPage[] = [];
  for (const o of chosen) {
    const a = o.article;
    const split = splitOf(o.group);
    const ctx = ctxFor(a);
    const base = { sourceId: a.id, accept: o.accept, split, origin: o.origin, lang: 'en' };
    const add = (variant: Variant, d: { title: string; text: string; spun: number; block?: BenchPage['block'] }) =>
      pages.push({ id: `${a.id}~${variant}`, level: LEVEL_OF[variant], variant, ...base, ...d });
    add('verbatim', verbatim(a, rngFor(seed, 'verbatim', a.id), ctx));
    add('edited', edited(a, rngFor(seed, 'edited', a.id), ctx));
    add('spin30', rewritten(a, rngFor(seed, 'spin30', a.id), ctx, 0.3));
    add('spin50', rewritten(a, rngFor(seed, 'spin50', a.id), ctx, 0.5));
    add('spin70', rewritten(a, rngFor(seed, 'spin70', a.id), ctx, 0.7));
    add('condensed', condensed(a, rngFor(seed, 'condensed', a.id), ctx));
    const hostRng = rngFor(seed, 'partial', a.id);
    const host = hostFor.get(a.id) ?? (realReserve.length ? hostRng.pick(realReserve) : undefined);
    const p = host ? partial(a, host, hostRng, ctx) : null;
    if (p) add('partial', p);
    const negative = negativesFor.get(a.id);
    if (negative) {
      pages.push({ id: `${negative.id}~none`, level: 'none', variant: 'same-topic', sourceId: null, accept: [], split, origin: 'synthetic', title: negative.title, text: negative.text, lang: 'en', spun: 0 });
    }
  }
  for (const n of reserveNegatives) {
    const split = splitOf(n.group);
    if (opts.originalsPerSplit !== undefined) {
      // Small runs keep one reserve negative per split.
      if (pages.some((p) => p.split === split && p.variant === n.variant)) continue;
    }
    pages.push({ id: `${n.article.id}~none`, level: 'none', variant: n.variant, sourceId: null, accept: [], split, origin: n.origin, title: n.article.title, text: n.article.text, lang: 'en', spun: 0 });
  }

  return { seed, indexed: originals.map((o) => o.article), reserve, pages, corpusDescription };
}
