/**
 * The corpus as a table that stays fast at 100,000 articles: one page of 50 rows at a time
 * from `CorpusApi.query` (the store answers from an index or from summaries in memory, never
 * by reading texts, except for a full-text search, which shows its progress and can be
 * stopped). Search as you type (debounced; a new keystroke cancels the previous search),
 * sorting by clicking a column header, paging, a dialog per article, delete per row, and bulk
 * delete of the rows selected or of everything the search matches.
 *
 * The parts live in corpus-table/: the page of rows (`useCorpusPage`), the selection
 * (`useSelection`), deleting (`useDeletion`), and one component per part of the section.
 */

import { useState } from 'preact/hooks';
import type { StoredArticle } from '../../storage';
import { ArticleDialog } from './ArticleDialog';
import type { CorpusApi } from './corpus-api';
import { ConfirmDialog } from './Dialog';
import { formatCount, tCount } from '../../i18n/counts';
import { t } from '../../i18n/t';
import { type SearchIn, useCorpusPage } from './corpus-table/corpus-page';
import { CorpusRows } from './corpus-table/CorpusRows';
import { DeleteBar } from './corpus-table/DeleteBar';
import { useDeletion } from './corpus-table/deletion';
import { Pager } from './corpus-table/Pager';
import { SearchBox } from './corpus-table/SearchBox';
import { useSelection } from './corpus-table/selection';
import { TableStatus } from './corpus-table/TableStatus';

export interface CorpusTableProps {
  corpus: CorpusApi;
  /** Bumped by the page when the corpus changed elsewhere on it (an import). */
  version: number;
  /** Tells the page the corpus changed here (a delete). */
  onChanged(): void;
}

export function CorpusTable({ corpus, version, onChanged }: CorpusTableProps) {
  const [search, setSearch] = useState('');
  const [searchIn, setSearchIn] = useState<SearchIn>('title');
  const listing = useCorpusPage(corpus, search, searchIn, version);
  const selection = useSelection(listing.rows, listing.total, search, searchIn);
  const deletion = useDeletion(corpus, selection, search, searchIn, onChanged);
  /** The article whose dialog is open. */
  const [viewing, setViewing] = useState<string | null>(null);
  const { result, error } = listing;

  return (
    <section id="corpus" aria-labelledby="corpus-heading">
      <h2 id="corpus-heading">
        {t('options_corpus_heading')}
        <span data-testid="corpus-count">{result ? formatCount(result.corpusSize) : '…'}</span>
        {t('options_corpus_heading_after')}
      </h2>
      {error && (
        <p class="notice error" role="alert">
          {t('options_corpus_read_error', error)}
        </p>
      )}
      <SearchBox searchIn={searchIn} onSearchIn={setSearchIn} onSearch={setSearch} onFocus={() => void corpus.prepareSearch().catch(() => undefined)} />
      <TableStatus listing={listing} />
      {deletion.message && (
        <p class="quiet" role="status" data-testid="delete-status">
          {deletion.message}
        </p>
      )}
      {selection.count > 0 && <DeleteBar selection={selection} total={listing.total} search={search} onDelete={deletion.askToConfirm} />}
      {listing.rows.length > 0 && (
        <CorpusRows
          rows={listing.rows}
          stale={listing.stale}
          sort={listing.sort}
          direction={listing.direction}
          onSort={listing.sortBy}
          selection={selection}
          onView={setViewing}
          onDelete={(row) => void deletion.removeOne(row)}
        />
      )}
      {listing.pages > 1 && <Pager page={listing.page} pages={listing.pages} onPage={listing.setPage} />}
      {viewing && (
        <ArticleDialog
          id={viewing}
          corpus={corpus}
          onClose={() => setViewing(null)}
          onDelete={(article: StoredArticle) => {
            setViewing(null);
            void deletion.removeOne(article);
          }}
        />
      )}
      {deletion.confirming && (
        <ConfirmDialog
          heading={tCount('options_confirm_delete_heading', selection.count)}
          text={t('options_confirm_delete_text')}
          confirm={t('options_confirm_delete')}
          onConfirm={() => void deletion.removeSelected()}
          onCancel={deletion.cancel}
        />
      )}
    </section>
  );
}
