/**
 * The first-run page: what Wirecheck does with the reader's data (nothing leaves the
 * machine), the bundled sample corpus one click away, and the way to the options page's
 * import. Showing it marks the reader as welcomed (`settings.welcomed`), so the background
 * opens it once.
 */

import { useEffect, useState } from 'preact/hooks';
import type { CorpusApi, SettingsApi } from '../options/corpus-api';
import type { ImportFile, ImportOutcome } from '../options/import-run';
import { wt } from './text';

export interface WelcomeProps {
  corpus: Pick<CorpusApi, 'importFiles'>;
  settings: SettingsApi;
  sampleCorpus(): Promise<ImportFile>;
  optionsUrl: string;
}

type State = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; outcome: ImportOutcome } | { kind: 'failed'; message: string };

export function Welcome({ corpus, settings, sampleCorpus, optionsUrl }: WelcomeProps) {
  const [state, setState] = useState<State>({ kind: 'idle' });

  useEffect(() => {
    // Seen is seen: a reader who closes this page at once is not shown it again.
    void settings.update((s) => ({ ...s, welcomed: true })).catch(() => undefined);
  }, [settings]);

  const addSample = async () => {
    setState({ kind: 'busy' });
    try {
      setState({ kind: 'done', outcome: await corpus.importFiles([await sampleCorpus()]) });
    } catch (e) {
      setState({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
    }
  };

  return (
    <main class="welcome">
      <h1>{wt('welcome_heading')}</h1>
      <p class="lead">{wt('welcome_lead')}</p>

      <section aria-labelledby="welcome-data">
        <h2 id="welcome-data">{wt('welcome_data_heading')}</h2>
        <ul>
          <li>{wt('welcome_data_corpus')}</li>
          <li>{wt('welcome_data_local')}</li>
          <li>{wt('welcome_data_limits')}</li>
        </ul>
      </section>

      <section aria-labelledby="welcome-sample">
        <h2 id="welcome-sample">{wt('welcome_sample_heading')}</h2>
        <p>{wt('welcome_sample_text')}</p>
        <button type="button" class="primary" data-testid="welcome-add-sample" disabled={state.kind === 'busy'} onClick={() => void addSample()}>
          {wt('welcome_sample_button')}
        </button>
        <p role="status" data-testid="welcome-status">
          {state.kind === 'busy' ? wt('welcome_sample_adding') : state.kind === 'done' ? outcomeText(state.outcome) : state.kind === 'failed' ? wt('welcome_sample_failed', state.message) : ''}
        </p>
      </section>

      <section aria-labelledby="welcome-import">
        <h2 id="welcome-import">{wt('welcome_import_heading')}</h2>
        <p>{wt('welcome_import_text')}</p>
        <p>
          <a href={`${optionsUrl}#import`} data-testid="welcome-options-link">
            {wt('welcome_import_link')}
          </a>
        </p>
      </section>
    </main>
  );
}

function outcomeText(outcome: ImportOutcome): string {
  switch (outcome.kind) {
    case 'imported':
      return wt('welcome_sample_added', outcome.articles, outcome.added);
    case 'error':
      return wt('welcome_sample_failed', outcome.message);
    case 'invalid':
      return wt('welcome_sample_failed', outcome.problems.map((p) => p.message).join('; '));
    case 'pack-refused':
      return wt('welcome_sample_failed', outcome.detail);
    case 'cancelled':
      return '';
  }
}
