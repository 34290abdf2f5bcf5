/**
 * The Sites table's sort state: which column, which way, and what a click on a column's name
 * does. The order itself is core's (`sortSummaries` in core/sites/summary.ts: ties go to the
 * site with more articles, then the name), so the CLI's table and this one agree.
 */

import { type SiteSortKey, sortSummaries } from '../../../core/sites/summary';
import type { SiteSummary } from '../../../core/sites/types';

export type { SiteSortKey };
export type SiteSortDirection = 'asc' | 'desc';

export interface SiteSort {
  key: SiteSortKey;
  direction: SiteSortDirection;
}

/** Share of AP copy, highest first: the question the view answers first. */
export const DEFAULT_SITE_SORT: SiteSort = { key: 'apShare', direction: 'desc' };

/** The direction a column takes when first clicked: names A→Z, figures highest first. */
export function firstDirection(key: SiteSortKey): SiteSortDirection {
  return key === 'host' ? 'asc' : 'desc';
}

/** Clicking the sorted column turns it around; another column starts in its first direction. */
export function nextSort(current: SiteSort, key: SiteSortKey): SiteSort {
  if (current.key === key) return { key, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { key, direction: firstDirection(key) };
}

/** A sorted copy; `sites` is left as it is. */
export function sortSites(sites: readonly SiteSummary[], sort: SiteSort): SiteSummary[] {
  return sortSummaries(sites, sort.key, sort.direction);
}
