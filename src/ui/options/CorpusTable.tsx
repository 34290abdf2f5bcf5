/**
 * The corpus as a table that stays fast at 100,000 articles: one page of 50 rows at a time
 * from `CorpusApi.query` (the store answers from an index or from summaries in memory, never
 * by reading texts, except for a full-text search, which shows its progress and can be
 * stopped). Search as you type (debounced; a new keystroke cancels the previous search),
 * sorting by clicking a column header, paging, a dialog per article, delete per row, and bulk
 * delete of the rows selected or of everything the search matches.
 *
 * Keyboard: every control is a native button, checkbox or input; ArrowUp / ArrowDown move
 * between the same control of neighbouring rows (a long table is otherwise 5 Tab presses per
 * row).
 */

import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ArticlePage, ArticleSummary, SortDirection, SortKey, StoredArticle } from '../../storage';
import { formatPublished } from '../../i18n/words';
import { ArticleDialog, formatAdded } from './ArticleDialog';
import type { CorpusApi } from './corpus-api';
import { ConfirmDialog } from './Dialog';
import { formatCount, tCount } from '../../i18n/counts';
import { t, type MessageKey } from '../../i18n/t';

export const PAGE_ROWS = 50;
const SEARCH_DELAY_MS = 250;

type SearchIn = 'title' | 'text';

interface Selection {
  ids: Set<string>;
  /** Every article matching the current search (resolved to ids only when deleting). */
  all: boolean;
}

const NONE: Selection = { ids: new Set(), all: false };

const COLUMNS: { key: SortKey; label: MessageKey; first: SortDirection; numeric?: boolean }[] = [
  { key: 'title', label: 'options_col_title', first: 'asc' },
  { key: 'published', label: 'options_col_published', first: 'desc' },
  { key: 'added', label: 'options_col_added', first: 'desc' },
  { key: 'words', label: 'options_col_words', first: 'desc', numeric: true },
];

export interface CorpusTableProps {
  corpus: CorpusApi;
  /** Bumped by the page when the corpus changed elsewhere on it (an import). */
  version: number;
  /** Tells the page the corpus changed here (a delete). */
  onChanged(): void;
}

