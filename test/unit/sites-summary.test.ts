/** What the record tells about a site (src/core/sites/summary.ts) and a checked page as a visit (visit.ts). */
import { describe, expect, it } from 'vitest';
import { sortSummaries, summarize, summarizeAll, weekStart, weeklyPeriods, MAX_PERIODS } from '../../src/core/sites/summary';
import type { SiteVisit } from '../../src/core/sites/types';
import { visitFor } from '../../src/core/sites/visit';
import type { Verdict } from '../../src/core/types';

const DAY = 86_400_000;
// Wednesday 2026-12-02, 15:00 UTC.
const NOW = Date.UTC(2026, 11, 2, 15);

let n = 0;
function visit(verdict: Verdict, extra: Partial<SiteVisit> = {}): SiteVisit {
  n++;
  return { host: 'news.example', url: `https://news.example/${n}`, title: `Story ${n}`, checkedAt: NOW - n * 1000, verdict, credited: false, ...extra };
}

describe('summarize', () => {
  it('counts articles, AP copy by credit, and uncredited rewrites', () => {
    const visits = [
      visit('verbatim', { credited: true, creditSignal: 'dateline' }),
      visit('verbatim'),
      visit('edited'),
      visit('rewritten'),
      visit('rewritten', { credited: true, creditSignal: 'contributed' }),
      visit('partial'),
      visit('none'),
      visit('none', { credited: true }),
      visit('rewritten', { host: 'other.example' }),
    ];
    const s = summarize('news.example', visits);
    expect(s).toEqual({
      host: 'news.example',
      articles: 8,
      byVerdict: { verbatim: 2, edited: 1, rewritten: 2, partial: 1, none: 2 },
      apCopy: 6,
      credited: 2,
      uncredited: 4,
      uncreditedRewrites: 2,
      apShare: 6 / 8,
      firstCheckedAt: visits[7]!.checkedAt,
      lastCheckedAt: visits[0]!.checkedAt,
    });
  });

  it('counts one article per URL, the latest check', () => {
    const url = 'https://news.example/same';
    const s = summarize('news.example', [visit('rewritten', { url, checkedAt: NOW }), visit('none', { url, checkedAt: NOW - DAY }), visit('verbatim', { url, checkedAt: NOW })]);
    expect(s).toMatchObject({ articles: 1, apCopy: 1, byVerdict: { verbatim: 1, rewritten: 0, none: 0 } });
  });

  it('is all zero for a site without visits', () => {
    expect(summarize('empty.example', [])).toMatchObject({ articles: 0, apCopy: 0, apShare: 0, firstCheckedAt: 0, lastCheckedAt: 0, byVerdict: { verbatim: 0, edited: 0, rewritten: 0, partial: 0, none: 0 } });
  });

  it('summarizes every site, by host', () => {
    const all = summarizeAll([visit('none', { host: 'b.example' }), visit('verbatim', { host: 'a.example' }), visit('edited', { host: 'b.example' })]);
    expect(all.map((s) => [s.host, s.articles, s.apCopy])).toEqual([
      ['a.example', 1, 1],
      ['b.example', 2, 1],
    ]);
  });
});

describe('sortSummaries', () => {
  const sites = [
    summarize('c.example', [visit('none', { host: 'c.example' }), visit('rewritten', { host: 'c.example' })]),
    summarize('a.example', [visit('rewritten', { host: 'a.example' })]),
    summarize('b.example', [visit('edited', { host: 'b.example' }), visit('rewritten', { host: 'b.example' }), visit('none', { host: 'b.example' }), visit('none', { host: 'b.example' })]),
    summarize('d.example', [visit('verbatim', { host: 'd.example' }), visit('verbatim', { host: 'd.example' })]),
  ];
  const hosts = (list: { host: string }[]) => list.map((s) => s.host);

  it('sorts by share, uncredited rewrites, articles (largest first) and host (A to Z)', () => {
    expect(hosts(sortSummaries(sites, 'apShare'))).toEqual(['d.example', 'a.example', 'b.example', 'c.example']);
    expect(hosts(sortSummaries(sites, 'uncreditedRewrites'))).toEqual(['b.example', 'c.example', 'a.example', 'd.example']);
    expect(hosts(sortSummaries(sites, 'articles'))).toEqual(['b.example', 'c.example', 'd.example', 'a.example']);
    expect(hosts(sortSummaries(sites, 'host'))).toEqual(['a.example', 'b.example', 'c.example', 'd.example']);
    expect(hosts(sortSummaries(sites, 'host', 'desc'))).toEqual(['d.example', 'c.example', 'b.example', 'a.example']);
    expect(hosts(sortSummaries(sites, 'articles', 'asc'))).toEqual(['a.example', 'c.example', 'd.example', 'b.example']);
  });

  it('returns a copy', () => {
    const before = hosts(sites);
    sortSummaries(sites, 'host');
    expect(hosts(sites)).toEqual(before);
  });
});

