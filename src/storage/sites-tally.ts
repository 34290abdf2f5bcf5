/**
 * A site's running totals in the per-site record (sites-store.ts): how many article pages it
 * holds, per verdict, how many of its AP copies credited AP and how many rewrites did not, and
 * its first and last check. One record per host, moved by every visit added or removed in the
 * same transaction as the visit itself, so the Sites list is one read of these records however
 * many pages the record holds (sites-store.ts's note has the figures).
 *
 * `TallyWrites`, bound to one readwrite transaction, loads each host's totals once, applies
 * the visits' differences, and writes each changed host once at the end: a host left with no
 * page has its record deleted, so a site forgotten page by page leaves nothing behind either.
 * Only first and last check cannot be taken back by arithmetic; a host whose visit was
 * removed reads them again from the (host, checkedAt) index, two cursor steps.
 */

import { isApCopy, isUncreditedRewrite } from '../core/sites/summary';
import { AP_COPY_VERDICTS, type SiteSummary, type SiteVisit } from '../core/sites/types';
import { VERDICTS, type Verdict } from '../core/types';

/** What the record keeps per host (store `sites`, keyed by host). */
export interface SiteTally {
  host: string;
  articles: number;
  byVerdict: Record<Verdict, number>;
  /** AP copy that credited AP. */
  credited: number;
  /** Edited or rewritten copy that did not credit AP. */
  uncreditedRewrites: number;
  firstCheckedAt: number;
  lastCheckedAt: number;
}

export function emptyTally(host: string): SiteTally {
  const byVerdict = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  return { host, articles: 0, byVerdict, credited: 0, uncreditedRewrites: 0, firstCheckedAt: 0, lastCheckedAt: 0 };
}

/** Adds (`sign` 1) or takes away (`sign` -1) one visit from its host's totals; first/last only grow here. */
export function applyVisit(tally: SiteTally, visit: SiteVisit, sign: 1 | -1): void {
  tally.articles += sign;
  tally.byVerdict[visit.verdict] = (tally.byVerdict[visit.verdict] ?? 0) + sign;
  if (isApCopy(visit.verdict) && visit.credited) tally.credited += sign;
  if (isUncreditedRewrite(visit)) tally.uncreditedRewrites += sign;
  if (sign === 1) {
    tally.firstCheckedAt = tally.articles === 1 || tally.firstCheckedAt === 0 ? visit.checkedAt : Math.min(tally.firstCheckedAt, visit.checkedAt);
    tally.lastCheckedAt = Math.max(tally.lastCheckedAt, visit.checkedAt);
  }
}

/** What the record tells about a site, from its totals (the same as core's `summarize` over its visits). */
export function summaryOfTally(tally: SiteTally): SiteSummary {
  const byVerdict = { ...emptyTally(tally.host).byVerdict, ...tally.byVerdict };
  const apCopy = AP_COPY_VERDICTS.reduce((n, v) => n + byVerdict[v], 0);
  return {
    host: tally.host,
    articles: tally.articles,
    byVerdict,
    apCopy,
    credited: tally.credited,
    uncredited: apCopy - tally.credited,
    uncreditedRewrites: tally.uncreditedRewrites,
    apShare: tally.articles > 0 ? apCopy / tally.articles : 0,
    firstCheckedAt: tally.firstCheckedAt,
    lastCheckedAt: tally.lastCheckedAt,
  };
}

/** The transaction's part TallyWrites needs: the `sites` store and the visits' (host, checkedAt) index. */
export interface TallyStores {
  get(host: string): Promise<SiteTally | undefined>;
  put(tally: SiteTally): Promise<unknown>;
  delete(host: string): Promise<unknown>;
  /** The host's oldest and newest check among its visits, as stored now (undefined when it has none). */
  bounds(host: string): Promise<{ first: number; last: number } | undefined>;
}

export class TallyWrites {
  private readonly tallies = new Map<string, SiteTally>();
  /** Hosts that lost a visit: their first and last check are read again before writing. */
  private readonly shrunk = new Set<string>();

  constructor(private readonly stores: TallyStores) {}

  async add(visit: SiteVisit): Promise<void> {
    applyVisit(await this.load(visit.host), visit, 1);
  }

  async remove(visit: SiteVisit): Promise<void> {
    applyVisit(await this.load(visit.host), visit, -1);
    this.shrunk.add(visit.host);
  }

  /** Writes every host changed; a host without pages is deleted. Issue after the visits' own writes. */
  async flush(track: (request: Promise<unknown>) => void): Promise<void> {
    for (const tally of this.tallies.values()) {
      if (tally.articles <= 0) {
        track(this.stores.delete(tally.host));
        continue;
      }
      if (this.shrunk.has(tally.host)) {
        const bounds = await this.stores.bounds(tally.host);
        if (bounds) {
          tally.firstCheckedAt = bounds.first;
          tally.lastCheckedAt = bounds.last;
        }
      }
      track(this.stores.put(tally));
    }
  }

  private async load(host: string): Promise<SiteTally> {
    let tally = this.tallies.get(host);
    if (!tally) {
      tally = (await this.stores.get(host)) ?? emptyTally(host);
      this.tallies.set(host, tally);
    }
    return tally;
  }
}
