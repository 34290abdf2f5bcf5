/**
 * The rows the reader has ticked for deletion: a set of ids, or every article the current
 * search matches (`all`, resolved to ids only when deleting, so selecting 100,000 articles
 * costs nothing). A new search clears it.
 */

import { useEffect, useState } from 'preact/hooks';
import type { ArticleSummary } from '../../../storage';

interface Selected {
  ids: Set<string>;
  /** Every article matching the current search. */
  all: boolean;
}

const NONE: Selected = { ids: new Set(), all: false };

/** `rows` are the rows on screen, `total` how many the search matches; `search` and `searchIn` clear it when they change. */
export function useSelection(rows: readonly ArticleSummary[], total: number, search: string, searchIn: string) {
  const [selection, setSelection] = useState<Selected>(NONE);

  useEffect(() => {
    setSelection(NONE);
  }, [search, searchIn]);

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

  /** Drops a deleted article from the selection. */
  const forget = (id: string) => setSelection((s) => (s.ids.has(id) ? { ids: new Set([...s.ids].filter((other) => other !== id)), all: s.all } : s));

  return {
    all: selection.all,
    ids: selection.ids,
    /** How many articles are selected. */
    count: selection.all ? total : selection.ids.size,
    /** Every row on screen is selected. */
    pageSelected,
    has: (id: string) => selection.all || selection.ids.has(id),
    togglePage,
    toggleRow,
    selectAllMatching: () => setSelection({ ids: new Set(), all: true }),
    clear: () => setSelection(NONE),
    forget,
  };
}

export type Selection = ReturnType<typeof useSelection>;
