/**
 * What an import did, in the section's status line: the articles added, updated and left
 * unchanged (and the lines skipped); a failure with its problems and, when some articles
 * were valid, the choice to import those anyway or discard the import; an error; a refused
 * corpus pack; or a cancel, with what is kept of it.
 */

import { articles, filesCount, formatCount, tCount } from '../../../i18n/counts';
import { t } from '../../../i18n/t';
import type { ImportJournal } from '../../../storage';
import type { ImportOutcome } from '../import-run';
import { ImportProblems } from './ImportProblems';

type Invalid = Extract<ImportOutcome, { kind: 'invalid' }>;

export interface OutcomeProps {
  outcome: ImportOutcome;
  /** The import still staged for this outcome, if any. */
  journal: ImportJournal | undefined;
  onAnyway(outcome: Invalid): void;
  onDiscard(key: string): void;
}

export function Outcome({ outcome, journal, onAnyway, onDiscard }: OutcomeProps) {
  switch (outcome.kind) {
    case 'imported':
      return <Imported outcome={outcome} />;
    case 'invalid':
      return <ImportFailed outcome={outcome} onAnyway={onAnyway} onDiscard={onDiscard} />;
    case 'error':
      return (
        <p role="alert" class="notice error">
          {/^Import failed|^Not enough storage/.test(outcome.message) ? outcome.message : t('options_import_error', outcome.message)}
        </p>
      );
    case 'pack-refused':
      return (
        <p role="alert" class="notice error" data-testid="pack-refused">
          {packRefusal(outcome)}
        </p>
      );
    case 'cancelled':
      return (
        <div>
          <p>{t('options_import_cancelled')}</p>
          {journal && journal.articles > 0 && (
            <p>
              {t('options_import_cancelled_kept', articles(journal.articles))}{' '}
              <button type="button" data-testid="discard-import" onClick={() => onDiscard(journal.key)}>
                {t('options_discard')}
              </button>
            </p>
          )}
        </div>
      );
  }
}

function Imported({ outcome }: { outcome: Extract<ImportOutcome, { kind: 'imported' }> }) {
  return (
    <div data-testid="import-summary">
      <p>{t('options_imported', articles(outcome.articles), filesCount(outcome.files), formatCount(outcome.added), formatCount(outcome.updated), formatCount(outcome.unchanged))}</p>
      {outcome.reused > 0 && <p class="quiet">{t('options_imported_resumed', articles(outcome.reused))}</p>}
      {outcome.skippedCount > 0 && (
        <>
          <p>{tCount('options_skipped_heading', outcome.skippedCount)}</p>
          <ImportProblems problems={outcome.skipped} count={outcome.skippedCount} testId="skipped-lines" />
        </>
      )}
    </div>
  );
}

function ImportFailed({ outcome, onAnyway, onDiscard }: { outcome: Invalid; onAnyway(outcome: Invalid): void; onDiscard(key: string): void }) {
  return (
    <div role="alert" data-testid="import-failed">
      <p>
        <strong>{t('options_import_failed')}</strong> {tCount('options_problems', outcome.problemCount)}
      </p>
      <ImportProblems problems={outcome.problems} count={outcome.problemCount} testId="import-problems" />
      {outcome.valid > 0 && (
        <div class="actions">
          <button type="button" data-testid="import-anyway" onClick={() => onAnyway(outcome)}>
            {tCount('options_import_anyway', outcome.valid)}
          </button>
          <button type="button" data-testid="discard-import" onClick={() => onDiscard(outcome.key)}>
            {t('options_discard_import')}
          </button>
        </div>
      )}
    </div>
  );
}

function packRefusal({ file, reason, detail }: Extract<ImportOutcome, { kind: 'pack-refused' }>): string {
  switch (reason) {
    case 'not-alone':
      return t('options_pack_not_alone', file);
    case 'truncated':
      return t('options_pack_truncated', file);
    case 'damaged':
      return t('options_pack_damaged', file);
    case 'not-pack':
      return t('options_pack_not_pack', file);
    case 'version':
      return t('options_pack_version', file, detail);
    case 'params':
      return t('options_pack_params', file);
    case 'delta':
      return t('options_pack_delta', file);
  }
}
