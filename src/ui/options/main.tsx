/** Mounts the options page on the real corpus (IndexedDB), background and navigator.storage. */

import { render } from 'preact';
import { CorpusStore } from '../../storage';
import { runtimeApi, runtimeFollowApi, runtimeSitesApi, runtimeSubscriptionsApi } from '../api';
import { browserPermissions } from './host-permission';
import { browserStorageApi, storeCorpusApi, storeSettingsApi } from './corpus-api';
import { Options } from './Options';
import { sampleCorpusFile } from './sample';
import { t } from '../../i18n/t';

export function mountOptions(root: HTMLElement): void {
  document.title = t('options_title');
  let store: Promise<CorpusStore> | undefined;
  const open = () => (store ??= CorpusStore.open());
  render(
    <Options
      corpus={storeCorpusApi(open, runtimeApi)}
      settings={storeSettingsApi(open, runtimeApi)}
      storage={browserStorageApi()}
      follow={runtimeFollowApi}
      subscriptions={runtimeSubscriptionsApi}
      sites={runtimeSitesApi}
      permissions={browserPermissions}
      sampleCorpus={sampleCorpusFile}
    />,
    root,
  );
  // options.html#import, #follow (from the welcome page) or #sites: the section exists only now,
  // after the browser's own scroll to the fragment found nothing.
  if (location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();
}
