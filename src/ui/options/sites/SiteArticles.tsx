/**
 * A site's last articles, newest first: the title (a link to the page when its address is
 * http(s), through safeLink; text otherwise, never HTML), the verdict, how reworded, the AP
 * source's title and whether the page credited AP.
 *
 * "Its comparison": the comparison page works on an open tab's page, and the record keeps no
 * page text, so the honest link is the page itself. Opening it checks it again (as any page
 * is), and Wirecheck's toolbar button then opens the comparison of the page as it reads now;
 * the table's introduction says so.
 */

import type { CreditSignal, SiteVisit } from '../../../core/sites/types';
import { type MessageKey, t } from '../../../i18n/t';
import { VERDICT_HEADLINES, formatDay } from '../../../i18n/words';
import { safeLink } from '../../safe-link';

const SIGNALS: Record<CreditSignal, MessageKey> = {
  byline: 'options_sites_signal_byline',
  dateline: 'options_sites_signal_dateline',
  contributed: 'options_sites_signal_contributed',
  'source-line': 'options_sites_signal_source_line',
};

export function creditText(v: SiteVisit): string {
  if (v.verdict === 'none') return t('options_sites_none');
  if (!v.credited) return t('options_sites_credit_no');
  return v.creditSignal ? t('options_sites_credit_yes', t(SIGNALS[v.creditSignal])) : t('options_sites_fact_credited');
}

export function SiteArticles({ host, visits }: { host: string; visits: readonly SiteVisit[] }) {
  return (
    <>
      <h4>{t('options_sites_articles_heading')}</h4>
      <p class="quiet">{t('options_sites_articles_text')}</p>
      <table class="site-articles" data-testid="site-articles">
        <caption class="visually-hidden">{t('options_sites_articles_caption', host)}</caption>
        <thead>
          <tr>
            <th scope="col">{t('options_sites_col_title')}</th>
            <th scope="col">{t('options_sites_col_verdict')}</th>
            <th scope="col" class="numeric">
              {t('options_sites_col_score')}
            </th>
            <th scope="col">{t('options_sites_col_source')}</th>
            <th scope="col">{t('options_sites_col_credit')}</th>
            <th scope="col">{t('options_sites_col_checked')}</th>
          </tr>
        </thead>
        <tbody>
          {visits.map((v) => (
            <VisitRow key={v.url} visit={v} />
          ))}
        </tbody>
      </table>
    </>
  );
}

function VisitRow({ visit: v }: { visit: SiteVisit }) {
  const href = safeLink(v.url);
  const title = v.title.trim() || t('options_sites_untitled');
  return (
    <tr data-testid="site-article" data-verdict={v.verdict}>
      <td class="title">
        {href ? (
          <a href={href} target="_blank" rel="noreferrer" data-testid="site-article-link">
            {title}
          </a>
        ) : (
          <>
            {title}
            <span class="quiet small url">{v.url}</span>
          </>
        )}
      </td>
      <td class={`verdict verdict-${v.verdict}`}>{VERDICT_HEADLINES[v.verdict]}</td>
      <td class="numeric">{v.paraphraseScore === undefined ? t('options_sites_none') : String(Math.round(v.paraphraseScore))}</td>
      <td class="source">{v.sourceTitle ?? t('options_sites_none')}</td>
      <td data-testid="site-article-credit">{creditText(v)}</td>
      <td class="nowrap">{formatDay(v.checkedAt)}</td>
    </tr>
  );
}
