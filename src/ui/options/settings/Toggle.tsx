/** One setting that is on or off: a checkbox, its label and a line that explains it. */

import { t, type MessageKey } from '../../../i18n/t';

export interface ToggleProps {
  /** The checkbox's id and test id; its explanation is `${id}-text`. */
  id: string;
  checked: boolean;
  label: MessageKey;
  text: MessageKey;
  onChange(value: boolean): void;
}

export function Toggle({ id, checked, label, text, onChange }: ToggleProps) {
  return (
    <div class="choice">
      <input type="checkbox" id={id} data-testid={id} checked={checked} aria-describedby={`${id}-text`} onChange={(e) => onChange((e.currentTarget as HTMLInputElement).checked)} />
      <label for={id}>{t(label)}</label>
      <p id={`${id}-text`} class="quiet explain">
        {t(text)}
      </p>
    </div>
  );
}
