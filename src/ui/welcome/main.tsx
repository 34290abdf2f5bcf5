/** Mounts the welcome page on the real corpus and background (see Welcome.tsx). */

import { render } from 'preact';
import { browser } from 'wxt/browser';
import { CorpusStore } from '../../storage';
import { runtimeApi, runtimeFollowApi } from '../api';
import { browserPermissions } from '../options/host-permission';
import { storeCorpusApi, storeSettingsApi } from '../options/corpus-api';
import { checkPage } from '../../core/check';
import { sampleCorpusFile } from '../options/sample';
import exampleUrl from '../../../assets/example-rewrite.txt?url';

import { Welcome } from './Welcome';
import { t } from '../../i18n/t';

export function mountWelcome(root: HTMLElement): void {
  document.title = t('welcome_document_title');
  let store: Promise<CorpusStore> | undefined;
  const open = () => (store ??= CorpusStore.open());
  render(
    <Welcome
      corpus={storeCorpusApi(open, runtimeApi)}
      settings={storeSettingsApi(open, runtimeApi)}
      follow={runtimeFollowApi}
      permissions={browserPermissions}
      sampleCorpus={sampleCorpusFile}
      optionsUrl={browser.runtime.getURL('/options.html')}
      exampleText={async () => {
        const response = await fetch(exampleUrl);
        if (!response.ok) throw new Error(`the example could not be loaded (${response.status})`);
        return response.text();
      }}
      checkText={async (text) => {
        // The page's own check, on the corpus as it is now: the background's core, no message.
        const corpusStore = await open();
        const [firstLine = '', ...rest] = text.trim().split('\n');
        const page = { title: firstLine.trim(), text: rest.join('\n').trim() || firstLine };
        return checkPage(page, { index: await corpusStore.loadIndex(), loadArticles: (ids) => corpusStore.getArticles(ids) });
      }}
    />,
    root,
  );
}
