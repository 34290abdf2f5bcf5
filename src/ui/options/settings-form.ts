/**
 * The settings form's logic, as pure functions the page and the unit tests share: adding and
 * removing sites with the same normalisation the background applies (core/settings.ts
 * `normalizeHost`), and the plain-words explanation of each sensitivity, whose numbers come
 * from the verdict code itself so the page cannot drift from what the matcher does.
 */

import { DERIVED_SENTENCES_BY_SENSITIVITY } from '../../core/match/verdict';
import { MAX_HOSTS, type Sensitivity, type Settings, migrateSettings, normalizeHost } from '../../core/settings';
import { t, type MessageKey } from '../../i18n/t';

/** migrateSettings keeps at most this many hosts per list; the form says so instead of dropping silently. */
export { MAX_HOSTS };

export type HostChange = { ok: true; hosts: string[]; host: string } | { ok: false; error: string };

/** Adds what the reader typed ("https://WWW.Example.com/x" → "www.example.com") or says why not. */
export function addHost(hosts: readonly string[], input: string): HostChange {
  if (input.trim() === '') return { ok: false, error: t('options_host_empty') };
  const host = normalizeHost(input);
  if (!host) return { ok: false, error: t('options_host_invalid', input.trim()) };
  if (hosts.includes(host)) return { ok: false, error: t('options_host_duplicate', host) };
  if (hosts.length >= MAX_HOSTS) return { ok: false, error: t('options_host_too_many', MAX_HOSTS) };
  return { ok: true, hosts: [...hosts, host].sort(), host };
}

export function removeHost(hosts: readonly string[], host: string): string[] {
  return hosts.filter((h) => h !== host);
}

/** A copy of the settings with one field changed, validated as the store will validate it. */
export function withSetting<K extends keyof Settings>(settings: Settings, key: K, value: Settings[K]): Settings {
  return migrateSettings({ ...settings, [key]: value });
}

export interface SensitivityChoice {
  value: Sensitivity;
  label: MessageKey;
  explanation: MessageKey;
  /** Sentences that must derive from one AP story before a page is flagged. */
  sentences: number;
}

export const SENSITIVITY_CHOICES: readonly SensitivityChoice[] = [
  { value: 'cautious', label: 'options_sensitivity_cautious', explanation: 'options_sensitivity_cautious_text', sentences: DERIVED_SENTENCES_BY_SENSITIVITY.cautious },
  { value: 'balanced', label: 'options_sensitivity_balanced', explanation: 'options_sensitivity_balanced_text', sentences: DERIVED_SENTENCES_BY_SENSITIVITY.balanced },
  { value: 'eager', label: 'options_sensitivity_eager', explanation: 'options_sensitivity_eager_text', sentences: DERIVED_SENTENCES_BY_SENSITIVITY.eager },
];
