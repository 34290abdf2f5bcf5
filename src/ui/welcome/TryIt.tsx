/**
 * "Try it" on the welcome page: paste a story (or take the bundled example, the sample story
 * after a synonym spinner) and check it against the corpus, with the verdict in the words
 * the popup uses.
 */

import { useState } from 'preact/hooks';
import type { MatchResult } from '../../core/types';
import { t } from '../../i18n/t';
import { VERDICT_EXPLANATIONS, VERDICT_HEADLINES } from '../../i18n/words';

type Tried = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; result: MatchResult } | { kind: 'failed'; message: string };

export interface TryItProps {
  exampleText(): Promise<string>;
  checkText(text: string): Promise<MatchResult>;
}

export function TryIt({ exampleText, checkText }: TryItProps) {
  const [text, setText] = useState('');
  const [tried, setTried] = useState<Tried>({ kind: 'idle' });

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
      <TryResult tried={tried} />
    </section>
  );
}

function TryResult({ tried }: { tried: Tried }) {
  return (
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
  );
}
