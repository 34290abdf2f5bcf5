/**
 * How politely the follower asks: one request at a time, at most one a second (or the site's
 * robots.txt Crawl-delay when longer), Retry-After honoured, exponential back-off after a
 * failure, and a stop after repeated failures, so a reader's browser never hammers a site
 * that is struggling or refusing it.
 *
 * - The pace counts every request (robots.txt, sitemaps, stories) and is kept across runs
 *   (FollowState.lastRequestAt), so restarting the follower does not reset it.
 * - Back-off doubles from BACKOFF_BASE_MS per failure in a row and stops growing at
 *   BACKOFF_MAX_MS; without jitter: one reader's follower is one client, not a herd.
 * - Retry-After is read as delta-seconds or an HTTP-date and capped at MAX_RETRY_AFTER_MS: a
 *   site asking for a day's pause gets an hour, then is asked again (and the failures in a
 *   row still stop the follow).
 * - 408, 425, 429, 5xx and 401/403 are failures worth retrying; a site that keeps refusing
 *   stops the follow after MAX_CONSECUTIVE_FAILURES with its status in the reason. 404 and 410
 *   are answers (the story is gone), and other 4xx are skipped.
 *
 * At one request a second, 10,000 stories take under three hours of requests; an update every
 * UPDATE_INTERVAL_MS asks for the index (a 304 when nothing changed) and the sitemaps whose
 * lastmod moved.
 */

/** The least time between two requests to the followed site. The product never lowers it. */
export const MIN_REQUEST_INTERVAL_MS = 1_000;
/** A request (answer and body) not done by then is abandoned as a timeout. */
export const REQUEST_TIMEOUT_MS = 30_000;
/** How often the sitemaps are read again for new and changed stories. */
export const UPDATE_INTERVAL_MS = 30 * 60 * 1000;
/** Fetches of one story before it is given up as failed. */
export const MAX_ATTEMPTS = 4;
/** Failed requests in a row (any URL) after which the follow stops and says why. */
export const MAX_CONSECUTIVE_FAILURES = 6;
export const BACKOFF_BASE_MS = 2_000;
export const BACKOFF_MAX_MS = 10 * 60 * 1000;
export const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;
/** Redirects followed on the followed host for one URL. */
export const MAX_REDIRECTS = 5;

/** The wait a Retry-After header asks for (ms, capped), or undefined when absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, nowMs: number): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  let ms: number;
  if (/^\d+$/.test(value)) ms = Number(value) * 1000;
  else if (!/[a-z]/i.test(value)) return undefined; // an HTTP-date names its day and month
  else {
    const at = Date.parse(value);
    if (Number.isNaN(at)) return undefined;
    ms = at - nowMs;
  }
  return Math.min(Math.max(0, ms), MAX_RETRY_AFTER_MS);
}

/** The wait after the `attempt`-th failure in a row (1 → 2 s, 2 → 4 s, …, at most 10 min). */
export function backoffMs(attempt: number, baseMs = BACKOFF_BASE_MS): number {
  const n = Math.max(1, Math.floor(attempt));
  return Math.min(BACKOFF_MAX_MS, baseMs * 2 ** Math.min(n - 1, 30));
}

/** The pace between requests: the follower's own, or robots.txt's Crawl-delay when longer. */
export function requestIntervalMs(minIntervalMs: number, crawlDelayMs?: number): number {
  return Math.max(minIntervalMs, crawlDelayMs ?? 0);
}

export type StatusClass = 'ok' | 'not-modified' | 'redirect' | 'gone' | 'retry' | 'skip';

/** What an HTTP status means to the follower. */
export function statusClass(status: number): StatusClass {
  if (status >= 200 && status < 300) return 'ok';
  if (status === 304) return 'not-modified';
  if (status === 0 || (status >= 300 && status < 400)) return 'redirect';
  if (status === 404 || status === 410) return 'gone';
  if (status === 401 || status === 403 || status === 408 || status === 425 || status === 429 || status >= 500) return 'retry';
  return 'skip';
}
