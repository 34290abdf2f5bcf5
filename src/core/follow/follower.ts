/**
 * The follower: reads a site's sitemaps and stores the stories it does not have, politely and
 * resumably. Everything it touches is passed in (the host's fetch, store, story reader, clock
 * and sleep), so the extension's background, the CLI and the tests run the same code.
 *
 * One run:
 * 1. robots.txt, when not read in the last 24 h (or last found unreachable).
 * 2. When the sitemaps are due (`nextRunAt`): the index and the sitemaps of the window that
 *    changed, conditionally, their stories queued (sitemap-phase.ts; the store re-queues a
 *    known URL whose lastmod is later). An update with nothing changed is one 304.
 * 3. Queued stories, one request at a time: a URL whose path names a hub, live blog, gallery,
 *    video or scores page, one on another host and one robots.txt disallows are skipped
 *    without a request; a fetched page goes through `readStory`; a story is stored under its
 *    canonical URL when that is on the followed host (else the sitemap's URL), so a story
 *    listed under two URLs is one article and a changed story replaces its earlier version.
 *    The state is saved after each; the stories read are stored in batches, one corpus
 *    commit a batch, the budget enforced (store.evictOver) after each (story-batch.ts: a
 *    200-story backfill into 5,002 articles, 8 commits and 1.3–1.9 s rather than 200 and
 *    10.9–13.0 s).
 * 4. Nothing due: a queued story due within `maxWaitMs` is waited for; otherwise the run ends
 *    and says until when there is nothing to do.
 *
 * Politeness (polite.ts): every request, redirects and sitemaps included, at least
 * `minIntervalMs` after the previous one (robots.txt's Crawl-delay when longer), the time
 * kept in the state across runs. A failure (429, 5xx, 401/403, a timeout, no answer) holds
 * every request until the Retry-After or the back-off has passed (`holdUntil`) and charges the
 * story an attempt (not for 429: the site's pace, not the story); MAX_ATTEMPTS attempts fail
 * the story, MAX_CONSECUTIVE_FAILURES in a row stop the follow with a reason (`stopped`), and
 * robots.txt forbidding the sitemap index stops it too. Any other answer resets the count
 * (but the index's: see sitemap-phase.ts).
 *
 * Resumable by construction: the queue and the state are in the store, saved after every
 * request's outcome (a story's when its batch is stored); a run cut anywhere (signal, killed
 * worker) is taken up by calling run() again, and an entry interrupted in flight, or read and
 * not stored, is still queued and charged nothing.
 *
 * Measured on the apnews.com stand-in with the pace lowered to 20 ms (Node 22, the shared
 * 2-core machine): a month's backfill of 10 stories takes 15 requests (robots.txt, the index,
 * two monthly sitemaps, the news sitemap, the stories; 4 other pages skipped by their URL) in
 * 0.3 s, and of 86 stories 91 requests in 1.9 s: fetching and reading a story fits within the
 * pace, so at the product's pace a backfill takes a second a story.
 */

import { FollowError, isFollowError } from './errors';
import { hostOf } from './host';
import {
  MAX_ATTEMPTS,
  MAX_CONSECUTIVE_FAILURES,
  MIN_REQUEST_INTERVAL_MS,
  REQUEST_TIMEOUT_MS,
  UPDATE_INTERVAL_MS,
  backoffMs,
  requestIntervalMs,
} from './polite';
import { type Answer, request } from './request';
import { MAX_ROBOTS_BYTES, ROBOTS_TTL_MS, type RobotsRules, robotsUnreachable, robotsUrlFor, rulesForAnswer } from './robots';
import { MAX_SITEMAP_BYTES } from './sitemap';
import { messageOf, rethrowUnlessFailure } from './run-failures';
import { readSitemaps } from './sitemap-phase';
import { StoryBatch } from './story-batch';
import { NOT_STORY_WORDS, storyKindFromUrl } from './story-page';
import type { BackfillWindow, FollowFetch, FollowProgress, FollowState, FollowStore, QueueEntry, StoryRead } from './types';
import { windowStart } from './window';

/** The most of a story page read; a bigger page is skipped as too big. */
export const MAX_STORY_BYTES = 8 * 1024 * 1024;
/** The longest wait inside a run by default; a longer one ends the run until then. */
export const MAX_WAIT_MS = 60_000;
/** Waits are cut into slices this long, with a keepAlive call between them. */
const WAIT_SLICE_MS = 10_000;

