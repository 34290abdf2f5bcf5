/**
 * Deleting from the corpus table: one article (its row's button or its dialog), or the
 * selection after the reader confirms it. What was deleted, or why it failed, is said in the
 * table's delete status; the page is told so its other sections re-read.
 */

import { useState } from 'preact/hooks';
import type { ArticleSummary } from '../../../storage';
import { tCount } from '../../../i18n/counts';
import { t } from '../../../i18n/t';
import type { CorpusApi } from '../corpus-api';
import type { SearchIn } from './corpus-page';
import type { Selection } from './selection';

export function useDeletion(corpus: CorpusApi, selection: Selection, search: string, searchIn: SearchIn, onChanged: () => void) {
  const [message, setMessage] = useState('');
  const [confirming, setConfirming] = useState(false);

  const afterDelete = (deleted: number, title?: string) => {
    setMessage(deleted === 1 && title !== undefined ? t('options_deleted_one', title) : tCount('options_deleted', deleted));
    onChanged();
  };

  const removeOne = async (row: Pick<ArticleSummary, 'id' | 'title'>) => {
    try {
      const n = await corpus.remove([row.id]);
      selection.forget(row.id);
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
      selection.clear();
      afterDelete(n);
    } catch (e) {
      setMessage(t('options_delete_failed', e instanceof Error ? e.message : String(e)));
    }
  };

  return {
    /** What the last delete did, for the delete status. */
    message,
    /** The "Delete N articles?" dialog is open. */
    confirming,
    askToConfirm: () => setConfirming(true),
    cancel: () => setConfirming(false),
    removeOne,
    removeSelected,
  };
}
