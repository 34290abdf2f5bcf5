/**
 * The first-run page: what Wirecheck does with the reader's data (nothing leaves the
 * machine), the bundled sample corpus one click away, and the way to the options page's
 * import. Showing it marks the reader as welcomed (`settings.welcomed`), so the background
 * opens it once.
 */

import { useEffect, useState } from 'preact/hooks';
import type { CorpusApi, SettingsApi } from '../options/corpus-api';
import type { ImportFile, ImportOutcome } from '../options/import-run';
import type { MatchResult } from '../../core/types';
import { t } from '../../i18n/t';
import { VERDICT_EXPLANATIONS, VERDICT_HEADLINES } from '../../i18n/words';

export interface WelcomeProps {
  corpus: Pick<CorpusApi, 'importFiles'>;
  settings: SettingsApi;
  sampleCorpus(): Promise<ImportFile>;
  optionsUrl: string;
  /** The bundled example: the sample story after a synonym spinner. */
  exampleText(): Promise<string>;
  /** Checks text against the corpus with the same core the background uses. */
  checkText(text: string): Promise<MatchResult>;
}

type State = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; outcome: ImportOutcome } | { kind: 'failed'; message: string };

type TryState = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; result: MatchResult } | { kind: 'failed'; message: string };

export function Welcome({ corpus, settings, sampleCorpus, optionsUrl, exampleText, checkText }: WelcomeProps) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [text, setText] = useState('');
  const [tried, setTried] = useState<TryState>({ kind: 'idle' });

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

  const useExample = async () => {
    try {
      setText(await exampleText());
      setTried({ kind: 'idle' });
    } catch (e) {
      setTried({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
    }
  };

  const check = async (e: Event) => {
    e.preventDefault();
    if (!text.trim()) return setTried({ kind: 'failed', message: t('welcome_try_empty') });
    setTried({ kind: 'busy' });
    try {
      setTried({ kind: 'done', result: await checkText(text) });
    } catch (err) {
      setTried({ kind: 'failed', message: t('welcome_try_failed', err instanceof Error ? err.message : String(err)) });
    }
  };

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

      <section aria-labelledby="welcome-try">
        <h2 id="welcome-try">{t('welcome_try_heading')}</h2>
        <p>{t('welcome_try_text')}</p>
        <form onSubmit={(e) => void check(e)}>
          <label for="welcome-try-text">{t('welcome_try_label')}</label>
          <textarea id="welcome-try-text" data-testid="welcome-try-text" rows={6} value={text} onInput={(e) => setText((e.target as HTMLTextAreaElement).value)} />
          <div class="actions">
            <button type="button" data-testid="welcome-try-example" onClick={() => void useExample()}>
              {t('welcome_try_example')}
            </button>
            <button type="submit" class="primary" data-testid="welcome-try-check" disabled={tried.kind === 'busy'}>
              {t('welcome_try_check')}
            </button>
          </div>
        </form>
        <div role="status" data-testid="welcome-try-result" data-verdict={tried.kind === 'done' ? tried.result.verdict : undefined}>
          {tried.kind === 'busy' && <p>{t('welcome_try_checking')}</p>}
          {tried.kind === 'failed' && <p>{tried.message}</p>}
          {tried.kind === 'done' && (
            <>
              <p>
                <strong>{VERDICT_HEADLINES[tried.result.verdict]}</strong> {VERDICT_EXPLANATIONS[tried.result.verdict]}
              </p>
              {tried.result.source && <p>{t('welcome_try_source', tried.result.source.title)}</p>}
              {tried.result.paraphraseScore !== null && <p>{t('welcome_try_score', tried.result.paraphraseScore)}</p>}
              <p>{t('welcome_try_next')}</p>
            </>
          )}
        </div>
      </section>

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
