/**
 * The sites Wirecheck never checks: the list, and a form to add one. What the reader types is
 * checked against the list on screen (an error says what is wrong with it) and then added to
 * the list as stored, not to this page's copy of it.
 */

import { useState } from 'preact/hooks';
import type { Settings } from '../../../core/settings';
import { t } from '../../../i18n/t';
import { addHost, removeHost, withSetting } from '../settings-form';
import { SiteList } from './SiteList';

export interface NeverCheckSitesProps {
  hosts: readonly string[];
  change(apply: (s: Settings) => Settings): void;
}

export function NeverCheckSites({ hosts, change }: NeverCheckSitesProps) {
  const [hostInput, setHostInput] = useState('');
  const [hostError, setHostError] = useState<string | undefined>();

  const add = (e: Event) => {
    e.preventDefault();
    const result = addHost(hosts, hostInput);
    if (!result.ok) {
      setHostError(result.error);
      return;
    }
    setHostError(undefined);
    setHostInput('');
    change((s) => {
      const again = addHost(s.neverCheck, result.host);
      return again.ok ? withSetting(s, 'neverCheck', again.hosts) : s;
    });
  };

  return (
    <fieldset>
      <legend>{t('options_never_legend')}</legend>
      <p class="quiet explain">{t('options_never_text')}</p>
      <SiteList hosts={hosts} empty="options_never_empty" testId="never-check" onRemove={(h) => change((s) => withSetting(s, 'neverCheck', removeHost(s.neverCheck, h)))} />
      <form class="add-host" onSubmit={add}>
        <label for="never-check-input">{t('options_host_label')}</label>
        <input
          id="never-check-input"
          data-testid="never-check-input"
          value={hostInput}
          placeholder={t('options_host_placeholder')}
          autoComplete="off"
          spellcheck={false}
          aria-invalid={hostError ? 'true' : undefined}
          aria-describedby={hostError ? 'never-check-error' : undefined}
          onInput={(e) => {
            setHostInput((e.currentTarget as HTMLInputElement).value);
            setHostError(undefined);
          }}
        />
        <button type="submit" data-testid="never-check-add">
          {t('options_add_host')}
        </button>
        {hostError && (
          <p id="never-check-error" class="notice error" role="alert" data-testid="never-check-error">
            {hostError}
          </p>
        )}
      </form>
    </fieldset>
  );
}
