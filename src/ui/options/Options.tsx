/**
 * The options page: the reader's corpus of AP originals (import, table, export), the storage
 * it takes, following AP and pack subscriptions, the record of the sites read, and the
 * settings. Each section is its own component taking the interfaces of corpus-api.ts and
 * api.ts, so the page runs on fakes in tests and on IndexedDB and the background in the
 * extension.
 */

import { useCallback, useEffect, useState } from 'preact/hooks';
import type { CorpusApi, SettingsApi, StorageInfoApi } from './corpus-api';
import { CorpusTable } from './CorpusTable';
import { ExportSection } from './ExportSection';
import { FollowSection } from './FollowSection';
import type { PermissionsApi } from './host-permission';
import type { ImportFile } from './import-run';
import { ImportSection } from './ImportSection';
import { SettingsSection } from './SettingsSection';
import { StorageSection } from './StorageSection';
import { SubscriptionsSection } from './SubscriptionsSection';
import { SitesSection } from './sites/SitesSection';
import type { FollowApi, SubscriptionsApi } from '../api';
import type { SitesApi } from '../../messaging/sites';
import { t } from '../../i18n/t';

export interface OptionsProps {
  corpus: CorpusApi;
  settings: SettingsApi;
  storage: StorageInfoApi;
  follow: FollowApi;
  subscriptions: SubscriptionsApi;
  sites: SitesApi;
  permissions: PermissionsApi;
  sampleCorpus(): Promise<ImportFile>;
}

export function Options({ corpus, settings, storage, follow, subscriptions, sites, permissions, sampleCorpus }: OptionsProps) {
  // Bumped whenever the corpus may have changed: the table, export and storage re-read.
  const [version, setVersion] = useState(0);
  const [corpusSize, setCorpusSize] = useState<number | undefined>();
  const changed = useCallback(() => setVersion((v) => v + 1), []);

  useEffect(() => {
    corpus.query({ limit: 1 }).then(
      (page) => setCorpusSize(page.corpusSize),
      () => setCorpusSize(undefined),
    );
  }, [corpus, version]);

  // Another tab or the background (auto-capture, "add page") may have changed the corpus
  // while this page was hidden.
  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === 'visible') changed();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [changed]);

  return (
    <main class="options">
      <header>
        <h1>{t('options_title')}</h1>
        <p>{t('options_intro')}</p>
        <nav aria-label={t('options_nav_label')} class="sections">
          <a href="#import">{t('options_nav_import')}</a>
          <a href="#corpus">{t('options_nav_corpus')}</a>
          <a href="#export">{t('options_nav_export')}</a>
          <a href="#follow">{t('options_nav_follow')}</a>
          <a href="#subscriptions">{t('options_nav_subscriptions')}</a>
          <a href="#sites">{t('options_nav_sites')}</a>
          <a href="#storage">{t('options_nav_storage')}</a>
          <a href="#settings">{t('options_nav_settings')}</a>
        </nav>
      </header>
      <ImportSection corpus={corpus} sampleCorpus={sampleCorpus} onImported={changed} />
      <CorpusTable corpus={corpus} version={version} onChanged={changed} />
      <ExportSection corpus={corpus} corpusSize={corpusSize} />
      <FollowSection follow={follow} permissions={permissions} onCorpusChanged={changed} />
      <SubscriptionsSection subscriptions={subscriptions} permissions={permissions} onCorpusChanged={changed} />
      <SitesSection sites={sites} />
      <StorageSection storage={storage} version={version} />
      <SettingsSection settings={settings} />
    </main>
  );
}
