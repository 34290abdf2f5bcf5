/**
 * One check, end to end, on any corpus: fingerprint the page (and windows of it), retrieve
 * candidates from the index, load their texts, align and decide. The CLI passes an in-memory
 * corpus, the background one backed by IndexedDB; both go through this function, so they
 * cannot disagree.
 *
 * Retrieval is recall-first. The whole page finds copies and rewrites; windows of
 * WINDOW_SENTENCES sentences find a source whose passage is embedded in an otherwise original
 * story, which the whole page's sketch cannot see (on the evaluation's dev split, whole-page
 * retrieval alone missed the source of about 4 in 10 such pages). The best few candidates of
 * each channel are aligned, so a source that only the passage channel sees still gets a turn.
 */

import { fingerprintText } from './fingerprint/minhash';
import type { ChannelCandidate, CorpusIndex } from './index/corpus-index';
import type { QueryableIndex } from './index/sharded-index';
import { matchPage, pageBody } from './match/matcher';
import type { Sensitivity } from './settings';
import { contentTerms } from './fingerprint/terms';
import { sentences } from './text/segment';
import { words as segmentWords } from './text/tokens';
import type { Article, Candidate, MatchResult, PageArticle } from './types';

/** How many of each channel's best candidates are aligned in full. */
export const ALIGN_PER_CHANNEL = 3;
/**
 * Of the reported candidates no channel puts among its best, how many are aligned too: a short
 * retelling of a long story's opening (a brief rewriting only the first paragraphs) shares too
 * few of the story's words for any sketch to rank it first, but its words are mostly in it.
 */
export const EXTRA_ALIGNED = 2;
/** How many of those reported candidates are read to choose them (each text is tokenized once). */
export const EXTRA_CONSIDERED = 4;
/** Candidates reported with a result. */
export const REPORTED_CANDIDATES = 10;
export const WINDOW_SENTENCES = 6;
const WINDOW_STRIDE = 3;

export interface CorpusAccess {
  /** The in-memory index (CLI, tests) or the sharded one (extension), which reads as it goes. */
  index: QueryableIndex;
  /** Articles by id, in any order; ids that no longer exist are left out. */
  loadArticles(ids: readonly string[]): Promise<Article[]> | Article[];
}

/** The page's windows: overlapping runs of sentences, for finding embedded passages. */
export function pageWindows(body: string, lang?: string): string[] {
  const s = sentences(body, lang);
  if (s.length <= WINDOW_SENTENCES + WINDOW_STRIDE) return [];
  const out: string[] = [];
  for (let start = 0; start < s.length; start += WINDOW_STRIDE) {
    out.push(s.slice(start, start + WINDOW_SENTENCES).join(' '));
    if (start + WINDOW_SENTENCES >= s.length) break;
  }
  return out;
}

/**
 * Which candidates deserve a full alignment: the best of each channel, and the articles sharing
 * the most distinct bands with the page and its windows together (a passage spread over several
 * windows; see CorpusIndex.queryChannels).
 */
export function candidatesToAlign(found: readonly ChannelCandidate[]): string[] {
  const ids = new Set<string>();
  for (const channel of ['verbatim', 'reworded', 'passage', 'bandsShared'] as const) {
    const ranked = [...found].filter((c) => c[channel] > 0).sort((a, b) => b[channel] - a[channel]);
    for (const c of ranked.slice(0, ALIGN_PER_CHANNEL)) ids.add(c.id);
  }
  return [...ids];
}

export interface Retrieval {
  /** The best candidates, as reported to the reader. */
  candidates: Candidate[];
  /** Every article that will be aligned in full. */
  toAlign: string[];
  /**
   * Reported candidates that no channel ranks among its best: the EXTRA_ALIGNED of them whose
   * texts hold most of the page's content words are aligned too (see checkPage).
   */
  extra: string[];
}

