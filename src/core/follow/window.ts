/**
 * The backfill window: how far back a new follow reaches, and which sitemaps of an index fall
 * inside it.
 *
 * AP names its monthly sitemaps `ap-sitemap-YYYYMM.xml`, so a month in a sitemap's file name
 * (YYYYMM or YYYY-MM) says which stories it holds without reading it: a year's window reads 13
 * of them whatever their lastmod says (a monthly sitemap changes whenever a story of that month
 * is updated, so its lastmod is recent even for old months). A sitemap without a month in its
 * name (a news sitemap, another site's numbered parts) is read when its lastmod is at or after
 * the window's start, or when it has none.
 *
 * Windows are counted in days (7, 30, 91, 365), in UTC; months in file names are UTC months.
 */

import type { BackfillWindow, SitemapRef } from './types';

const DAY_MS = 86_400_000;

export const WINDOW_DAYS: Readonly<Record<BackfillWindow, number>> = { week: 7, month: 30, quarter: 91, year: 365 };

/** The start (ms) of a window that ends at `nowMs`. */
export function windowStart(window: BackfillWindow, nowMs: number): number {
  return nowMs - WINDOW_DAYS[window] * DAY_MS;
}

/** The UTC month a sitemap's file name names, as [start, end) in ms, or undefined. */
export function sitemapMonth(loc: string): { start: number; end: number } | undefined {
  let name: string;
  try {
    name = new URL(loc).pathname.split('/').pop() ?? '';
  } catch {
    return undefined;
  }
  const match = /(?<!\d)((?:19|20)\d\d)-?(0[1-9]|1[0-2])(?!\d)/.exec(name);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]) - 1;
  return { start: Date.UTC(year, month, 1), end: Date.UTC(year, month + 1, 1) };
}

/** A lastmod as ms, or undefined when it is missing or not a date. */
export function lastmodMs(lastmod: string): number | undefined {
  if (!lastmod) return undefined;
  const ms = Date.parse(lastmod);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * The refs of an index that hold stories from `sinceMs` on: monthly ones newest first, then
 * the others (a news sitemap) in the index's order. A story is in both its month's sitemap,
 * with its last change, and the news sitemap, with its publication date; reading the month
 * first queues it with the later of the two.
 */
export function sitemapsToRead(refs: readonly SitemapRef[], sinceMs: number): SitemapRef[] {
  const kept = refs.filter((ref) => {
    const month = sitemapMonth(ref.loc);
    if (month) return month.end > sinceMs;
    const modified = lastmodMs(ref.lastmod);
    return modified === undefined || modified >= sinceMs;
  });
  const order = (ref: SitemapRef) => sitemapMonth(ref.loc)?.start ?? Number.NEGATIVE_INFINITY;
  return kept.sort((a, b) => order(b) - order(a));
}