export interface FollowerOptions {
  fetch: FollowFetch;
  store: FollowStore;
  /** Reads a fetched page (src/extraction/story.ts `readStoryHtml` outside the tests). */
  readStory: (html: string, url: string) => StoryRead | Promise<StoryRead>;
  now?: () => number;
  /** Resolves after `ms`, or early when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Called at every request and every WAIT_SLICE_MS of a wait (a service worker's keep-alive). */
  keepAlive?: () => void;
  /** Least time between two requests; MIN_REQUEST_INTERVAL_MS unless a test or bench says otherwise. */
  minIntervalMs?: number;
  /** Per request, answer and body; REQUEST_TIMEOUT_MS by default. */
  timeoutMs?: number;
  /** Longest wait inside a run (pace, Retry-After, back-off, a queued story's notBefore); MAX_WAIT_MS by default, Infinity to wait it all out. */
  maxWaitMs?: number;
  /** Time between two readings of the sitemaps; UPDATE_INTERVAL_MS by default. */
  updateIntervalMs?: number;
  maxSitemapBytes?: number;
  maxStoryBytes?: number;
}

export interface StartOptions {
  sitemapIndex: string;
  window: BackfillWindow;
  budgetBytes: number;
  /** Start of the backfill (ms), when the caller names a date rather than a window. */
  since?: number;
}

export interface RunOptions {
  signal?: AbortSignal;
  onProgress?: (progress: FollowProgress) => void;
}

/** Thrown inside a run to end it until `until` (a wait longer than maxWaitMs). */
class WaitBeyond {
  constructor(readonly until: number) {}
}

const defaultSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, Math.max(0, ms));
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });

export class Follower {
  private readonly o: Required<Omit<FollowerOptions, 'keepAlive'>> & Pick<FollowerOptions, 'keepAlive'>;
  private state!: FollowState;
  private rules: RobotsRules = { allowed: () => false };
  private host = '';
  private signal: AbortSignal = new AbortController().signal;
  private onProgress?: (progress: FollowProgress) => void;
  private running = false;
  /** Stories read and not stored yet (story-batch.ts). */
  private readonly batch: StoryBatch;

  constructor(options: FollowerOptions) {
    this.o = {
      now: () => Date.now(),
      sleep: defaultSleep,
      minIntervalMs: MIN_REQUEST_INTERVAL_MS,
      timeoutMs: REQUEST_TIMEOUT_MS,
      maxWaitMs: MAX_WAIT_MS,
      updateIntervalMs: UPDATE_INTERVAL_MS,
      maxSitemapBytes: MAX_SITEMAP_BYTES,
      maxStoryBytes: MAX_STORY_BYTES,
      ...options,
    };
    this.batch = new StoryBatch(this.o.store, this.o.now, () => this.state.budgetBytes);
  }

  /**
   * Begins following `sitemapIndex`, or takes up the follow the store holds for it with these
   * settings: not paused, not stopped, the sitemaps due now. A wider window reads the index in
   * full again; another sitemap index starts afresh. Returns the state saved.
   */
  async start(opts: StartOptions): Promise<FollowState> {
    const now = this.o.now();
    const since = opts.since ?? windowStart(opts.window, now);
    const old = await this.o.store.loadState();
    let state: FollowState;
    if (!old || old.sitemapIndex !== opts.sitemapIndex) {
      state = { version: 1, sitemapIndex: opts.sitemapIndex, window: opts.window, since, paused: false, consecutiveFailures: 0, sitemaps: {}, budgetBytes: opts.budgetBytes };
    } else {
      const { stopped: _stopped, holdUntil: _hold, ...rest } = old;
      state = { ...rest, window: opts.window, budgetBytes: opts.budgetBytes, paused: false, consecutiveFailures: 0, since };
      if (since < old.since) {
        const { [opts.sitemapIndex]: _index, ...others } = old.sitemaps;
        state.sitemaps = others;
        delete state.indexRefs;
      }
    }
    state.nextRunAt = now;
    await this.o.store.saveState(state);
    return state;
  }

