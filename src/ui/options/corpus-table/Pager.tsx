/** First, previous, "page N of M", next and last: the corpus table's pages of rows. */

import { formatCount } from '../../../i18n/counts';
import { t } from '../../../i18n/t';

export interface PagerProps {
  /** The page shown, from 0. */
  page: number;
  pages: number;
  onPage(page: number): void;
}

export function Pager({ page, pages, onPage }: PagerProps) {
  return (
    <nav class="paging" aria-label={t('options_paging_label')} data-testid="paging">
      <button type="button" data-testid="first-page" disabled={page === 0} onClick={() => onPage(0)}>
        {t('options_first_page')}
      </button>
      <button type="button" data-testid="previous-page" disabled={page === 0} onClick={() => onPage(page - 1)}>
        {t('options_previous_page')}
      </button>
      <span data-testid="page-of">{t('options_page_of', formatCount(page + 1), formatCount(pages))}</span>
      <button type="button" data-testid="next-page" disabled={page >= pages - 1} onClick={() => onPage(page + 1)}>
        {t('options_next_page')}
      </button>
      <button type="button" data-testid="last-page" disabled={page >= pages - 1} onClick={() => onPage(pages - 1)}>
        {t('options_last_page')}
      </button>
    </nav>
  );
}
