/**
 * The popup: what Wirecheck concluded about the current tab, in plain words. With a source it
 * leads with the verdict (VerdictSummary), folds the evidence below it (Evidence), then offers
 * the actions; the other states are one sentence each.
 */

import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { MatchResult } from '../../core/types';
import type { TabState } from '../../messaging/protocol';
import type { BackgroundApi } from '../api';
import { SiteLine } from './SiteLine';
import { t } from '../../i18n/t';
import { Evidence } from './Evidence';
import { VerdictSummary } from './VerdictSummary';
import { VerdictIcon } from '../verdict-icon';

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

  // The site line sits right under the verdict when there is one, else under the state's sentence.
  const siteLine = <SiteLine tabId={tabId} state={state} optionsUrl={optionsUrl} />;
  const leadsWithVerdict = state?.status === 'checked' && state.result.source !== null;

  return (
    <main class="popup">
      <header class="brand">
        <h1>{t('popup_title')}</h1>
      </header>
      {actionError && <p class="notice error" role="alert" data-testid="action-error">{actionError}</p>}
      {readError && readError !== actionError && <p class="notice error" role="alert">{readError}</p>}
      <Body state={state} optionsUrl={optionsUrl} actions={actions} siteLine={siteLine} />
      {!leadsWithVerdict && siteLine}
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

function Body({ state, optionsUrl, actions, siteLine }: { state: TabState | undefined; optionsUrl: string; actions: Actions | undefined; siteLine: JSX.Element }) {
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
        <Result result={state.result} actions={actions} siteLine={siteLine} />
      ) : (
        <section data-testid="state-no-source" class="verdict-card verdict-none" aria-labelledby="no-source-heading">
          <h2 class="verdict-heading" id="no-source-heading">
            <VerdictIcon verdict="none" />
            <span>{t('popup_no_source_heading')}</span>
          </h2>
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

/** A page with a source: the verdict first, the evidence folded below it, then what to do. */
function Result({ result, actions, siteLine }: { result: MatchResult; actions: Actions | undefined; siteLine: JSX.Element }) {
  const [highlighted, setHighlighted] = useState(false);
  return (
    <section class={`result verdict-${result.verdict}`} aria-labelledby="verdict-heading">
      <VerdictSummary result={result} />
      {siteLine}
      <Evidence result={result} />
      {actions && (
        <div class="actions" role="group" aria-label={t('popup_actions_label')}>
          <button type="button" class="primary" data-testid="open-comparison" onClick={actions.compare}>
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
    </section>
  );
}
