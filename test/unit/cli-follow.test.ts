// `wirecheck follow` as a user runs it: the real bin/wirecheck.mjs in a child process, against
// the stand-in for apnews.com over real HTTP on 127.0.0.1. The child runs asynchronously
// (spawnSync would block this process, which serves the stand-in). The pace is lowered with
// WIRECHECK_FOLLOW_MIN_INTERVAL_MS, which the CLI honours for a loopback host only.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCommandLine, USAGE, UsageError } from '../../src/cli/args';
import { isLoopbackHost, reach, TEST_PACE_ENV, testPace } from '../../src/cli/commands/follow';
import { ProgressReporter } from '../../src/cli/follow-progress';
import { FileFollowStore, stateFileOf } from '../../src/cli/follow-store';
import type { Io } from '../../src/cli/io';
import type { QueueEntry } from '../../src/core/follow/types';
import { openPack } from '../../src/core/pack/pack';
import type { Article } from '../../src/core/types';
import { type ApStandin, startApStandin } from '../support/ap-standin';
import { bin, root, runWirecheck, writeTemp } from './cli-run';

const STORIES = 12;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `wirecheck follow …`; `during` sees the child as it runs (to signal it). */
function follow(args: string[], opts: { paceMs?: number; during?: (child: ChildProcess) => void } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, [TEST_PACE_ENV]: String(opts.paceMs ?? 5) };
    const child = spawn(process.execPath, [bin, 'follow', ...args], { cwd: root, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
    opts.during?.(child);
  });
}

