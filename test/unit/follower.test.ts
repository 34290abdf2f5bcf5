// The follower (src/core/follow/follower.ts) over real HTTP against the apnews.com stand-in
// (test/support/ap-standin.ts), with Node's fetch (src/cli/follow-fetch.ts), the real story
// reader (src/extraction/story.ts) and an in-memory store. The pace between requests is
// lowered to PACE_MS here (the product's is 1 s, which these tests would spend minutes on);
// back-offs of seconds run on a virtual clock whose sleep returns at once and moves the clock,
// while requests and their timeouts run in real time.
import { afterEach, describe, expect, it } from 'vitest';
import { FollowError } from '../../src/core/follow/errors';
import { Follower, type FollowerOptions } from '../../src/core/follow/follower';
import { MAX_ATTEMPTS, MAX_CONSECUTIVE_FAILURES } from '../../src/core/follow/polite';
import { MAX_SITEMAP_BYTES } from '../../src/core/follow/sitemap';
import type { BackfillWindow, FollowFetch } from '../../src/core/follow/types';
import { windowStart } from '../../src/core/follow/window';
import { makeNodeFollowFetch } from '../../src/cli/follow-fetch';
import { readStoryHtml } from '../../src/extraction/story';
import { type ApStandin, type ApStandinOptions, type LoggedRequest, startApStandin, startRecorder } from '../support/ap-standin';
import { MemoryFollowStore } from './follow-memory-store';

/** The pace between requests in these tests (the product's is MIN_REQUEST_INTERVAL_MS, 1 s). */
const PACE_MS = 20;
const BUDGET = 1_000_000_000;

interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  advance(ms: number): void;
  sleeps: number[];
}

/** Real time plus whatever was slept or advanced: sleeping returns at once. */
function virtualClock(): Clock {
  let offset = 0;
  const sleeps: number[] = [];
  return {
    now: () => Date.now() + offset,
    sleep: async (ms) => {
      sleeps.push(ms);
      offset += ms;
    },
    advance: (ms) => void (offset += ms),
    sleeps,
  };
}