/**
 * The fingerprints a check looks up: the whole page on every band, then each of its windows on
 * every band but the verbatim ones. A window's verbatim bands (four-row bands over word
 * 3-grams) find nothing its passage bands (one-row, 8-grams) miss: on the evaluation's dev
 * split every verdict and named source is the same without them, and a check reads a quarter
 * fewer shards in the extension. Fewer bands lose pages: windows on passage and lead bands
 * alone miss 2 of 150 embedded passages; on passage bands alone, or on passage and either
 * verbatim or reworded bands (lead bands left out), the rewrite benchmark's lead-only style
 * names 84.6% of sources (dev) instead of 92.3%. Fewer windows (a stride of 4 sentences
 * instead of 3) lose a lead-only rewrite too.
 */
export function pageFingerprints(page: PageArticle, params: CorpusIndex['params']) {
  const body = pageBody(page);
  const windows = pageWindows(body, page.lang).map((text) => fingerprintText(text, page.lang, params, { verbatim: false }));
  return [fingerprintText(body, page.lang, params), ...windows];
}

/**
 * Only the candidates the two uses in `retrievalOf` can take: the same result as the full list,
 * without making thousands of weak candidates into objects (see ChannelCounter.finish).
 */
const KEEP = { overall: REPORTED_CANDIDATES, perChannel: ALIGN_PER_CHANNEL };

/** What the index's candidates mean for a check: what is reported, what is aligned. */
export function retrievalOf(found: readonly ChannelCandidate[]): Retrieval {
  const reported = found.slice(0, REPORTED_CANDIDATES);
  const toAlign = candidatesToAlign(found);
  return {
    candidates: reported.map(({ id, similarity }) => ({ id, similarity })),
    toAlign,
    extra: reported
      .map((c) => c.id)
      .filter((id) => !toAlign.includes(id))
      .slice(0, EXTRA_CONSIDERED),
  };
}

/** The retrieval stage alone, on an in-memory index: what it proposes for a page. */
export function retrieve(page: PageArticle, index: CorpusIndex): Retrieval {
  return retrievalOf(index.queryChannels(pageFingerprints(page, index.params), KEEP));
}

/** The retrieval stage on any index (the sharded one reads its shards as it goes). */
export async function retrieveFrom(page: PageArticle, index: QueryableIndex): Promise<Retrieval> {
  return retrievalOf(await index.queryChannels(pageFingerprints(page, index.params), KEEP));
}

/** Share of the page's distinct content terms that occur in the text. */
export function termContainment(pageTerms: ReadonlySet<string>, text: string): number {
  if (pageTerms.size === 0) return 0;
  const inText = new Set(contentTerms(segmentWords(text)));
  let found = 0;
  for (const t of pageTerms) if (inText.has(t)) found++;
  return found / pageTerms.size;
}

export interface CheckOptions {
  /** Sources never to name for this page (the reader said the match looks wrong). */
  exclude?: readonly string[];
  sensitivity?: Sensitivity;
}

export async function checkPage(page: PageArticle, corpus: CorpusAccess, opts: CheckOptions = {}): Promise<MatchResult> {
  const { candidates, toAlign, extra } = await retrieveFrom(page, corpus.index);
  const excluded = new Set(opts.exclude ?? []);
  const loaded = await corpus.loadArticles([...toAlign, ...extra].filter((id) => !excluded.has(id)));
  const extraIds = new Set(extra);
  const sources = loaded.filter((a) => !extraIds.has(a.id));
  const extras = loaded.filter((a) => extraIds.has(a.id));
  if (extras.length) {
    const pageTerms = new Set(contentTerms(segmentWords(pageBody(page), page.lang)));
    const scored = extras.map((a) => ({ a, c: termContainment(pageTerms, `${a.title}\n\n${a.text}`) })).sort((x, y) => y.c - x.c);
    sources.push(...scored.slice(0, EXTRA_ALIGNED).map((x) => x.a));
  }
  return matchPage(page, sources, candidates.filter((c) => !excluded.has(c.id)), { sensitivity: opts.sensitivity });
}
