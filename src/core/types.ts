/**
 * The shapes every part of Wirecheck shares: the CLI, the background, the UI and the tests
 * all speak in these words. Plain data only (no classes), so they cross message boundaries
 * and IndexedDB unchanged.
 */

/** An original in the reader's corpus: normally an Associated Press story. */
export interface Article {
  id: string;
  title: string;
  url: string;
  /** ISO 8601 date or date-time, or '' when unknown. */
  published: string;
  text: string;
}

/** What we know of an article without its text: enough to name a source. */
export type ArticleRef = Omit<Article, 'text'>;

/** The article found on a page (or in a file handed to the CLI). */
export interface PageArticle {
  title: string;
  text: string;
  /** BCP 47 language tag from the page, when it declares one. */
  lang?: string;
  url?: string;
  /** Who signed it, as Readability reads the page (for the credit to AP, core/sites/credit.ts). */
  byline?: string;
}

/** Document-level evidence for one source (see core/match/evidence.ts). */
export interface DocumentEvidence {
  /** Share (0–1) of the page's content, weighted by rarity, that occurs in the source. */
  pageExplained: number;
  /** Share (0–1) of the source's content that occurs in the page. */
  sourceCarried: number;
  /** The same two shares over names, numbers and other capitalised words. */
  anchorsExplained: number;
  anchorsCarried: number;
  /** Distinct names and numbers both texts hold. */
  anchorsShared: number;
  /** Share (0–1) of those shared anchors that the page tells in the source's order. */
  order: number;
}

export type Verdict = 'verbatim' | 'edited' | 'rewritten' | 'partial' | 'none';

export const VERDICTS: readonly Verdict[] = ['verbatim', 'edited', 'rewritten', 'partial', 'none'];

/** A page sentence paired with the source sentence(s) it derives from. */
export interface AlignedPair {
  /** Index of the sentence in the page's sentence list. */
  pageIndex: number;
  pageSentence: string;
  /** Indices into the source's sentence list (several when the page merged sentences). */
  sourceIndices: number[];
  sourceSentence: string;
  /** 0–1: how alike the two are once normalised (1 = identical words). */
  similarity: number;
  /** 0–100 for this pair alone: 0 = word for word, 100 = entirely reworded. */
  paraphraseScore: number;
  /** True when the page sentence is mostly a direct quotation. */
  quote: boolean;
  /**
   * Runs of words that differ, in reading order: source words replaced by page words, as
   * normalised tokens (what matching compares) and as each text wrote them ("U.S.", "Moscow’s").
   */
  edits: { source: string[]; page: string[]; sourceAsWritten?: string; pageAsWritten?: string }[];
}

/**
 * A word swap seen in the page, with how often it occurs: "most senior → most sensible".
 * `source` and `page` are normalised ("u.s"): swaps are counted by them. The reader is shown
 * `sourceAsWritten` and `pageAsWritten`, the spelling the texts used most often for the swap
 * ("U.S. → United States").
 */
export interface Substitution {
  source: string;
  page: string;
  count: number;
  sourceAsWritten: string;
  pageAsWritten: string;
}

export interface Candidate {
  id: string;
  /** Estimated similarity from the retrieval stage (0–1). */
  similarity: number;
}

export interface MatchResult {
  source: ArticleRef | null;
  verdict: Verdict;
  /** 0 = word for word, 100 = entirely reworded; null when nothing derives from a source. */
  paraphraseScore: number | null;
  /** Share of the page's words (0–1) that derive from the source. */
  coverage: number;
  /** Share of the source's words (0–1) that the page reuses. */
  sourceReuse: number;
  /** What the page carries of the source as a whole (names, numbers, rare words, their order); null without a source. */
  evidence: DocumentEvidence | null;
  alignedPairs: AlignedPair[];
  /** One-for-one word swaps across the aligned narrative, most frequent first. */
  substitutions: Substitution[];
  /** Page sentences that are mostly quotation and align with the source: shown, never counted. */
  sharedQuotes: number;
  candidates: Candidate[];
}