function realClock(): Clock {
  const sleeps: number[] = [];
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    sleep: (ms, signal) =>
      new Promise((done) => {
        sleeps.push(ms);
        const t = setTimeout(done, ms);
        signal?.addEventListener('abort', () => (clearTimeout(t), done()), { once: true });
      }),
    advance: (ms) => void (offset += ms),
    sleeps,
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

interface Sent {
  url: string;
  at: number;
  headers: Record<string, string>;
}

interface Setup {
  ap: ApStandin;
  store: MemoryFollowStore;
  clock: Clock;
  sent: Sent[];
  since: number;
  follower(extra?: Partial<FollowerOptions>): Follower;
  run(extra?: Partial<FollowerOptions> & { signal?: AbortSignal }): ReturnType<Follower['run']>;
  /** Stories the window holds (lastmod at or after its start), by canonical URL. */
  expected(): string[];
  articleRequests(): LoggedRequest[];
}

async function setup(
  opts: { standin?: ApStandinOptions; window?: BackfillWindow; clock?: 'real' | 'virtual'; follower?: Partial<FollowerOptions>; fetch?: FollowFetch } = {},
): Promise<Setup> {
  const ap = await startApStandin({ stories: 12, ...opts.standin });
  cleanups.push(() => ap.close());
  const store = new MemoryFollowStore();
  const clock = opts.clock === 'real' ? realClock() : virtualClock();
  const sent: Sent[] = [];
  const inner = opts.fetch ?? makeNodeFollowFetch();
  const fetch: FollowFetch = (url, request) => {
    sent.push({ url, at: clock.now(), headers: request.headers });
    return inner(url, request);
  };
  const make = (extra: Partial<FollowerOptions> = {}) =>
    new Follower({ fetch, store, readStory: readStoryHtml, now: clock.now, sleep: clock.sleep, minIntervalMs: PACE_MS, timeoutMs: 5_000, maxWaitMs: Infinity, ...opts.follower, ...extra });
  const window = opts.window ?? 'month';
  await make().start({ sitemapIndex: ap.sitemapIndexUrl(), window, budgetBytes: BUDGET });
  const since = windowStart(window, store.state!.nextRunAt!);
  return {
    ap,
    store,
    clock,
    sent,
    since,
    follower: make,
    run: ({ signal, ...extra } = {}) => make(extra).run({ signal }),
    expected: () => ap.stories.filter((s) => Date.parse(s.modified) >= since).map((s) => ap.storyUrl(s.index)),
    articleRequests: () => ap.log.requestsTo('/article/'),
  };
}

/**
 * Nothing of the reader in any request: no cookie, no referrer, no credentials; one request at
 * a time (as the server counts them: a request the follower abandoned at its timeout stays "in
 * flight" on the server until the closed connection reaches it, which the virtual clock's
 * instant back-off outruns; `abandoned` skips that count).
 */
function expectPolite(ap: ApStandin, opts: { abandoned?: boolean } = {}): void {
  for (const r of ap.log.entries) {
    expect(r.headers.cookie, r.path).toBeUndefined();
    expect(r.headers.referer, r.path).toBeUndefined();
    expect(r.headers.authorization, r.path).toBeUndefined();
    expect(r.headers['user-agent'], r.path).toMatch(/^Wirecheck/);
  }
  if (!opts.abandoned) expect(ap.maxInFlight).toBe(1);
}

const sorted = (list: Iterable<string>) => [...list].sort();
/** Extraction collapses runs of spaces inside a paragraph. */
const bodyOf = (paragraphs: string[]) => paragraphs.map((p) => p.replace(/\s+/g, ' ').trim()).join('\n\n');

describe('a backfill', () => {
  it('stores the stories of the window and skips hubs, live blogs, galleries, scores and videos without fetching them', async () => {
    const t = await setup({ clock: 'real' });
    const progress = await t.run();
    expect(progress.phase).toBe('done');
    const expected = t.expected();
    expect(expected.length).toBeGreaterThan(6);
    expect(sorted(t.store.articles.keys())).toEqual(sorted(expected));
    for (const s of t.ap.stories.filter((x) => expected.includes(t.ap.storyUrl(x.index)))) {
      const article = t.store.articles.get(t.ap.storyUrl(s.index))!;
      expect(article.title).toBe(s.headline);
      expect(article.text).toBe(bodyOf(s.paragraphs));
      expect(article.published).toBe(s.published);
    }
    const nonStories = t.ap.pages.filter((p) => Date.parse(p.modified) >= t.since);
    expect(nonStories.length).toBeGreaterThan(0);
    const counts = await t.store.counts();
    expect(counts).toMatchObject({ queued: 0, added: expected.length, skipped: nonStories.length, failed: 0, evicted: 0 });
    const paths = t.ap.log.paths();
    for (const p of t.ap.pages) expect(paths).not.toContain(p.path);
    expect(paths[0]).toBe('/robots.txt');
    expect(paths[1]).toBe('/sitemap.xml');
    expect(t.articleRequests()).toHaveLength(expected.length); // each story once
    expectPolite(t.ap);
    // The pace: every request at least PACE_MS after the one before, sitemaps included (less a
    // few ms of the shared machine's pauses between the follower's clock reading and the send).
    for (let i = 1; i < t.sent.length; i++) expect(t.sent[i]!.at - t.sent[i - 1]!.at).toBeGreaterThanOrEqual(PACE_MS - 3);
    expect(t.store.state!.nextRunAt).toBeGreaterThan(Date.now());
    expect(t.store.state!.lastError).toBeUndefined();
  });

  it('reads only the sitemaps of the window', async () => {
    const t = await setup({ window: 'week', standin: { spanDays: 90, stories: 9 } });
    await t.run();
    const read = t.ap.log.paths().filter((p) => p.startsWith('/ap-sitemap-'));
    const months = new Set([new Date(t.since).toISOString().slice(0, 7).replace('-', ''), new Date(t.ap.now).toISOString().slice(0, 7).replace('-', '')]);
    expect(sorted(read)).toEqual(sorted([...months].map((m) => `/ap-sitemap-${m}.xml`)));
    expect(sorted(t.store.articles.keys())).toEqual(sorted(t.expected()));
  });

  it('does nothing while paused', async () => {
    const t = await setup();
    t.store.state = { ...t.store.state!, paused: true };
    expect((await t.run()).phase).toBe('paused');
    expect(t.ap.log.entries).toHaveLength(0);
  });
});

describe('politeness', () => {
  it('honours a 429 and its Retry-After: no request to the site before it has passed, the story not charged', async () => {
    const t = await setup({ clock: 'real' });
    t.ap.faults.tooMany = { count: 1, path: '/article/', retryAfter: 1 };
    await t.run();
    const log = t.ap.log.entries;
    const i = log.findIndex((r) => r.status === 429);
    expect(i).toBeGreaterThan(0);
    expect(log[i + 1]!.time - log[i]!.time).toBeGreaterThanOrEqual(1000);
    expect(sorted(t.store.articles.keys())).toEqual(sorted(t.expected()));
    expect(t.store.entries.get(t.ap.url(log[i]!.path))!.attempts).toBe(0);
    expect(t.store.state!.consecutiveFailures).toBe(0);
    expectPolite(t.ap);
  });

  it('backs off exponentially after 5xx, then goes on', async () => {
    const t = await setup();
    t.ap.faults.serverError = { count: 2, path: '/article/' };
    await t.run();
    const articles = t.sent.filter((s) => s.url.includes('/article/'));
    // Two 503s: the next request waits 2 s, then 4 s.
    expect(articles[1]!.at - articles[0]!.at).toBeGreaterThanOrEqual(2_000);
    expect(articles[2]!.at - articles[1]!.at).toBeGreaterThanOrEqual(4_000);
    expect(sorted(t.store.articles.keys())).toEqual(sorted(t.expected()));
    // Each story that failed was asked again once its back-off passed, and stored.
    const failed = t.ap.log.entries.filter((r) => r.status === 503);
    expect(failed).toHaveLength(2);
    for (const r of failed) {
      expect(t.ap.log.requestsTo(r.path).at(-1)!.status).toBe(200);
      expect(t.store.entries.get(t.ap.url(r.path))).toMatchObject({ state: 'added', attempts: 0 });
    }
    expect(t.store.state!.consecutiveFailures).toBe(0);
    expect(t.store.state!.holdUntil).toBeUndefined();
  });

  it('stops the follow with a reason after repeated failures, and stays stopped', async () => {
    const t = await setup();
    t.ap.faults.serverError = { path: '/article/', status: 502 };
    const progress = await t.run();
    expect(progress.phase).toBe('stopped');
    expect(progress.message).toMatch(/Stopped after 6 failed requests in a row; the last: .* answered 502/);
    expect(t.store.state!.stopped?.reason).toBe(progress.message);
    expect(t.articleRequests()).toHaveLength(MAX_CONSECUTIVE_FAILURES);
    const before = t.ap.log.entries.length;
    expect((await t.run()).phase).toBe('stopped');
    expect(t.ap.log.entries.length).toBe(before);
  });

  it('gives a story that times out up after MAX_ATTEMPTS, and keeps the others', async () => {
    const t = await setup({ follower: { timeoutMs: 300 } });
    const hung = t.ap.stories.find((s) => t.expected().includes(t.ap.storyUrl(s.index)))!;
    t.ap.faults.hang = [hung.path];
    const progress = await t.run();
    expect(progress.phase).toBe('done');
    const entry = t.store.entries.get(t.ap.storyUrl(hung.index))!;
    expect(entry).toMatchObject({ state: 'failed', attempts: MAX_ATTEMPTS });
    expect(entry.reason).toMatch(/did not answer/);
    expect(t.ap.log.requestsTo(hung.path)).toHaveLength(MAX_ATTEMPTS);
    expect(sorted(t.store.articles.keys())).toEqual(sorted(t.expected().filter((u) => u !== t.ap.storyUrl(hung.index))));
    expectPolite(t.ap, { abandoned: true });
  });

  it('honours robots.txt: disallowed stories are not fetched', async () => {
    const t = await setup();
    t.ap.faults.robots = 'disallow-articles';
    await t.run();
    expect(t.articleRequests()).toHaveLength(0);
    expect(t.store.articles.size).toBe(0);
    const skipped = t.store.inState('skipped').filter((e) => e.url.includes('/article/'));
    expect(skipped).toHaveLength(t.expected().length);
    for (const e of skipped) expect(e.reason).toBe('robots.txt does not allow it');
  });

  it('stops when robots.txt disallows the sitemap index, having asked for robots.txt only', async () => {
    const t = await setup();
    t.ap.faults.robots = 'disallow-all';
    const progress = await t.run();
    expect(progress.phase).toBe('stopped');
    expect(progress.message).toMatch(/robots\.txt .* does not allow Wirecheck/);
    expect(t.ap.log.paths()).toEqual(['/robots.txt']);
  });

  it('reads nothing else while robots.txt answers 5xx, and asks it again after the back-off', async () => {
    const t = await setup({ follower: { maxWaitMs: 1_000 } });
    t.ap.faults.robots = 'error';
    const progress = await t.run();
    expect(progress.phase).toBe('waiting');
    expect(t.ap.log.paths()).toEqual(['/robots.txt']);
    t.ap.faults.robots = 'allow';
    t.clock.advance(3_000);
    expect((await t.run()).phase).toBe('done');
    expect(sorted(t.store.articles.keys())).toEqual(sorted(t.expected()));
  });
});

describe('sitemap faults', () => {
  it('records a malformed sitemap as an error in the state and follows the others', async () => {
    const t = await setup({ window: 'year' });
    const month = t.ap.months()[0]!;
    t.ap.faults.malformedSitemap = [month];
    const progress = await t.run();
    expect(progress.phase).toBe('done');
    const url = t.ap.url(`/ap-sitemap-${month}.xml`);
    expect(t.store.state!.sitemaps[url]!.error).toMatch(/^the sitemap .* is not well-formed XML \(line \d+, column \d+: .+\)$/);
    expect(t.store.state!.lastError).toBe(t.store.state!.sitemaps[url]!.error);
    // The news sitemap and the other months still gave their stories.
    const news = t.ap.stories.filter((s) => Date.parse(s.published) > t.ap.now - 2 * 86_400_000).map((s) => t.ap.storyUrl(s.index));
    expect(news.length).toBeGreaterThan(0);
    for (const u of news) expect(t.store.articles.has(u)).toBe(true);
  });

  it.each([
    ['streamed without a length', false],
    ['with a Content-Length', true],
  ])('refuses a 51 MiB sitemap (%s) without reading it all', async (_name, contentLength) => {
    let bytes = 0;
    const counting: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!String(input).includes('/ap-sitemap-') || !response.body) return response;
      const counter = new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, out) {
          bytes += chunk.byteLength;
          out.enqueue(chunk);
        },
      });
      return new Response(response.body.pipeThrough(counter), { status: response.status, headers: response.headers });
    };
    const t = await setup({ fetch: makeNodeFollowFetch({ fetch: counting }) });
    const month = new Date(t.ap.now).toISOString().slice(0, 7).replace('-', '');
    t.ap.faults.hugeSitemap = [{ month, contentLength }];
    const progress = await t.run();
    expect(progress.phase).toBe('done');
    const url = t.ap.url(`/ap-sitemap-${month}.xml`);
    expect(t.store.state!.sitemaps[url]!.error).toMatch(/is larger than 52,428,800 bytes/);
    expect(bytes).toBeLessThanOrEqual(MAX_SITEMAP_BYTES + 1024 * 1024);
    if (contentLength) expect(bytes).toBeLessThan(1024 * 1024);
  });
});