  /**
   * One run (see the note above). Resolves with the last progress: 'done' (nothing to do until
   * `waitUntil`, the next update or a queued story's back-off), 'waiting' (a wait longer than
   * maxWaitMs: call run again at `waitUntil`), 'stopped' (the follow stopped: `message` says
   * why) or 'paused'. Rejects with FollowError 'stopped' when `signal` aborts.
   */
  async run(opts: RunOptions = {}): Promise<FollowProgress> {
    if (this.running) throw new Error('this follower is already running');
    this.running = true;
    this.signal = opts.signal ?? new AbortController().signal;
    this.onProgress = opts.onProgress;
    try {
      return await this.runOnce();
    } finally {
      this.batch.drop();
      this.running = false;
      this.onProgress = undefined;
    }
  }

  private async runOnce(): Promise<FollowProgress> {
    const loaded = await this.o.store.loadState();
    if (!loaded) throw new Error('nothing to follow: start() the follow first');
    this.state = loaded;
    if (loaded.paused) return this.report('paused');
    if (loaded.stopped) return this.report('stopped', { message: loaded.stopped.reason });
    this.host = hostOf(loaded.sitemapIndex);
    this.rules = this.robotsRules();
    this.state.lastRunAt = this.o.now();
    await this.save();
    try {
      for (;;) {
        this.checkSignal();
        if (this.batch.due()) await this.batch.flush();
        if (this.state.stopped) return await this.end('stopped', { message: this.state.stopped.reason });
        await this.waitFor(this.state.holdUntil ?? 0, 'waiting');
        if (this.robotsDue()) {
          await this.batch.flush();
          await this.readRobots();
          continue;
        }
        if ((this.state.nextRunAt ?? 0) <= this.o.now()) {
          // Before the sitemaps: they may queue a held story again with a later lastmod.
          await this.batch.flush();
          await this.readSitemaps();
          continue;
        }
        const entry = await this.o.store.nextDue(this.o.now(), this.batch.urls);
        if (entry) {
          await this.followStory(entry);
          continue;
        }
        if (this.batch.size > 0) {
          await this.batch.flush();
          continue;
        }
        const wake = await this.o.store.nextWake();
        if (wake !== undefined && wake - this.o.now() <= this.o.maxWaitMs) {
          await this.waitFor(wake, 'waiting');
          continue;
        }
        const until = Math.min(wake ?? Number.POSITIVE_INFINITY, this.state.nextRunAt ?? Number.POSITIVE_INFINITY);
        return await this.end(wake === undefined ? 'done' : 'waiting', Number.isFinite(until) ? { waitUntil: until } : {});
      }
    } catch (e) {
      if (e instanceof WaitBeyond) {
        await this.batch.flush();
        await this.save();
        return this.report('waiting', { waitUntil: e.until });
      }
      // Stopped (or failed): what is held is stored if that is quick; the time of the request
      // cut off still counts for the pace of the next run.
      await this.batch.flushOnStop();
      if (isFollowError(e, 'stopped')) await this.save().catch(() => undefined);
      throw e;
    }
  }

  // ── robots.txt ───────────────────────────────────────────────────────────────────────

  private robotsDue(): boolean {
    const robots = this.state.robots;
    return !robots || robotsUnreachable(robots.status) || this.o.now() - robots.fetchedAt >= ROBOTS_TTL_MS;
  }

  private robotsRules(): RobotsRules {
    const robots = this.state.robots;
    return robots ? rulesForAnswer(robotsUrlFor(this.state.sitemapIndex), robots.status, robots.text) : { allowed: () => false };
  }

  private async readRobots(): Promise<void> {
    const url = robotsUrlFor(this.state.sitemapIndex);
    await this.report('robots', { current: url });
    let answer: Answer;
    try {
      answer = await this.get(url, { accept: 'text/plain' }, MAX_ROBOTS_BYTES, () => true);
    } catch (e) {
      rethrowUnlessFailure(e);
      this.state.robots = { text: '', fetchedAt: this.o.now(), status: 0 };
      this.rules = this.robotsRules();
      await this.failed(`robots.txt at ${this.host} could not be read: ${messageOf(e)}`);
      return;
    }
    // 4xx (401 and 403 too) and a redirect not followed mean no rules (RFC 9309, "unavailable");
    // 5xx and 429 mean none of the site may be read until robots.txt answers.
    const failure = answer.kind === 'retry' && answer.status !== 401 && answer.status !== 403;
    const status = answer.kind === 'redirected' ? 300 : answer.kind === 'not-modified' ? 304 : failure && answer.status < 500 ? 0 : answer.status;
    this.state.robots = { text: answer.kind === 'ok' ? answer.text : '', fetchedAt: this.o.now(), status };
    this.rules = this.robotsRules();
    if (failure && answer.kind === 'retry') {
      await this.failed(`robots.txt at ${this.host} answered ${answer.status}`, answer.retryAfterMs);
      return;
    }
    await this.succeeded();
  }

