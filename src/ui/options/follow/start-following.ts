/**
 * "Follow AP", for the options page and the welcome page alike: ask for the followed
 * sitemap's site first, synchronously in the reader's click (the browsers grant a host
 * permission only there), and only when it is granted tell the background to follow. A
 * refusal changes nothing: nothing is sent.
 */

import type { BackfillWindow } from '../../../core/follow/types';
import type { FollowApi, FollowChange, FollowStatus } from '../../api';
import { DEFAULT_SITEMAP } from '../follow-form';
import { type PermissionsApi, withSiteAccess } from '../host-permission';

export type StartOutcome = { kind: 'following'; status: FollowStatus } | { kind: 'refused'; host: string } | { kind: 'bad-url' };

export interface StartChoice {
  window: BackfillWindow;
  budgetBytes?: number;
  sitemapIndex?: string;
}

/** Call straight from the click handler, with no `await` before it. */
export function startFollowing(permissions: PermissionsApi, api: FollowApi, choice: StartChoice): Promise<StartOutcome> {
  const sitemap = choice.sitemapIndex?.trim() || DEFAULT_SITEMAP;
  const change: FollowChange = {
    following: true,
    window: choice.window,
    ...(choice.budgetBytes !== undefined ? { budgetBytes: choice.budgetBytes } : {}),
    ...(sitemap !== DEFAULT_SITEMAP ? { sitemapIndex: sitemap } : {}),
  };
  return withSiteAccess(permissions, sitemap, () => api.followSet(change)).then((r) =>
    r.kind === 'granted' ? { kind: 'following', status: r.value } : r.kind === 'refused' ? { kind: 'refused', host: new URL(sitemap).host } : { kind: 'bad-url' },
  );
}
