/** The popup: what Wirecheck concluded about the current tab, in plain words. */

import { useEffect, useState } from 'preact/hooks';
import type { MatchResult } from '../../core/types';
import type { TabState } from '../../messaging/protocol';
import type { BackgroundApi } from '../api';
import { t } from '../../i18n/t';
import { VERDICT_EXPLANATIONS, VERDICT_HEADLINES, formatPublished, percent } from '../../i18n/words';
import { safeLink } from '../safe-link';

const POLL_MS = 300;

export interface PopupProps {
  api: BackgroundApi;
  tabId: number | undefined;
  optionsUrl: string;
  /** Opens an extension page in a new tab (the comparison page). */
  openPage(path: string): void;
}

export function Popup({ api, tabId, optionsUrl, openPage }: PopupProps) {
  const [state, setState] = useState<TabState | undefined>();
  /** Why the tab's state could not be read; cleared by the next read that succeeds. */
  const [readError, setReadError] = useState<string | undefined>();
  /** Why the reader's last action failed; stays until another action succeeds. */
  const [actionError, setActionError] = useState<string | undefined>();
  const [polls, setPolls] = useState(0);

  useEffect(() => {
    if (tabId === undefined) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const s = await api.getTabState(tabId);
        if (stopped) return;
        setState(s);
        setReadError(undefined);
        if (s.status === 'checking' || s.status === 'unknown') timer = setTimeout(poll, POLL_MS);
      } catch (e) {
        if (stopped) return;
        setReadError(e instanceof Error ? e.message : String(e));
        timer = setTimeout(poll, POLL_MS * 3);
      }
    };
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [api, tabId, polls]);

  /** Runs an action, shows its error if any, and polls the tab's state again. */
  const act = async (action: () => Promise<unknown>) => {
    try {
      await action();
      setActionError(undefined);
    } catch (e) {
      setActionError(e instanceof Error ? e.message : String(e));
    }
    setPolls((n) => n + 1);
  };

  const actions: Actions | undefined =
    tabId === undefined
      ? undefined
      : {
          checkNow: () => act(() => api.checkTab(tabId)),
          compare: () => openPage(`/compare.html?tab=${tabId}`),
          highlight: (on) => act(() => api.highlight(tabId, on)),
          addPage: () => act(() => api.addPage(tabId)),
          reportWrong: () => act(async () => setState(await api.reportWrong(tabId))),
        };

  return (
    <main class="popup">
      <header class="brand">
        <h1>{t('popup_title')}</h1>
      </header>
      {actionError && <p class="notice error" role="alert" data-testid="action-error">{actionError}</p>}
      {readError && readError !== actionError && <p class="notice error" role="alert">{readError}</p>}
      <Body state={state} optionsUrl={optionsUrl} actions={actions} />
      <footer>
        <a href={optionsUrl} target="_blank" rel="noreferrer">{t('popup_manage_corpus')}</a>
      </footer>
    </main>
  );
}

interface Actions {
  checkNow(): Promise<void>;
  compare(): void;
  highlight(on: boolean): Promise<void>;
  addPage(): Promise<void>;
  reportWrong(): Promise<void>;
}

function Body({ state, optionsUrl, actions }: { state: TabState | undefined; optionsUrl: string; actions: Actions | undefined }) {
  if (!state || state.status === 'unknown') {
    return <p data-testid="state-waiting" class="quiet">{t('popup_waiting')}</p>;
  }
  switch (state.status) {
    case 'checking':
      return <p data-testid="state-checking" aria-busy="true">{t('popup_checking')}</p>;
    case 'not-article':
      return state.reason ? (
        <p data-testid="state-not-article" data-reason={state.reason}>
          {t('popup_page_too_big')}
        </p>
      ) : (
        <p data-testid="state-not-article">{t('popup_not_article')}</p>
      );
    case 'skipped':
      return (
        <section data-testid="state-skipped" data-reason={state.reason}>
          <p>
            {state.reason === 'muted' ? t('popup_skipped_muted') : t('popup_skipped_manual')}
          </p>
          {actions && (
            <button type="button" data-testid="check-now" onClick={() => void actions.checkNow()}>
              {state.reason === 'muted' ? t('popup_check_once') : t('popup_check_now')}
            </button>
          )}
        </section>
      );
    case 'error':
      return <p data-testid="state-error" class="notice error">{t('popup_error', state.message)}</p>;
    case 'checked':
      return state.result.source ? (
        <Result result={state.result} actions={actions} />
      ) : (
        <section data-testid="state-no-source">
          <h2>{t('popup_no_source_heading')}</h2>
          <p>{t('popup_no_source_text')}</p>
          <p>
            <a href={optionsUrl} target="_blank" rel="noreferrer">{t('popup_import_more')}</a>
          </p>
          {actions && (
            <p>
              <button type="button" data-testid="add-page" onClick={() => void actions.addPage()}>
                {t('popup_add_page_as_original')}
              </button>
            </p>
          )}
        </section>
      );
  }
}

