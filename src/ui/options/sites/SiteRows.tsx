/**
 * The Sites table: one row per site, sorted by clicking the name of the site, articles, share or
 * rewrites column (a native button, so Tab, Enter and Space work; the sorted column says which
 * way through aria-sort). A site's name opens its detail below the table (a disclosure:
 * aria-expanded, aria-controls). ArrowUp and ArrowDown move between the site names of
 * neighbouring rows.
 */

import type { SiteSummary } from '../../../core/sites/types';
import { formatCount } from '../../../i18n/counts';
import { type MessageKey, t } from '../../../i18n/t';
import { formatDay, percent } from '../../../i18n/words';
import { type SiteSort, type SiteSortKey, sortSites } from './sort';

interface Column {
  /** The order a click on its name sets; a column without one is not sortable. */
  key: SiteSortKey | null;
  data: string;
  label: MessageKey;
  numeric: boolean;
}

const COLUMNS: readonly Column[] = [
  { key: 'host', data: 'host', label: 'options_sites_col_site', numeric: false },
  { key: 'articles', data: 'articles', label: 'options_sites_col_articles', numeric: true },
  { key: 'apShare', data: 'apShare', label: 'options_sites_col_share', numeric: true },
  { key: null, data: 'credited', label: 'options_sites_col_credited', numeric: true },
  { key: 'uncreditedRewrites', data: 'uncreditedRewrites', label: 'options_sites_col_rewrites', numeric: true },
  { key: null, data: 'lastCheckedAt', label: 'options_sites_col_last', numeric: false },
];

/** The id of the region a site's name opens. */
export const SITE_DETAIL_ID = 'site-detail';

export interface SiteRowsProps {
  sites: readonly SiteSummary[];
  sort: SiteSort;
  onSort(key: SiteSortKey): void;
  selected: string | null;
  onSelect(host: string): void;
}

export function SiteRows({ sites, sort, onSort, selected, onSelect }: SiteRowsProps) {
  const rows = sortSites(sites, sort);
  return (
    <table class="sites" data-testid="sites-table">
      <caption class="visually-hidden">{t('options_sites_caption')}</caption>
      <thead>
        <tr>
          {COLUMNS.map((c) =>
            c.key === null ? (
              <th scope="col" class={c.numeric ? 'numeric' : undefined}>
                {t(c.label)}
              </th>
            ) : (
              <SortHeader column={c} sortKey={c.key} sort={sort} onSort={onSort} />
            ),
          )}
        </tr>
      </thead>
      <tbody onKeyDown={moveBetweenRows}>
        {rows.map((s) => (
          <tr key={s.host} data-testid="sites-row" data-host={s.host} class={s.host === selected ? 'selected' : undefined}>
            <th scope="row" class="host">
              <button
                type="button"
                class="link"
                data-testid="sites-open"
                aria-expanded={s.host === selected ? 'true' : 'false'}
                aria-controls={s.host === selected ? SITE_DETAIL_ID : undefined}
                onClick={() => onSelect(s.host)}
              >
                {s.host}
              </button>
            </th>
            <td class="numeric" data-col="articles">{formatCount(s.articles)}</td>
            <td class="numeric" data-col="apShare">{t('options_sites_share', formatCount(s.apCopy), percent(s.apShare))}</td>
            <td class="numeric" data-col="credited">{formatCount(s.credited)}</td>
            <td class="numeric" data-col="uncreditedRewrites">{formatCount(s.uncreditedRewrites)}</td>
            <td class="nowrap" data-col="lastCheckedAt">{formatDay(s.lastCheckedAt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SortHeader({ column, sortKey, sort, onSort }: { column: Column; sortKey: SiteSortKey; sort: SiteSort; onSort(key: SiteSortKey): void }) {
  const sorted = sort.key === sortKey;
  return (
    <th scope="col" class={column.numeric ? 'numeric' : undefined} aria-sort={sorted ? (sort.direction === 'asc' ? 'ascending' : 'descending') : undefined}>
      <button type="button" class="sort" data-testid={`sites-sort-${sortKey}`} onClick={() => onSort(sortKey)}>
        {t(column.label)}
        <span class="arrow" aria-hidden="true">
          {sorted ? (sort.direction === 'asc' ? '▲' : '▼') : ''}
        </span>
      </button>
    </th>
  );
}

/** ArrowUp / ArrowDown on a site's name focuses the site's name in the row above / below. */
function moveBetweenRows(e: KeyboardEvent): void {
  if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
  const row = (e.target as HTMLElement).closest('tr');
  if (!row) return;
  const next = (e.key === 'ArrowDown' ? row.nextElementSibling : row.previousElementSibling) as HTMLElement | null;
  const control = next?.querySelector<HTMLElement>('[data-testid="sites-open"]');
  if (control) {
    e.preventDefault();
    control.focus();
  }
}
