/**
 * The welcome page's offer to follow AP: what it does in a sentence, the backfill window (a
 * month unless the reader picks another), and the button, which asks the browser for access
 * to apnews.com in the click itself (the same flow as the options page: start-following.ts),
 * then tells the background to follow. A refusal changes nothing and says so. The options
 * page's Follow AP section, linked here, shows its progress and everything else.
 */

import { useEffect, useState } from 'preact/hooks';
import type { BackfillWindow } from '../../core/follow/types';
import { t } from '../../i18n/t';
import type { FollowApi } from '../api';
import { DEFAULT_BUDGET_BYTES, DEFAULT_WINDOW } from '../options/follow-form';
import { WindowSelect } from '../options/follow/WindowSelect';
import { startFollowing } from '../options/follow/start-following';
import { errorText } from '../options/follow/use-polled';
import type { PermissionsApi } from '../options/host-permission';

type Offer = { kind: 'idle' } | { kind: 'busy' } | { kind: 'following' } | { kind: 'refused'; host: string } | { kind: 'failed'; message: string };

export interface FollowOfferProps {
  follow: FollowApi;
  permissions: PermissionsApi;
  optionsUrl: string;
}

export function FollowOffer({ follow, permissions, optionsUrl }: FollowOfferProps) {
  const [backfill, setBackfill] = useState<BackfillWindow>(DEFAULT_WINDOW);
  const [offer, setOffer] = useState<Offer>({ kind: 'idle' });

  // A reader who already follows (the page opened again) is told so instead of offered it.
  useEffect(() => {
    follow.followGet().then(
      (s) => setOffer((o) => (s.following && o.kind === 'idle' ? { kind: 'following' } : o)),
      () => undefined,
    );
  }, [follow]);

  const start = () => {
    setOffer({ kind: 'busy' });
    // No await before this call: it asks for the site inside the click.
    startFollowing(permissions, follow, { window: backfill, budgetBytes: DEFAULT_BUDGET_BYTES }).then(
      (r) => setOffer(r.kind === 'following' ? { kind: 'following' } : r.kind === 'refused' ? { kind: 'refused', host: r.host } : { kind: 'failed', message: t('options_follow_sitemap_invalid') }),
      (e: unknown) => setOffer({ kind: 'failed', message: errorText(e) }),
    );
  };

  return (
    <section aria-labelledby="welcome-follow" data-testid="welcome-follow">
      <h2 id="welcome-follow">{t('welcome_follow_heading')}</h2>
      <p>{t('welcome_follow_text')}</p>
      {offer.kind !== 'following' && (
        <>
          <WindowSelect id="welcome-follow-window" value={backfill} disabled={offer.kind === 'busy'} onChange={setBackfill} />
          <div class="actions">
            <button type="button" class="primary" data-testid="welcome-follow-start" disabled={offer.kind === 'busy'} onClick={start}>
              {t('welcome_follow_button')}
            </button>
          </div>
        </>
      )}
      {offer.kind === 'refused' || offer.kind === 'failed' ? (
        <p class="notice error" role="alert" data-testid="welcome-follow-error">
          {offer.kind === 'refused' ? t('welcome_follow_refused', offer.host) : t('welcome_follow_failed', offer.message)}
        </p>
      ) : (
        <p role="status" data-testid="welcome-follow-status">
          {offer.kind === 'busy' ? t('welcome_follow_asking') : offer.kind === 'following' ? t('welcome_follow_following') : ''}
        </p>
      )}
      <p>
        <a href={`${optionsUrl}#follow`} data-testid="welcome-follow-link">
          {t('welcome_follow_link')}
        </a>
      </p>
    </section>
  );
}
