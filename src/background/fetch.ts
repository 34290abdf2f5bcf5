/**
 * The follower's and the subscriptions' fetch in the extension (core/follow/types.ts
 * `FollowFetch`), over the browser's `fetch`.
 *
 * Nothing of the reader goes with a request: no cookies or HTTP credentials (`credentials:
 * 'omit'`), no referrer (`referrerPolicy: 'no-referrer'`), nothing from or into the HTTP cache
 * (`cache: 'no-store'`: the follower sends its own If-None-Match / If-Modified-Since and keeps
 * the validators itself). Redirects are not followed (`redirect: 'manual'`): a browser answers
 * one as an opaque response that hides its status and Location, which the follower sees as
 * status 0 and skips, so no request ever reaches a host the reader did not allow. Node's fetch
 * (the unit tests) shows the 3xx and its Location instead, which the follower follows on the
 * same host only.
 *
 * Reading the answer is core's (core/follow/fetch-response.ts, shared with the CLI): a body
 * refused past its limit without reading the rest, and every failure a FollowError.
 */

import { followFetchOver } from '../core/follow/fetch-response';
import type { FollowFetch } from '../core/follow/types';

type Fetch = typeof fetch;

export function browserFollowFetch(fetchImpl: Fetch = (input, init) => fetch(input, init)): FollowFetch {
  return followFetchOver((url, request) =>
    fetchImpl(url, {
      method: 'GET',
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      cache: 'no-store',
      redirect: 'manual',
      headers: request.headers,
      signal: request.signal,
    }),
  );
}
