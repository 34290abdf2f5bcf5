/**
 * The comparison page: a checked tab's article next to its AP original, sentence by sentence,
 * with every changed word marked, and the whole of it as a report to copy.
 *
 * It takes the background interface and the clipboard as props (no `browser` in here), like
 * the popup, so it can be driven by a fake. Page and corpus text are rendered as JSX text
 * only; links go through safeLink.
 */

import { useEffect, useRef, useState } from 'preact/hooks';
import type { Substitution } from '../../core/types';
import type { Comparison } from '../../messaging/protocol';
import type { BackgroundApi } from '../api';
import { VERDICT_EXPLANATIONS, VERDICT_HEADLINES, formatPublished, percent } from '../../i18n/words';
import { safeLink } from '../safe-link';
import { VerdictIcon } from '../verdict-icon';
import { type DiffPart, type PairDiff, pairDiff } from './diff';
import { buildReport } from './report';
import { type CompareRow, buildRows, realign, rowKey } from './rows';
import { t } from '../../i18n/t';

export interface ComparePageProps {
  api: Pick<BackgroundApi, 'getComparison'>;
  /** From `?tab=<id>`; undefined when the page was opened without one. */
  tabId: number | undefined;
  /** Writes to the clipboard; undefined where the browser offers none. */
  copyText: ((text: string) => Promise<void>) | undefined;
  now(): Date;
}

type Loaded =
  | { status: 'loading' }
  | { status: 'error'; message: string; detail?: string }
  | { status: 'ready'; comparison: Comparison; view: View };

interface View {
  rows: { row: CompareRow; diff?: PairDiff }[];
  report: string;
  matchesResult: boolean;
}

function viewOf(comparison: Comparison, now: Date): View {
  const { alignment, matchesResult } = realign(comparison);
  const rows = buildRows(alignment).map((row) =>
    row.kind === 'aligned' || row.kind === 'quote' ? { row, diff: pairDiff(row.pair.sourceSentence, row.pair.pageSentence) } : { row },
  );
  return { rows, report: buildReport(comparison, alignment, now), matchesResult };
}

export function ComparePage({ api, tabId, copyText, now }: ComparePageProps) {
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });

  useEffect(() => {
    if (tabId === undefined) {
      setLoaded({ status: 'error', message: t('compare_no_tab') });
      return;
    }
    let stopped = false;
    const load = async (): Promise<Loaded> => {
      let comparison: Comparison | null;
      try {
        comparison = await api.getComparison(tabId);
      } catch (e) {
        return { status: 'error', message: t('compare_not_checked'), detail: messageOf(e) };
      }
      if (!comparison) return { status: 'error', message: t('compare_no_source') };
      try {
        return { status: 'ready', comparison, view: viewOf(comparison, now()) };
      } catch (e) {
        // Data this page cannot lay out must still end the loading state, with a reason.
        return { status: 'error', message: t('compare_failed'), detail: messageOf(e) };
      }
    };
    void load().then((next) => {
      if (!stopped) setLoaded(next);
    });
    return () => {
      stopped = true;
    };
  }, [api, tabId]);

  useEffect(() => {
    document.title = loaded.status === 'ready' ? t('compare_document_title_of', loaded.comparison.page.title) : t('compare_document_title');
  }, [loaded]);

  return (
    <div class="compare">
      <header class="brand">
        <p class="brand-name">{t('compare_brand')}</p>
        <h1>{t('compare_heading')}</h1>
      </header>
      <main>
        {loaded.status === 'loading' && (
          <p data-testid="compare-loading" role="status" aria-busy="true" class="quiet">
            {t('compare_loading')}
          </p>
        )}
        {loaded.status === 'error' && (
          <div data-testid="compare-error" role="alert" class="compare-error">
            <p class="notice error">{loaded.message}</p>
            {loaded.detail && !saysTheSame(loaded.message, loaded.detail) && <p class="quiet">{t('compare_background_said', loaded.detail)}</p>}
          </div>
        )}
        {loaded.status === 'ready' && <Ready comparison={loaded.comparison} view={loaded.view} copyText={copyText} />}
      </main>
    </div>
  );
}

function Ready({ comparison, view, copyText }: { comparison: Comparison; view: View; copyText: ComparePageProps['copyText'] }) {
  const { result } = comparison;
  return (
    <>
      <div class="summary-grid">
        <Summary comparison={comparison} matchesResult={view.matchesResult} />
        <Report report={view.report} copyText={copyText} />
      </div>
      <Swaps substitutions={result.substitutions} />
      <Rows rows={view.rows} pageLang={comparison.page.lang} />
    </>
  );
}

/** How many swaps show before "Show all": the spun seed page has over 70. */
const SHOWN_SWAPS = 24;