/** Resolves once `ready()` holds (checked every 10 ms). */
async function until(ready: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const queueOf = (pack: string): QueueEntry[] => (JSON.parse(readFileSync(stateFileOf(pack), 'utf8')) as { queue: QueueEntry[] }).queue;
const packIds = (pack: string): string[] => openPack(readFileSync(pack)).articles.map((a) => a.id);
const summary = (run: Run, key: string) => run.stdout.split('\n').find((l) => l.startsWith(key)) ?? '';

let ap: ApStandin;
let tmp: string;
beforeAll(async () => {
  // 20 days of stories: all inside the default window of a month.
  ap = await startApStandin({ stories: STORIES, spanDays: 20 });
  tmp = mkdtempSync(join(tmpdir(), 'wirecheck-follow-'));
});
afterAll(async () => {
  await ap?.close();
  rmSync(tmp, { recursive: true, force: true });
});

// Each run starts a process (~2 s of tsx on a loaded machine) and talks to the stand-in.
const PROCESS_TESTS = { timeout: 90_000 };

describe('wirecheck follow against the stand-in', PROCESS_TESTS, () => {
  let pack: string;

  it('backfills a pack that check --corpus uses to find a story, politely, with progress on stderr', async () => {
    pack = join(tmp, 'ap.wcpack');
    ap.log.clear();
    const run = await follow(['-o', pack, '--sitemap', ap.sitemapIndexUrl()]);
    expect(run.stderr).toMatch(/^wirecheck follow: fetching stories · \d+ added, \d+ queued, \d+ skipped, \d+ failed, \d+ KB · http:\/\/127\.0\.0\.1:\d+\/article\//m);
    expect(run.status).toBe(0);
    expect(summary(run, 'added')).toBe(`added    ${STORIES} stories`);
    expect(summary(run, 'queued')).toMatch(/^queued +0 /);
    expect(summary(run, 'pack')).toMatch(new RegExp(`: ${STORIES} articles, \\d+ KB$`));
    const records = ap.storyRecords();
    expect(packIds(pack).sort()).toEqual(records.map((r) => r.id).sort());

    // One request at a time, no cookies (the stand-in sets them), no referrer.
    expect(ap.maxInFlight).toBe(1);
    for (const r of ap.log.entries) {
      expect(r.headers.cookie).toBeUndefined();
      expect(r.headers.referer).toBeUndefined();
    }

    const story = records[5]!;
    const page = writeTemp(tmp, 'page.txt', `${story.title}\n\n${story.text}\n`);
    const check = runWirecheck(['check', '--corpus', pack, '--json', page]);
    expect(check.status).toBe(0);
    const line = JSON.parse(check.stdout) as { verdict: string; source?: { id: string } };
    expect(line.source?.id).toBe(story.id);
    expect(line.verdict).toBe('verbatim');
  });

  it('a second run with nothing changed adds nothing and makes only conditional requests', async () => {
    const before = readFileSync(pack);
    ap.log.clear();
    const run = await follow(['-o', pack, '--sitemap', ap.sitemapIndexUrl()]);
    expect(run.status).toBe(0);
    expect(summary(run, 'added')).toBe('added    0 stories');
    expect(ap.log.entries.length).toBeGreaterThan(0);
    for (const r of ap.log.entries) {
      expect(r.headers['if-none-match'] ?? r.headers['if-modified-since']).toBeDefined();
      expect(r.status).toBe(304);
    }
    expect(readFileSync(pack).equals(before)).toBe(true);
  });

  it('a changed story is fetched again and replaces its earlier version', async () => {
    ap.changeStory(3);
    ap.log.clear();
    const run = await follow(['-o', pack, '--sitemap', ap.sitemapIndexUrl()]);
    expect(run.status).toBe(0);
    expect(summary(run, 'added')).toBe('added    0 stories, and 1 new version');
    expect(ap.log.requestsTo('/article/').map((r) => r.path)).toEqual([ap.stories[3]!.path]);
    expect(packIds(pack)).toHaveLength(STORIES);
  });
});

describe('wirecheck follow, interrupted and refused', PROCESS_TESTS, () => {
  it('SIGINT mid-run writes what was fetched and exits 130; the next run finishes with no duplicates', async () => {
    const pack = join(tmp, 'interrupted.wcpack');
    ap.log.clear();
    const first = await follow(['-o', pack, '--sitemap', ap.sitemapIndexUrl()], {
      paceMs: 200,
      during: (child) => void until(() => ap.log.requestsTo('/article/').length >= 4).then(() => child.kill('SIGINT')),
    });
    expect(first.stderr).toContain('interrupted (SIGINT)');
    expect(first.status).toBe(130);
    const added = new Set(queueOf(pack).filter((e) => e.state === 'added').map((e) => e.url));
    expect(added.size).toBeGreaterThanOrEqual(3);
    expect(added.size).toBeLessThan(STORIES);
    expect(packIds(pack)).toHaveLength(added.size);
    expect(readdirSync(tmp).filter((f) => f.endsWith('.part') || f.endsWith('.lock'))).toEqual([]);

    ap.log.clear();
    const second = await follow(['-o', pack, '--sitemap', ap.sitemapIndexUrl()]);
    expect(second.status).toBe(0);
    const refetched = ap.log.requestsTo('/article/').filter((r) => added.has(ap.url(r.path)));
    expect(refetched).toEqual([]);
    const ids = packIds(pack);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(ap.storyRecords().map((r) => r.id).sort());
  });

  it('SIGTERM exits 143 with the pack and the state written', async () => {
    const pack = join(tmp, 'terminated.wcpack');
    ap.log.clear();
    const run = await follow(['-o', pack, '--sitemap', ap.sitemapIndexUrl()], {
      paceMs: 200,
      during: (child) => void until(() => ap.log.requestsTo('/article/').length >= 2).then(() => child.kill('SIGTERM')),
    });
    expect(run.status).toBe(143);
    expect(packIds(pack).length).toBe(queueOf(pack).filter((e) => e.state === 'added').length);
  });

  it('a 429 storm stops the follow with exit 1 and the reason; a later run retries', async () => {
    const pack = join(tmp, 'storm.wcpack');
    ap.setFaults({ tooMany: { path: '/article/', retryAfter: 0 } });
    try {
      const run = await follow(['-o', pack, '--sitemap', ap.sitemapIndexUrl()]);
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/the follow stopped: Stopped after 6 failed requests in a row; the last: http:\/\/127\.0\.0\.1:\d+\/article\/\S+ answered 429/);
      expect(summary(run, 'added')).toBe('added    0 stories');
      expect(summary(run, 'pack')).toBe(`pack     ${pack}: not written, no story yet`);
      expect(existsSync(pack)).toBe(false);
    } finally {
      ap.clearFaults();
    }
    const retry = await follow(['-o', pack, '--sitemap', ap.sitemapIndexUrl()]);
    expect(retry.status).toBe(0);
    expect(summary(retry, 'added')).toBe(`added    ${STORIES} stories`);
  });
});

describe('one run at a time on a pack', PROCESS_TESTS, () => {
  it('refuses while another process holds the lock, and takes over a lock its owner left behind', async () => {
    const pack = join(tmp, 'locked.wcpack');
    writeTemp(tmp, 'locked.wcpack.follow.lock', `${process.pid}\n`);
    const held = await follow(['-o', pack, '--sitemap', ap.sitemapIndexUrl()]);
    expect(held.status).toBe(1);
    expect(held.stderr).toContain(`another wirecheck (process ${process.pid}) is updating it`);
    expect(existsSync(pack)).toBe(false);

    // A process id no process has (above Linux's pid_max).
    writeTemp(tmp, 'locked.wcpack.follow.lock', '4194305\n');
    const stale = await follow(['-o', pack, '--sitemap', ap.sitemapIndexUrl()]);
    expect(stale.status).toBe(0);
    expect(existsSync(`${pack}.follow.lock`)).toBe(false);
  });
});

describe('the test pace is for a loopback host only', () => {
  const io = (): Io & { errors: string[] } => {
    const errors: string[] = [];
    return { errors, out: () => undefined, err: (l) => void errors.push(l), color: false };
  };

  it('is honoured for 127.0.0.1, ::1, localhost and a name resolving to loopback only', async () => {
    const sink = io();
    expect(await testPace({ [TEST_PACE_ENV]: '5' }, new URL('http://127.0.0.1:8080/sitemap.xml'), sink)).toBe(5);
    expect(await testPace({ [TEST_PACE_ENV]: '5' }, new URL('http://[::1]:8080/sitemap.xml'), sink)).toBe(5);
    expect(await testPace({ [TEST_PACE_ENV]: '5' }, new URL('http://localhost/sitemap.xml'), sink)).toBe(5);
    expect(sink.errors).toEqual([]);
    expect(await isLoopbackHost('apnews.com', async () => ['127.0.0.1'])).toBe(true);
    expect(await isLoopbackHost('apnews.com', async () => ['127.0.0.1', '93.184.216.34'])).toBe(false);
    expect(await isLoopbackHost('apnews.com', async () => Promise.reject(new Error('ENOTFOUND')))).toBe(false);
  });

  it('is ignored, with a warning, for any other host; a slower pace is honoured anywhere', async () => {
    const sink = io();
    expect(await testPace({ [TEST_PACE_ENV]: '5' }, new URL('http://10.0.0.1/sitemap.xml'), sink)).toBeUndefined();
    expect(sink.errors.join('\n')).toContain('is ignored: it lowers the pace only for a stand-in on this machine, and 10.0.0.1 is not a loopback host');
    expect(await testPace({ [TEST_PACE_ENV]: '2500' }, new URL('http://10.0.0.1/sitemap.xml'), sink)).toBe(2500);
    expect(await testPace({ [TEST_PACE_ENV]: 'fast' }, new URL('http://127.0.0.1/sitemap.xml'), sink)).toBeUndefined();
  });

  it('is no option of the command line', () => {
    expect(USAGE.follow).not.toMatch(/interval|WIRECHECK_/i);
    expect(() => parseCommandLine(['follow', '-o', 'x.wcpack', '--min-interval-ms', '5'])).toThrow(UsageError);
  });
});

describe('wirecheck follow: the command line', () => {
  it('parses its options', () => {
    expect(parseCommandLine(['follow', '-o', 'ap.wcpack'])).toEqual({ name: 'follow', output: 'ap.wcpack', sitemap: 'https://apnews.com/sitemap.xml', quiet: false });
    expect(parseCommandLine(['follow', '-o', 'ap.wcpack', '--sitemap', 'http://127.0.0.1:8080/sitemap.xml', '--since', '2025-01-31', '--budget', '2GB', '-q'])).toEqual({
      name: 'follow',
      output: 'ap.wcpack',
      sitemap: 'http://127.0.0.1:8080/sitemap.xml',
      since: { date: '2025-01-31' },
      budgetBytes: 2 * 1024 ** 3,
      quiet: true,
    });
    expect(parseCommandLine(['follow', '-o', 'a', '--since', 'quarter', '--budget', '500MB'])).toMatchObject({ since: { window: 'quarter' }, budgetBytes: 500 * 1024 ** 2 });
  });

  it.each([
    [[], '-o <file> is required'],
    [['-o', 'a', '--since', '2025-02-30'], '--since needs week, month, quarter, year or a day'],
    [['-o', 'a', '--since', 'fortnight'], '--since needs'],
    [['-o', 'a', '--budget', '2XB'], '--budget needs a size'],
    [['-o', 'a', '--sitemap', 'ftp://x/sitemap.xml'], '--sitemap needs an http(s) URL'],
    [['-o', 'a', '--sitemap', 'https://u:p@apnews.com/sitemap.xml'], 'must not carry a user name or password'],
    [['-o', 'a', 'extra'], "unexpected argument 'extra'"],
  ])('refuses %j', (args, message) => {
    expect(() => parseCommandLine(['follow', ...args])).toThrow(message);
  });

  it('exits 2 on a usage error, and prints its help', () => {
    const bad = runWirecheck(['follow']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("-o <file> is required: the pack to make or update (see 'wirecheck follow --help')");
    const help = runWirecheck(['follow', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: wirecheck follow -o <pack.wcpack>');
  });

  it('keeps the window of a follow under way unless --since reaches further back', () => {
    const now = Date.UTC(2026, 5, 30);
    const month = reach(undefined, undefined, now);
    expect(month).toEqual({ window: 'month', since: now - 30 * 86_400_000 });
    const state = { version: 1 as const, sitemapIndex: 'x', paused: false, consecutiveFailures: 0, sitemaps: {}, budgetBytes: 1, ...month };
    expect(reach({ window: 'week' }, state, now + 1000)).toEqual(month);
    expect(reach({ window: 'year' }, state, now)).toEqual({ window: 'year', since: now - 365 * 86_400_000 });
    expect(reach({ date: '2026-04-15' }, state, now)).toEqual({ window: 'quarter', since: Date.UTC(2026, 3, 15) });
  });
});

describe('the progress line', () => {
  const counts = { queued: 3, added: 2, skipped: 1, failed: 0, evicted: 0, bytes: 5000 };

  it('on a terminal: one line rewritten in place, cut to the width, cleared at the end', () => {
    const written: string[] = [];
    let t = 0;
    const p = new ProgressReporter({ isTTY: true, columns: 40, write: (s) => void written.push(s) }, () => t);
    p.update({ phase: 'stories', counts, current: 'http://127.0.0.1/article/a-very-long-story-address-indeed' });
    t += 100;
    p.update({ phase: 'stories', counts }); // too soon: not drawn
    t += 300;
    p.update({ phase: 'waiting', counts, waitUntil: t + 3000 });
    p.end();
    expect(written).toHaveLength(3);
    const ERASE = '\r\x1b[K';
    expect(written[0]!.startsWith(`${ERASE}fetching stories · 2 added, 3 queued`)).toBe(true);
    expect(written[0]!.endsWith('…')).toBe(true);
    expect(written[0]!.length - 4).toBeLessThanOrEqual(39);
    expect(written[1]!.startsWith(`${ERASE}waiting 3 s · 2 added`)).toBe(true);
    expect(written[2]).toBe(ERASE);
  });

  it('elsewhere: a line when the stories start, then one a minute', () => {
    const written: string[] = [];
    let t = 0;
    const p = new ProgressReporter({ write: (s) => void written.push(s) }, () => t);
    p.update({ phase: 'sitemaps', counts });
    p.update({ phase: 'stories', counts });
    t += 30_000;
    p.update({ phase: 'stories', counts });
    t += 31_000;
    p.update({ phase: 'stories', counts });
    p.end();
    expect(written).toHaveLength(2);
    expect(written.every((l) => l.startsWith('wirecheck follow: fetching stories · 2 added, 3 queued') && l.endsWith('\n'))).toBe(true);
  });
});

describe('the file-backed store', () => {
  const article = (n: number) => ({ id: `http://127.0.0.1/article/s${n}`, title: `Story ${n}`, url: `http://127.0.0.1/article/s${n}`, published: `2026-01-0${n}T00:00:00Z`, text: `Story ${n} text. `.repeat(60) });
  const entry = (n: number): QueueEntry => ({ url: `http://127.0.0.1/article/s${n}`, lastmod: `2026-01-0${n}T00:00:00Z`, state: 'queued', attempts: 0 });
  /** One story stored, as a batch of one; its bytes. */
  const addStory = async (store: FileFollowStore, a: Article, e: QueueEntry) => (await store.addStories([{ article: a, entry: e }]))[0]!;

  it('queues again a story the state says was added but the pack does not hold (a crash between the two writes)', async () => {
    const pack = join(tmp, 'store.wcpack');
    const store = await FileFollowStore.open(pack);
    await store.enqueue([1, 2].map((n) => ({ loc: entry(n).url, lastmod: entry(n).lastmod })));
    await addStory(store, article(1), entry(1));
    await store.flush({ pack: true });
    await addStory(store, article(2), entry(2));
    await store.flush({ pack: false }); // the state says 2 is added; the pack holds 1 only
    const reopened = await FileFollowStore.open(pack);
    expect(reopened.articleCount).toBe(1);
    expect(await reopened.counts()).toMatchObject({ added: 1, queued: 1 });
    expect((await reopened.nextDue(Date.now()))?.url).toBe(entry(2).url);
  });

  it('writes the state every 100 stories, and the pack with it only while rebuilding it is cheap', async () => {
    let t = 1_000_000;
    const pack = join(tmp, 'checkpoint.wcpack');
    const store = await FileFollowStore.open(pack, { now: () => t });
    const story = (n: number) => ({ ...article(1), id: `http://127.0.0.1/article/c${n}`, url: `http://127.0.0.1/article/c${n}`, text: `Story number ${n} says ${n * 7} things. `.repeat(40) });
    // A story stored, then the checkpoint the follower's save of its state after each story checks for.
    const add = async (n: number) => {
      await addStory(store, story(n), { ...entry(1), url: story(n).url });
      await store.checkpoint();
    };
    for (let n = 0; n < 99; n++) await add(n);
    expect(existsSync(stateFileOf(pack))).toBe(false);
    await add(99); // the 100th: never built, so cheap
    expect(packIds(pack)).toHaveLength(100);
    for (let n = 100; n < 200; n++) await add(n); // no time has passed: any rebuild costs more than a tenth of it
    expect(queueOf(pack)).toHaveLength(200);
    expect(packIds(pack)).toHaveLength(100);
    t += 60_000; // a minute on, both are due
    await store.settle({ ...entry(2), state: 'skipped', reason: 'a hub page' });
    expect(queueOf(pack)).toHaveLength(201);
    expect(packIds(pack)).toHaveLength(200);
  });

  it('two URLs of one story count its bytes once; over the budget the oldest published goes first', async () => {
    const store = await FileFollowStore.open(join(tmp, 'budget.wcpack'));
    const bytes1 = await addStory(store, article(1), entry(1));
    await addStory(store, article(1), { ...entry(1), url: 'http://127.0.0.1/article/s1-alias' });
    const bytes3 = await addStory(store, article(3), entry(3));
    expect((await store.counts()).bytes).toBe(bytes1 + bytes3);
    expect(await store.evictOver(bytes3)).toBe(1);
    expect(await store.counts()).toMatchObject({ added: 1, evicted: 2, bytes: bytes3 });
    // An evicted story is not fetched again, even listed with a later lastmod.
    expect(await store.enqueue([{ loc: entry(1).url, lastmod: '2026-02-01T00:00:00Z' }])).toBe(0);
  });
});
