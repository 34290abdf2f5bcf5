/**
 * One page of the corpus table: the rows of the current search, sort and page, asked of
 * `CorpusApi.query` whenever one of them changes (or the corpus does: `version`). A newer
 * question aborts the one still running, so a slow answer never replaces a newer one. A
 * full-text search reports how many texts it has read and can be stopped; a title search
 * never reads texts.
 */

import { useEffect, useRef, useState } from 'preact/hooks';
import type { ArticlePage, SortDirection, SortKey } from '../../../storage';
import type { MessageKey } from '../../../i18n/t';
import type { CorpusApi } from '../corpus-api';

export const PAGE_ROWS = 50;

export type SearchIn = 'title' | 'text';

/** The sortable columns, each with the direction its first click sorts in. */
export const COLUMNS: { key: SortKey; label: MessageKey; first: SortDirection; numeric?: boolean }[] = [
  { key: 'title', label: 'options_col_title', first: 'asc' },
  { key: 'published', label: 'options_col_published', first: 'desc' },
  { key: 'added', label: 'options_col_added', first: 'desc' },
  { key: 'words', label: 'options_col_words', first: 'desc', numeric: true },
];

/** An answer, with the search and page it answers (the search box may already say something else). */
export type PageAnswer = ArticlePage & { search: string; searchIn: SearchIn; page: number };

/** How far a full-text search has read. */
export interface Scan {
  scanned: number;
  total: number;
}

/** The column the rows are sorted by, and which way; a column's first click sorts it its own way. */
function useSort() {
  const [sort, setSort] = useState<SortKey>('title');
  const [direction, setDirection] = useState<SortDirection>('asc');
  const sortBy = (key: SortKey) => {
    if (key === sort) setDirection(direction === 'asc' ? 'desc' : 'asc');
    else {
      setSort(key);
      setDirection(COLUMNS.find((c) => c.key === key)!.first);
    }
  };
  return { sort, direction, sortBy };
}

export function useCorpusPage(corpus: CorpusApi, search: string, searchIn: SearchIn, version: number) {
  const { sort, direction, ...sorting } = useSort();
  const [page, setPage] = useState(0);
  const [result, setResult] = useState<PageAnswer | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [scan, setScan] = useState<Scan | null>(null);
  const [stopped, setStopped] = useState(false);
  const running = useRef<AbortController | null>(null);

  // A new search starts on its first page.
  useEffect(() => {
    setPage(0);
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

  /** Sorting starts over on the first page. */
  const sortBy = (key: SortKey) => {
    sorting.sortBy(key);
    setPage(0);
  };

  const total = result?.total ?? 0;
  return {
    result,
    rows: result?.rows ?? [],
    total,
    /** A new search is on its way: the rows shown are still those of the previous one. */
    stale: !!result && (result.search !== search || result.searchIn !== searchIn),
    error,
    scan,
    stopped,
    stopSearch,
    sort,
    direction,
    sortBy,
    page,
    pages: Math.max(1, Math.ceil(total / PAGE_ROWS)),
    setPage,
  };
}

export type CorpusPage = ReturnType<typeof useCorpusPage>;
