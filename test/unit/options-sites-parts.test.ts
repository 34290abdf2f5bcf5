// The Sites view's pure parts: the chart's geometry and its one-sentence summary, the table's
// order, and the export's file names.
import { describe, expect, it } from 'vitest';
import type { SitePeriod, SiteSummary } from '../../src/core/sites/types';
import { CHART, layoutChart } from '../../src/ui/options/sites/chart-layout';
import { chartSummary, weekLabel } from '../../src/ui/options/sites/SiteChart';
import { sitesExportName } from '../../src/ui/options/sites/export-file';
import { DEFAULT_SITE_SORT, nextSort, sortSites } from '../../src/ui/options/sites/sort';
import { t } from '../../src/i18n/t';

const WEEK = 7 * 86_400_000;
const START = Date.UTC(2026, 10, 2);
const period = (i: number, articles: number, apCopy: number, uncredited: number): SitePeriod => ({ start: START + i * WEEK, articles, apCopy, uncredited });

describe('the chart’s layout', () => {
  const periods = [period(0, 4, 2, 1), period(1, 0, 0, 0), period(2, 2, 2, 2)];
  const layout = layoutChart(periods);

  it('scales to the busiest week, bars standing on the baseline', () => {
    expect(layout.max).toBe(4);
    const plot = layout.baseline - layout.top;
    const tallest = layout.bars.find((b) => b.period === 0 && b.series === 'articles')!;
    expect(tallest.y).toBeCloseTo(layout.top);
    expect(tallest.height).toBeCloseTo(plot);
    for (const b of layout.bars) expect(b.y + b.height).toBeCloseTo(layout.baseline);
    const half = layout.bars.find((b) => b.period === 0 && b.series === 'apCopy')!;
    expect(half.height).toBeCloseTo(plot / 2);
  });

  it('nests the three bars of a week, narrower in front, centred on the week', () => {
    const week = layout.bars.filter((b) => b.period === 2);
    expect(week.map((b) => b.series)).toEqual(['articles', 'apCopy', 'uncredited']);
    expect(week[0]!.width).toBeGreaterThan(week[1]!.width);
    expect(week[1]!.width).toBeGreaterThan(week[2]!.width);
    for (const b of week) expect(b.x + b.width / 2).toBeCloseTo(layout.centres[2]!);
    // Equal counts: equal heights, all three still visible by their widths.
    expect(new Set(week.map((b) => Math.round(b.height))).size).toBe(1);
  });

  it('draws no bar for a count of 0 and stays inside the view box', () => {
    expect(layout.bars.filter((b) => b.period === 1)).toEqual([]);
    for (const b of layout.bars) {
      expect(b.x).toBeGreaterThanOrEqual(CHART.left);
      expect(b.x + b.width).toBeLessThanOrEqual(CHART.width - CHART.right);
    }
  });

  it('draws an empty record flat, without dividing by zero', () => {
    const empty = layoutChart([period(0, 0, 0, 0)]);
    expect(empty.max).toBe(1);
    expect(empty.bars).toEqual([]);
    expect(layoutChart([]).bars).toEqual([]);
  });
});

describe('the chart in one sentence', () => {
  it('names the span, the totals and the busiest week', () => {
    const text = chartSummary([period(0, 4, 2, 1), period(1, 0, 0, 0), period(2, 2, 2, 2)]);
    expect(text).toBe(t('options_sites_chart_label', weekLabel(START), weekLabel(START + 2 * WEEK), '6', '4', '3', weekLabel(START), '4'));
    expect(weekLabel(START)).toMatch(/Nov.*2|2.*Nov/);
  });
  it('says when there is nothing to show', () => {
    expect(chartSummary([])).toBe(t('options_sites_chart_label_empty'));
    expect(chartSummary([period(0, 0, 0, 0)])).toBe(t('options_sites_chart_label_empty'));
  });
});

function site(host: string, articles: number, apCopy: number, uncreditedRewrites: number): SiteSummary {
  return {
    host,
    articles,
    byVerdict: { verbatim: 0, edited: 0, rewritten: 0, partial: 0, none: 0 },
    apCopy,
    credited: 0,
    uncredited: apCopy,
    uncreditedRewrites,
    apShare: articles ? apCopy / articles : 0,
    firstCheckedAt: 0,
    lastCheckedAt: articles,
  };
}

describe('the table’s order', () => {
  const sites = [site('b.example', 10, 5, 1), site('a.example', 2, 1, 1), site('c.example', 4, 4, 3), site('d.example', 10, 5, 0)];
  const hosts = (s: readonly SiteSummary[]) => s.map((x) => x.host);

  it('starts with the highest share of AP copy; equal shares, more articles first, then by name', () => {
    expect(DEFAULT_SITE_SORT).toEqual({ key: 'apShare', direction: 'desc' });
    expect(hosts(sortSites(sites, DEFAULT_SITE_SORT))).toEqual(['c.example', 'b.example', 'd.example', 'a.example']);
  });
  it('turns a column around on a second click; a new column starts highest first (names A to Z)', () => {
    const byRewrites = nextSort(DEFAULT_SITE_SORT, 'uncreditedRewrites');
    expect(byRewrites).toEqual({ key: 'uncreditedRewrites', direction: 'desc' });
    expect(hosts(sortSites(sites, byRewrites))).toEqual(['c.example', 'b.example', 'a.example', 'd.example']);
    expect(hosts(sortSites(sites, nextSort(byRewrites, 'uncreditedRewrites')))).toEqual(['d.example', 'b.example', 'a.example', 'c.example']);
    expect(nextSort(byRewrites, 'host')).toEqual({ key: 'host', direction: 'asc' });
    expect(hosts(sortSites(sites, { key: 'host', direction: 'asc' }))).toEqual(['a.example', 'b.example', 'c.example', 'd.example']);
  });
  it('leaves the list it was given as it was', () => {
    const before = hosts(sites);
    sortSites(sites, { key: 'host', direction: 'desc' });
    expect(hosts(sites)).toEqual(before);
  });
});

describe('export file names', () => {
  const now = new Date(2026, 11, 7, 9);
  it('name the record, the site when one, the local date and the format', () => {
    expect(sitesExportName(now, 'csv')).toBe('wirecheck-sites-2026-12-07.csv');
    expect(sitesExportName(now, 'jsonl', 'News.Example')).toBe('wirecheck-sites-news.example-2026-12-07.jsonl');
    expect(sitesExportName(now, 'csv', 'localhost:8080')).toBe('wirecheck-sites-localhost_8080-2026-12-07.csv');
  });
});
