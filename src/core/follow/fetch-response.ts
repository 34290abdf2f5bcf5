/**
 * A FollowFetch (types.ts) over any WHATWG fetch: the browser's in the extension
 * (src/background/fetch.ts), Node's in the CLI (src/cli/follow-fetch.ts). The host's adapter
 * sends the request (its own options: no cookies, no referrer, no redirects followed); this
 * turns the Response into a FollowResponse and every failure into a FollowError, so both hosts
 * read bodies and report failures the same way.
 *
 * - An opaque redirect (a browser's answer to `redirect: 'manual'`, which hides the status and
 *   Location) is status 0 with no headers, which the follower skips. Node's fetch shows the
 *   3xx and its Location instead, which the follower follows on the same host only.
 * - A body (as text or as bytes) is read from its stream and refused past `maxBytes`
 *   (FollowError 'too-large') without reading the rest; a Content-Length above it is refused
 *   before the first byte. So a 50 MB sitemap or a page that never ends costs at most the
 *   limit, and since the limit counts the bytes after the fetch undoes gzip or brotli, a small
 *   compressed body cannot unpack into gigabytes. A body whose length is declared is read
 *   straight into one buffer of that size, so a 1 GiB pack is not held twice; a body longer
 *   than it declares (a compressed one) is gathered in chunks and joined.
 * - Text is decoded in the charset the Content-Type names, UTF-8 when it names none or one
 *   TextDecoder does not know (invalid bytes become U+FFFD).
 * - Failures: 'network' when no answer came (with the underlying cause's message, as Node's
 *   fetch gives one), 'too-large' past the limit, and when the caller aborted: the signal's
 *   reason if it is a FollowError (the follower's timeout or stop), 'timeout' for
 *   AbortSignal.timeout, else 'stopped'.
 */

import { FollowError } from './errors';
import { hostOf } from './host';
import type { FollowFetch, FollowRequest, FollowResponse } from './types';

/** What is read of a fetch Response (the browser's or Node's). */
export interface FetchedResponse {
  readonly type: string;
  readonly status: number;
  readonly url: string;
  readonly headers: { get(name: string): string | null };
  readonly body: ReadableStream<Uint8Array> | null;
}

/** A FollowFetch over `send`, a host's fetch with its own request options. */
export function followFetchOver(send: (url: string, request: FollowRequest) => Promise<FetchedResponse>): FollowFetch {
  return async (url, request) => {
    let response: FetchedResponse;
    try {
      response = await send(url, request);
    } catch (e) {
      throw fetchFailure(e, url, request.signal);
    }
    return followResponse(response, url, request.signal);
  };
}

function followResponse(response: FetchedResponse, url: string, signal: AbortSignal): FollowResponse {
  const opaque = response.type === 'opaqueredirect';
  return {
    status: opaque ? 0 : response.status,
    url: response.url || url,
    header: (name) => (opaque ? null : response.headers.get(name)),
    text: async (maxBytes) => decoderFor(response.headers.get('content-type')).decode(await readBody(response, url, maxBytes, signal)),
    bytes: (maxBytes) => readBody(response, url, maxBytes, signal),
  };
}

/** The body as sent, at most `maxBytes` bytes of it read. */
async function readBody(response: FetchedResponse, url: string, maxBytes: number, signal: AbortSignal): Promise<Uint8Array> {
  const length = response.headers.get('content-length');
  const declared = length === null ? Number.NaN : Number(length);
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(url, maxBytes);
  }
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  // Filled in place while the body keeps to its declared length.
  let buffer: Uint8Array | undefined = Number.isSafeInteger(declared) && declared > 0 ? new Uint8Array(declared) : undefined;
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (total + value.byteLength > maxBytes) throw tooLarge(url, maxBytes);
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
    await reader.cancel().catch(() => undefined);
    throw fetchFailure(e, url, signal);
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

/** A decoder for the charset the response names, UTF-8 when it names none or one unknown here. */
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

/** Why a request or its body failed: the caller's abort as it gave it, else no answer. */
function fetchFailure(e: unknown, url: string, signal: AbortSignal): Error {
  if (e instanceof FollowError) return e;
  const host = hostOf(url) || url;
  if (signal.aborted) {
    const reason: unknown = signal.reason;
    if (reason instanceof FollowError) return reason;
    if (reason instanceof Error && reason.name === 'TimeoutError') return new FollowError('timeout', `${host} did not answer in time`, { cause: e });
    return new FollowError('stopped', `the request for ${url} was stopped`, { cause: e });
  }
  const cause = e instanceof Error && e.cause instanceof Error ? `: ${e.cause.message}` : '';
  return new FollowError('network', `could not reach ${host} (${e instanceof Error ? e.message : String(e)}${cause})`, { cause: e });
}
