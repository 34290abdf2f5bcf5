/** How sure Wirecheck must be before it calls a page a copy: one radio button per level, each explained. */

import type { Settings } from '../../../core/settings';
import { t } from '../../../i18n/t';
import { SENSITIVITY_CHOICES } from '../settings-form';

export function SensitivityChoice({ value, onChange }: { value: Settings['sensitivity']; onChange(value: Settings['sensitivity']): void }) {
  return (
    <fieldset>
      <legend>{t('options_sensitivity_legend')}</legend>
      {SENSITIVITY_CHOICES.map((c) => (
        <div class="choice" key={c.value}>
          <input
            type="radio"
            name="sensitivity"
            id={`sensitivity-${c.value}`}
            value={c.value}
            data-testid={`sensitivity-${c.value}`}
            checked={value === c.value}
            aria-describedby={`sensitivity-${c.value}-text`}
            onChange={() => onChange(c.value)}
          />
          <label for={`sensitivity-${c.value}`}>{t(c.label)}</label>
          <p id={`sensitivity-${c.value}-text`} class="quiet explain">
            {t(c.explanation)}
          </p>
        </div>
      ))}
    </fieldset>
  );
}
