/**
 * The per-site record's settings: on or off (`#site-record`, where the Sites view links to),
 * and how many days an article stays in it. The number is saved when the field is left or
 * Enter is pressed, kept within SITE_RETENTION_DAYS as migrateSettings keeps it.
 */

import { useEffect, useState } from 'preact/hooks';
import { SITE_RETENTION_DAYS, type Settings, retentionDays } from '../../../core/settings';
import { formatCount } from '../../../i18n/counts';
import { t } from '../../../i18n/t';
import { Toggle } from './Toggle';

export interface SiteRecordSettingsProps {
  settings: Settings;
  set<K extends keyof Settings>(key: K, value: Settings[K]): void;
}

export function SiteRecordSettings({ settings, set }: SiteRecordSettingsProps) {
  const [days, setDays] = useState(String(settings.siteRetentionDays));
  useEffect(() => setDays(String(settings.siteRetentionDays)), [settings.siteRetentionDays]);
  const save = () => {
    const value = retentionDays(Number(days));
    setDays(String(value));
    if (value !== settings.siteRetentionDays) set('siteRetentionDays', value);
  };
  return (
    <fieldset id="site-record-settings">
      <legend>{t('options_site_record_legend')}</legend>
      <Toggle id="site-record" checked={settings.siteRecord} label="options_site_record" text="options_site_record_text" onChange={(v) => set('siteRecord', v)} />
      <div class="choice">
        <label for="site-retention-days">{t('options_site_retention')}</label>{' '}
        <input
          id="site-retention-days"
          data-testid="site-retention-days"
          type="number"
          inputMode="numeric"
          min={SITE_RETENTION_DAYS.min}
          max={SITE_RETENTION_DAYS.max}
          step={1}
          value={days}
          aria-describedby="site-retention-days-text"
          onInput={(e) => setDays((e.currentTarget as HTMLInputElement).value)}
          onChange={save}
          onKeyDown={(e) => e.key === 'Enter' && save()}
        />
        <p id="site-retention-days-text" class="quiet explain">
          {t('options_site_retention_text', formatCount(SITE_RETENTION_DAYS.min), formatCount(SITE_RETENTION_DAYS.max))}
        </p>
      </div>
    </fieldset>
  );
}
