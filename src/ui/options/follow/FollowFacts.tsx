/**
 * What a follow has done, as the background reports it: last and next run, the stories added,
 * waiting, skipped (pages that are not stories, or gone) and given up, and the storage the
 * followed stories take against the reader's budget. Polled, so it is not a live region: the
 * status line above it is.
 */

import { Fragment } from 'preact';
import type { FollowCounts } from '../../../core/follow/types';
import { formatBytes, formatCount } from '../../../i18n/counts';
import { t, type MessageKey } from '../../../i18n/t';
import type { FollowStatus } from '../../api';
import { DEFAULT_BUDGET_BYTES, formatWhen } from '../follow-form';

const COUNTS: readonly { key: keyof FollowCounts; label: MessageKey }[] = [
  { key: 'added', label: 'options_follow_added' },
  { key: 'queued', label: 'options_follow_queued' },
  { key: 'skipped', label: 'options_follow_skipped' },
  { key: 'failed', label: 'options_follow_failed' },
];

export function FollowFacts({ status }: { status: FollowStatus }) {
  const budget = status.state?.budgetBytes ?? DEFAULT_BUDGET_BYTES;
  const used = status.counts.bytes;
  const usage = t('options_follow_storage', formatBytes(used), formatBytes(budget));
  const current = status.running ? status.progress?.current : undefined;
  return (
    <div class="follow-facts">
      <dl data-testid="follow-facts">
        <dt>{t('options_follow_last_run')}</dt>
        <dd data-testid="follow-last-run">{formatWhen(status.state?.lastRunAt)}</dd>
        <dt>{t('options_follow_next_run')}</dt>
        <dd data-testid="follow-next-run">{status.running
            ? t('options_follow_running_now')
            : status.state?.stopped
              ? t('options_follow_not_while_stopped')
              : status.state?.paused
                ? t('options_follow_not_while_paused')
                : formatWhen(status.state?.nextRunAt)}</dd>
        {COUNTS.map((c) => (
          <Fragment key={c.key}>
            <dt>{t(c.label)}</dt>
            <dd data-testid={`follow-count-${c.key}`} data-count={status.counts[c.key]}>
              {formatCount(status.counts[c.key])}
            </dd>
          </Fragment>
        ))}
      </dl>
      {current && (
        <p class="quiet small follow-current" data-testid="follow-current">
          {t('options_follow_fetching', current)}
        </p>
      )}
      <p data-testid="follow-storage">{usage}</p>
      <meter class="usage" min={0} max={budget} value={Math.min(used, budget)} high={budget * 0.9} aria-label={usage} />
      {status.counts.evicted > 0 && (
        <p class="quiet small" data-testid="follow-evicted">
          {t('options_follow_evicted', formatCount(status.counts.evicted))}
        </p>
      )}
      {status.state?.lastError && !status.state.stopped && (
        <p class="quiet small" data-testid="follow-last-error">
          {t('options_follow_last_error', status.state.lastError)}
        </p>
      )}
    </div>
  );
}
