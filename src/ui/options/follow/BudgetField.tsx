/**
 * The storage budget of followed stories, in MB or GB (1 GB unless the reader sets another).
 * Before a follow starts it is only held by the form (`onChange` reports each valid value);
 * while following, "Set budget" saves it (`onSave`), and the oldest stories leave the corpus
 * when the followed ones take more.
 */

import { useEffect, useState } from 'preact/hooks';
import { t } from '../../../i18n/t';
import { type BudgetUnit, parseBudget, splitBudget } from '../follow-form';

export interface BudgetFieldProps {
  bytes: number;
  disabled?: boolean;
  /** Every valid value as it is typed (before a follow starts). */
  onChange?(bytes: number): void;
  /** Saves the value (while following); absent, the field has no button. */
  onSave?(bytes: number): void;
}

export function BudgetField({ bytes, disabled, onChange, onSave }: BudgetFieldProps) {
  const initial = splitBudget(bytes);
  const [amount, setAmount] = useState(initial.amount);
  const [unit, setUnit] = useState<BudgetUnit>(initial.unit);
  const [error, setError] = useState<string | undefined>();

  // The field holds what the reader typed until the budget it names is the one in force (the
  // form's, or the background's after "Set budget"); a budget set elsewhere (another tab) shows
  // here unless the reader is editing another one.
  const [editing, setEditing] = useState(false);
  useEffect(() => {
    const typed = parseBudget(amount, unit);
    if (typed.ok && typed.bytes === bytes) {
      if (editing) setEditing(false);
      return;
    }
    if (editing) return;
    const shown = splitBudget(bytes);
    setAmount(shown.amount);
    setUnit(shown.unit);
  }, [bytes, amount, unit, editing]);

  const edit = (nextAmount: string, nextUnit: BudgetUnit) => {
    setEditing(true);
    setAmount(nextAmount);
    setUnit(nextUnit);
    const parsed = parseBudget(nextAmount, nextUnit);
    setError(parsed.ok ? undefined : parsed.error);
    if (parsed.ok) onChange?.(parsed.bytes);
  };

  const save = (e: Event) => {
    e.preventDefault();
    const parsed = parseBudget(amount, unit);
    if (!parsed.ok) return setError(parsed.error);
    onSave?.(parsed.bytes);
  };

  return (
    <form class="budget" onSubmit={save}>
      <label for="follow-budget">{t('options_follow_budget_label')}</label>
      <input
        id="follow-budget"
        data-testid="follow-budget"
        type="number"
        min="0"
        step="any"
        inputMode="decimal"
        value={amount}
        disabled={disabled}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? 'follow-budget-error' : 'follow-budget-text'}
        onInput={(e) => edit((e.currentTarget as HTMLInputElement).value, unit)}
      />
      <select aria-label={t('options_follow_budget_unit')} data-testid="follow-budget-unit" value={unit} disabled={disabled} onChange={(e) => edit(amount, (e.currentTarget as HTMLSelectElement).value as BudgetUnit)}>
        <option value="MB" selected={unit === 'MB'}>
          {t('options_follow_unit_mb')}
        </option>
        <option value="GB" selected={unit === 'GB'}>
          {t('options_follow_unit_gb')}
        </option>
      </select>
      {onSave && (
        <button type="submit" data-testid="follow-budget-save" disabled={disabled || !!error}>
          {t('options_follow_budget_save')}
        </button>
      )}
      <p id="follow-budget-text" class="quiet explain">
        {t('options_follow_budget_text')}
      </p>
      {error && (
        <p id="follow-budget-error" class="notice error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}
