/**
 * The sitemap phase of a follower's run (follower.ts): the index, conditionally, then the
 * sitemaps it lists within the window whose lastmod moved (or that carry none), conditionally
 * too, their URLs queued.
 *
 * - A 304 for the index means the sitemaps it listed are as last read: their list is kept in
 *   the state (`indexRefs`), so an update with nothing changed costs one request, plus one per
 *   listed sitemap without a lastmod (each a 304 as well).
 * - Validators (ETag, Last-Modified) are kept per sitemap and sent back (If-None-Match,
 *   If-Modified-Since); a sitemap that could not be used keeps none and is read whole next time.
 * - A failure worth retrying (429, 5xx, a timeout) ends the phase: the run holds, then starts
 *   it again; what was read is recorded, so only the index and the rest are asked again. The
 *   index answering is not counted as a success for the failures in a row, since it is asked
 *   again before every retry.
 * - A malformed, oversized, missing or refused sitemap is an error recorded in the state
 *   (`sitemaps[url].error`, `lastError`); the other sitemaps are read on.
 * - Queued: URLs on the followed host whose lastmod is at or after the window's start, or
 *   that have none. A sitemap index inside the index is not followed.
 */

import { isFollowError } from './errors';
import { hostOf } from './host';
import type { Answer } from './request';
import type { RobotsRules } from './robots';
import { messageOf, rethrowUnlessFailure } from './run-failures';
import { MAX_SITEMAP_URLS, type ParsedSitemap, parseSitemap } from './sitemap';
import type { FollowState, SitemapRef, SitemapSeen, SitemapUrl } from './types';
import { lastmodMs, sitemapsToRead } from './window';

/** What the sitemap phase uses of the run it is part of. */
export interface SitemapRun {
  /** The follow's state, changed in place and saved through `save`. */
  readonly state: FollowState;
  /** The followed host (URL.host). */
  readonly host: string;
  readonly rules: RobotsRules;
  readonly maxSitemapBytes: number;
  readonly updateIntervalMs: number;
  now(): number;
  /** A paced GET of a sitemap, redirects on the host followed. */
  get(url: string, headers: Record<string, string>): Promise<Answer>;
  /** A failure to retry: counted, every request held, the follow stopped after too many. */
  failed(message: string, retryAfter?: number): Promise<void>;
  /** An answer that is no failure; `counts` false for one that does not end the failures in a row. */
  succeeded(counts?: boolean): Promise<void>;
  save(): Promise<void>;
  report(current: string): Promise<unknown>;
  enqueue(urls: readonly SitemapUrl[]): Promise<unknown>;
}

const truncated = (url: string) =>
  `the sitemap ${url} lists more than ${MAX_SITEMAP_URLS.toLocaleString('en-US')} entries, the most a sitemap may; the first were read`;

/** Reads the sitemaps due and queues their stories; ends early on a failure to retry (or a stop). */
export async function readSitemaps(run: SitemapRun): Promise<void> {
  const index = run.state.sitemapIndex;
  await run.report(index);
  if (!run.rules.allowed(index)) {
    run.state.stopped = { reason: `robots.txt at ${run.host} does not allow Wirecheck to read ${index}`, at: run.now() };
    await run.save();
    return;
  }
  const errors: string[] = [];
  const read = await readSitemap(run, index, run.state.sitemaps[index], '');
  if (read === 'failed') return;
  let refs: SitemapRef[] = [];
  if (read === 'not-modified' && run.state.indexRefs) refs = run.state.indexRefs;
  else if (read === 'not-modified') {
    // Validators without the list they stand for: read the index again in full.
    delete run.state.sitemaps[index];
    await run.save();
    return;
  } else if (typeof read === 'string') errors.push(read);
  else if (read.truncated) errors.push(truncated(index));
  if (typeof read === 'object' && read.kind === 'index') {
    refs = sitemapsToRead(read.sitemaps.filter((ref) => hostOf(ref.loc) === run.host), run.state.since);
    run.state.indexRefs = refs;
  } else if (typeof read === 'object') {
    await enqueue(run, read.urls);
    run.state.indexRefs = []; // a URL set followed directly: a 304 leaves nothing more to read
  }
  await run.save();

  for (const ref of refs) {
    const seen = run.state.sitemaps[ref.loc];
    if (seen && !seen.error && ref.lastmod && seen.lastmod === ref.lastmod) continue;
    await run.report(ref.loc);
    if (!run.rules.allowed(ref.loc)) {
      run.state.sitemaps[ref.loc] = { lastmod: '', readAt: run.now(), error: `robots.txt does not allow Wirecheck to read ${ref.loc}` };
      errors.push(run.state.sitemaps[ref.loc]!.error!);
      continue;
    }
    const got = await readSitemap(run, ref.loc, seen?.error ? undefined : seen, ref.lastmod);
    if (got === 'failed') return;
    if (typeof got === 'string' && got !== 'not-modified') errors.push(got);
    else if (typeof got === 'object' && got.kind === 'urlset') {
      await enqueue(run, got.urls);
      if (got.truncated) errors.push(truncated(ref.loc));
    } else if (typeof got === 'object') errors.push(sitemapError(run, ref.loc, `${ref.loc} is an index inside the index, which Wirecheck does not follow`));
    await run.save();
  }
  run.state.nextRunAt = run.now() + run.updateIntervalMs;
  run.state.consecutiveFailures = 0;
  if (errors.length) run.state.lastError = errors.length === 1 ? errors[0] : `${errors[0]} (and ${errors.length - 1} more)`;
  else delete run.state.lastError;
  await run.save();
}

