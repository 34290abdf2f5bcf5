/**
 * The reader's settings, saved as they change: each change is applied to the settings as
 * stored at that moment (CorpusStore.updateSettings, one transaction), so a site the
 * background muted meanwhile is not lost to a stale copy in this page, and is validated by
 * migrateSettings on the way in and out. The background is told after every save.
 *
 * The parts live in settings/: the settings and their saving (`useSettings`), the
 * sensitivity choice, the on/off settings (`Toggle`), and the lists of sites.
 */

import { t } from '../../i18n/t';
import type { SettingsApi } from './corpus-api';
import { removeHost, withSetting } from './settings-form';
import { NeverCheckSites } from './settings/NeverCheckSites';
import { SensitivityChoice } from './settings/SensitivityChoice';
import { SiteList } from './settings/SiteList';
import { SiteRecordSettings } from './settings/SiteRecordSettings';
import { Toggle } from './settings/Toggle';
import { type Saved, useSettings } from './settings/use-settings';

export function SettingsSection({ settings: api }: { settings: SettingsApi }) {
  const { settings, loadError, saved, change, set } = useSettings(api);

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
          <SensitivityChoice value={settings.sensitivity} onChange={(v) => set('sensitivity', v)} />
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
          <NeverCheckSites hosts={settings.neverCheck} change={change} />
          <fieldset>
            <legend>{t('options_muted_legend')}</legend>
            <p class="quiet explain">{t('options_muted_text')}</p>
            <SiteList
              hosts={settings.noticeMutedHosts}
              empty="options_muted_empty"
              testId="muted"
              onRemove={(h) => change((s) => withSetting(s, 'noticeMutedHosts', removeHost(s.noticeMutedHosts, h)))}
            />
          </fieldset>
          <fieldset>
            <legend>{t('options_capture_legend')}</legend>
            <Toggle id="auto-capture" checked={settings.autoCapture} label="options_auto_capture" text="options_auto_capture_text" onChange={(v) => set('autoCapture', v)} />
          </fieldset>
          <SiteRecordSettings settings={settings} set={set} />
        </>
      )}
      <p role="status" data-testid="settings-status" class="quiet">
        {savedText(saved)}
      </p>
    </section>
  );
}

function savedText(saved: Saved): string {
  return saved.kind === 'saved' ? t('options_settings_saved') : saved.kind === 'failed' ? t('options_settings_save_failed', saved.message) : '';
}
