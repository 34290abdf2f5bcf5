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
 * A body (as text or as bytes) is read from its stream and refused past `maxBytes` without
 * reading the rest (a Content-Length above it is refused before the first byte), so a 50 MB
 * sitemap or a page that never ends costs at most the limit; a body whose length is declared
 * is read straight into one buffer of that size (a 1 GiB pack is not held twice). Failures arrive as FollowError: 'network' when no
 * answer came, 'too-large' past the limit, and when the caller aborted: the signal's reason if
 * it is a FollowError, 'timeout' for AbortSignal.timeout, else 'stopped'.
 */

import { FollowError } from '../core/follow/errors';
import type { FollowFetch, FollowRequest, FollowResponse } from '../core/follow/types';

type Fetch = typeof fetch;

export function browserFollowFetch(fetchImpl: Fetch = (input, init) => fetch(input, init)): FollowFetch {
  return async (url: string, request: FollowRequest): Promise<FollowResponse> => {
    let response: Response;
    try {
      response = await fetchImpl(url, {
        method: 'GET',
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
        cache: 'no-store',
        redirect: 'manual',
        headers: request.headers,
        signal: request.signal,
      });
    } catch (e) {
      throw failure(e, url, request.signal);
    }
    const opaque = response.type === 'opaqueredirect';
    return {
      status: opaque ? 0 : response.status,
      url: response.url || url,
      header: (name) => (opaque ? null : response.headers.get(name)),
      text: async (maxBytes) => decoder(response.headers.get('content-type')).decode(await readBytes(response, url, maxBytes, request.signal)),
      bytes: (maxBytes) => readBytes(response, url, maxBytes, request.signal),
    };
  };
}

/** The body, at most `maxBytes` bytes of it read. */
async function readBytes(response: Response, url: string, maxBytes: number, signal: AbortSignal): Promise<Uint8Array> {
  const length = response.headers.get('content-length');
  const declared = length === null ? Number.NaN : Number(length);
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(url, maxBytes);
  }
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  // Filled in place while the body keeps to its declared length (a compressed body does not).
  let buffer: Uint8Array | undefined = Number.isSafeInteger(declared) && declared > 0 ? new Uint8Array(declared) : undefined;
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (total + value.byteLength > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge(url, maxBytes);
      }
      if (buffer && total + value.byteLength <= buffer.byteLength) {
        buffer.set(value, total);
      } else {
        if (buffer) chunks.push(buffer.subarray(0, total));
        buffer = undefined;
        chunks.push(value);
      }
      total += value.byteLength;
    }
  } catch (e) {
    if (e instanceof FollowError) throw e;
    await reader.cancel().catch(() => undefined);
    throw failure(e, url, signal);
  }
  if (buffer) return total === buffer.byteLength ? buffer : buffer.slice(0, total);
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

/** A decoder for the charset the response names, UTF-8 when it names none or one unknown here (invalid bytes become U+FFFD). */
function decoder(contentType: string | null): TextDecoder {
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

/** Why a request or its body failed: the caller's abort as it gave it, else no answer. */
function failure(e: unknown, url: string, signal: AbortSignal): Error {
  if (e instanceof FollowError) return e;
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    if (reason instanceof FollowError) return reason;
    if (reason instanceof Error && reason.name === 'TimeoutError') return new FollowError('timeout', `${hostOf(url)} did not answer in time`, { cause: e });
    return new FollowError('stopped', `the request for ${url} was stopped`, { cause: e });
  }
  const why = e instanceof Error ? e.message : String(e);
  return new FollowError('network', `could not reach ${hostOf(url)} (${why})`, { cause: e });
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
