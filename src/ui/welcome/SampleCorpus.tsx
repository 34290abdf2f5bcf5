/** The welcome page's sample corpus: one button that imports it, and a status line that says what it added. */

import { useState } from 'preact/hooks';
import type { CorpusApi } from '../options/corpus-api';
import type { ImportFile, ImportOutcome } from '../options/import-run';
import { t } from '../../i18n/t';

type State = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; outcome: ImportOutcome } | { kind: 'failed'; message: string };

export interface SampleCorpusProps {
  corpus: Pick<CorpusApi, 'importFiles'>;
  sampleCorpus(): Promise<ImportFile>;
}

export function SampleCorpus({ corpus, sampleCorpus }: SampleCorpusProps) {
  const [state, setState] = useState<State>({ kind: 'idle' });

  const addSample = async () => {
    setState({ kind: 'busy' });
    try {
      setState({ kind: 'done', outcome: await corpus.importFiles([await sampleCorpus()]) });
    } catch (e) {
      setState({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
    }
  };

  return (
    <section aria-labelledby="welcome-sample">
      <h2 id="welcome-sample">{t('welcome_sample_heading')}</h2>
      <p>{t('welcome_sample_text')}</p>
      <button type="button" class="primary" data-testid="welcome-add-sample" disabled={state.kind === 'busy'} onClick={() => void addSample()}>
        {t('welcome_sample_button')}
      </button>
      <p role="status" data-testid="welcome-status">
        {state.kind === 'busy' ? t('welcome_sample_adding') : state.kind === 'done' ? outcomeText(state.outcome) : state.kind === 'failed' ? t('welcome_sample_failed', state.message) : ''}
      </p>
    </section>
  );
}

function outcomeText(outcome: ImportOutcome): string {
  switch (outcome.kind) {
    case 'imported':
      return t('welcome_sample_added', outcome.articles, outcome.added);
    case 'error':
      return t('welcome_sample_failed', outcome.message);
    case 'invalid':
      return t('welcome_sample_failed', outcome.problems.map((p) => p.message).join('; '));
    case 'pack-refused':
      return t('welcome_sample_failed', outcome.detail);
    case 'cancelled':
      return '';
  }
}
