/**
 * What the per-site record tells: one site's counts (`summarize`), every site's
 * (`summarizeAll`), a site's weeks for its chart (`weeklyPeriods`), and the table's orders
 * (`sortSummaries`). Pure functions over the visits, so the background, the options page and
 * the CLI count alike.
 *
 * - One article per URL: visits are deduplicated by URL, the latest check counting (a store
 *   keeps one record per URL already; the CLI may be given two files of one story).
 * - AP copy is every verdict but 'none'. Credit splits it: credited copy is syndication;
 *   uncredited rewrites (rewritten or edited copy that does not name AP) are the disguise the
 *   record is about, and the Sites table can sort by them.
 * - Weeks start on Monday, 00:00 UTC, the same for every reader whatever their time zone, so
 *   an exported record charts the same anywhere; the chart covers the retention period, empty
 *   weeks included, so gaps show as gaps.
 */

import type { Verdict } from '../types';
import { VERDICTS } from '../types';
import { AP_COPY_VERDICTS, type SitePeriod, type SiteSummary, type SiteVisit } from './types';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
/** At most this many weeks in a chart (ten years), whatever retention is asked for. */
export const MAX_PERIODS = 522;

export function isApCopy(verdict: Verdict): boolean {
  return AP_COPY_VERDICTS.includes(verdict);
}

/** Rewritten or edited copy that does not name AP. */
export function isUncreditedRewrite(visit: Pick<SiteVisit, 'verdict' | 'credited'>): boolean {
  return (visit.verdict === 'rewritten' || visit.verdict === 'edited') && !visit.credited;
}

/** One visit per URL: the latest check (the later one in the list on a tie). */
export function latestPerUrl(visits: readonly SiteVisit[]): SiteVisit[] {
  const byUrl = new Map<string, SiteVisit>();
  for (const v of visits) {
    const seen = byUrl.get(v.url);
    if (!seen || v.checkedAt >= seen.checkedAt) byUrl.set(v.url, v);
  }
  return [...byUrl.values()];
}

function emptyByVerdict(): Record<Verdict, number> {
  return Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
}

/** The summary of `host` from the visits given (those of other hosts are left out). */
export function summarize(host: string, visits: readonly SiteVisit[]): SiteSummary {
  const own = latestPerUrl(visits.filter((v) => v.host === host));
  const byVerdict = emptyByVerdict();
  let apCopy = 0;
  let credited = 0;
  let uncreditedRewrites = 0;
  let first = Infinity;
  let last = -Infinity;
  for (const v of own) {
    byVerdict[v.verdict]++;
    if (isApCopy(v.verdict)) {
      apCopy++;
      if (v.credited) credited++;
      else if (isUncreditedRewrite(v)) uncreditedRewrites++;
    }
    first = Math.min(first, v.checkedAt);
    last = Math.max(last, v.checkedAt);
  }
  return {
    host,
    articles: own.length,
    byVerdict,
    apCopy,
    credited,
    uncredited: apCopy - credited,
    uncreditedRewrites,
    apShare: own.length > 0 ? apCopy / own.length : 0,
    firstCheckedAt: own.length > 0 ? first : 0,
    lastCheckedAt: own.length > 0 ? last : 0,
  };
}

/** Every site's summary, by host name. */
export function summarizeAll(visits: readonly SiteVisit[]): SiteSummary[] {
  const byHost = new Map<string, SiteVisit[]>();
  for (const v of visits) {
    const list = byHost.get(v.host);
    if (list) list.push(v);
    else byHost.set(v.host, [v]);
  }
  return [...byHost.entries()].map(([host, list]) => summarize(host, list)).sort((a, b) => compareHosts(a.host, b.host));
}

/** Monday 00:00 UTC of the week holding `time`. */
export function weekStart(time: number): number {
  const day = Math.floor(time / DAY_MS) * DAY_MS;
  // 1 January 1970 was a Thursday: day 0 is weekday 3 counting from Monday.
  const weekday = (((Math.floor(day / DAY_MS) + 3) % 7) + 7) % 7;
  return day - weekday * DAY_MS;
}

/**
 * The site's weeks, oldest first: from the week holding `now - retentionDays` to the week
 * holding `now`, every week present (MAX_PERIODS at most, the latest). Visits outside the span
 * are left out; one visit per URL.
 */
export function weeklyPeriods(visits: readonly SiteVisit[], now: number, retentionDays: number): SitePeriod[] {
  const last = weekStart(now);
  const days = Number.isFinite(retentionDays) && retentionDays > 0 ? retentionDays : 0;
  const weeks = Math.min(MAX_PERIODS, Math.round((last - weekStart(now - days * DAY_MS)) / WEEK_MS) + 1);
  const first = last - (weeks - 1) * WEEK_MS;
  const periods: SitePeriod[] = Array.from({ length: weeks }, (_, i) => ({ start: first + i * WEEK_MS, articles: 0, apCopy: 0, uncredited: 0 }));
  for (const v of latestPerUrl(visits)) {
    if (!Number.isFinite(v.checkedAt)) continue;
    const at = Math.round((weekStart(v.checkedAt) - first) / WEEK_MS);
    const period = periods[at];
    if (!period) continue;
    period.articles++;
    if (isApCopy(v.verdict)) {
      period.apCopy++;
      if (!v.credited) period.uncredited++;
    }
  }
  return periods;
}

/** The Sites table's orders: share of AP copy, uncredited rewrites, articles, host name. */
export type SiteSortKey = 'apShare' | 'uncreditedRewrites' | 'articles' | 'host';
export const SITE_SORT_KEYS: readonly SiteSortKey[] = ['apShare', 'uncreditedRewrites', 'articles', 'host'];

function compareHosts(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A sorted copy. Default direction: largest first for counts and shares, A to Z for hosts.
 * Ties: more articles first (an equal share over more articles says more), then host A to Z.
 */
export function sortSummaries(list: readonly SiteSummary[], key: SiteSortKey, direction: 'asc' | 'desc' = key === 'host' ? 'asc' : 'desc'): SiteSummary[] {
  const sign = direction === 'asc' ? 1 : -1;
  return [...list].sort((a, b) => {
    const primary = key === 'host' ? compareHosts(a.host, b.host) : a[key] - b[key];
    if (primary !== 0) return sign * primary;
    if (key !== 'articles' && a.articles !== b.articles) return b.articles - a.articles;
    return compareHosts(a.host, b.host);
  });
}
