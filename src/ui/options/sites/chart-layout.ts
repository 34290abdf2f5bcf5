/**
 * Where the bars of a site's weekly chart go, as plain numbers (SiteChart.tsx draws them).
 *
 * Each week is one band holding three bars centred on the same spot, each narrower than the
 * one behind it: the articles checked, the AP copy among them, and the AP copy that named no
 * source among that. The three are nested counts (uncredited ⊆ AP copy ⊆ checked), so nested
 * bars read as "how much of this was that" without a stacked total that would double count,
 * and a week where all three are equal still shows all three. One linear scale from 0 to the
 * busiest week (at least 1, so an empty record draws a flat chart rather than dividing by 0).
 */

import type { SitePeriod } from '../../../core/sites/types';

export type SeriesKey = 'articles' | 'apCopy' | 'uncredited';
export const SERIES: readonly SeriesKey[] = ['articles', 'apCopy', 'uncredited'];

/** The viewBox: the SVG scales to its container's width, these are its own units. */
export const CHART = { width: 560, height: 150, left: 34, right: 8, top: 10, bottom: 22 } as const;

/** Each series' bar width as a share of the week's band, widest behind. */
const BAR_SHARE: Record<SeriesKey, number> = { articles: 0.84, apCopy: 0.56, uncredited: 0.28 };

export interface Bar {
  series: SeriesKey;
  period: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ChartLayout {
  bars: Bar[];
  /** The count at the top of the scale. */
  max: number;
  /** y of the top of the scale and of its baseline. */
  top: number;
  baseline: number;
  /** Centre x of each week's band (labels go under the first and the last). */
  centres: number[];
}

export function layoutChart(periods: readonly SitePeriod[]): ChartLayout {
  const max = Math.max(1, ...periods.map((p) => p.articles));
  const plotWidth = CHART.width - CHART.left - CHART.right;
  const plotHeight = CHART.height - CHART.top - CHART.bottom;
  const baseline = CHART.top + plotHeight;
  const band = periods.length ? plotWidth / periods.length : plotWidth;
  const centres = periods.map((_, i) => CHART.left + band * (i + 0.5));
  const bars: Bar[] = [];
  periods.forEach((p, i) => {
    for (const series of SERIES) {
      const value = p[series];
      if (value <= 0) continue;
      const width = band * BAR_SHARE[series];
      const height = (value / max) * plotHeight;
      bars.push({ series, period: i, x: centres[i]! - width / 2, y: baseline - height, width, height });
    }
  });
  return { bars, max, top: CHART.top, baseline, centres };
}
