/**
 * "Stop following AP?": the stories it added can stay in the corpus or leave it. Cancel has
 * focus, so Enter or Escape changes nothing.
 */

import { tCount } from '../../../i18n/counts';
import { t } from '../../../i18n/t';
import { Dialog } from '../Dialog';

export interface StopDialogProps {
  added: number;
  onStop(keepStories: boolean): void;
  onCancel(): void;
}

export function StopDialog({ added, onStop, onCancel }: StopDialogProps) {
  return (
    <Dialog labelledBy="follow-stop-heading" onClose={onCancel} testId="follow-stop-dialog" initialFocus="[data-autofocus]">
      <h2 id="follow-stop-heading" tabIndex={-1}>
        {t('options_follow_stop_heading')}
      </h2>
      <p>{tCount('options_follow_stop_text', added)}</p>
      <div class="actions">
        <button type="button" data-testid="follow-stop-keep" onClick={() => onStop(true)}>
          {t('options_follow_stop_keep')}
        </button>
        <button type="button" class="danger" data-testid="follow-stop-delete" onClick={() => onStop(false)}>
          {t('options_follow_stop_delete')}
        </button>
        <button type="button" data-autofocus data-testid="follow-stop-cancel" onClick={onCancel}>
          {t('options_cancel')}
        </button>
      </div>
    </Dialog>
  );
}