export function CorpusTable({ corpus, version, onChanged }: CorpusTableProps) {
  const [input, setInput] = useState('');
  const [search, setSearch] = useState('');
  const [searchIn, setSearchIn] = useState<SearchIn>('title');
  const [sort, setSort] = useState<SortKey>('title');
  const [direction, setDirection] = useState<SortDirection>('asc');
  const [page, setPage] = useState(0);
  /** The last answer, with the search and page it answers (the input may already say something else). */
  const [result, setResult] = useState<(ArticlePage & { search: string; searchIn: SearchIn; page: number }) | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [scan, setScan] = useState<{ scanned: number; total: number } | null>(null);
  const [stopped, setStopped] = useState(false);
  const [selection, setSelection] = useState<Selection>(NONE);
  const [viewing, setViewing] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState('');
  const running = useRef<AbortController | null>(null);

  // Typing waits for a pause before searching; the page and the selection start over.
  useEffect(() => {
    const timer = setTimeout(() => {
      setSearch(input.trim());
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [input]);
  useEffect(() => {
    setPage(0);
    setSelection(NONE);
    setStopped(false);
  }, [search, searchIn]);

  useEffect(() => {
    const controller = new AbortController();
    running.current = controller;
    const textSearch = searchIn === 'text' && search !== '';
    if (!textSearch) setScan(null);
    corpus
      .query({
        search,
        searchIn,
        sort,
        direction,
        offset: page * PAGE_ROWS,
        limit: PAGE_ROWS,
        signal: controller.signal,
        ...(textSearch ? { onProgress: (scanned: number, total: number) => !controller.signal.aborted && setScan({ scanned, total }) } : {}),
      })
      .then(
        (r) => {
          if (controller.signal.aborted) return;
          setResult({ ...r, search, searchIn, page });
          setError(undefined);
          setScan(null);
          const last = Math.max(0, Math.ceil(r.total / PAGE_ROWS) - 1);
          if (page > last) setPage(last); // the corpus shrank under this page
        },
        (e: unknown) => {
          if (controller.signal.aborted) return;
          setScan(null);
          setError(e instanceof Error ? e.message : String(e));
        },
      );
    return () => controller.abort();
  }, [corpus, search, searchIn, sort, direction, page, version]);

  const stopSearch = () => {
    running.current?.abort();
    setScan(null);
    setStopped(true);
  };

  const sortBy = (key: SortKey) => {
    if (key === sort) setDirection(direction === 'asc' ? 'desc' : 'asc');
    else {
      setSort(key);
      setDirection(COLUMNS.find((c) => c.key === key)!.first);
    }
    setPage(0);
  };

  const afterDelete = useCallback(
    (deleted: number, title?: string) => {
      setMessage(deleted === 1 && title !== undefined ? t('options_deleted_one', title) : tCount('options_deleted', deleted));
      onChanged();
    },
    [onChanged],
  );

  const removeOne = async (row: Pick<ArticleSummary, 'id' | 'title'>) => {
    try {
      const n = await corpus.remove([row.id]);
      setSelection((s) => (s.ids.has(row.id) ? { ids: new Set([...s.ids].filter((id) => id !== row.id)), all: s.all } : s));
      afterDelete(n, row.title);
    } catch (e) {
      setMessage(t('options_delete_failed', e instanceof Error ? e.message : String(e)));
    }
  };

  const removeSelected = async () => {
    setConfirming(false);
    try {
      const ids = selection.all ? await corpus.matchingIds({ search, searchIn }) : [...selection.ids];
      const n = await corpus.remove(ids);
      setSelection(NONE);
      afterDelete(n);
    } catch (e) {
      setMessage(t('options_delete_failed', e instanceof Error ? e.message : String(e)));
    }
  };

  const rows = result?.rows ?? [];
  const total = result?.total ?? 0;
  /** A new search is on its way: the rows shown are still those of the previous one. */
  const stale = !!result && (result.search !== search || result.searchIn !== searchIn);
  const pages = Math.max(1, Math.ceil(total / PAGE_ROWS));
  const selectedCount = selection.all ? total : selection.ids.size;
  const pageSelected = rows.length > 0 && (selection.all || rows.every((r) => selection.ids.has(r.id)));
  const togglePage = () => {
    if (pageSelected) setSelection({ ids: new Set([...selection.ids].filter((id) => !rows.some((r) => r.id === id))), all: false });
    else setSelection({ ids: new Set([...selection.ids, ...rows.map((r) => r.id)]), all: false });
  };
  const toggleRow = (id: string) => {
    if (selection.all) {
      // Leaving "all matching" for an explicit list: the rows of this page, minus this one.
      setSelection({ ids: new Set(rows.map((r) => r.id).filter((r) => r !== id)), all: false });
      return;
    }
    const ids = new Set(selection.ids);
    if (ids.has(id)) ids.delete(id);
    else ids.add(id);
    setSelection({ ids, all: false });
  };

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

      <form role="search" class="search" onSubmit={(e) => e.preventDefault()}>
        <label for="corpus-search">{t('options_search_label')}</label>
        <input
          id="corpus-search"
          type="search"
          data-testid="corpus-search"
          value={input}
          placeholder={searchIn === 'text' ? t('options_search_placeholder_text') : t('options_search_placeholder')}
          aria-describedby={searchIn === 'text' ? 'search-text-note' : undefined}
          onFocus={() => void corpus.prepareSearch().catch(() => undefined)}
          onInput={(e) => setInput((e.currentTarget as HTMLInputElement).value)}
        />
        <label for="corpus-search-in">{t('options_search_in')}</label>
        <select
          id="corpus-search-in"
          data-testid="corpus-search-in"
          value={searchIn}
          onChange={(e) => setSearchIn((e.currentTarget as HTMLSelectElement).value === 'text' ? 'text' : 'title')}
        >
          <option value="title">{t('options_search_in_title')}</option>
          <option value="text">{t('options_search_in_text')}</option>
        </select>
        {searchIn === 'text' && (
          <p id="search-text-note" class="quiet small">
            {t('options_search_text_note')}
          </p>
        )}
      </form>

      <div class="table-status" role="status" data-testid="table-status">
        {scan ? (
          <span class="scan">
            {t('options_searching', formatCount(scan.scanned), formatCount(scan.total))}{' '}
            <progress max={Math.max(1, scan.total)} value={scan.scanned} aria-label={t('options_searching', formatCount(scan.scanned), formatCount(scan.total))} />{' '}
            <button type="button" data-testid="stop-search" onClick={stopSearch}>
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
      {message && (
        <p class="quiet" role="status" data-testid="delete-status">
          {message}
        </p>
      )}

      {selectedCount > 0 && (
        <div class="bulk" role="group" aria-label={t('options_delete_selected')} data-testid="bulk-bar">
          <span data-testid="selected-count">{selection.all ? t('options_selected_all_matching', formatCount(total)) : tCount('options_selected', selectedCount)}</span>
          {!selection.all && pageSelected && total > selection.ids.size && (
            <button type="button" data-testid="select-all-matching" onClick={() => setSelection({ ids: new Set(), all: true })}>
              {search ? t('options_select_all_matching', formatCount(total)) : t('options_select_all_corpus', formatCount(total))}
            </button>
          )}
          <button type="button" class="danger" data-testid="delete-selected" onClick={() => setConfirming(true)}>
            {t('options_delete_selected')}
          </button>
          <button type="button" data-testid="clear-selection" onClick={() => setSelection(NONE)}>
            {t('options_clear_selection')}
          </button>
        </div>
      )}

      {rows.length > 0 && (
        <table class="corpus" data-testid="corpus-table" aria-busy={stale ? 'true' : undefined}>
          <caption class="visually-hidden">{t('options_table_caption')}</caption>
          <thead>
            <tr>
              <th scope="col" class="select">
                <input type="checkbox" data-testid="select-page" checked={pageSelected} onChange={togglePage} aria-label={t('options_select_page')} />
              </th>
              {COLUMNS.map((c) => (
                <th
                  scope="col"
                  class={c.numeric ? 'numeric' : undefined}
                  aria-sort={sort === c.key ? (direction === 'asc' ? 'ascending' : 'descending') : undefined}
                >
                  <button type="button" class="sort" data-testid={`sort-${c.key}`} onClick={() => sortBy(c.key)}>
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
              <tr key={a.id} data-testid="corpus-row" data-id={a.id}>
                <td class="select">
                  <input
                    type="checkbox"
                    data-col="select"
                    data-testid="select-row"
                    checked={selection.all || selection.ids.has(a.id)}
                    onChange={() => toggleRow(a.id)}
                    aria-label={t('options_select_row', a.title)}
                  />
                </td>
                <td class="title">
                  <button type="button" class="link" data-col="view" data-testid="view-article" aria-label={t('options_view_label', a.title)} onClick={() => setViewing(a.id)}>
                    {a.title}
                  </button>
                </td>
                <td class="nowrap">{formatPublished(a.published)}</td>
                <td class="nowrap">{formatAdded(a.addedAt)}</td>
                <td class="numeric">{formatCount(a.wordCount)}</td>
                <td>
                  <button type="button" data-col="delete" data-testid="delete-article" aria-label={t('options_delete_label', a.title)} onClick={() => void removeOne(a)}>
                    {t('options_delete')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {pages > 1 && (
        <nav class="paging" aria-label={t('options_paging_label')} data-testid="paging">
          <button type="button" data-testid="first-page" disabled={page === 0} onClick={() => setPage(0)}>
            {t('options_first_page')}
          </button>
          <button type="button" data-testid="previous-page" disabled={page === 0} onClick={() => setPage(page - 1)}>
            {t('options_previous_page')}
          </button>
          <span data-testid="page-of">{t('options_page_of', formatCount(page + 1), formatCount(pages))}</span>
          <button type="button" data-testid="next-page" disabled={page >= pages - 1} onClick={() => setPage(page + 1)}>
            {t('options_next_page')}
          </button>
          <button type="button" data-testid="last-page" disabled={page >= pages - 1} onClick={() => setPage(pages - 1)}>
            {t('options_last_page')}
          </button>
        </nav>
      )}

      {viewing && (
        <ArticleDialog
          id={viewing}
          corpus={corpus}
          onClose={() => setViewing(null)}
          onDelete={(article: StoredArticle) => {
            setViewing(null);
            void removeOne(article);
          }}
        />
      )}
      {confirming && (
        <ConfirmDialog
          heading={tCount('options_confirm_delete_heading', selectedCount)}
          text={t('options_confirm_delete_text')}
          confirm={t('options_confirm_delete')}
          onConfirm={() => void removeSelected()}
          onCancel={() => setConfirming(false)}
        />
      )}
    </section>
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
