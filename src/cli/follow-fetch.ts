/**
 * The follower's fetch in Node (core/follow/types.ts `FollowFetch`): `wirecheck follow`, the
 * unit tests and the bench, over Node's own fetch (undici).
 *
 * - Nothing but the request: Node's fetch keeps no cookie jar and sends no Referer; nothing
 *   here adds either, nor credentials of any kind. The user agent names Wirecheck,
 *   the name robots.txt rules are read for.
 * - Redirects are not followed (`redirect: 'manual'`): undici shows the 3xx and its Location,
 *   and the follower decides (same host only), so no request reaches another host.
 * - A body (text for the follower, bytes for pack subscriptions) is read from its stream and
 *   refused past `maxBytes` (FollowError 'too-large') without reading the rest; a
 *   Content-Length above it is refused before the first byte. The limit counts the bytes after
 *   undici undoes gzip or brotli, so a small compressed body cannot unpack into gigabytes.
 * - The caller's signal aborts the request and the body read; its reason (the follower's
 *   timeout or stop, a FollowError) is what the caller gets. Any other failure is 'network'.
 */

import { FollowError } from '../core/follow/errors';
import type { FollowFetch, FollowRequest, FollowResponse } from '../core/follow/types';

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
  return async (url: string, request: FollowRequest): Promise<FollowResponse> => {
    let response: Response;
    try {
      response = await fetchImpl(url, {
        method: 'GET',
        headers: { ...request.headers, 'user-agent': userAgent },
        redirect: 'manual',
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
        cache: 'no-store',
        signal: request.signal,
      });
    } catch (e) {
      throw failure(e, url, request.signal);
    }
    return {
      status: response.status,
      url: response.url || url,
      header: (name) => response.headers.get(name),
      text: async (maxBytes) => decoderFor(response.headers.get('content-type')).decode(await readBytes(response, url, maxBytes, request.signal)),
      bytes: (maxBytes) => readBytes(response, url, maxBytes, request.signal),
    };
  };
}

/** Node's fetch as a FollowFetch, with the defaults above. */
export const nodeFollowFetch: FollowFetch = makeNodeFollowFetch();

/** The body as sent, at most `maxBytes` of it read. */
async function readBytes(response: Response, url: string, maxBytes: number, signal: AbortSignal): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(url, maxBytes);
  }
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) throw tooLarge(url, maxBytes);
      chunks.push(value);
    }
  } catch (e) {
    await reader.cancel().catch(() => undefined);
    throw failure(e, url, signal);
  }
  return Buffer.concat(chunks, total);
}

/** UTF-8 unless the response names another charset TextDecoder knows. */
function decoderFor(contentType: string | null): TextDecoder {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1];
  try {
    return new TextDecoder(charset ?? 'utf-8');
  } catch {
    return new TextDecoder('utf-8');
  }
}

function tooLarge(url: string, maxBytes: number): FollowError {
  return new FollowError('too-large', `${url} is larger than ${maxBytes.toLocaleString('en-US')} bytes, the most Wirecheck reads of it`);
}

function failure(e: unknown, url: string, signal: AbortSignal): Error {
  if (e instanceof FollowError) return e;
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    return reason instanceof FollowError ? reason : new FollowError('stopped', `the request for ${url} was stopped`, { cause: e });
  }
  const cause = e instanceof Error && e.cause instanceof Error ? `: ${e.cause.message}` : '';
  return new FollowError('network', `could not reach ${hostOf(url)} (${e instanceof Error ? e.message : String(e)}${cause})`, { cause: e });
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