function Swaps({ substitutions }: { substitutions: Substitution[] }) {
  const [all, setAll] = useState(false);
  const shown = all ? substitutions : substitutions.slice(0, SHOWN_SWAPS);
  return (
    <section aria-labelledby="swaps-heading" class="swaps-section">
      <h2 id="swaps-heading">{t('compare_swaps_heading', substitutions.length)}</h2>
      {substitutions.length === 0 ? (
        <p data-testid="compare-substitutions" class="quiet">{t('compare_swaps_none')}</p>
      ) : (
        <>
          <p class="quiet">{t('compare_swaps_intro')}</p>
          <ul id="swaps-list" data-testid="compare-substitutions" class="swaps">
            {shown.map((s) => (
              <li key={`${s.source}>${s.page}`}>
                <del>{s.sourceAsWritten}</del> → <ins>{s.pageAsWritten}</ins>
                {s.count > 1 && <span class="quiet"> {t('compare_swap_times', s.count)}</span>}
              </li>
            ))}
          </ul>
          {substitutions.length > SHOWN_SWAPS && (
            <button type="button" data-testid="swaps-toggle" aria-expanded={all} aria-controls="swaps-list" onClick={() => setAll(!all)}>
              {all ? t('compare_swaps_show_fewer', SHOWN_SWAPS) : t('compare_swaps_show_all', substitutions.length)}
            </button>
          )}
        </>
      )}
    </section>
  );
}

function Summary({ comparison, matchesResult }: { comparison: Comparison; matchesResult: boolean }) {
  const { page, source, result } = comparison;
  const pageLink = safeLink(page.url);
  const sourceLink = safeLink(source.url);
  const score = result.paraphraseScore;
  return (
    <section aria-labelledby="verdict-heading" class={`summary result verdict-${result.verdict}`}>
      <h2 id="verdict-heading" class="verdict-heading" data-testid="compare-verdict" data-verdict={result.verdict}>
        <VerdictIcon verdict={result.verdict} />
        <span>{VERDICT_HEADLINES[result.verdict]}</span>
      </h2>
      <p>{VERDICT_EXPLANATIONS[result.verdict]}</p>
      {!matchesResult && (
        <p data-testid="compare-stale" class="notice warning">
          {t('compare_realigned_differently')}
        </p>
      )}
      <dl class="facts">
        <div>
          <dt>{t('compare_this_page')}</dt>
          <dd>
            {pageLink ? (
              <a data-testid="compare-page-title" href={pageLink} target="_blank" rel="noreferrer">{page.title || page.url}</a>
            ) : (
              <span data-testid="compare-page-title">{page.title || page.url}</span>
            )}
            <span class="url quiet">{page.url}</span>
          </dd>
        </div>
        <div>
          <dt>{t('compare_ap_original')}</dt>
          <dd>
            {sourceLink ? (
              <a data-testid="compare-source-title" href={sourceLink} target="_blank" rel="noreferrer">{source.title}</a>
            ) : (
              <span data-testid="compare-source-title">{source.title}</span>
            )}
            <span class="quiet">
              {' · '}
              {formatPublished(source.published)}
              {!sourceLink && ` · ${t('compare_no_link')}`}
            </span>
          </dd>
        </div>
        <div>
          <dt>{t('compare_paraphrase_score')}</dt>
          <dd>
            {score !== null && (
              <>
                <meter min={0} max={100} value={score} aria-label={t('compare_score_label')} />{' '}
              </>
            )}
            <span data-testid="compare-score">{score ?? '—'}</span>/100 <span class="quiet">{t('compare_score_scale')}</span>
          </dd>
        </div>
        <div>
          <dt>{t('compare_coverage')}</dt>
          <dd>
            <span data-testid="compare-coverage">{percent(result.coverage)}</span> {t('compare_coverage_text')}
          </dd>
        </div>
        <div>
          <dt>{t('compare_source_reuse')}</dt>
          <dd>
            <span data-testid="compare-source-reuse">{percent(result.sourceReuse)}</span> {t('compare_source_reuse_text')}
          </dd>
        </div>
        {result.evidence && (
          <div>
            <dt>{t('compare_evidence')}</dt>
            <dd>
              <span data-testid="compare-anchors">{result.evidence.anchorsShared}</span>{' '}
              {t('compare_evidence_text', percent(result.evidence.order), percent(result.evidence.pageExplained))}
            </dd>
          </div>
        )}
        <div>
          <dt>{t('compare_quotes')}</dt>
          <dd>
            <span data-testid="compare-quotes">{result.sharedQuotes}</span> <span class="quiet">{t('compare_quotes_text')}</span>
          </dd>
        </div>
      </dl>
    </section>
  );
}

function Report({ report, copyText }: { report: string; copyText: ComparePageProps['copyText'] }) {
  const [status, setStatus] = useState('');
  const box = useRef<HTMLTextAreaElement>(null);
  // When the clipboard is refused, the reader copies by hand: hand them the text selected.
  const selectForHand = () => {
    box.current?.focus();
    box.current?.select();
  };
  const copy = async () => {
    setStatus('');
    if (!copyText) {
      setStatus(t('compare_copy_failed', t('compare_copy_unavailable')));
      selectForHand();
      return;
    }
    try {
      await copyText(report);
      setStatus(t('compare_copied'));
    } catch (e) {
      setStatus(t('compare_copy_failed', messageOf(e)));
      selectForHand();
    }
  };
  return (
    <section aria-labelledby="report-heading" class="report">
      <h2 id="report-heading">{t('compare_report_heading')}</h2>
      <p class="actions">
        <button type="button" class="primary" data-testid="copy-report" onClick={() => void copy()}>
          {t('compare_copy_report')}
        </button>
      </p>
      <p data-testid="copy-status" role="status" class="copy-status">
        {status}
      </p>
      <label for="report-text">{t('compare_report_label')}</label>
      <textarea id="report-text" data-testid="report-text" readOnly rows={12} spellcheck={false} value={report} ref={box} />
    </section>
  );
}

