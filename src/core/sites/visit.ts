/**
 * A checked article page as a visit of the per-site record: its site and URL (site.ts), the
 * verdict and its source, and whether the page credits AP (credit.ts). Only what the reader
 * already saw is kept; the page's text is read for the credit and dropped.
 */

import type { MatchResult } from '../types';
import { detectCredit } from './credit';
import { siteOf } from './site';
import type { Credit, SiteVisit } from './types';

/** Longest title kept (a page's <title> can be anything). */
export const MAX_VISIT_TITLE_CHARS = 500;

export interface CheckedPage {
  /** The address the page was read at. */
  pageUrl: string;
  /** Its <link rel=canonical>, when it names one. */
  canonicalUrl?: string;
  title: string;
  text: string;
  /** Readability's byline, when the page has one. */
  byline?: string | null;
}

/** The visit for a checked page, or null when the page has no site (not http(s)). */
export function visitFor(page: CheckedPage, result: Pick<MatchResult, 'verdict' | 'source' | 'paraphraseScore'>, checkedAt: number): SiteVisit | null {
  const site = siteOf(page.pageUrl, page.canonicalUrl);
  if (!site) return null;
  return siteVisit(site, page.title, detectCredit({ text: page.text, byline: page.byline, title: page.title }), result, checkedAt);
}

/** The visit for a page whose site and credit are known (the CLI reads them where it reads the page). */
export function siteVisit(site: { host: string; url: string }, title: string, credit: Credit, result: Pick<MatchResult, 'verdict' | 'source' | 'paraphraseScore'>, checkedAt: number): SiteVisit {
  const named = result.verdict !== 'none' && result.source !== null;
  return {
    host: site.host,
    url: site.url,
    title: title.slice(0, MAX_VISIT_TITLE_CHARS),
    checkedAt,
    verdict: result.verdict,
    ...(named ? { sourceId: result.source!.id, sourceTitle: result.source!.title.slice(0, MAX_VISIT_TITLE_CHARS) } : {}),
    ...(named && result.paraphraseScore !== null ? { paraphraseScore: result.paraphraseScore } : {}),
    credited: credit.credited,
    ...(credit.signal ? { creditSignal: credit.signal } : {}),
  };
}