  // ── sitemaps ─────────────────────────────────────────────────────────────────────────

  private readSitemaps(): Promise<void> {
    return readSitemaps({
      state: this.state,
      host: this.host,
      rules: this.rules,
      maxSitemapBytes: this.o.maxSitemapBytes,
      updateIntervalMs: this.o.updateIntervalMs,
      now: this.o.now,
      get: (url, headers) => this.get(url, headers, this.o.maxSitemapBytes, (to) => this.rules.allowed(to)),
      failed: (message, retryAfter) => this.failed(message, retryAfter),
      succeeded: (counts) => this.succeeded(counts),
      save: () => this.save(),
      report: (current) => this.report('sitemaps', { current }),
      enqueue: (urls) => this.o.store.enqueue(urls),
    });
  }

  // ── stories ──────────────────────────────────────────────────────────────────────────

  private async followStory(entry: QueueEntry): Promise<void> {
    const url = entry.url;
    if (hostOf(url) !== this.host) return this.skip(entry, NOT_STORY_WORDS['other-host']);
    const byUrl = storyKindFromUrl(url);
    if (byUrl) return this.skip(entry, NOT_STORY_WORDS[byUrl]);
    if (!this.rules.allowed(url)) return this.skip(entry, 'robots.txt does not allow it');
    await this.report('stories', { current: url });
    let answer: Answer;
    try {
      answer = await this.get(url, { accept: 'text/html, application/xhtml+xml;q=0.9' }, this.o.maxStoryBytes, (to) => this.rules.allowed(to));
    } catch (e) {
      rethrowUnlessFailure(e);
      if (isFollowError(e, 'too-large')) {
        await this.succeeded();
        return this.skip(entry, NOT_STORY_WORDS['too-big']);
      }
      const message = `${url} could not be read: ${messageOf(e)}`;
      await this.failed(message);
      return this.retryLater(entry, message, true);
    }
    if (answer.kind === 'retry') {
      const message = `${url} answered ${answer.status}`;
      await this.failed(message, answer.retryAfterMs);
      return this.retryLater(entry, message, answer.status !== 429, answer.retryAfterMs);
    }
    await this.succeeded();
    switch (answer.kind) {
      case 'gone':
        return this.skip(entry, `gone (${answer.status})`);
      case 'refused':
        return this.skip(entry, `refused (${answer.status})`);
      case 'not-modified':
        return this.skip(entry, 'not modified');
      case 'redirected':
        return this.skip(
          entry,
          answer.why === 'other-host' ? NOT_STORY_WORDS['other-host'] : answer.why === 'robots' ? 'redirected where robots.txt does not allow' : 'redirected',
        );
      case 'ok':
        break;
    }
    const type = answer.header('content-type');
    if (type && !/html/i.test(type)) return this.skip(entry, `not a web page (${type.split(';')[0]!.trim()})`);
    let read: StoryRead;
    try {
      read = await this.o.readStory(answer.text, answer.url);
    } catch (e) {
      return this.skip(entry, `the page could not be read (${messageOf(e)})`);
    }
    if (read.kind === 'not-story') return this.skip(entry, NOT_STORY_WORDS[read.reason]);
    const id = hostOf(read.article.id) === this.host ? read.article.id : url;
    const article = { ...read.article, id, url: id };
    const { notBefore: _n, reason: _r, ...rest } = entry;
    const added: QueueEntry = { ...rest, state: 'added', attempts: 0, articleId: id, published: article.published || entry.lastmod, settledAt: this.o.now() };
    this.batch.hold(article, added);
    await this.save();
  }

  /** The run's end: what is held stored, then the last progress. */
  private async end(phase: FollowProgress['phase'], extra: Partial<FollowProgress> = {}): Promise<FollowProgress> {
    await this.batch.flush();
    return this.report(phase, extra);
  }

  private async skip(entry: QueueEntry, reason: string): Promise<void> {
    const { notBefore: _n, ...rest } = entry;
    await this.o.store.settle({ ...rest, state: 'skipped', reason, settledAt: this.o.now() });
    await this.save();
  }

