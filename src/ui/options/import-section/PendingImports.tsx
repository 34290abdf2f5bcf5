/**
 * Imports the store still holds from an earlier visit (a closed page, a cancel, a decision
 * not taken), each with what can be done with it: import its staged articles, or discard it.
 */

import { articles, formatCount } from '../../../i18n/counts';
import { t } from '../../../i18n/t';
import type { ImportJournal } from '../../../storage';

export interface PendingImportsProps {
  imports: readonly ImportJournal[];
  onCommit(journal: ImportJournal): void;
  onDiscard(key: string): void;
}

export function PendingImports({ imports, onCommit, onDiscard }: PendingImportsProps) {
  return (
    <div class="pending" data-testid="pending-imports">
      <h3>{t('options_pending_heading')}</h3>
      <ul>
        {imports.map((j) => (
          <li key={j.key}>
            <span>{pendingText(j)}</span>{' '}
            {j.state === 'staged' && j.articles > 0 && (
              <button type="button" data-testid="pending-commit" onClick={() => onCommit(j)}>
                {t('options_pending_import')}
              </button>
            )}{' '}
            <button type="button" data-testid="pending-discard" onClick={() => onDiscard(j.key)}>
              {t('options_discard')}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function pendingText(j: ImportJournal): string {
  const names = j.sources.map((s) => s.name).join(', ');
  const started = new Date(j.startedAt).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  if (j.state === 'staging') return t('options_pending_staging', names, started, articles(j.articles));
  if (j.problems > 0) return t('options_pending_staged_problems', names, started, articles(j.articles), formatCount(j.problems));
  return t('options_pending_staged', names, started, articles(j.articles));
}