describe('redirects', () => {
  it('skips a story that redirects to another host, and no request reaches that host', async () => {
    const other = await startRecorder();
    cleanups.push(() => other.close());
    const t = await setup({ standin: { otherOrigin: other.origin } });
    const [a, b] = t.ap.stories.filter((s) => t.expected().includes(t.ap.storyUrl(s.index)));
    t.ap.faults.redirectOffHost = [a!.index];
    t.ap.faults.redirectSameHost = [b!.index];
    await t.run();
    expect(other.log.entries).toHaveLength(0);
    expect(t.store.entries.get(t.ap.storyUrl(a!.index))).toMatchObject({ state: 'skipped', reason: 'it leads to another site' });
    // A redirect on the same host is followed; the story keeps its canonical id.
    expect(t.ap.log.paths()).toContain(b!.aliasPath);
    expect(t.store.articles.has(t.ap.storyUrl(b!.index))).toBe(true);
    expect(t.store.articles.size).toBe(t.expected().length - 1);
    expectPolite(t.ap);
  });
});

describe('identity, changes and resumption', () => {
  it('stores a story listed under two URLs once, under its canonical URL', async () => {
    const t = await setup();
    const story = t.ap.stories.find((s) => t.expected().includes(t.ap.storyUrl(s.index)))!;
    t.ap.faults.duplicates = [story.index];
    await t.run();
    expect(t.ap.log.requestsTo(story.aliasPath)).toHaveLength(1);
    expect(sorted(t.store.articles.keys())).toEqual(sorted(t.expected()));
    expect(t.store.added.filter((a) => a.id === t.ap.storyUrl(story.index))).toHaveLength(2);
    const counts = await t.store.counts();
    const sizes = [...t.store.articles.values()].reduce((n, a) => n + new TextEncoder().encode(JSON.stringify(a)).byteLength, 0);
    expect(counts.bytes).toBe(sizes); // counted once
  });

  it('fetches a changed story again and replaces the stored version, and nothing else', async () => {
    const t = await setup();
    await t.run();
    const story = t.ap.stories.find((s) => t.expected().includes(t.ap.storyUrl(s.index)))!;
    const id = t.ap.storyUrl(story.index);
    const before = t.store.articles.get(id)!.text;
    t.ap.changeStory(story.index);
    t.ap.log.clear();
    t.clock.advance(31 * 60_000); // the next update is due
    expect((await t.run()).phase).toBe('done');
    const after = t.store.articles.get(id)!.text;
    expect(after).not.toBe(before);
    expect(after).toBe(bodyOf(story.paragraphs));
    expect(t.articleRequests().map((r) => r.path)).toEqual([story.path]);
    expect(t.store.added.filter((a) => a.id === id)).toHaveLength(2);
    expect(t.store.articles.size).toBe(t.expected().length);
  });

  it('makes one conditional request per sitemap, answered 304, when nothing changed', async () => {
    const t = await setup();
    await t.run();
    t.ap.log.clear();
    t.clock.advance(31 * 60_000);
    const started = Date.now();
    expect((await t.run()).phase).toBe('done');
    expect(Date.now() - started).toBeLessThan(1_000);
    const log = t.ap.log.entries;
    expect(log.length).toBeGreaterThan(0);
    expect(new Set(log.map((r) => r.path)).size).toBe(log.length);
    for (const r of log) {
      expect(r.path).toMatch(/sitemap/);
      expect(r.headers['if-none-match']).toBeTruthy();
      expect(r.status).toBe(304);
    }
    // The index lists every sitemap's lastmod: its 304 says none changed.
    expect(log.map((r) => r.path)).toEqual(['/sitemap.xml']);
    expectPolite(t.ap);
  });

  it('resumes a run aborted mid-request, with no story stored twice', async () => {
    const controller = new AbortController();
    let articles = 0;
    const aborting: typeof fetch = async (input, init) => {
      if (String(input).includes('/article/') && ++articles === 4) setTimeout(() => controller.abort(), 5);
      return fetch(input, init);
    };
    const t = await setup({ fetch: makeNodeFollowFetch({ fetch: aborting }), standin: { faults: { slow: { path: '/article/', ms: 50 } } } });
    await expect(t.run({ signal: controller.signal })).rejects.toSatisfy((e) => e instanceof FollowError && e.kind === 'stopped');
    expect(t.store.added).toHaveLength(3);
    expect((await t.store.counts()).queued).toBeGreaterThan(0);
    expect((await t.run()).phase).toBe('done');
    expect(sorted(t.store.articles.keys())).toEqual(sorted(t.expected()));
    expect(sorted(t.store.added.map((a) => a.id))).toEqual(sorted(t.expected())); // each stored once
    expect(t.articleRequests()).toHaveLength(t.expected().length + 1); // the one cut off was asked again
    expect(t.store.inState('failed')).toHaveLength(0);
    expect(t.store.state!.consecutiveFailures).toBe(0);
    // The request cut off is still being answered (slowly) at the stand-in when the resumed run
    // asks for the next: the client had one at a time, the server may see two.
    expectPolite(t.ap, { abandoned: true });
  });
});
