/**
 * The reader's settings, saved as they change: each change is applied to the settings as
 * stored at that moment (CorpusStore.updateSettings, one transaction), so a site the
 * background muted meanwhile is not lost to a stale copy in this page, and is validated by
 * migrateSettings on the way in and out. The background is told after every save.
 */

import { useEffect, useState } from 'preact/hooks';
import type { Settings } from '../../core/settings';
import type { SettingsApi } from './corpus-api';
import { SENSITIVITY_CHOICES, addHost, removeHost, withSetting } from './settings-form';
import { t, type MessageKey } from '../../i18n/t';

type Saved = { kind: 'idle' } | { kind: 'saved'; at: number } | { kind: 'failed'; message: string };

export function SettingsSection({ settings: api }: { settings: SettingsApi }) {
  const [settings, setSettings] = useState<Settings | undefined>();
  const [loadError, setLoadError] = useState<string | undefined>();
  const [saved, setSaved] = useState<Saved>({ kind: 'idle' });
  const [hostInput, setHostInput] = useState('');
  const [hostError, setHostError] = useState<string | undefined>();

  useEffect(() => {
    api.load().then(setSettings, (e: unknown) => setLoadError(e instanceof Error ? e.message : String(e)));
  }, [api]);

  const change = async (apply: (s: Settings) => Settings) => {
    if (settings) setSettings(apply(settings)); // at once, so the control does not lag
    try {
      setSettings(await api.update(apply));
      setSaved({ kind: 'saved', at: Date.now() });
    } catch (e) {
      setSaved({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
      api.load().then(setSettings, () => undefined);
    }
  };
  const set = <K extends keyof Settings>(key: K, value: Settings[K]) => void change((s) => withSetting(s, key, value));

  const addNeverCheck = (e: Event) => {
    e.preventDefault();
    if (!settings) return;
    const result = addHost(settings.neverCheck, hostInput);
    if (!result.ok) {
      setHostError(result.error);
      return;
    }
    setHostError(undefined);
    setHostInput('');
    // Added to the list as stored now, not to this page's copy of it.
    void change((s) => {
      const again = addHost(s.neverCheck, result.host);
      return again.ok ? withSetting(s, 'neverCheck', again.hosts) : s;
    });
  };

  if (loadError) {
    return (
      <section id="settings" aria-labelledby="settings-heading">
        <h2 id="settings-heading">{t('options_settings_heading')}</h2>
        <p class="notice error" role="alert">
          {t('options_settings_save_failed', loadError)}
        </p>
      </section>
    );
  }

  return (
    <section id="settings" aria-labelledby="settings-heading" data-testid="settings">
      <h2 id="settings-heading">{t('options_settings_heading')}</h2>
      {settings && (
        <>
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
                  checked={settings.sensitivity === c.value}
                  aria-describedby={`sensitivity-${c.value}-text`}
                  onChange={() => set('sensitivity', c.value)}
                />
                <label for={`sensitivity-${c.value}`}>{t(c.label)}</label>
                <p id={`sensitivity-${c.value}-text`} class="quiet explain">
                  {t(c.explanation)}
                </p>
              </div>
            ))}
          </fieldset>

          <fieldset>
            <legend>{t('options_checking_legend')}</legend>
            <Toggle id="auto-check" checked={settings.autoCheck} label="options_auto_check" text="options_auto_check_text" onChange={(v) => set('autoCheck', v)} />
            <Toggle id="in-page-notice" checked={settings.inPageNotice} label="options_in_page_notice" text="options_in_page_notice_text" onChange={(v) => set('inPageNotice', v)} />
            <Toggle
              id="credited-notice"
              checked={settings.noticeOnCreditedCopies}
              label="options_credited_notice"
              text="options_credited_notice_text"
              onChange={(v) => set('noticeOnCreditedCopies', v)}
            />
          </fieldset>

          <fieldset>
            <legend>{t('options_never_legend')}</legend>
            <p class="quiet explain">{t('options_never_text')}</p>
            <HostList hosts={settings.neverCheck} empty="options_never_empty" testId="never-check" onRemove={(h) => void change((s) => withSetting(s, 'neverCheck', removeHost(s.neverCheck, h)))} />
            <form class="add-host" onSubmit={addNeverCheck}>
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

          <fieldset>
            <legend>{t('options_muted_legend')}</legend>
            <p class="quiet explain">{t('options_muted_text')}</p>
            <HostList
              hosts={settings.noticeMutedHosts}
              empty="options_muted_empty"
              testId="muted"
              onRemove={(h) => void change((s) => withSetting(s, 'noticeMutedHosts', removeHost(s.noticeMutedHosts, h)))}
            />
          </fieldset>

          <fieldset>
            <legend>{t('options_capture_legend')}</legend>
            <Toggle id="auto-capture" checked={settings.autoCapture} label="options_auto_capture" text="options_auto_capture_text" onChange={(v) => set('autoCapture', v)} />
          </fieldset>
        </>
      )}
      <p role="status" data-testid="settings-status" class="quiet">
        {saved.kind === 'saved' ? t('options_settings_saved') : saved.kind === 'failed' ? t('options_settings_save_failed', saved.message) : ''}
      </p>
    </section>
  );
}

function Toggle({ id, checked, label, text, onChange }: { id: string; checked: boolean; label: MessageKey; text: MessageKey; onChange(value: boolean): void }) {
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

function HostList({ hosts, empty, testId, onRemove }: { hosts: readonly string[]; empty: MessageKey; testId: string; onRemove(host: string): void }) {
  if (hosts.length === 0) return <p class="quiet" data-testid={`${testId}-empty`}>{t(empty)}</p>;
  return (
    <ul class="hosts" data-testid={`${testId}-list`}>
      {hosts.map((h) => (
        <li key={h} data-testid={`${testId}-host`}>
          <span>{h}</span>{' '}
          <button type="button" data-testid={`${testId}-remove`} onClick={() => onRemove(h)}>
            {t('options_remove')}
            <span class="visually-hidden"> {h}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
