/**
 * The line under the search box that says what the table shows: a full-text search's
 * progress (with its Stop button), "searching…" while the rows are still the previous
 * search's, an empty corpus, no matches, or which rows of how many are on screen.
 */

import { formatCount } from '../../../i18n/counts';
import { t } from '../../../i18n/t';
import { PAGE_ROWS, type CorpusPage } from './corpus-page';

export function TableStatus({ listing }: { listing: CorpusPage }) {
  const { scan, stopped, stale, result, rows, total } = listing;
  return (
    <div class="table-status" role="status" data-testid="table-status">
      {scan ? (
        <span class="scan">
          {t('options_searching', formatCount(scan.scanned), formatCount(scan.total))}{' '}
          <progress max={Math.max(1, scan.total)} value={scan.scanned} aria-label={t('options_searching', formatCount(scan.scanned), formatCount(scan.total))} />{' '}
          <button type="button" data-testid="stop-search" onClick={listing.stopSearch}>
            {t('options_stop_search')}
          </button>
        </span>
      ) : stopped ? (
        t('options_search_stopped')
      ) : stale ? (
        t('options_searching_titles')
      ) : result && result.corpusSize === 0 ? (
        t('options_corpus_empty')
      ) : result && total === 0 && result.search ? (
        t('options_matches_none', result.search)
      ) : result && total > 0 ? (
        result.search ? (
          t('options_showing_matching', formatCount(result.page * PAGE_ROWS + 1), formatCount(result.page * PAGE_ROWS + rows.length), formatCount(total), result.search)
        ) : (
          t('options_showing', formatCount(result.page * PAGE_ROWS + 1), formatCount(result.page * PAGE_ROWS + rows.length), formatCount(total))
        )
      ) : null}
    </div>
  );
}
