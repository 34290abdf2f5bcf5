/**
 * How much room the corpus takes (navigator.storage.estimate(): this extension's origin,
 * IndexedDB included) and whether the browser may clear it under storage pressure, with a
 * button to ask it not to (navigator.storage.persist(); the browser decides, and may ask).
 */

import { useEffect, useState } from 'preact/hooks';
import type { StorageEstimateInfo, StorageInfoApi } from './corpus-api';
import { formatBytes } from '../../i18n/counts';
import { t } from '../../i18n/t';

export function StorageSection({ storage, version }: { storage: StorageInfoApi; version: number }) {
  const [estimate, setEstimate] = useState<StorageEstimateInfo | null | undefined>();
  const [persisted, setPersisted] = useState<boolean | null | undefined>();
  const [asked, setAsked] = useState<boolean | null | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    storage.estimate().then(setEstimate, () => setEstimate(null));
    storage.persisted().then(setPersisted, () => setPersisted(null));
  }, [storage, version]);

  const ask = async () => {
    setBusy(true);
    try {
      const granted = await storage.persist();
      setAsked(granted);
      if (granted !== null) setPersisted(granted);
    } catch {
      setAsked(null);
    }
    setBusy(false);
  };

  return (
    <section id="storage" aria-labelledby="storage-heading">
      <h2 id="storage-heading">{t('options_storage_heading')}</h2>
      <p data-testid="storage-usage">
        {estimate === undefined ? '…' : estimate ? t('options_storage_usage', formatBytes(estimate.usage), formatBytes(estimate.quota)) : t('options_storage_unknown')}
      </p>
      {estimate && (
        <meter class="usage" min={0} max={estimate.quota} value={estimate.usage} aria-label={t('options_storage_usage', formatBytes(estimate.usage), formatBytes(estimate.quota))} />
      )}
      {persisted !== undefined && persisted !== null && (
        <p data-testid="storage-persisted" data-persisted={String(persisted)}>
          {persisted ? t('options_storage_persisted') : t('options_storage_not_persisted')}
        </p>
      )}
      {persisted !== true && (
        <div class="actions">
          <button type="button" data-testid="persist-storage" disabled={busy} onClick={() => void ask()}>
            {t('options_persist_button')}
          </button>
        </div>
      )}
      <p role="status" data-testid="persist-result">
        {busy ? t('options_persist_asking') : asked === undefined ? '' : asked === null ? t('options_persist_unavailable') : asked ? t('options_persist_granted') : t('options_persist_denied')}
      </p>
    </section>
  );
}
