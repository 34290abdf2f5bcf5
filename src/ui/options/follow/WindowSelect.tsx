/** The backfill window: how far back a follow starts (a week, a month, three months, a year). */

import type { BackfillWindow } from '../../../core/follow/types';
import { t } from '../../../i18n/t';
import { WINDOW_CHOICES } from '../follow-form';

export interface WindowSelectProps {
  /** The select's id and test id; its explanation is `${id}-text`. */
  id: string;
  value: BackfillWindow;
  disabled?: boolean;
  onChange(value: BackfillWindow): void;
}

export function WindowSelect({ id, value, disabled, onChange }: WindowSelectProps) {
  return (
    <div class="field">
      <label for={id}>{t('options_follow_window_label')}</label>{' '}
      <select id={id} data-testid={id} value={value} disabled={disabled} aria-describedby={`${id}-text`} onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value as BackfillWindow)}>
        {WINDOW_CHOICES.map((c) => (
          <option key={c.value} value={c.value} selected={c.value === value}>
            {t(c.label)}
          </option>
        ))}
      </select>
      <p id={`${id}-text`} class="quiet explain">
        {t('options_follow_window_text')}
      </p>
    </div>
  );
}
