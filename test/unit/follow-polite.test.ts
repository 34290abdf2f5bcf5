// How politely the follower asks (src/core/follow/polite.ts, robots.ts, request.ts and the
// follower's pace): Retry-After, back-off, status classes, robots.txt for the user agent
// Wirecheck, redirects, and the pace between requests at the product's own default of one a
// second, on a fake site and a clock that moves only when the follower sleeps.
import { describe, expect, it } from 'vitest';
import { Follower, type FollowerOptions } from '../../src/core/follow/follower';
import {
  BACKOFF_MAX_MS,
  MAX_CONSECUTIVE_FAILURES,
  MAX_RETRY_AFTER_MS,
  MIN_REQUEST_INTERVAL_MS,
  backoffMs,
  retryAfterMs,
  statusClass,
} from '../../src/core/follow/polite';
import { request, type RequestOptions } from '../../src/core/follow/request';
import { ALLOW_ALL, robotsRules, rulesForAnswer } from '../../src/core/follow/robots';
import type { FollowFetch, FollowResponse } from '../../src/core/follow/types';
import { MemoryFollowStore } from './follow-memory-store';

const NOW = Date.parse('2025-03-10T12:00:00Z');

describe('Retry-After and back-off', () => {
  it('reads delta-seconds and HTTP-dates, capped at an hour', () => {
    expect(retryAfterMs('120', NOW)).toBe(120_000);
    expect(retryAfterMs(' 0 ', NOW)).toBe(0);
    expect(retryAfterMs(new Date(NOW + 30_000).toUTCString(), NOW)).toBe(30_000);
    expect(retryAfterMs(new Date(NOW - 30_000).toUTCString(), NOW)).toBe(0);
    expect(retryAfterMs('86400', NOW)).toBe(MAX_RETRY_AFTER_MS);
    expect(retryAfterMs(new Date(NOW + 86_400_000).toUTCString(), NOW)).toBe(MAX_RETRY_AFTER_MS);
    for (const bad of [null, undefined, '', 'soon', '-5', '1.5']) expect(retryAfterMs(bad, NOW)).toBeUndefined();
  });

  it('doubles from 2 s and stops growing at 10 minutes', () => {
    expect([0, 1, 2, 3, 4].map((n) => backoffMs(n))).toEqual([2_000, 2_000, 4_000, 8_000, 16_000]);
    expect(backoffMs(9)).toBe(512_000);
    expect(backoffMs(10)).toBe(BACKOFF_MAX_MS);
    expect(backoffMs(1_000)).toBe(BACKOFF_MAX_MS);
  });

  it('sorts statuses: retry on 429, 5xx, 401/403 and 408; 404/410 are gone; other 4xx skipped', () => {
    expect([200, 203, 304, 301, 0, 404, 410, 429, 500, 503, 401, 403, 408, 400, 451].map(statusClass)).toEqual([
      'ok', 'ok', 'not-modified', 'redirect', 'redirect', 'gone', 'gone', 'retry', 'retry', 'retry', 'retry', 'retry', 'retry', 'skip', 'skip',
    ]);
  });
});

describe('robots.txt', () => {
  const url = 'https://apnews.com/robots.txt';

  it("follows the Wirecheck group when there is one, else *'s, longest match first", () => {
    const rules = robotsRules(
      url,
      'User-agent: *\nDisallow: /\n\nUser-agent: Wirecheck\nDisallow: /article/private\nAllow: /article/private/ok\nDisallow: /*.json$\nCrawl-delay: 2.5\n',
    );
    expect(rules.allowed('https://apnews.com/article/story-1')).toBe(true);
    expect(rules.allowed('https://apnews.com/article/private-thing')).toBe(false);
    expect(rules.allowed('https://apnews.com/article/private/ok/x')).toBe(true);
    expect(rules.allowed('https://apnews.com/data.json')).toBe(false);
    expect(rules.crawlDelayMs).toBe(2_500);
    const others = robotsRules(url, 'User-agent: SomeBot\nDisallow: /\n\nUser-agent: *\nDisallow: /hub/\n');
    expect(others.allowed('https://apnews.com/article/a')).toBe(true);
    expect(others.allowed('https://apnews.com/hub/a')).toBe(false);
    expect(others.crawlDelayMs).toBeUndefined();
  });

  it('reads 4xx and a redirect not followed as no rules, 5xx and no answer as none allowed (RFC 9309)', () => {
    for (const status of [300, 401, 403, 404, 410]) expect(rulesForAnswer(url, status, '').allowed('https://apnews.com/article/a')).toBe(true);
    for (const status of [0, 500, 503]) expect(rulesForAnswer(url, status, '').allowed('https://apnews.com/article/a')).toBe(false);
    expect(rulesForAnswer(url, 200, 'User-agent: *\nDisallow: /article/').allowed('https://apnews.com/article/a')).toBe(false);
  });
});

