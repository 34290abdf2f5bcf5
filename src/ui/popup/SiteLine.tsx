/**
 * The popup's line about the tab's site, from the per-site record: "On this site: 12 of the 15
 * articles you read were AP copy (9 rewritten without credit)", and a link to every site in
 * the options page. Hidden while the record is off, on a site with no article recorded, and
 * when the background cannot answer: the verdict above it never waits for it.
 *
 * It asks again whenever the tab's state moves on (a verdict just given has been counted by
 * then: the background answers after the writes it has queued).
 */

import { useEffect, useState } from 'preact/hooks';
import type { SiteSummary } from '../../core/sites/types';
import { formatCount, tCount } from '../../i18n/counts';
import { t } from '../../i18n/t';
import type { TabState } from '../../messaging/protocol';
import type { SitesApi } from '../../messaging/sites';
import { runtimeSitesApi } from '../api';

export interface SiteLineProps {
  tabId: number | undefined;
  /** The tab's state as the popup shows it: the line is read again when it changes. */
  state: TabState | undefined;
  optionsUrl: string;
  sites?: SitesApi;
}

export function SiteLine({ tabId, state, optionsUrl, sites = runtimeSitesApi }: SiteLineProps) {
  const [summary, setSummary] = useState<SiteSummary | null>(null);
  const status = state?.status;
  const url = state && 'url' in state ? state.url : undefined;

  useEffect(() => {
    if (tabId === undefined || url === undefined || status === 'checking') return;
    let current = true;
    sites.forTab(tabId).then(
      (answer) => current && setSummary(answer?.summary ?? null),
      () => current && setSummary(null),
    );
    return () => {
      current = false;
    };
  }, [sites, tabId, url, status]);

  if (!summary || summary.articles === 0) return null;
  return (
    <p class="site-line quiet" data-testid="site-line" data-articles={summary.articles} data-ap-copy={summary.apCopy} data-uncredited-rewrites={summary.uncreditedRewrites}>
      <strong>{t('popup_site_label')}</strong> {siteSentence(summary)}{' '}
      <a href={`${optionsUrl}#sites`} target="_blank" rel="noreferrer" data-testid="site-line-all">
        {t('popup_site_all')}
      </a>
    </p>
  );
}

/** "12 of the 15 articles you read were AP copy (9 rewritten without credit)". */
export function siteSentence(s: Pick<SiteSummary, 'articles' | 'apCopy' | 'uncreditedRewrites'>): string {
  const copies =
    s.articles === 1 ? t(s.apCopy === 1 ? 'popup_site_one_copy' : 'popup_site_one_own') : tCount('popup_site_copies', s.apCopy, formatCount(s.articles));
  return s.uncreditedRewrites > 0 ? `${copies} ${tCount('popup_site_uncredited', s.uncreditedRewrites)}` : copies;
}
