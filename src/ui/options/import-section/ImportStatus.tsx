/**
 * The import's status: one polite live region that is always on the page, so screen readers
 * hear the progress and then the outcome.
 */

import type { ImportJournal } from '../../../storage';
import type { ImportOutcome } from '../import-run';
import { t } from '../../../i18n/t';
import { progressText } from './ImportProgressBar';
import { Outcome } from './Outcome';
import type { ImportState } from './use-import';

export interface ImportStatusProps {
  status: ImportState;
  /** The import still staged for the outcome shown, if any. */
  journal: ImportJournal | undefined;
  onAnyway(outcome: Extract<ImportOutcome, { kind: 'invalid' }>): void;
  onDiscard(key: string): void;
}

export function ImportStatus({ status, journal, onAnyway, onDiscard }: ImportStatusProps) {
  return (
    <div data-testid="import-status" role="status" aria-live="polite" class="import-status">
      {status.kind === 'busy' && <p>{progressText(status.progress)}</p>}
      {status.kind === 'discarded' && <p>{t('options_discarded')}</p>}
      {status.kind === 'done' && <Outcome outcome={status.outcome} journal={journal} onAnyway={onAnyway} onDiscard={onDiscard} />}
    </div>
  );
}
