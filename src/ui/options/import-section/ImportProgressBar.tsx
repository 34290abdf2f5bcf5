/**
 * A running import's progress bar and its Cancel button, and the same progress in words for
 * the section's status line. Reading counts bytes; saving counts articles; nothing known yet
 * leaves the bar indeterminate.
 */

import { articles, formatBytes, formatCount } from '../../../i18n/counts';
import { t } from '../../../i18n/t';
import type { ImportProgress } from '../import-run';

export function ImportProgressBar({ progress, onCancel }: { progress: ImportProgress | null; onCancel(): void }) {
  return (
    <div class="progress-row">
      <progress data-testid="import-progress" aria-label={t('options_progress_label')} {...progressValue(progress)} />
      <button type="button" data-testid="import-cancel" onClick={onCancel}>
        {t('options_cancel_import')}
      </button>
    </div>
  );
}

function progressValue(p: ImportProgress | null): { max?: number; value?: number } {
  if (!p) return {};
  if (p.phase === 'saving') return p.toSave > 0 ? { max: p.toSave, value: p.saved } : {};
  return p.bytesTotal > 0 ? { max: p.bytesTotal, value: p.bytesDone } : {};
}

export function progressText(p: ImportProgress | null): string {
  if (!p) return t('options_reading', formatBytes(0), '…', articles(0));
  if (p.phase === 'saving') return t('options_saving', articles(p.toSave || p.articles));
  let text = t('options_reading', formatBytes(p.bytesDone), formatBytes(p.bytesTotal), articles(p.articles));
  if (p.problems > 0) text += t('options_reading_problems', formatCount(p.problems));
  if (p.reused > 0) text += t('options_reading_reused', formatCount(p.reused));
  return text;
}
