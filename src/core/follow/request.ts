/**
 * One GET as the follower makes it: through the host's FollowFetch, within a timeout that
 * covers the answer and its body, following redirects on the followed host only, and sorted
 * into what the follower does next (polite.ts `statusClass`).
 *
 * - Every hop is paced (`beforeEach`), so a redirect is a request like any other.
 * - A 3xx whose Location is on another host (scheme, host and port, as URL.host has them) is
 *   not followed: no request reaches that host. Neither is one robots.txt disallows, nor a
 *   sixth hop. A browser's opaque redirect (status 0) hides its Location and is not followed.
 * - The timeout aborts the request and its body read; the caller's signal aborts them too and
 *   surfaces as FollowError 'stopped'. Any other throw from the fetch is 'network'.
 */

import { FollowError, isFollowError } from './errors';
import { MAX_REDIRECTS, retryAfterMs, statusClass } from './polite';
import type { FollowFetch, FollowResponse } from './types';
import { hostOf } from './host';

export type Answer =
  | { kind: 'ok'; status: number; url: string; text: string; header(name: string): string | null }
  | { kind: 'not-modified'; url: string; header(name: string): string | null }
  /** 404 or 410. */
  | { kind: 'gone'; status: number; url: string }
  /** A 4xx that is no failure of the site's (400, 405, 451, …). */
  | { kind: 'refused'; status: number; url: string }
  /** A failure worth retrying (429, 5xx, 401/403, 408): the wait the site asked for, if any. */
  | { kind: 'retry'; status: number; url: string; retryAfterMs?: number }
  | { kind: 'redirected'; url: string; why: 'opaque' | 'other-host' | 'robots' | 'too-many'; to?: string };

export interface RequestOptions {
  fetch: FollowFetch;
  headers: Record<string, string>;
  /** Most bytes of the body read. */
  maxBytes: number;
  timeoutMs: number;
  signal: AbortSignal;
  now: () => number;
  /** Where a redirect may go: the followed site's host (URL.host). */
  host: string;
  /** Called before every request, redirects included (the pace). */
  beforeEach(url: string): Promise<void>;
  /** Called as each request is sent (the time the pace counts from). */
  onSend(): void;
  /** Whether robots.txt lets a redirect's target be fetched. */
  allowed(url: string): boolean;
}


/** GETs `url`; throws FollowError 'timeout', 'network', 'too-large' or 'stopped'. */
export async function request(url: string, opts: RequestOptions): Promise<Answer> {
  let current = url;
  for (let hop = 0; ; hop++) {
    await opts.beforeEach(current);
    const answer = await once(current, opts);
    if (answer.kind !== 'follow') return answer;
    const to = answer.to;
    if (hostOf(to) !== opts.host) return { kind: 'redirected', url: current, why: 'other-host', to };
    if (!opts.allowed(to)) return { kind: 'redirected', url: current, why: 'robots', to };
    if (hop >= MAX_REDIRECTS) return { kind: 'redirected', url: current, why: 'too-many', to };
    current = to;
  }
}

async function once(url: string, opts: RequestOptions): Promise<Answer | { kind: 'follow'; to: string }> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(new FollowError('stopped', `the request for ${url} was stopped`));
  if (opts.signal.aborted) onAbort();
  else opts.signal.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(
    () => controller.abort(new FollowError('timeout', `${hostOf(url)} did not answer ${url} within ${Math.round(opts.timeoutMs / 1000)} s`)),
    opts.timeoutMs,
  );
  try {
    opts.onSend();
    const response: FollowResponse = await opts.fetch(url, { headers: opts.headers, signal: controller.signal });
    const status = response.status;
    const header = (name: string) => response.header(name);
    switch (statusClass(status)) {
      case 'ok':
        return { kind: 'ok', status, url: response.url || url, header, text: await response.text(opts.maxBytes) };
      case 'not-modified':
        return { kind: 'not-modified', url, header };
      case 'redirect': {
        const location = status === 0 ? null : response.header('location');
        if (!location) return { kind: 'redirected', url, why: 'opaque' };
        let to: string;
        try {
          to = new URL(location, response.url || url).href;
        } catch {
          return { kind: 'redirected', url, why: 'opaque' };
        }
        return { kind: 'follow', to };
      }
      case 'gone':
        return { kind: 'gone', status, url };
      case 'retry': {
        const wait = retryAfterMs(response.header('retry-after'), opts.now());
        return { kind: 'retry', status, url, ...(wait === undefined ? {} : { retryAfterMs: wait }) };
      }
      default:
        return { kind: 'refused', status, url };
    }
  } catch (e) {
    const reason: unknown = controller.signal.reason;
    if (controller.signal.aborted && isFollowError(reason)) throw reason;
    if (isFollowError(e)) throw e;
    throw new FollowError('network', `could not reach ${hostOf(url)} (${e instanceof Error ? e.message : String(e)})`, { cause: e });
  } finally {
    clearTimeout(timer);
    opts.signal.removeEventListener('abort', onAbort);
  }
}