describe('weeklyPeriods', () => {
  it('starts weeks on Monday, 00:00 UTC', () => {
    expect(new Date(weekStart(NOW)).toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(weekStart(Date.UTC(2026, 10, 30))).toBe(Date.UTC(2026, 10, 30));
    expect(weekStart(Date.UTC(2026, 10, 29, 23, 59))).toBe(Date.UTC(2026, 10, 23));
    expect(weekStart(0)).toBe(Date.UTC(1969, 11, 29));
  });

  it('covers the retention period, oldest first, empty weeks included', () => {
    const visits = [
      visit('rewritten', { checkedAt: NOW }),
      visit('verbatim', { checkedAt: NOW - DAY, credited: true }),
      visit('none', { checkedAt: NOW - 14 * DAY }),
      visit('edited', { checkedAt: NOW - 400 * DAY }),
    ];
    const periods = weeklyPeriods(visits, NOW, 28);
    expect(periods.map((p) => new Date(p.start).toISOString().slice(0, 10))).toEqual(['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23', '2026-11-30']);
    expect(periods.map((p) => [p.articles, p.apCopy, p.uncredited])).toEqual([
      [0, 0, 0],
      [0, 0, 0],
      [1, 0, 0],
      [0, 0, 0],
      [2, 2, 1],
    ]);
  });

  it('is the current week alone without a retention period, and at most MAX_PERIODS weeks', () => {
    expect(weeklyPeriods([], NOW, 0)).toHaveLength(1);
    expect(weeklyPeriods([], NOW, Number.NaN)).toHaveLength(1);
    expect(weeklyPeriods([], NOW, 1e9)).toHaveLength(MAX_PERIODS);
    expect(weeklyPeriods([], NOW, 180)).toHaveLength(27);
  });
});

describe('visitFor', () => {
  const source = { id: 'ap-1', title: 'AP story', url: 'https://apnews.com/a', published: '' };
  it('makes a visit of a checked page: site, verdict, source, credit', () => {
    const v = visitFor(
      { pageUrl: 'https://www.paper.example/a?utm_source=x', canonicalUrl: 'https://paper.example/story/a', title: 'A story', text: 'WASHINGTON (AP) — Something happened.', byline: null },
      { verdict: 'verbatim', source, paraphraseScore: 3 },
      NOW,
    );
    expect(v).toEqual({ host: 'paper.example', url: 'https://paper.example/story/a', title: 'A story', checkedAt: NOW, verdict: 'verbatim', sourceId: 'ap-1', sourceTitle: 'AP story', paraphraseScore: 3, credited: true, creditSignal: 'dateline' });
  });
  it('names no source for a page that derives from none, and has no visit for a page without a site', () => {
    expect(visitFor({ pageUrl: 'https://paper.example/b', title: 'B', text: 'Local news.' }, { verdict: 'none', source, paraphraseScore: null }, NOW)).toEqual({
      host: 'paper.example',
      url: 'https://paper.example/b',
      title: 'B',
      checkedAt: NOW,
      verdict: 'none',
      credited: false,
    });
    expect(visitFor({ pageUrl: 'file:///tmp/a.html', title: 'A', text: 'x' }, { verdict: 'none', source: null, paraphraseScore: null }, NOW)).toBeNull();
  });
  it('caps the title it keeps', () => {
    expect(visitFor({ pageUrl: 'https://p.example/', title: 'x'.repeat(10_000), text: '' }, { verdict: 'none', source: null, paraphraseScore: null }, NOW)!.title).toHaveLength(500);
  });
});
