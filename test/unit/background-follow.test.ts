// Follow AP and pack subscriptions in the background as wired in the extension
// (startBackground), on WXT's fake browser and the real storage on fake-indexeddb, against the
// stand-in for apnews.com (and a pack server) over real HTTP. The follower's pace is cut to a
// few milliseconds here (`minIntervalMs`, tests only).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browserFollowFetch } from '../../src/background/fetch';
import { CORPUS_CHANGE_EVERY_MS } from '../../src/background/follow-runner';
import { startBackground } from '../../src/background/start';
import { FollowError } from '../../src/core/follow/errors';
import { buildPack } from '../../src/core/pack/build';
import type { FollowStatus, SubscriptionStatus } from '../../src/messaging/protocol';
import { CorpusStore } from '../../src/storage';
import { IdbFollowStore } from '../../src/storage/follow-store';
import { type ApStandin, startApStandin } from '../support/ap-standin';
import { dbName, popupSender, seededBackgroundEachTest, send } from './background-harness';
import { seedCorpus } from './seeds';

seededBackgroundEachTest('wirecheck-bg-follow');

const STORIES = 6;
let ap: ApStandin;
let sitemapIndex = '';
/** Host patterns the fake browser grants (permissions.contains). */
let granted = new Set<string>();
let backgrounds: ReturnType<typeof startBackground>[] = [];

beforeAll(async () => {
  ap = await startApStandin({ stories: STORIES, spanDays: 20, seed: 3 });
  sitemapIndex = ap.sitemapIndexUrl();
});
afterAll(() => ap.close());

beforeEach(() => {
  granted = new Set();
  fakeBrowser.permissions.contains = (async ({ origins }: { origins: string[] }) => origins.every((o) => granted.has(o))) as never;
  ap.clearFaults();
  ap.log.clear();
});
afterEach(async () => {
  await Promise.all(backgrounds.map((b) => b.follow.stop()));
  backgrounds = [];
});

function start(minIntervalMs = 5) {
  const background = startBackground(fakeBrowser as never, { dbName, follow: { follower: { minIntervalMs } } });
  backgrounds.push(background);
  return background;
}

