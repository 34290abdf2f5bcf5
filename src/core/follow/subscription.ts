/**
 * Checking one pack subscription: a `.wcpack` URL read now and then, its news applied to the
 * reader's corpus. Pure: the fetch, the SHA-256, the store (`apply`) and the clock are the
 * host's (the extension's background, the CLI, the tests).
 *
 * One check:
 * 1. A conditional GET (If-None-Match / If-Modified-Since from the last response applied,
 *    sent only while the reader's copy is the one those validators describe). 304: nothing
 *    changed, one request, nothing read. Redirects with a Location are followed (at most 5,
 *    http(s) only); a redirect the host may not show (status 0) and any other status fail.
 * 2. 200: the body as bytes, refused past MAX_SUBSCRIPTION_BYTES (1 GiB) without reading the
 *    rest; when the reader pinned a SHA-256, the bytes must have it, else nothing is applied.
 * 3. The pack is opened (core/pack: checksum, every text inflated once, the fingerprint
 *    parameters the reader's): a damaged pack, or one made with other parameters, is refused
 *    with PackError's words. A pack whose resultId is the reader's already changes nothing.
 * 4. What it applies: a full pack, everything (its articles added or replacing their
 *    versions; articles a previous version brought and this one lacks stay, since the reader's
 *    corpus mixes sources and the record keeps no list of ids); a delta whose base is the
 *    reader's corpus id, itself; otherwise the `previous` links are walked back (at most
 *    MAX_DELTA_CHAIN of them, each to the step before: its result the next one's base) to a
 *    delta whose base is the reader's, or to a full pack, and the chain is applied oldest
 *    first. A chain that does not reach it (a link missing, unreadable, wrong, looping or too
 *    long) falls back on the `full` link if the delta names one, else the check fails: "a gap:
 *    this update builds on X, your copy is Y". A reader with none of it yet holds the empty
 *    corpus (a chain may start there) and goes straight to `full` when there is one. A pinned
 *    URL is taken alone: the pin covers its bytes, not the packs it links to.
 * 5. The record: validators kept only when the reader ends at the URL's own result (else the
 *    next check reads it again), corpusId the last applied pack's resultId (after a chain cut
 *    short by a failed apply too), timestamps, articles brought, and the error in words.
 *
 * Every pack of a chain is fetched and opened before any is applied, so a missing link costs
 * requests, not a half-applied chain; `apply` failing part way is recorded as such.
 */

import { corpusIdOf } from '../pack/identity';
import { deltaGap } from '../pack/delta';
import { DEFAULT_PARAMS, type FingerprintParams } from '../fingerprint/minhash';
import { type Pack, PackError, openPack } from '../pack/pack';
import { FollowError } from './errors';
import type { FollowFetch, FollowResponse, SubscriptionRecord } from './types';
import { hostOf } from './host';

/** The largest pack a subscription reads: 1 GiB. */
export const MAX_SUBSCRIPTION_BYTES = 2 ** 30;
/** The most deltas walked back through `previous` links in one check. */
export const MAX_DELTA_CHAIN = 30;
/** Redirects followed per request. */
export const MAX_SUBSCRIPTION_REDIRECTS = 5;
/** The corpus id of no articles: where a subscription with nothing applied yet stands. */
export const EMPTY_CORPUS_ID = corpusIdOf([]);

/** How a pack is to be applied: the ids it deletes, and whether it is a whole version or a delta. */
export interface ApplyOptions {
  remove: readonly string[];
  kind: 'full' | 'delta';
}

export interface SubscriptionDeps {
  fetch: FollowFetch;
  /** Lowercase hex SHA-256 of the bytes (WebCrypto in the extension, node:crypto in the CLI). */
  sha256(bytes: Uint8Array): Promise<string>;
  /** The corpus id the reader's copy of this subscription is at; the record's when absent. */
  currentCorpusId?: string;
  /** Stores a pack's articles and deletes `remove`, in one commit. */
  apply(pack: Pack, opts: ApplyOptions): Promise<unknown>;
  now(): number;
  /** The reader's fingerprint parameters; DEFAULT_PARAMS when absent. */
  params?: FingerprintParams;
  /** Aborts the request in flight. */
  signal?: AbortSignal;
}

export interface AppliedCounts {
  /** Packs applied (1, or the length of a chain of deltas). */
  packs: number;
  kind: 'full' | 'delta';
  /** Articles added or changed, and ids removed, over all of them. */
  articles: number;
  removed: number;
  /** Bytes downloaded for them. */
  bytes: number;
}

export interface SubscriptionCheck {
  outcome: 'unchanged' | 'updated' | 'failed';
  /** The record as it is to be stored. */
  record: SubscriptionRecord;
  /** What was applied (also after a failure part way through a chain). */
  applied?: AppliedCounts;
  /** Requests made, redirects included. */
  requests: number;
}