function Rows({ rows, pageLang }: { rows: View['rows']; pageLang: string | undefined }) {
  // Screen readers do not announce <del>/<ins>; the stylesheet says "removed:"/"added:" for
  // them through these properties, which keeps the words in the catalogue and out of textContent.
  const srWords = {
    '--sr-removed': JSON.stringify(`${t('compare_removed')} `),
    '--sr-added': JSON.stringify(`${t('compare_added')} `),
    '--sr-change-end': JSON.stringify(` ${t('compare_change_end')} `),
  };
  return (
    <section aria-labelledby="rows-heading" class="rows-section">
      <h2 id="rows-heading">{t('compare_rows_heading')}</h2>
      <p class="quiet">{t('compare_rows_intro')}</p>
      <p class="legend">
        <del>{t('compare_legend_removed')}</del> · <ins>{t('compare_legend_added')}</ins>
      </p>
      <table class="pairs" style={srWords}>
        <caption class="visually-hidden">{t('compare_rows_caption')}</caption>
        <thead>
          <tr>
            <th scope="col" class="col-match">{t('compare_column_match')}</th>
            <th scope="col">{t('compare_this_page')}</th>
            <th scope="col">{t('compare_ap_original')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ row, diff }) => (
            <Row key={rowKey(row)} row={row} diff={diff} pageLang={pageLang} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Row({ row, diff, pageLang }: { row: CompareRow; diff: PairDiff | undefined; pageLang: string | undefined }) {
  const common = { 'data-testid': 'compare-row', 'data-kind': row.kind, class: `row row-${row.kind}` };
  switch (row.kind) {
    case 'aligned':
    case 'quote': {
      const { pair } = row;
      const label =
        row.kind === 'quote'
          ? t('compare_kind_quote')
          : pair.edits.length === 0
            ? t('compare_kind_same')
            : pair.paraphraseScore === 0
              ? t('compare_kind_edited')
              : t('compare_kind_reworded');
      return (
        <tr {...common}>
          <th scope="row">
            <span class="kind">{label}</span>
            {row.kind === 'aligned' && pair.paraphraseScore > 0 && <span class="row-score">{t('compare_row_score', pair.paraphraseScore)}</span>}
          </th>
          <td class="page" lang={pageLang}>
            <Parts parts={diff?.page ?? [{ text: pair.pageSentence, change: 'same' }]} />
          </td>
          <td class="source">
            <Parts parts={diff?.source ?? [{ text: pair.sourceSentence, change: 'same' }]} />
            {pair.sourceIndices.length > 1 && <span class="note">{t('compare_merged')}</span>}
            {row.sourceRepeated && <span class="note">{t('compare_repeated')}</span>}
          </td>
        </tr>
      );
    }
    case 'page-only':
      return (
        <tr {...common}>
          <th scope="row"><span class="kind">{t('compare_kind_page_only')}</span></th>
          <td class="page" lang={pageLang}>{row.text}</td>
          <td class="source empty" />
        </tr>
      );
    case 'source-only':
      return (
        <tr {...common}>
          <th scope="row"><span class="kind">{t('compare_kind_source_only')}</span></th>
          <td class="page empty" />
          <td class="source">{row.text}</td>
        </tr>
      );
    case 'publisher':
      return (
        <tr {...common} data-side={row.side}>
          <th scope="row"><span class="kind">{t('compare_kind_publisher')}</span></th>
          {row.side === 'page' ? (
            <>
              <td class="page dimmed" lang={pageLang}>{row.text}</td>
              <td class="source empty" />
            </>
          ) : (
            <>
              <td class="page empty" />
              <td class="source dimmed">{row.text}</td>
            </>
          )}
        </tr>
      );
  }
}

function Parts({ parts }: { parts: DiffPart[] }) {
  return (
    <>
      {parts.map((p, i) =>
        p.change === 'removed' ? <del key={i}>{p.text}</del> : p.change === 'added' ? <ins key={i}>{p.text}</ins> : p.text,
      )}
    </>
  );
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Whether the background's own words add nothing to ours ("this tab has not been checked"). */
function saysTheSame(message: string, detail: string): boolean {
  return message.toLowerCase().startsWith(detail.trim().toLowerCase());
}

/** The tab a comparison is about, from `?tab=<id>`; never a guess from the active tab. */
export function compareTabId(search: string): number | undefined {
  const raw = new URLSearchParams(search).get('tab') ?? '';
  // Chromium's tab ids run to ten digits; anything that is not a safe whole number is no tab.
  return /^\d{1,15}$/.test(raw) ? Number(raw) : undefined;
}
