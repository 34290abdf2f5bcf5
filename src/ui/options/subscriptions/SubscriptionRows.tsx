/**
 * The table of pack subscriptions: the pack's URL (text, a link only when it is http(s)),
 * when it was last checked and last changed, how many articles it holds, its state or its
 * error (or that the browser no longer grants its site: "Check now" asks for it again), and
 * "Check now" / "Remove" named with the pack they act on.
 */

import { formatCount } from '../../../i18n/counts';
import { t } from '../../../i18n/t';
import type { SubscriptionStatus } from '../../api';
import { safeLink } from '../../safe-link';
import { formatWhen, hostOf } from '../follow-form';

export interface SubscriptionRowsProps {
  list: readonly SubscriptionStatus[];
  /** URLs with an action in progress (their buttons are disabled). */
  pending: ReadonlySet<string>;
  onCheck(sub: SubscriptionStatus): void;
  onRemove(sub: SubscriptionStatus): void;
}

export function SubscriptionRows({ list, pending, onCheck, onRemove }: SubscriptionRowsProps) {
  return (
    <table class="subscriptions" data-testid="subs-table">
      <caption class="visually-hidden">{t('options_subs_caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('options_subs_col_pack')}</th>
          <th scope="col">{t('options_subs_col_checked')}</th>
          <th scope="col">{t('options_subs_col_changed')}</th>
          <th scope="col" class="numeric">
            {t('options_subs_col_articles')}
          </th>
          <th scope="col">{t('options_subs_col_status')}</th>
          <th scope="col">{t('options_col_actions')}</th>
        </tr>
      </thead>
      <tbody>
        {list.map((sub) => {
          const busy = pending.has(sub.url);
          const link = safeLink(sub.url);
          return (
            <tr key={sub.url} data-testid="subs-row">
              <th scope="row" class="url">
                {link ? (
                  <a href={link} target="_blank" rel="noreferrer">
                    {sub.url}
                  </a>
                ) : (
                  sub.url
                )}
                {sub.sha256 && (
                  <span class="quiet small pinned" title={sub.sha256}>
                    {' '}
                    {t('options_subs_pinned')}
                  </span>
                )}
              </th>
              <td class="nowrap" data-testid="subs-checked">
                {formatWhen(sub.lastCheckedAt)}
              </td>
              <td class="nowrap" data-testid="subs-changed">
                {formatWhen(sub.lastChangedAt)}
              </td>
              <td class="numeric" data-testid="subs-articles">
                {sub.articles === undefined ? '—' : formatCount(sub.articles)}
              </td>
              <td data-testid="subs-state">
                {busy || sub.checking ? (
                  t('options_subs_working')
                ) : !sub.permitted ? (
                  <span class="notice error">{t('options_subs_no_access', hostOf(sub.url))}</span>
                ) : sub.error ? (
                  <span class="notice error">{t('options_subs_row_error', sub.error)}</span>
                ) : sub.lastCheckedAt === undefined ? (
                  t('options_subs_not_checked')
                ) : (
                  t('options_subs_ok')
                )}
              </td>
              <td class="nowrap">
                <button type="button" data-testid="subs-check" disabled={busy} aria-label={t('options_subs_check_label', sub.url)} onClick={() => onCheck(sub)}>
                  {t('options_subs_check')}
                </button>{' '}
                <button type="button" class="danger" data-testid="subs-remove" disabled={busy} aria-label={t('options_subs_remove_label', sub.url)} onClick={() => onRemove(sub)}>
                  {t('options_remove')}
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
