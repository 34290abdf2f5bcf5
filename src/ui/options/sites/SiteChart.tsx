/**
 * A site's weeks as a small bar chart drawn by hand in SVG (chart-layout.ts places the bars):
 * per week, the articles checked, the AP copy among them and the AP copy without credit, as
 * three nested bars. For screen readers the SVG is one image (role="img") whose label says what
 * it shows in a sentence, and the figures themselves follow in a visually hidden table. Colours
 * come from the theme's variables (sites.css), so light and dark both work, and a legend names
 * them in words.
 */

import type { SitePeriod } from '../../../core/sites/types';
import { formatCount } from '../../../i18n/counts';
import { type MessageKey, t } from '../../../i18n/t';
import { CHART, type SeriesKey, SERIES, layoutChart } from './chart-layout';

const SERIES_LABEL: Record<SeriesKey, MessageKey> = {
  articles: 'options_sites_series_articles',
  apCopy: 'options_sites_series_ap',
  uncredited: 'options_sites_series_uncredited',
};

/** A week's first day, as "Nov 30" (periods start at UTC midnight). */
export function weekLabel(start: number): string {
  return new Date(start).toLocaleDateString(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

/** The chart in one sentence: its span, its totals and its busiest week. */
export function chartSummary(periods: readonly SitePeriod[]): string {
  const total = (k: SeriesKey) => periods.reduce((n, p) => n + p[k], 0);
  if (!periods.length || total('articles') === 0) return t('options_sites_chart_label_empty');
  const busiest = periods.reduce((a, b) => (b.articles > a.articles ? b : a));
  return t(
    'options_sites_chart_label',
    weekLabel(periods[0]!.start),
    weekLabel(periods[periods.length - 1]!.start),
    formatCount(total('articles')),
    formatCount(total('apCopy')),
    formatCount(total('uncredited')),
    weekLabel(busiest.start),
    formatCount(busiest.articles),
  );
}

export function SiteChart({ periods }: { periods: readonly SitePeriod[] }) {
  const layout = layoutChart(periods);
  const summary = chartSummary(periods);
  const first = layout.centres[0];
  const last = layout.centres[layout.centres.length - 1];
  return (
    <figure class="site-chart" data-testid="site-chart">
      <svg viewBox={`0 0 ${CHART.width} ${CHART.height}`} role="img" aria-label={summary} data-testid="site-chart-svg">
        <line class="axis" x1={CHART.left} x2={CHART.width - CHART.right} y1={layout.baseline} y2={layout.baseline} />
        <line class="grid" x1={CHART.left} x2={CHART.width - CHART.right} y1={layout.top} y2={layout.top} />
        <text class="tick" x={CHART.left - 4} y={layout.top + 4} text-anchor="end">
          {formatCount(layout.max)}
        </text>
        <text class="tick" x={CHART.left - 4} y={layout.baseline + 4} text-anchor="end">
          0
        </text>
        {layout.bars.map((b) => (
          <rect class={`bar bar-${b.series}`} data-series={b.series} x={b.x} y={b.y} width={b.width} height={b.height} />
        ))}
        {first !== undefined && (
          <text class="tick" x={first} y={CHART.height - 6} text-anchor={periods.length > 1 ? 'start' : 'middle'}>
            {weekLabel(periods[0]!.start)}
          </text>
        )}
        {last !== undefined && periods.length > 1 && (
          <text class="tick" x={last} y={CHART.height - 6} text-anchor="end">
            {weekLabel(periods[periods.length - 1]!.start)}
          </text>
        )}
      </svg>
      <figcaption>
        <ul class="legend" aria-hidden="true">
          {SERIES.map((s) => (
            <li>
              <span class={`swatch bar-${s}`} />
              {t(SERIES_LABEL[s])}
            </li>
          ))}
        </ul>
      </figcaption>
      <table class="visually-hidden" data-testid="site-chart-table">
        <caption>{t('options_sites_chart_caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('options_sites_col_week')}</th>
            {SERIES.map((s) => (
              <th scope="col">{t(SERIES_LABEL[s])}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {periods.map((p) => (
            <tr>
              <th scope="row">{weekLabel(p.start)}</th>
              {SERIES.map((s) => (
                <td>{formatCount(p[s])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
