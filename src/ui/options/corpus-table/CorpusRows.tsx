/**
 * The table of one page of articles: a header whose column names sort (the sorted column
 * says which way, to screen readers through aria-sort), and per article a checkbox, its
 * title (opening its dialog), dates, words and a Delete button.
 *
 * Keyboard: every control is a native button, checkbox or input; ArrowUp / ArrowDown move
 * between the same control of neighbouring rows (a long table is otherwise 5 Tab presses per
 * row).
 */

import type { ArticleSummary, SortDirection, SortKey } from '../../../storage';
import { formatCount } from '../../../i18n/counts';
import { t } from '../../../i18n/t';
import { formatDay, formatPublished } from '../../../i18n/words';
import { COLUMNS } from './corpus-page';
import type { Selection } from './selection';

export interface CorpusRowsProps {
  rows: readonly ArticleSummary[];
  /** The rows are still the previous search's while a new one runs. */
  stale: boolean;
  sort: SortKey;
  direction: SortDirection;
  onSort(key: SortKey): void;
  selection: Selection;
  onView(id: string): void;
  onDelete(row: ArticleSummary): void;
}

export function CorpusRows({ rows, stale, sort, direction, onSort, selection, onView, onDelete }: CorpusRowsProps) {
  return (
    <table class="corpus" data-testid="corpus-table" aria-busy={stale ? 'true' : undefined}>
      <caption class="visually-hidden">{t('options_table_caption')}</caption>
      <thead>
        <tr>
          <th scope="col" class="select">
            <input type="checkbox" data-testid="select-page" checked={selection.pageSelected} onChange={selection.togglePage} aria-label={t('options_select_page')} />
          </th>
          {COLUMNS.map((c) => (
            <th scope="col" class={c.numeric ? 'numeric' : undefined} aria-sort={sort === c.key ? (direction === 'asc' ? 'ascending' : 'descending') : undefined}>
              <button type="button" class="sort" data-testid={`sort-${c.key}`} onClick={() => onSort(c.key)}>
                {t(c.label)}
                <span class="arrow" aria-hidden="true">
                  {sort === c.key ? (direction === 'asc' ? '▲' : '▼') : ''}
                </span>
              </button>
            </th>
          ))}
          <th scope="col">
            <span class="visually-hidden">{t('options_col_actions')}</span>
          </th>
        </tr>
      </thead>
      <tbody onKeyDown={moveBetweenRows}>
        {rows.map((a) => (
          <CorpusRow key={a.id} article={a} selected={selection.has(a.id)} onSelect={() => selection.toggleRow(a.id)} onView={() => onView(a.id)} onDelete={() => onDelete(a)} />
        ))}
      </tbody>
    </table>
  );
}

interface CorpusRowProps {
  article: ArticleSummary;
  selected: boolean;
  onSelect(): void;
  onView(): void;
  onDelete(): void;
}

function CorpusRow({ article: a, selected, onSelect, onView, onDelete }: CorpusRowProps) {
  return (
    <tr data-testid="corpus-row" data-id={a.id}>
      <td class="select">
        <input type="checkbox" data-col="select" data-testid="select-row" checked={selected} onChange={onSelect} aria-label={t('options_select_row', a.title)} />
      </td>
      <td class="title">
        <button type="button" class="link" data-col="view" data-testid="view-article" aria-label={t('options_view_label', a.title)} onClick={onView}>
          {a.title}
        </button>
      </td>
      <td class="nowrap">{formatPublished(a.published)}</td>
      <td class="nowrap">{formatDay(a.addedAt)}</td>
      <td class="numeric">{formatCount(a.wordCount)}</td>
      <td>
        <button type="button" data-col="delete" data-testid="delete-article" aria-label={t('options_delete_label', a.title)} onClick={onDelete}>
          {t('options_delete')}
        </button>
      </td>
    </tr>
  );
}

/** ArrowUp / ArrowDown on a row's control focuses the same control in the row above / below. */
function moveBetweenRows(e: KeyboardEvent): void {
  if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
  const target = e.target as HTMLElement;
  const col = target.dataset.col;
  const row = target.closest('tr');
  if (!col || !row) return;
  const next = (e.key === 'ArrowDown' ? row.nextElementSibling : row.previousElementSibling) as HTMLElement | null;
  const control = next?.querySelector<HTMLElement>(`[data-col="${col}"]`);
  if (control) {
    e.preventDefault();
    control.focus();
  }
}