/** A site in a map: path → answer. Requests are recorded with the clock's time. */
function fakeSite(origin: string, pages: Record<string, { status?: number; headers?: Record<string, string>; body?: string }>, clock: { now(): number }) {
  const log: { url: string; at: number }[] = [];
  const fetch: FollowFetch = async (url) => {
    log.push({ url, at: clock.now() });
    if (!url.startsWith(origin)) throw new Error(`request to another host: ${url}`);
    const page = pages[new URL(url).pathname] ?? { status: 404 };
    const headers = new Map(Object.entries(page.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    const response: FollowResponse = {
      status: page.status ?? 200,
      url,
      header: (name) => headers.get(name.toLowerCase()) ?? null,
      text: async () => page.body ?? '',
      bytes: async () => new TextEncoder().encode(page.body ?? ''),
    };
    return response;
  };
  return { fetch, log };
}

/** A clock that moves only when slept on. */
function stillClock(start = NOW) {
  let t = start;
  return { now: () => t, sleep: async (ms: number) => void (t += ms), advance: (ms: number) => void (t += ms) };
}

const ORIGIN = 'https://wire.example';
const storyPaths = (n: number) => Array.from({ length: n }, (_, i) => `/article/story-${i}`);

function site(stories: number, robots = 'User-agent: *\nAllow: /\n', extra: Record<string, { status?: number; headers?: Record<string, string>; body?: string }> = {}) {
  const urlset = `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${storyPaths(stories)
    .map((p) => `<url><loc>${ORIGIN}${p}</loc><lastmod>2025-03-09T00:00:00Z</lastmod></url>`)
    .join('')}</urlset>`;
  return {
    '/robots.txt': { body: robots },
    '/sitemap.xml': { body: `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>${ORIGIN}/sitemap-1.xml</loc></sitemap></sitemapindex>` },
    '/sitemap-1.xml': { body: urlset },
    ...Object.fromEntries(storyPaths(stories).map((p) => [p, { headers: { 'content-type': 'text/html' }, body: `<p>${p}</p>` }])),
    ...extra,
  };
}

async function follow(pages: ReturnType<typeof site>, options: Partial<FollowerOptions> = {}) {
  const clock = stillClock();
  const { fetch, log } = fakeSite(ORIGIN, pages, clock);
  const store = new MemoryFollowStore();
  const readStory: FollowerOptions['readStory'] = (html, url) => ({ kind: 'story', article: { id: url, title: html, url, published: '2025-03-09', text: html } });
  const follower = new Follower({ fetch, store, readStory, now: clock.now, sleep: clock.sleep, maxWaitMs: Infinity, ...options });
  await follower.start({ sitemapIndex: `${ORIGIN}/sitemap.xml`, window: 'month', budgetBytes: 1e9 });
  return { clock, log, store, follower };
}

const gaps = (log: { at: number }[]) => log.slice(1).map((r, i) => r.at - log[i]!.at);

describe('the pace', () => {
  it('asks at most once a second by default, robots.txt and sitemaps included', async () => {
    const f = await follow(site(5));
    expect((await f.follower.run()).phase).toBe('done');
    expect(f.log).toHaveLength(3 + 5);
    expect(Math.min(...gaps(f.log))).toBeGreaterThanOrEqual(MIN_REQUEST_INTERVAL_MS);
    expect(f.store.articles.size).toBe(5);
  });

  it("keeps to robots.txt's Crawl-delay when it is longer, and across runs", async () => {
    const f = await follow(site(3, 'User-agent: *\nAllow: /\nCrawl-delay: 3\n'));
    await f.follower.run();
    expect(Math.min(...gaps(f.log.slice(1)))).toBeGreaterThanOrEqual(3_000);
    // A new run right after the last request still waits for the pace.
    f.clock.advance(31 * 60_000 - 3_000 + 100);
    const last = f.log.at(-1)!.at;
    await f.follower.run();
    expect(f.log.at(-1)!.at - last).toBeGreaterThanOrEqual(31 * 60_000 - 3_000 + 100);
  });

  it('holds every request for an HTTP-date Retry-After', async () => {
    const f = await follow(site(2, undefined, { '/article/story-0': { status: 503, headers: { 'retry-after': new Date(NOW + 120_000).toUTCString() } } }));
    await f.follower.run();
    const failed = f.log.findIndex((r) => r.url.endsWith('/article/story-0'));
    expect(f.log[failed + 1]!.at).toBeGreaterThanOrEqual(NOW + 120_000);
  });

  it('ends the run instead of waiting longer than maxWaitMs, and asks nothing before the time', async () => {
    const f = await follow(site(2, undefined, { '/article/story-0': { status: 429, headers: { 'retry-after': '600' } } }), { maxWaitMs: 60_000 });
    const first = await f.follower.run();
    expect(first.phase).toBe('waiting');
    const failedAt = f.log.at(-1)!.at;
    expect(first.waitUntil).toBe(failedAt + 600_000);
    const asked = f.log.length;
    f.clock.advance(300_000);
    expect((await f.follower.run()).phase).toBe('waiting');
    expect(f.log).toHaveLength(asked);
    f.clock.advance(300_000);
    await f.follower.run();
    expect(f.log.length).toBeGreaterThan(asked);
  });

  it('stops after MAX_CONSECUTIVE_FAILURES 429s in a row, whatever the Retry-After', async () => {
    const pages = site(0, undefined, { '/sitemap-1.xml': { status: 429, headers: { 'retry-after': '5' } } });
    const f = await follow(pages);
    const progress = await f.follower.run();
    expect(progress.phase).toBe('stopped');
    expect(f.log.filter((r) => r.url.endsWith('/sitemap-1.xml'))).toHaveLength(MAX_CONSECUTIVE_FAILURES);
    expect(f.store.state!.stopped!.reason).toMatch(/answered 429/);
  });

  it('keeps the host alive at every request and through waits', async () => {
    let calls = 0;
    const f = await follow(site(2, undefined, { '/article/story-0': { status: 503 } }), { keepAlive: () => void calls++ });
    await f.follower.run();
    expect(calls).toBeGreaterThanOrEqual(f.log.length);
  });
});

describe('redirects', () => {
  const clock = stillClock();
  function options(pages: Record<string, { status?: number; headers?: Record<string, string> }>, allowed = ALLOW_ALL.allowed): RequestOptions & { log: { url: string }[] } {
    const { fetch, log } = fakeSite(ORIGIN, pages, clock);
    return {
      fetch, log, headers: {}, maxBytes: 1_000, timeoutMs: 1_000, signal: new AbortController().signal, now: clock.now,
      host: 'wire.example', beforeEach: async () => undefined, onSend: () => undefined, allowed,
    };
  }
  const hop = (to: string) => ({ status: 301, headers: { location: to } });

  it('follows up to five on the same host, relative Locations too', async () => {
    const o = options({ '/a': hop('/b'), '/b': hop(`${ORIGIN}/c`), '/c': { status: 200 } });
    expect(await request(`${ORIGIN}/a`, o)).toMatchObject({ kind: 'ok', url: `${ORIGIN}/c` });
    const chain = options(Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`/r${i}`, hop(`/r${i + 1}`)])));
    expect(await request(`${ORIGIN}/r0`, chain)).toMatchObject({ kind: 'redirected', why: 'too-many' });
    expect(chain.log).toHaveLength(6);
  });

  it('never asks another host, nor a target robots.txt disallows; an opaque redirect is not followed', async () => {
    const away = options({ '/a': hop('https://elsewhere.example/a') });
    expect(await request(`${ORIGIN}/a`, away)).toEqual({ kind: 'redirected', url: `${ORIGIN}/a`, why: 'other-host', to: 'https://elsewhere.example/a' });
    expect(away.log).toHaveLength(1);
    const port = options({ '/a': hop('https://wire.example:8443/a') });
    expect(await request(`${ORIGIN}/a`, port)).toMatchObject({ why: 'other-host' });
    const robots = options({ '/a': hop('/private/a') }, (u) => !u.includes('/private/'));
    expect(await request(`${ORIGIN}/a`, robots)).toMatchObject({ why: 'robots' });
    expect(robots.log).toHaveLength(1);
    const opaque = options({ '/a': { status: 0 } });
    expect(await request(`${ORIGIN}/a`, opaque)).toMatchObject({ kind: 'redirected', why: 'opaque' });
  });
});
