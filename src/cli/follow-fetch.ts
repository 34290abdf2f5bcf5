/**
 * The follower's fetch in Node (core/follow/types.ts `FollowFetch`): `wirecheck follow`, the
 * unit tests and the bench, over Node's own fetch (undici).
 *
 * - Nothing but the request: Node's fetch keeps no cookie jar and sends no Referer; nothing
 *   here adds either, nor credentials of any kind. The user agent names Wirecheck,
 *   the name robots.txt rules are read for.
 * - Redirects are not followed (`redirect: 'manual'`): undici shows the 3xx and its Location,
 *   and the follower decides (same host only), so no request reaches another host.
 * - Reading the answer is core's (core/follow/fetch-response.ts, shared with the extension): a
 *   body refused past `maxBytes` (FollowError 'too-large') without reading the rest, counted
 *   after undici undoes gzip or brotli; the caller's signal aborts the request and the body
 *   read, and its reason (the follower's timeout or stop) is what the caller gets.
 */

import { followFetchOver } from '../core/follow/fetch-response';
import type { FollowFetch } from '../core/follow/types';

/** The user agent sent: robots.txt groups for `Wirecheck` apply to it. */
export const FOLLOW_USER_AGENT = 'Wirecheck (follows public sitemaps)';

export interface NodeFollowFetchOptions {
  /** The fetch to use (tests count the bytes a body delivers); Node's own by default. */
  fetch?: typeof fetch;
  userAgent?: string;
}

export function makeNodeFollowFetch(opts: NodeFollowFetchOptions = {}): FollowFetch {
  const fetchImpl = opts.fetch ?? ((input, init) => fetch(input, init));
  const userAgent = opts.userAgent ?? FOLLOW_USER_AGENT;
  return followFetchOver((url, request) =>
    fetchImpl(url, {
      method: 'GET',
      headers: { ...request.headers, 'user-agent': userAgent },
      redirect: 'manual',
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      cache: 'no-store',
      signal: request.signal,
    }),
  );
}

/** Node's fetch as a FollowFetch, with the defaults above. */
export const nodeFollowFetch: FollowFetch = makeNodeFollowFetch();
