/**
 * The bar shown while rows are selected: how many, a way to widen the selection from this
 * page to everything the search matches, Delete (which asks first) and Clear.
 */

import { formatCount, tCount } from '../../../i18n/counts';
import { t } from '../../../i18n/t';
import type { Selection } from './selection';

export interface DeleteBarProps {
  selection: Selection;
  /** How many articles the search matches (the whole corpus when there is no search). */
  total: number;
  search: string;
  onDelete(): void;
}

export function DeleteBar({ selection, total, search, onDelete }: DeleteBarProps) {
  return (
    <div class="bulk" role="group" aria-label={t('options_delete_selected')} data-testid="bulk-bar">
      <span data-testid="selected-count">{selection.all ? t('options_selected_all_matching', formatCount(total)) : tCount('options_selected', selection.count)}</span>
      {!selection.all && selection.pageSelected && total > selection.ids.size && (
        <button type="button" data-testid="select-all-matching" onClick={selection.selectAllMatching}>
          {search ? t('options_select_all_matching', formatCount(total)) : t('options_select_all_corpus', formatCount(total))}
        </button>
      )}
      <button type="button" class="danger" data-testid="delete-selected" onClick={onDelete}>
        {t('options_delete_selected')}
      </button>
      <button type="button" data-testid="clear-selection" onClick={selection.clear}>
        {t('options_clear_selection')}
      </button>
    </div>
  );
}
