/**
 * How a follower's run (follower.ts) and its sitemap phase (sitemap-phase.ts) tell a failed
 * request, which they record and carry on from, from an interruption, which ends the run.
 */

import { type FollowError, isFollowError } from './errors';

/**
 * Lets a run's interruptions through (its signal, a wait beyond maxWaitMs, anything not a
 * FollowError); a request's FollowErrors are the caller's to handle.
 */
export function rethrowUnlessFailure(e: unknown): asserts e is FollowError {
  if (!isFollowError(e) || e.kind === 'stopped') throw e;
}

/** An error's message, for the reader. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
