/**
 * One site, below the Sites table: its figures, its chart by week and its last articles, with
 * its own export and "Clear this site". It reads the site's detail when opened and again each
 * time the table's list changes (`version`), keeping what it shows until the new answer comes,
 * so the figures never flash. Its heading takes focus when it opens, and "Back to all sites"
 * returns focus to the site's name in the table.
 */

import { useEffect, useRef, useState } from 'preact/hooks';
import type { SiteSummary } from '../../../core/sites/types';
import type { SiteDetail as Detail, SitesApi } from '../../../messaging/sites';
import { formatCount } from '../../../i18n/counts';
import { t } from '../../../i18n/t';
import { formatDay, percent } from '../../../i18n/words';
import { errorText } from '../follow/use-polled';
import { ExportButtons } from './ExportButtons';
import { SiteArticles } from './SiteArticles';
import { SiteChart } from './SiteChart';
import { SITE_DETAIL_ID } from './SiteRows';

export interface SiteDetailProps {
  sites: Pick<SitesApi, 'detail' | 'exportVisits'>;
  host: string;
  /** A new value each time the table's list was read again (a poll, an action): the detail is read again too. */
  version: unknown;
  onClose(): void;
  onClear(summary: SiteSummary): void;
  now?: () => Date;
}

type Loaded = { kind: 'loading' } | { kind: 'ready'; detail: Detail } | { kind: 'gone' } | { kind: 'failed'; message: string };

export function SiteDetailView({ sites, host, version, onClose, onClear, now }: SiteDetailProps) {
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    setLoaded({ kind: 'loading' });
    heading.current?.focus();
  }, [host]);

  useEffect(() => {
    let live = true;
    sites.detail(host).then(
      (detail) => live && setLoaded(detail ? { kind: 'ready', detail } : { kind: 'gone' }),
      (e: unknown) => live && setLoaded({ kind: 'failed', message: errorText(e) }),
    );
    return () => {
      live = false;
    };
  }, [sites, host, version]);

  return (
    <div id={SITE_DETAIL_ID} class="site-detail" role="region" aria-labelledby="site-detail-heading" data-testid="site-detail" data-host={host}>
      <div class="site-detail-header">
        <h3 id="site-detail-heading" tabIndex={-1} ref={heading}>
          {host}
        </h3>
        <button type="button" data-testid="site-close" onClick={onClose}>
          {t('options_sites_close')}
        </button>
      </div>
      {loaded.kind === 'loading' && <p class="quiet">{t('options_sites_detail_loading', host)}</p>}
      {loaded.kind === 'gone' && <p class="quiet">{t('options_sites_detail_gone', host)}</p>}
      {loaded.kind === 'failed' && (
        <p class="notice error" role="alert">
          {t('options_sites_unreachable', loaded.message)}
        </p>
      )}
      {loaded.kind === 'ready' && (
        <>
          <Facts summary={loaded.detail.summary} />
          <h4>{t('options_sites_chart_heading')}</h4>
          <SiteChart periods={loaded.detail.periods} />
          <div class="actions">
            <ExportButtons sites={sites} host={host} testId="site-export" now={now} />
            <button type="button" class="danger" data-testid="site-clear" onClick={() => onClear(loaded.detail.summary)}>
              {t('options_sites_clear_site')}
            </button>
          </div>
          <SiteArticles host={host} visits={loaded.detail.visits} />
        </>
      )}
    </div>
  );
}

function Facts({ summary: s }: { summary: SiteSummary }) {
  return (
    <dl class="site-facts" data-testid="site-facts">
      <dt>{t('options_sites_fact_articles')}</dt>
      <dd data-fact="articles">{formatCount(s.articles)}</dd>
      <dt>{t('options_sites_fact_ap')}</dt>
      <dd data-fact="apCopy">{t('options_sites_share', formatCount(s.apCopy), percent(s.apShare))}</dd>
      <dt>{t('options_sites_fact_credited')}</dt>
      <dd data-fact="credited">{formatCount(s.credited)}</dd>
      <dt>{t('options_sites_fact_uncredited')}</dt>
      <dd data-fact="uncredited">{formatCount(s.uncredited)}</dd>
      <dt>{t('options_sites_fact_rewrites')}</dt>
      <dd data-fact="uncreditedRewrites">{formatCount(s.uncreditedRewrites)}</dd>
      <dt>{t('options_sites_fact_since')}</dt>
      <dd>{t('options_sites_since', formatDay(s.firstCheckedAt), formatDay(s.lastCheckedAt))}</dd>
    </dl>
  );
}
