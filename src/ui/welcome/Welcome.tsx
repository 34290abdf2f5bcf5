/**
 * The first-run page: what Wirecheck does with the reader's data (nothing leaves the
 * machine), the bundled sample corpus one click away (`SampleCorpus`), the offer to follow
 * AP's stories (`FollowOffer`), a story to check at once (`TryIt`), and the way to the
 * options page's import. Showing it marks the reader as
 * welcomed (`settings.welcomed`), so the background opens it once.
 */

import { useEffect } from 'preact/hooks';
import type { CorpusApi, SettingsApi } from '../options/corpus-api';
import type { ImportFile } from '../options/import-run';
import type { MatchResult } from '../../core/types';
import type { FollowApi } from '../api';
import type { PermissionsApi } from '../options/host-permission';
import { FollowOffer } from './FollowOffer';
import { t } from '../../i18n/t';
import { SampleCorpus } from './SampleCorpus';
import { TryIt } from './TryIt';

export interface WelcomeProps {
  corpus: Pick<CorpusApi, 'importFiles'>;
  settings: SettingsApi;
  follow: FollowApi;
  permissions: PermissionsApi;
  sampleCorpus(): Promise<ImportFile>;
  optionsUrl: string;
  /** The bundled example: the sample story after a synonym spinner. */
  exampleText(): Promise<string>;
  /** Checks text against the corpus with the same core the background uses. */
  checkText(text: string): Promise<MatchResult>;
}

export function Welcome({ corpus, settings, follow, permissions, sampleCorpus, optionsUrl, exampleText, checkText }: WelcomeProps) {
  useEffect(() => {
    // Seen is seen: a reader who closes this page at once is not shown it again.
    void settings.update((s) => ({ ...s, welcomed: true })).catch(() => undefined);
  }, [settings]);

  return (
    <main class="welcome">
      <h1>{t('welcome_heading')}</h1>
      <p class="lead">{t('welcome_lead')}</p>

      <section aria-labelledby="welcome-data">
        <h2 id="welcome-data">{t('welcome_data_heading')}</h2>
        <ul>
          <li>{t('welcome_data_corpus')}</li>
          <li>{t('welcome_data_local')}</li>
          <li>{t('welcome_data_limits')}</li>
        </ul>
      </section>

      <SampleCorpus corpus={corpus} sampleCorpus={sampleCorpus} />
      <FollowOffer follow={follow} permissions={permissions} optionsUrl={optionsUrl} />
      <TryIt exampleText={exampleText} checkText={checkText} />

      <section aria-labelledby="welcome-import">
        <h2 id="welcome-import">{t('welcome_import_heading')}</h2>
        <p>{t('welcome_import_text')}</p>
        <p>
          <a href={`${optionsUrl}#import`} data-testid="welcome-options-link">
            {t('welcome_import_link')}
          </a>
        </p>
      </section>
    </main>
  );
}