/** A check that cannot go on, with its message in the reader's words. */
class CheckFailed extends Error {}

interface Fetched {
  pack: Pack;
  /** The URL that answered (after redirects): links in the pack resolve against it. */
  url: string;
  response: FollowResponse;
  bytes: number;
}

export async function checkSubscription(sub: SubscriptionRecord, deps: SubscriptionDeps): Promise<SubscriptionCheck> {
  const now = deps.now();
  const params = deps.params ?? DEFAULT_PARAMS;
  const signal = deps.signal ?? new AbortController().signal;
  const have = deps.currentCorpusId ?? sub.corpusId;
  const holds = have ?? EMPTY_CORPUS_ID;
  let requests = 0;
  let applied: AppliedCounts | undefined;
  let reached: string | undefined;

  const get = async (url: string, headers: Record<string, string>): Promise<FollowResponse> => {
    let at = url;
    for (let hop = 0; ; hop++) {
      requests++;
      let response: FollowResponse;
      try {
        response = await deps.fetch(at, { headers, signal });
      } catch (e) {
        if (e instanceof FollowError) throw new CheckFailed(e.message);
        throw new CheckFailed(`could not reach ${hostOf(at) || at} (${e instanceof Error ? e.message : String(e)})`);
      }
      if (response.status === 200 || response.status === 304) return response;
      const location = response.header('location');
      if (response.status >= 300 && response.status < 400 && location && hop < MAX_SUBSCRIPTION_REDIRECTS) {
        const next = resolve(location, response.url || at);
        if (!next) throw new CheckFailed(`${at} redirects to ${JSON.stringify(location.slice(0, 100))}, which is not an http(s) address`);
        at = next;
        continue;
      }
      if (response.status === 0) throw new CheckFailed(`${at} redirects elsewhere, which Wirecheck does not follow`);
      if (response.status >= 300 && response.status < 400) throw new CheckFailed(`${url} redirects too many times`);
      throw new CheckFailed(`${at} answered HTTP ${response.status}`);
    }
  };

  /** Reads and opens the pack a response carries; `pin` is checked first. */
  const read = async (response: FollowResponse, url: string, pin: string | undefined, linked: boolean): Promise<Fetched> => {
    let bytes: Uint8Array;
    try {
      bytes = await response.bytes(MAX_SUBSCRIPTION_BYTES);
    } catch (e) {
      throw new CheckFailed(e instanceof Error ? e.message : String(e));
    }
    if (pin !== undefined) {
      let got: string;
      try {
        got = (await deps.sha256(bytes)).toLowerCase();
      } catch (e) {
        throw new CheckFailed(`could not compute the pack's SHA-256 (${e instanceof Error ? e.message : String(e)})`);
      }
      if (got !== pin.toLowerCase()) throw new CheckFailed(`the pack's SHA-256 is ${got}, not the pinned ${pin.toLowerCase()}; nothing applied`);
    }
    const answered = response.url || url;
    try {
      return { pack: openPack(bytes, params), url: answered, response, bytes: bytes.length };
    } catch (e) {
      if (e instanceof PackError) throw new CheckFailed(linked ? `${answered}: ${e.message}` : e.message);
      throw e;
    }
  };

  /** A pack a delta links to, fetched whole (no validators); CheckFailed when it cannot be had. */
  const follow = async (link: string, from: string): Promise<Fetched> => {
    const url = resolve(link, from);
    if (!url) throw new CheckFailed(`the link ${JSON.stringify(link.slice(0, 100))} is not an http(s) address`);
    return read(await get(url, {}), url, undefined, true);
  };

  try {
    const conditional = have !== undefined && have === sub.corpusId;
    const headers: Record<string, string> = {};
    if (conditional && sub.etag) headers['If-None-Match'] = sub.etag;
    if (conditional && sub.lastModified) headers['If-Modified-Since'] = sub.lastModified;
    const response = await get(sub.url, headers);
    if (response.status === 304) return { outcome: 'unchanged', record: checked(sub, now), requests };

    const top = await read(response, sub.url, sub.sha256, false);
    const validators = { etag: response.header('etag') ?? undefined, lastModified: response.header('last-modified') ?? undefined };
    if (top.pack.resultId === have) {
      // The validators of this response replace the old ones, which it did not match.
      const record = { ...withoutCheck(sub), ...keep(sub, ['lastChangedAt', 'articles']), ...defined(validators), corpusId: have, lastCheckedAt: now };
      return { outcome: 'unchanged', record, requests };
    }

    const plan = sub.sha256 !== undefined ? planPinned(top, holds, have) : await planChain(top, holds, have, follow);
    for (const step of plan) {
      const { pack } = step;
      const kind = pack.delta ? 'delta' : 'full';
      await deps.apply(pack, { remove: pack.delta?.removed ?? [], kind });
      reached = pack.resultId;
      applied = {
        packs: (applied?.packs ?? 0) + 1,
        kind: applied?.kind === 'full' ? 'full' : kind,
        articles: (applied?.articles ?? 0) + pack.articles.length,
        removed: (applied?.removed ?? 0) + (pack.delta?.removed.length ?? 0),
        bytes: (applied?.bytes ?? 0) + step.bytes,
      };
    }
    const record: SubscriptionRecord = {
      ...withoutCheck(sub),
      ...(reached === top.pack.resultId ? defined(validators) : {}),
      corpusId: reached!,
      lastCheckedAt: now,
      lastChangedAt: now,
      articles: applied!.articles,
    };
    return { outcome: 'updated', record, applied, requests };
  } catch (e) {
    const error = e instanceof CheckFailed ? e.message : `could not apply the pack (${e instanceof Error ? e.message : String(e)})`;
    // Part of a chain applied: the reader's copy is at its last pack, and the validators no longer describe it.
    const record: SubscriptionRecord =
      reached === undefined
        ? { ...checked(sub, now), error }
        : { ...withoutCheck(sub), corpusId: reached, lastCheckedAt: now, lastChangedAt: now, articles: applied!.articles, error };
    return { outcome: 'failed', record, ...(applied ? { applied } : {}), requests };
  }
}