function Result({ result, actions }: { result: MatchResult; actions: Actions | undefined }) {
  const [highlighted, setHighlighted] = useState(false);
  const source = result.source!;
  const link = safeLink(source.url);
  const score = result.paraphraseScore ?? 0;
  return (
    <section class={`result verdict-${result.verdict}`}>
      <h2 data-testid="verdict" data-verdict={result.verdict}>{VERDICT_HEADLINES[result.verdict]}</h2>
      <p>{VERDICT_EXPLANATIONS[result.verdict]}</p>
      <dl>
        <dt>{t('popup_likely_source')}</dt>
        <dd>
          {link ? (
            <a data-testid="source-title" href={link} target="_blank" rel="noreferrer">{source.title}</a>
          ) : (
            <span data-testid="source-title">{source.title}</span>
          )}
          <span class="quiet"> · {formatPublished(source.published)}</span>
        </dd>
        <dt>{t('popup_paraphrase_score')}</dt>
        <dd>
          <meter min={0} max={100} value={score} aria-label={t('popup_score_label')} />{' '}
          <span data-testid="paraphrase-score">{score}</span>/100 <span class="quiet">{t('popup_score_scale')}</span>
        </dd>
        <dt>{t('popup_from_source')}</dt>
        <dd>
          <span data-testid="coverage">{percent(result.coverage)}</span> {t('popup_coverage', percent(result.sourceReuse))}
        </dd>
        {result.evidence && (
          <>
            <dt>{t('popup_story_evidence')}</dt>
            <dd data-testid="story-evidence">
              {t('popup_evidence', String(result.evidence.anchorsShared), percent(result.evidence.order), percent(result.evidence.pageExplained))}
            </dd>
          </>
        )}
        {result.sharedQuotes > 0 && (
          <>
            <dt>{t('popup_quotes')}</dt>
            <dd data-testid="shared-quotes">{result.sharedQuotes === 1 ? t('popup_quotes_one') : t('popup_quotes_many', result.sharedQuotes)}</dd>
          </>
        )}
      </dl>
      {actions && (
        <div class="actions" role="group" aria-label={t('popup_actions_label')}>
          <button type="button" data-testid="open-comparison" onClick={actions.compare}>
            {t('popup_compare')}
          </button>
          <button
            type="button"
            data-testid="toggle-highlights"
            aria-pressed={highlighted}
            onClick={async () => {
              await actions.highlight(!highlighted);
              setHighlighted(!highlighted);
            }}
          >
            {highlighted ? t('popup_highlight_off') : t('popup_highlight_on')}
          </button>
          <button type="button" data-testid="add-page" onClick={() => void actions.addPage()}>
            {t('popup_add_page')}
          </button>
          <button type="button" data-testid="report-wrong" onClick={() => void actions.reportWrong()}>
            {t('popup_report_wrong')}
          </button>
        </div>
      )}
      <Evidence result={result} />
    </section>
  );
}

const SHOWN_SWAPS = 6;
const SHOWN_PASSAGES = 3;

/** What the reader can check for themselves: the word swaps and the most reworded passages. */
function Evidence({ result }: { result: MatchResult }) {
  const swaps = result.substitutions.slice(0, SHOWN_SWAPS);
  const passages = result.alignedPairs
    .filter((p) => !p.quote && p.paraphraseScore > 0)
    .sort((a, b) => b.paraphraseScore - a.paraphraseScore)
    .slice(0, SHOWN_PASSAGES);
  if (swaps.length === 0 && passages.length === 0) return null;
  return (
    <div class="evidence">
      {swaps.length > 0 && (
        <>
          <h3>{t('popup_words_swapped')}</h3>
          <ul data-testid="substitutions" class="swaps">
            {swaps.map((s) => (
              <li key={`${s.source}>${s.page}`}>
                <del>{s.source}</del> → <ins>{s.page}</ins>
                {s.count > 1 && <span class="quiet"> ×{s.count}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
      {passages.length > 0 && (
        <>
          <h3>{t('popup_changed_passages')}</h3>
          <ol class="passages">
            {passages.map((p) => (
              <li key={p.pageIndex} data-testid="changed-passage">
                <p>
                  <span class="label">{t('popup_this_page')}</span> {p.pageSentence}
                </p>
                <p class="quiet">
                  <span class="label">{t('popup_ap_original')}</span> {p.sourceSentence}
                </p>
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}
