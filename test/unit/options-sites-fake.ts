// A stand-in for the background's per-site record, for the options page's Sites view in unit
// tests: it keeps visits in memory and answers SitesApi the way src/messaging/sites.ts
// describes the replies (its own small summary, so these tests do not lean on core's), and
// records every call.
import { AP_COPY_VERDICTS, type SitePeriod, type SiteSummary, type SiteVisit } from '../../src/core/sites/types';
import type { Verdict } from '../../src/core/types';
import type { SiteDetail, SiteForTab, SitesApi, SitesList } from '../../src/messaging/sites';

export const DAY = 86_400_000;
export const NOW = Date.UTC(2026, 11, 7, 12);

export function visit(host: string, n: number, verdict: Verdict, over: Partial<SiteVisit> = {}): SiteVisit {
  const copy = verdict !== 'none';
  return {
    host,
    url: `https://${host}/article/${n}`,
    title: `Story ${n} on ${host}`,
    checkedAt: NOW - n * DAY,
    verdict,
    credited: false,
    ...(copy ? { sourceId: `ap-${n}`, sourceTitle: `AP original ${n}`, paraphraseScore: verdict === 'rewritten' ? 72 : 8 } : {}),
    ...over,
  };
}

function summaryOf(host: string, visits: readonly SiteVisit[]): SiteSummary {
  const byVerdict = { verbatim: 0, edited: 0, rewritten: 0, partial: 0, none: 0 } as Record<Verdict, number>;
  for (const v of visits) byVerdict[v.verdict]++;
  const copies = visits.filter((v) => AP_COPY_VERDICTS.includes(v.verdict));
  const credited = copies.filter((v) => v.credited).length;
  const times = visits.map((v) => v.checkedAt);
  return {
    host,
    articles: visits.length,
    byVerdict,
    apCopy: copies.length,
    credited,
    uncredited: copies.length - credited,
    uncreditedRewrites: copies.filter((v) => !v.credited && (v.verdict === 'rewritten' || v.verdict === 'edited')).length,
    apShare: visits.length ? copies.length / visits.length : 0,
    firstCheckedAt: Math.min(...times),
    lastCheckedAt: Math.max(...times),
  };
}

const WEEK = 7 * DAY;

export class FakeSites implements SitesApi {
  calls: string[] = [];
  recording = true;
  retentionDays = 180;
  /** The next call of this name rejects with this message. */
  fail: Partial<Record<keyof SitesApi, string>> = {};
  constructor(public visits: SiteVisit[] = []) {}

  private check(name: keyof SitesApi): void {
    const message = this.fail[name];
    if (message) {
      delete this.fail[name];
      throw new Error(message);
    }
  }
  private hosts(): string[] {
    return [...new Set(this.visits.map((v) => v.host))];
  }

  forTab = async (): Promise<SiteForTab> => null;
  list = async (): Promise<SitesList> => {
    this.calls.push('list');
    this.check('list');
    return { recording: this.recording, retentionDays: this.retentionDays, sites: this.hosts().map((h) => summaryOf(h, this.visits.filter((v) => v.host === h))) };
  };
  detail = async (host: string): Promise<SiteDetail | null> => {
    this.calls.push(`detail ${host}`);
    this.check('detail');
    const visits = this.visits.filter((v) => v.host === host).sort((a, b) => b.checkedAt - a.checkedAt);
    if (!visits.length) return null;
    // Four weeks ending now, oldest first.
    const periods: SitePeriod[] = [3, 2, 1, 0].map((k) => {
      const start = NOW - (k + 1) * WEEK;
      const inside = visits.filter((v) => v.checkedAt > start && v.checkedAt <= start + WEEK);
      const copies = inside.filter((v) => v.verdict !== 'none');
      return { start, articles: inside.length, apCopy: copies.length, uncredited: copies.filter((v) => !v.credited).length };
    });
    return { summary: summaryOf(host, visits), periods, visits: visits.slice(0, 50) };
  };
  clear = async (host?: string): Promise<void> => {
    this.calls.push(host === undefined ? 'clear all' : `clear ${host}`);
    this.check('clear');
    this.visits = host === undefined ? [] : this.visits.filter((v) => v.host !== host);
  };
  exportVisits = async (host?: string): Promise<SiteVisit[]> => {
    this.calls.push(host === undefined ? 'export all' : `export ${host}`);
    this.check('exportVisits');
    return this.visits.filter((v) => host === undefined || v.host === host);
  };
}

/**
 * Three sites: copy.example (4 of 5 AP copy, 3 rewritten or edited without credit), wire.example
 * (3 of 3, all credited), own.example (1 of 4, a passage).
 */
export function threeSites(): SiteVisit[] {
  return [
    visit('copy.example', 1, 'rewritten'),
    visit('copy.example', 2, 'rewritten'),
    visit('copy.example', 3, 'edited'),
    visit('copy.example', 9, 'verbatim', { credited: true, creditSignal: 'dateline' }),
    visit('copy.example', 10, 'none'),
    visit('wire.example', 1, 'verbatim', { credited: true, creditSignal: 'byline' }),
    visit('wire.example', 4, 'verbatim', { credited: true, creditSignal: 'contributed' }),
    visit('wire.example', 15, 'edited', { credited: true, creditSignal: 'source-line' }),
    visit('own.example', 2, 'none'),
    visit('own.example', 5, 'none'),
    visit('own.example', 6, 'partial'),
    visit('own.example', 20, 'none'),
  ];
}
