/**
 * The options page's Sites view (options.html#sites): what the per-site record tells about the
 * sites the reader visits. A table of sites, sortable by each column (share of AP copy first),
 * a site's detail below it (figures, a chart by week, its last articles), export of the whole
 * record or one site as CSV or JSON Lines, and clearing one site or all of them, each after a
 * confirmation.
 *
 * The record grows while the reader browses in other tabs, so the list is asked for again while
 * the page is visible (every SITES_POLL_MS, and when it becomes visible again), like the
 * subscriptions' list; an action's answer replaces the list at once. The section takes the
 * background interface (SitesApi) as a prop, so tests run it on a fake.
 */

import { useCallback, useState } from 'preact/hooks';
import type { SiteSummary } from '../../../core/sites/types';
import type { SitesApi, SitesList } from '../../../messaging/sites';
import { tCount } from '../../../i18n/counts';
import { t } from '../../../i18n/t';
import { ConfirmDialog } from '../Dialog';
import { type Feedback, FeedbackLine } from '../follow/FeedbackLine';
import { errorText, usePolled } from '../follow/use-polled';
import { ExportButtons } from './ExportButtons';
import { SiteDetailView } from './SiteDetail';
import { SiteRows } from './SiteRows';
import { DEFAULT_SITE_SORT, type SiteSort, nextSort } from './sort';

/** The record changes as the reader reads: asked for every 10 s while the page is visible. */
export const SITES_POLL_MS = 10_000;

/** The id of the setting that turns the record on and off (settings section). */
export const SITE_RECORD_SETTING_ID = 'site-record';

export interface SitesSectionProps {
  sites: SitesApi;
  pollMs?: number;
  now?: () => Date;
}

type Confirming = { kind: 'all'; count: number } | { kind: 'site'; summary: SiteSummary } | null;

export function SitesSection({ sites, pollMs = SITES_POLL_MS, now }: SitesSectionProps) {
  const load = useCallback(() => sites.list(), [sites]);
  const polled = usePolled<SitesList>(load, pollMs);
  const list = polled.value;
  const [sort, setSort] = useState<SiteSort>(DEFAULT_SITE_SORT);
  const [selected, setSelected] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<Confirming>(null);
  const [feedback, setFeedback] = useState<Feedback>();

  const select = (host: string) => setSelected((current) => (current === host ? null : host));
  const closeDetail = () => {
    const host = selected;
    setSelected(null);
    // Back to the site's name in the table, where the reader opened it.
    if (host) requestAnimationFrameOr(() => document.querySelector<HTMLElement>(`[data-testid="sites-row"][data-host="${cssString(host)}"] [data-testid="sites-open"]`)?.focus());
  };

  const clear = (target: NonNullable<Confirming>) => {
    setConfirming(null);
    const host = target.kind === 'site' ? target.summary.host : undefined;
    setFeedback(undefined);
    polled
      .apply(sites.clear(host).then(() => sites.list()))
      .then(
        () => {
          if (host === undefined || host === selected) setSelected(null);
          setFeedback({ kind: 'info', text: host === undefined ? t('options_sites_cleared_all') : t('options_sites_cleared_site', host) });
        },
        (e: unknown) => setFeedback({ kind: 'error', text: t('options_sites_clear_failed', errorText(e)) }),
      );
  };

  const openSetting = (e: Event) => {
    const toggle = document.getElementById(SITE_RECORD_SETTING_ID) ?? document.getElementById('settings');
    if (!toggle) return;
    e.preventDefault();
    toggle.scrollIntoView({ block: 'center' });
    toggle.focus();
  };

  const count = list?.sites.length ?? 0;
  return (
    <section id="sites" aria-labelledby="sites-heading" data-testid="sites">
      <h2 id="sites-heading">{t('options_sites_heading')}</h2>
      <p>
        {t('options_sites_text')} {list && tCount('options_sites_retention', list.retentionDays)}
      </p>
      {list && !list.recording && (
        <p class="notice sites-off" data-testid="sites-off">
          {t('options_sites_off')}{' '}
          <a href={`#${SITE_RECORD_SETTING_ID}`} data-testid="sites-off-link" onClick={openSetting}>
            {t('options_sites_off_link')}
          </a>
        </p>
      )}
      {polled.error && (
        <p class="notice error" role="alert" data-testid="sites-load-error">
          {t('options_sites_unreachable', polled.error)}
        </p>
      )}
      {list === undefined ? (
        !polled.error && <p class="quiet">{t('options_sites_loading')}</p>
      ) : count === 0 ? (
        <p class="quiet" data-testid="sites-empty">
          {t('options_sites_empty')}
        </p>
      ) : (
        <>
          <p class="quiet" data-testid="sites-count">
            {tCount('options_sites_count', count)}
          </p>
          <SiteRows sites={list.sites} sort={sort} onSort={(key) => setSort((s) => nextSort(s, key))} selected={selected} onSelect={select} />
          <div class="actions">
            <ExportButtons sites={sites} testId="sites-export" now={now} />
            <button type="button" class="danger" data-testid="sites-clear-all" onClick={() => setConfirming({ kind: 'all', count })}>
              {t('options_sites_clear_all')}
            </button>
          </div>
        </>
      )}
      {selected && list?.sites.some((s) => s.host === selected) && (
        <SiteDetailView sites={sites} host={selected} version={list} now={now} onClose={closeDetail} onClear={(summary) => setConfirming({ kind: 'site', summary })} />
      )}
      <FeedbackLine feedback={feedback} testid="sites" />
      {confirming && (
        <ConfirmDialog
          heading={confirming.kind === 'all' ? tCount('options_sites_clear_all_heading', confirming.count) : t('options_sites_clear_site_heading', confirming.summary.host)}
          text={confirming.kind === 'all' ? t('options_sites_clear_all_text') : tCount('options_sites_clear_site_text', confirming.summary.articles, confirming.summary.host)}
          confirm={t('options_sites_clear')}
          onConfirm={() => clear(confirming)}
          onCancel={() => setConfirming(null)}
        />
      )}
    </section>
  );
}

function requestAnimationFrameOr(run: () => void): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(run);
  else setTimeout(run, 0);
}

/** A host in an attribute selector: quotes and backslashes escaped (CSS.escape is not everywhere the tests run). */
function cssString(host: string): string {
  return host.replace(/["\\]/g, '\\$&');
}