  /** A story whose fetch failed: queued again after its back-off, or failed for good after MAX_ATTEMPTS. */
  private async retryLater(entry: QueueEntry, reason: string, charge: boolean, retryAfter?: number): Promise<void> {
    const attempts = entry.attempts + (charge ? 1 : 0);
    const now = this.o.now();
    if (attempts >= MAX_ATTEMPTS) {
      const { notBefore: _n, ...rest } = entry;
      await this.o.store.settle({ ...rest, state: 'failed', attempts, reason, settledAt: now });
    } else {
      const wait = Math.max(retryAfter ?? 0, charge ? backoffMs(attempts) : 0);
      await this.o.store.settle({ ...entry, state: 'queued', attempts, reason, notBefore: now + wait });
    }
    await this.save();
  }

  // ── requests, failures, waits ────────────────────────────────────────────────────────

  private get(url: string, headers: Record<string, string>, maxBytes: number, allowed: (url: string) => boolean): Promise<Answer> {
    return request(url, {
      fetch: this.o.fetch,
      headers,
      maxBytes,
      timeoutMs: this.o.timeoutMs,
      signal: this.signal,
      now: this.o.now,
      host: this.host,
      allowed,
      beforeEach: async () => {
        const interval = requestIntervalMs(this.o.minIntervalMs, this.rules.crawlDelayMs);
        await this.waitFor(Math.max((this.state.lastRequestAt ?? 0) + interval, this.state.holdUntil ?? 0));
        this.checkSignal();
        this.o.keepAlive?.();
      },
      onSend: () => {
        this.state.lastRequestAt = this.o.now();
      },
    });
  }

  /** A failed request: counted, every request held for the Retry-After or the back-off, the follow stopped after too many in a row. */
  private async failed(message: string, retryAfter?: number): Promise<void> {
    const now = this.o.now();
    const n = this.state.consecutiveFailures + 1;
    this.state.consecutiveFailures = n;
    this.state.lastError = message;
    this.state.holdUntil = now + (retryAfter ?? backoffMs(n));
    if (n >= MAX_CONSECUTIVE_FAILURES) {
      this.state.stopped = { reason: `Stopped after ${n} failed requests in a row; the last: ${message}`, at: now };
    }
    await this.save();
  }

  /**
   * An answer that is no failure: the hold is over, and the failures in a row start again from
   * none, unless it is the sitemap index's (`counts` false), which is asked again before every
   * retry of the sitemaps it lists and would otherwise keep one failing forever.
   */
  private async succeeded(counts = true): Promise<void> {
    if ((this.state.consecutiveFailures === 0 || !counts) && this.state.holdUntil === undefined) return;
    if (counts) this.state.consecutiveFailures = 0;
    delete this.state.holdUntil;
    await this.save();
  }

  /**
   * Waits until `until` (in slices, keeping the host alive), reported as 'waiting' when asked
   * (a hold, a back-off; not the pace between requests); beyond maxWaitMs the run ends instead.
   */
  private async waitFor(until: number, report?: 'waiting'): Promise<void> {
    let left = until - this.o.now();
    if (left <= 0) return;
    if (left > this.o.maxWaitMs) throw new WaitBeyond(until);
    if (report) {
      await this.batch.flush();
      await this.report(report, { waitUntil: until });
      left = until - this.o.now();
    }
    while (left > 0) {
      await this.o.sleep(Math.min(left, WAIT_SLICE_MS), this.signal);
      this.checkSignal();
      this.o.keepAlive?.();
      left = until - this.o.now();
    }
  }

  private checkSignal(): void {
    if (this.signal.aborted) throw new FollowError('stopped', 'the run was stopped');
  }

  private save(): Promise<void> {
    return this.o.store.saveState(this.state);
  }

  /** Tells the progress: the store's totals, the held stories counted as added (see FollowProgress). */
  private async report(phase: FollowProgress['phase'], extra: Partial<FollowProgress> = {}): Promise<FollowProgress> {
    const counts = this.batch.counted(await this.o.store.counts());
    const progress: FollowProgress = { phase, counts, ...(this.batch.size > 0 ? { unsaved: this.batch.size } : {}), ...extra };
    this.onProgress?.(progress);
    return progress;
  }
}
