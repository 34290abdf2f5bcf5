/** Mounts the welcome page on the real corpus and background (see Welcome.tsx). */

import { render } from 'preact';
import { browser } from 'wxt/browser';
import { CorpusStore } from '../../storage';
import { runtimeApi } from '../api';
import { storeCorpusApi, storeSettingsApi } from '../options/corpus-api';
import { sampleCorpusFile } from '../options/sample';

import { Welcome } from './Welcome';
import { t } from '../i18n';

export function mountWelcome(root: HTMLElement): void {
  document.title = t('welcome_document_title');
  let store: Promise<CorpusStore> | undefined;
  const open = () => (store ??= CorpusStore.open());
  render(
    <Welcome
      corpus={storeCorpusApi(open, runtimeApi)}
      settings={storeSettingsApi(open, runtimeApi)}
      sampleCorpus={sampleCorpusFile}
      optionsUrl={browser.runtime.getURL('/options.html')}
    />,
    root,
  );
}