async function ui<T>(message: object): Promise<T> {
  const reply = await send(message, popupSender());
  if (!reply.ok) throw new Error(reply.error);
  return reply.value as T;
}
const status = () => ui<FollowStatus>({ type: 'ui:follow-get' });

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > end) throw new Error(`timed out; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
const finished = (s: FollowStatus) => !s.running && s.counts.queued === 0 && s.counts.added > 0;

async function corpusIds(): Promise<string[]> {
  const store = await CorpusStore.open(dbName);
  try {
    return (await store.listArticles()).map((a) => a.id).sort();
  } finally {
    store.close();
  }
}

describe('Follow AP in the background', () => {
  it('refuses to follow without the host permission, and asks nothing of the site', async () => {
    start();
    const reply = await send({ type: 'ui:follow-set', change: { following: true, sitemapIndex } }, popupSender());
    expect(reply).toEqual({ ok: false, error: expect.stringMatching(/may not read 127\.0\.0\.1:\d+/) });
    const s = await status();
    expect(s).toMatchObject({ following: false, permitted: false, running: false, sitemapIndex: 'https://apnews.com/sitemap.xml' });
    expect(s.state).toBeUndefined();
    expect(ap.log.entries).toEqual([]);
    expect(await fakeBrowser.alarms.get('wirecheck-follow')).toBeUndefined();
  });

  it('follows with it: a run stores the stories, tells the tabs in batches, and reports its counts', async () => {
    const background = start();
    const changed = vi.spyOn(background, 'corpusChangedElsewhere');
    granted.add('http://127.0.0.1/*');
    const began = Date.now();
    const first = await ui<FollowStatus>({ type: 'ui:follow-set', change: { following: true, sitemapIndex, window: 'month' } });
    expect(first).toMatchObject({ following: true, permitted: true, sitemapIndex });
    expect(first.state).toMatchObject({ sitemapIndex, window: 'month', paused: false });

    const done = await until(status, finished);
    const took = Date.now() - began;
    const stories = ap.storyRecords().map((a) => a.id);
    expect(done.counts).toMatchObject({ queued: 0, added: STORIES, failed: 0 });
    expect(done.counts.skipped).toBeGreaterThan(0); // the hub, live blog, gallery, scores and video pages
    expect(done.counts.bytes).toBeGreaterThan(0);
    expect(done.progress?.phase).toBe('done');
    expect(done.state?.robots).toMatchObject({ status: 200 });
    expect(done.state?.robots).not.toHaveProperty('text');
    expect(done.state?.lease).toBeUndefined();
    expect(await corpusIds()).toEqual([...seedCorpus('both').map((a) => a.id), ...stories].sort());

    // Six stories, a few milliseconds apart: the tabs were told at least once, and at most once
    // every CORPUS_CHANGE_EVERY_MS and at the end, not per story.
    expect(changed.mock.calls.length).toBeGreaterThanOrEqual(1);
    expect(changed.mock.calls.length).toBeLessThanOrEqual(Math.min(STORIES - 1, 1 + Math.ceil(took / CORPUS_CHANGE_EVERY_MS)));
    // Nothing of the reader went with the requests, and one went at a time.
    for (const r of ap.log.entries) {
      expect(r.headers.cookie).toBeUndefined();
      expect(r.headers.referer).toBeUndefined();
    }
    expect(ap.maxInFlight).toBe(1);
    // Nothing queued: the next run is the next sitemap read.
    const alarm = await fakeBrowser.alarms.get('wirecheck-follow');
    expect(alarm?.periodInMinutes).toBeUndefined();
    expect(alarm?.scheduledTime).toBeGreaterThanOrEqual(done.state!.nextRunAt!);
  });

  it('stops the run when paused, and takes it up again when resumed', async () => {
    start(150);
    granted.add('http://127.0.0.1/*');
    await ui({ type: 'ui:follow-set', change: { following: true, sitemapIndex, window: 'month' } });
    await until(status, (s) => s.counts.added >= 1);
    const paused = await ui<FollowStatus>({ type: 'ui:follow-set', change: { paused: true } });
    expect(paused).toMatchObject({ running: false, state: { paused: true } });
    expect(paused.counts.added).toBeLessThan(STORIES);
    expect(await fakeBrowser.alarms.get('wirecheck-follow')).toBeUndefined();
    const asked = ap.log.entries.length;
    await new Promise((r) => setTimeout(r, 400));
    expect(ap.log.entries.length).toBe(asked);
    expect((await status()).counts.added).toBe(paused.counts.added);

    await ui({ type: 'ui:follow-set', change: { paused: false } });
    const done = await until(status, finished);
    expect(done.counts.added).toBe(STORIES);
  });

  it('a new background takes up a follow cut short, without duplicates; a live lease elsewhere holds it off', async () => {
    const first = start(100);
    granted.add('http://127.0.0.1/*');
    await ui({ type: 'ui:follow-set', change: { following: true, sitemapIndex, window: 'month' } });
    await until(status, (s) => s.counts.added >= 2);
    await first.follow.stop();
    backgrounds = [];

    // Another context holds the follow: the new background does not start a run of its own.
    const store = new IdbFollowStore(await CorpusStore.open(dbName));
    const state = (await store.loadState())!;
    expect(state.lease).toBeUndefined();
    await store.saveState({ ...state, lease: { owner: 'elsewhere', until: Date.now() + 60_000 } });
    fakeBrowser.reset();
    fakeBrowser.permissions.contains = (async ({ origins }: { origins: string[] }) => origins.every((o) => granted.has(o))) as never;
    const added = (await store.counts()).added;
    const asked = ap.log.entries.length;
    start();
    await new Promise((r) => setTimeout(r, 300));
    expect(ap.log.entries.length).toBe(asked);
    expect(await status()).toMatchObject({ running: true, counts: { added } });
    expect((await fakeBrowser.alarms.get('wirecheck-follow'))!.scheduledTime).toBeGreaterThan(Date.now() + 50_000);

    // That context is gone (its lease lapsed): the next background finishes the backfill.
    await store.saveState({ ...(await store.loadState())!, lease: { owner: 'elsewhere', until: Date.now() - 1 } });
    fakeBrowser.reset();
    fakeBrowser.permissions.contains = (async ({ origins }: { origins: string[] }) => origins.every((o) => granted.has(o))) as never;
    start();
    const done = await until(status, finished);
    expect(done.counts.added).toBe(STORIES);
    const stories = ap.storyRecords().map((a) => a.id);
    expect(await corpusIds()).toEqual([...seedCorpus('both').map((a) => a.id), ...stories].sort());
    // Each story page asked for once, but the one a stop may have cut in flight.
    expect(ap.log.requestsTo('/article/').length).toBeLessThanOrEqual(STORIES + 1);
  });

  it('turns off, keeping or deleting the followed stories', async () => {
    start();
    granted.add('http://127.0.0.1/*');
    await ui({ type: 'ui:follow-set', change: { following: true, sitemapIndex, window: 'month' } });
    await until(status, finished);
    const off = await ui<FollowStatus>({ type: 'ui:follow-set', change: { following: false } });
    expect(off).toMatchObject({ following: false, running: false, counts: { added: STORIES } });
    expect(off.state?.offSince).toBeGreaterThan(0);
    expect(await fakeBrowser.alarms.get('wirecheck-follow')).toBeUndefined();
    expect((await corpusIds()).length).toBe(seedCorpus('both').length + STORIES);

    const gone = await ui<FollowStatus>({ type: 'ui:follow-set', change: { following: false, keepStories: false } });
    expect(gone).toMatchObject({ following: false, counts: { added: 0, queued: 0 } });
    expect(gone.state).toBeUndefined();
    expect(await corpusIds()).toEqual(seedCorpus('both').map((a) => a.id).sort());
  });

  it('refuses a run now while off, and validates what the page sends', async () => {
    start();
    expect(await send({ type: 'ui:follow-run-now' }, popupSender())).toEqual({ ok: false, error: expect.stringMatching(/Follow is off/) });
    expect(await send({ type: 'ui:follow-set', change: { window: 'decade' } }, popupSender())).toEqual({ ok: false, error: expect.stringMatching(/window/) });
  });
});

describe('pack subscriptions in the background', () => {
  let server: http.Server;
  let packUrl = '';
  let requests: { path: string; headers: http.IncomingHttpHeaders }[] = [];
  const articles = seedCorpus('both').map((a) => ({ ...a, id: `pack:${a.id}`, url: `https://example.org/${a.id}` }));

  beforeAll(async () => {
    const bytes = await buildPack(articles);
    server = http.createServer((req, res) => {
      requests.push({ path: req.url ?? '', headers: req.headers });
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304, { etag: '"v1"' }).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': bytes.byteLength, etag: '"v1"' }).end(Buffer.from(bytes));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    packUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/corpus.wcpack`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => {
    requests = [];
  });

  it('refuses a subscription without the host permission', async () => {
    start();
    expect(await send({ type: 'ui:subscription-add', url: packUrl }, popupSender())).toEqual({ ok: false, error: expect.stringMatching(/may not read/) });
    expect(await ui<SubscriptionStatus[]>({ type: 'ui:subscriptions-get' })).toEqual([]);
    expect(requests).toEqual([]);
  });

  it('adds, checks and removes a subscription', async () => {
    const background = start();
    const changed = vi.spyOn(background, 'corpusChangedElsewhere');
    granted.add('http://127.0.0.1/*');
    const added = await ui<SubscriptionStatus[]>({ type: 'ui:subscription-add', url: packUrl });
    expect(added).toEqual([expect.objectContaining({ url: packUrl, articles: articles.length, checking: false, permitted: true })]);
    expect(added[0]!.error).toBeUndefined();
    expect(added[0]!.lastCheckedAt).toBeGreaterThan(0);
    expect(added[0]!.lastChangedAt).toBeGreaterThan(0);
    expect(await corpusIds()).toEqual([...seedCorpus('both').map((a) => a.id), ...articles.map((a) => a.id)].sort());
    expect(changed).toHaveBeenCalledTimes(1);
    const alarm = await fakeBrowser.alarms.get('wirecheck-subscriptions');
    expect(alarm?.periodInMinutes).toBe(360);
    expect(alarm!.scheduledTime).toBeGreaterThan(Date.now() + 359 * 60_000);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.headers.cookie).toBeUndefined();

    // Checked again: unchanged, one conditional request, nothing applied.
    const checked = await ui<SubscriptionStatus[]>({ type: 'ui:subscription-check', url: packUrl });
    expect(requests).toHaveLength(2);
    expect(requests[1]!.headers['if-none-match']).toBe('"v1"');
    expect(checked[0]).toMatchObject({ url: packUrl, lastChangedAt: added[0]!.lastChangedAt });
    expect(checked[0]!.lastCheckedAt).toBeGreaterThanOrEqual(added[0]!.lastCheckedAt!);
    expect(changed).toHaveBeenCalledTimes(1);

    // A pin the pack does not have: the check says so.
    const pinned = await ui<SubscriptionStatus[]>({ type: 'ui:subscription-add', url: packUrl, sha256: 'A'.repeat(64) });
    expect(pinned[0]).toMatchObject({ sha256: 'a'.repeat(64), error: expect.stringMatching(/SHA-256/i) });

    expect(await ui<SubscriptionStatus[]>({ type: 'ui:subscription-remove', url: packUrl })).toEqual([]);
    expect(await fakeBrowser.alarms.get('wirecheck-subscriptions')).toBeUndefined();
    // The articles it brought stay.
    expect((await corpusIds()).length).toBe(seedCorpus('both').length + articles.length);
  });
});