/** A pinned URL's pack, applied alone. */
function planPinned(top: Fetched, holds: string, have: string | undefined): Fetched[] {
  const gap = top.pack.delta && top.pack.delta.base !== holds ? deltaGap(top.pack, have) : undefined;
  if (gap) throw new CheckFailed(`${gap} (a pinned pack is taken alone)`);
  return [top];
}

/**
 * The packs to apply, oldest first: the delta itself, or a chain of deltas back to the reader's
 * copy (or back to a full pack of the version the chain starts from), or the full pack.
 */
async function planChain(top: Fetched, holds: string, have: string | undefined, follow: (link: string, from: string) => Promise<Fetched>): Promise<Fetched[]> {
  const delta = top.pack.delta;
  if (!delta || delta.base === holds) return [top];
  const gap = deltaGap(top.pack, have)!;
  const full = async (why: string): Promise<Fetched[]> => {
    if (delta.full === undefined) throw new CheckFailed(why);
    const got = await follow(delta.full, top.url);
    if (got.pack.delta) throw new CheckFailed(`${gap}; the full pack it names (${got.url}) is a delta itself`);
    return [got];
  };
  if (have === undefined && delta.full !== undefined) return full(gap);
  const chain = [top];
  const seen = new Set([top.url]);
  for (let cur = top; ; ) {
    const step = cur.pack.delta!;
    if (step.base === holds) return chain;
    if (step.previous === undefined) return full(gap);
    if (chain.length > MAX_DELTA_CHAIN) return full(`${gap} (more than ${MAX_DELTA_CHAIN} deltas back)`);
    let prev: Fetched;
    try {
      prev = await follow(step.previous, cur.url);
    } catch (e) {
      if (e instanceof CheckFailed) return full(`${gap}; the delta before it could not be read: ${e.message}`);
      throw e;
    }
    // Each link must be the step before: its result this one's base, and not seen already.
    if (seen.has(prev.url) || prev.pack.resultId !== step.base) return full(`${gap}; the delta before it (${prev.url}) does not lead to it`);
    seen.add(prev.url);
    chain.unshift(prev);
    // A full pack of the version the chain starts from: it, then the deltas.
    if (!prev.pack.delta) return chain;
    cur = prev;
  }
}

function checked(sub: SubscriptionRecord, now: number): SubscriptionRecord {
  return { ...withoutCheck(sub), ...keep(sub, ['etag', 'lastModified', 'corpusId', 'lastChangedAt', 'articles']), lastCheckedAt: now };
}

/** The reader's own fields: URL, pin, when added. */
function withoutCheck(sub: SubscriptionRecord): SubscriptionRecord {
  return { url: sub.url, addedAt: sub.addedAt, ...(sub.sha256 !== undefined ? { sha256: sub.sha256 } : {}) };
}

function keep<K extends keyof SubscriptionRecord>(sub: SubscriptionRecord, keys: readonly K[]): Partial<SubscriptionRecord> {
  const out: Partial<SubscriptionRecord> = {};
  for (const k of keys) if (sub[k] !== undefined) out[k] = sub[k];
  return out;
}

function defined(o: { etag?: string; lastModified?: string }): { etag?: string; lastModified?: string } {
  return { ...(o.etag ? { etag: o.etag } : {}), ...(o.lastModified ? { lastModified: o.lastModified } : {}) };
}

/** `link` resolved against `base`, when it is http(s). */
function resolve(link: string, base: string): string | undefined {
  try {
    const url = new URL(link, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
