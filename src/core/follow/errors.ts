/**
 * The one error the follower throws and records: a kind the code branches on, and a message
 * in the reader's words that the options page and the CLI show as they are.
 *
 * - malformed: a sitemap that is not well-formed XML, or not a sitemap at all.
 * - too-large: a body past its limit (a sitemap over 50 MiB), refused without reading the rest.
 * - http: a status the follower cannot use (`status` says which).
 * - timeout: no whole answer within REQUEST_TIMEOUT_MS.
 * - robots: robots.txt forbids it, or could not be read (treated as forbidding all, RFC 9309).
 * - network: the request failed before any answer.
 * - other-host: a URL or a redirect leading away from the followed host.
 * - stopped: the run was interrupted (its signal aborted).
 */

export type FollowErrorKind = 'malformed' | 'too-large' | 'http' | 'timeout' | 'robots' | 'network' | 'other-host' | 'stopped';

export class FollowError extends Error {
  readonly kind: FollowErrorKind;
  /** The HTTP status, for kind 'http'. */
  readonly status?: number;

  constructor(kind: FollowErrorKind, message: string, opts: { status?: number; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'FollowError';
    this.kind = kind;
    if (opts.status !== undefined) this.status = opts.status;
  }
}

export function isFollowError(e: unknown, kind?: FollowErrorKind): e is FollowError {
  return e instanceof FollowError && (kind === undefined || e.kind === kind);
}