describe("the background's fetch", () => {
  const get = (url: string, headers: Record<string, string> = {}) => browserFollowFetch()(url, { headers, signal: new AbortController().signal });
  const MiB = 1024 * 1024;

  it('reads a body, with the headers asked for and no cookie or referrer', async () => {
    const response = await get(sitemapIndex, { 'if-none-match': '"x"' });
    expect(response.status).toBe(200);
    expect(response.header('etag')).toBeTruthy();
    expect(await response.text(MiB)).toContain('<sitemapindex');
    const [request] = ap.log.requestsTo('/sitemap.xml');
    expect(request!.headers).toMatchObject({ 'if-none-match': '"x"' });
    expect(request!.headers.cookie).toBeUndefined();
    expect(request!.headers.referer).toBeUndefined();
  });

  it('refuses a body past the limit, declared or streamed, without reading the rest', async () => {
    const [month] = ap.months();
    ap.setFaults({ hugeSitemap: [{ month: month!, bytes: 8 * MiB, contentLength: true }] });
    await expect((await get(ap.url(`/ap-sitemap-${month}.xml`))).text(MiB)).rejects.toMatchObject({ kind: 'too-large' });
    ap.setFaults({ hugeSitemap: [{ month: month!, bytes: 8 * MiB, contentLength: false }] });
    const streamed = await get(ap.url(`/ap-sitemap-${month}.xml`));
    const error = await streamed.bytes(MiB).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FollowError);
    expect(error).toMatchObject({ kind: 'too-large', message: expect.stringMatching(/larger than 1,048,576 bytes/) });
    // At the limit exactly, the whole body; a byte less, none of it.
    const size = (await (await get(ap.storyUrl(0))).bytes(MiB)).byteLength;
    expect((await (await get(ap.storyUrl(0))).bytes(size)).byteLength).toBe(size);
    await expect((await get(ap.storyUrl(0))).text(size - 1)).rejects.toMatchObject({ kind: 'too-large' });
  });

  it("shows a browser's opaque redirect as status 0 and a failed request as a FollowError", async () => {
    // What a browser answers to redirect: 'manual' (Node's fetch shows the 3xx instead).
    const opaqueRedirect = { type: 'opaqueredirect', status: 0, url: 'https://apnews.com/a', headers: new Headers(), body: null } as unknown as Response;
    const opaque = browserFollowFetch(async () => opaqueRedirect);
    const response = await opaque('https://apnews.com/a', { headers: {}, signal: new AbortController().signal });
    expect(response.status).toBe(0);
    expect(response.header('location')).toBeNull();
    await expect(get('http://127.0.0.1:1/nothing-listens')).rejects.toMatchObject({ kind: 'network', message: expect.stringMatching(/could not reach 127\.0\.0\.1:1/) });
    const stopped = new AbortController();
    stopped.abort();
    await expect(browserFollowFetch()(sitemapIndex, { headers: {}, signal: stopped.signal })).rejects.toMatchObject({ kind: 'stopped' });
  });
});
