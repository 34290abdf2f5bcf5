/**
 * `wirecheck check --by-site`: the per-site record of the extension (src/core/sites/) over a
 * batch of saved pages, for an editor auditing a site's archive. Each page is checked as
 * `check` checks it; its site comes from the URL it names for itself, its credit to AP from
 * its text and byline (core/sites/credit.ts); then one row per site.
 *
 * - A saved page's site: its `<link rel=canonical>`, else its `og:url` (a saved file has no
 *   address of its own, so whatever absolute http(s) URL it names for itself is believed; the
 *   same-site rule of core/sites/site.ts needs a page address and has none to hold it to).
 *   A page naming neither, and every .txt, is its own row, under the path as given.
 * - The facts a site needs (that URL, the title, the credit) are read where the page is read,
 *   in a worker thread or not, so the page is parsed once; only they cross back.
 * - The table is text for people: every cell goes through escapeControls, as the rest of the
 *   CLI's output does; `--json` is one SiteSummary per line, keys written one by one.
 */

import { detectCredit } from '../core/sites/credit';
import { siteOf } from '../core/sites/site';
import { type SiteSortKey, sortSummaries, summarizeAll } from '../core/sites/summary';
import type { Credit, SiteSummary, SiteVisit } from '../core/sites/types';
import { siteVisit } from '../core/sites/visit';
import type { MatchResult, PageArticle } from '../core/types';
import { loadPage } from './inputs';
import { escapeControls, escapeJson } from './io';

/** What a page's row needs besides its verdict; small, so it crosses from a worker cheaply. */
export interface PageSiteFacts {
  /** The absolute http(s) URL the page names for itself, or null. */
  selfUrl: string | null;
  title: string;
  credit: Credit;
}

function httpUrl(raw: string | null | undefined): string | null {
  if (!raw) return null;
  try {
    const url = new URL(raw.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** The absolute http(s) URL a saved page names for itself: canonical link, else og:url. */
export function selfUrlOf(doc: Document): string | null {
  for (const link of Array.from(doc.querySelectorAll('link[rel][href]'))) {
    const rel = (link.getAttribute('rel') ?? '').toLowerCase().split(/\s+/);
    if (!rel.includes('canonical')) continue;
    const url = httpUrl(link.getAttribute('href'));
    if (url) return url;
  }
  return httpUrl(doc.querySelector('meta[property="og:url"][content]')?.getAttribute('content'));
}

/** Loads and checks one input for --by-site: the verdict and the page's site facts. */
export async function checkForSite(corpus: { check(page: PageArticle): Promise<MatchResult> }, input: string): Promise<{ result: MatchResult; site: PageSiteFacts }> {
  let selfUrl: string | null = null;
  const page = await loadPage(input, {
    inspect: (doc) => {
      selfUrl = selfUrlOf(doc);
    },
  });
  const result = await corpus.check(page);
  return { result, site: { selfUrl, title: page.title, credit: detectCredit(page) } };
}

/** The visit a checked input counts as: under its own URL's site, else under the input as given. */
export function inputVisit(input: string, facts: PageSiteFacts, result: MatchResult, checkedAt: number): SiteVisit {
  const site = (facts.selfUrl ? siteOf(facts.selfUrl) : null) ?? siteOf(input) ?? { host: input, url: input };
  return siteVisit(site, facts.title, facts.credit, result, checkedAt);
}

/** --sort's words, and the order each names. */
export const BY_SITE_SORTS: Record<string, SiteSortKey> = { share: 'apShare', rewrites: 'uncreditedRewrites', articles: 'articles', site: 'host' };

/** The sites of the visits, in the order asked for (default: share of AP copy, largest first). */
export function siteRows(visits: readonly SiteVisit[], sort: SiteSortKey = 'apShare'): SiteSummary[] {
  return sortSummaries(summarizeAll(visits), sort);
}

/** One site as a JSON line: SiteSummary's keys, in its order, nothing else. */
export function siteJsonLine(s: SiteSummary): string {
  const value: SiteSummary = {
    host: s.host,
    articles: s.articles,
    byVerdict: { verbatim: s.byVerdict.verbatim, edited: s.byVerdict.edited, rewritten: s.byVerdict.rewritten, partial: s.byVerdict.partial, none: s.byVerdict.none },
    apCopy: s.apCopy,
    credited: s.credited,
    uncredited: s.uncredited,
    uncreditedRewrites: s.uncreditedRewrites,
    apShare: s.apShare,
    firstCheckedAt: s.firstCheckedAt,
    lastCheckedAt: s.lastCheckedAt,
  };
  return escapeJson(JSON.stringify(value));
}

const COLUMNS: { header: string; align: 'left' | 'right' }[] = [
  { header: 'SITE', align: 'left' },
  { header: 'ARTICLES', align: 'right' },
  { header: 'AP COPY', align: 'right' },
  { header: 'CREDITED', align: 'right' },
  { header: 'UNCREDITED', align: 'right' },
  { header: 'UNCREDITED REWRITES', align: 'right' },
  { header: 'SHARE', align: 'right' },
];

/** The sites as an aligned table, one row per site; the share is AP copy over articles. */
export function siteTable(sites: readonly SiteSummary[]): string {
  const cells = sites.map((s) => [
    escapeControls(s.host),
    String(s.articles),
    String(s.apCopy),
    String(s.credited),
    String(s.uncredited),
    String(s.uncreditedRewrites),
    `${Math.round(s.apShare * 100)}%`,
  ]);
  const headers = COLUMNS.map((c) => c.header);
  const widths = COLUMNS.map((_, i) => Math.max(headers[i]!.length, ...cells.map((r) => r[i]!.length)));
  const render = (row: string[]) =>
    row
      .map((cell, i) => {
        const pad = ' '.repeat(widths[i]! - cell.length);
        return COLUMNS[i]!.align === 'right' ? pad + cell : cell + pad;
      })
      .join('  ')
      .trimEnd();
  return [headers, ...cells].map(render).join('\n');
}