/**
 * Reads one sitemap, conditionally when it was read before: its content, 'not-modified',
 * 'failed' (a failure to retry: counted, the hold set), or the error recorded for it.
 */
async function readSitemap(
  run: SitemapRun,
  url: string,
  seen: SitemapSeen | undefined,
  lastmod: string,
): Promise<ParsedSitemap | 'not-modified' | 'failed' | string> {
  const headers: Record<string, string> = { accept: 'application/xml, text/xml;q=0.9, */*;q=0.1' };
  if (seen?.etag) headers['if-none-match'] = seen.etag;
  if (seen?.lastModified) headers['if-modified-since'] = seen.lastModified;
  let answer: Answer;
  try {
    answer = await run.get(url, headers);
  } catch (e) {
    rethrowUnlessFailure(e);
    if (isFollowError(e, 'too-large')) {
      await run.succeeded(url !== run.state.sitemapIndex);
      return sitemapError(run, url, `the sitemap ${url} is larger than ${run.maxSitemapBytes.toLocaleString('en-US')} bytes, the most a sitemap may be`);
    }
    await run.failed(`the sitemap ${url} could not be read: ${messageOf(e)}`);
    return 'failed';
  }
  if (answer.kind === 'retry') {
    await run.failed(`the sitemap ${url} answered ${answer.status}`, answer.retryAfterMs);
    return 'failed';
  }
  await run.succeeded(url !== run.state.sitemapIndex);
  const now = run.now();
  if (answer.kind === 'not-modified') {
    if (!headers['if-none-match'] && !headers['if-modified-since']) return sitemapError(run, url, `the sitemap ${url} answered 304 to a plain request`);
    run.state.sitemaps[url] = { ...seen, lastmod, readAt: now };
    return 'not-modified';
  }
  if (answer.kind !== 'ok') {
    const why = answer.kind === 'redirected' ? `redirects ${answer.to ? `to ${answer.to}` : 'elsewhere'}` : `answered ${answer.status}`;
    return sitemapError(run, url, `the sitemap ${url} ${why}`);
  }
  let sitemap: ParsedSitemap;
  try {
    sitemap = parseSitemap(answer.text, { url });
  } catch (e) {
    return sitemapError(run, url, messageOf(e));
  }
  const etag = answer.header('etag');
  const lastModified = answer.header('last-modified');
  run.state.sitemaps[url] = { lastmod, readAt: now, ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) };
  return sitemap;
}

/** Records a sitemap that could not be used (read again at the next update); returns the message. */
function sitemapError(run: SitemapRun, url: string, message: string): string {
  run.state.sitemaps[url] = { lastmod: '', readAt: run.now(), error: message };
  return message;
}

/** Queues a sitemap's URLs on the followed host whose lastmod is within the window (or unknown). */
async function enqueue(run: SitemapRun, urls: readonly SitemapUrl[]): Promise<void> {
  const since = run.state.since;
  const kept = urls.filter((u) => {
    if (hostOf(u.loc) !== run.host) return false;
    const modified = lastmodMs(u.lastmod);
    return modified === undefined || modified >= since;
  });
  if (kept.length) await run.enqueue(kept);
}
