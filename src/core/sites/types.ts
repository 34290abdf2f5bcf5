/**
 * The per-site record's shapes: what Wirecheck keeps, on the reader's machine only, about the
 * article pages it checked on each site, and what it tells about a site. Plain data only, so
 * they cross message boundaries, IndexedDB and the CLI's JSON unchanged.
 *
 * Only what the reader already saw is kept: the host, the page's URL and title, the verdict,
 * the likely source's id and title, the paraphrase score, and whether the page credited AP.
 * No page text.
 */

import type { Verdict } from '../types';

/**
 * How a page names AP as its source, when it does: a byline ("By … | The Associated Press",
 * "Associated Press"), a dateline ("WASHINGTON (AP) —"), a contribution line ("The Associated
 * Press contributed to this report"), or a source line ("Source: AP", "© 2026 The Associated
 * Press").
 */
export type CreditSignal = 'byline' | 'dateline' | 'contributed' | 'source-line';

export interface Credit {
  credited: boolean;
  /** The first signal found, when credited. */
  signal?: CreditSignal;
}

/** One article page checked on a site: one record per page URL (a later check replaces it). */
export interface SiteVisit {
  /** The site: the host of the page's canonical URL (else its URL), lower case, without a leading "www.". */
  host: string;
  /** The page's canonical URL when it names one on the same site, else its URL. */
  url: string;
  title: string;
  /** Epoch ms of the (last) check. */
  checkedAt: number;
  verdict: Verdict;
  /** The likely source, when the verdict names one. */
  sourceId?: string;
  sourceTitle?: string;
  /** 0 word for word … 100 entirely reworded; absent when nothing derives from a source. */
  paraphraseScore?: number;
  /** The page names AP as its source (syndication, not disguise). */
  credited: boolean;
  creditSignal?: CreditSignal;
}

/** Verdicts that count as AP copy: every level but 'none'. */
export const AP_COPY_VERDICTS: readonly Verdict[] = ['verbatim', 'edited', 'rewritten', 'partial'];

/** What the record tells about one site. */
export interface SiteSummary {
  host: string;
  /** Article pages checked (distinct URLs). */
  articles: number;
  /** Pages per verdict (every verdict present, 0 when none). */
  byVerdict: Record<Verdict, number>;
  /** Pages that were AP copy at any level (verbatim, edited, rewritten, partial). */
  apCopy: number;
  /** AP copy that credited AP. */
  credited: number;
  /** AP copy that did not credit AP. */
  uncredited: number;
  /** Rewritten or edited copy that did not credit AP: the disguise the record is about. */
  uncreditedRewrites: number;
  /** apCopy / articles (0 when no articles). */
  apShare: number;
  firstCheckedAt: number;
  lastCheckedAt: number;
}

/** One point of a site's chart: the pages checked in one period and how many were AP copy. */
export interface SitePeriod {
  /** Epoch ms of the period's start (UTC midnight of its first day). */
  start: number;
  articles: number;
  apCopy: number;
  uncredited: number;
}
