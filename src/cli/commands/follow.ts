/**
 * `wirecheck follow -o <pack>`: follows a site's sitemaps (AP's by default) with core's
 * Follower and keeps the stories in a corpus pack, for a newsroom or a fact-checker who hosts
 * one, or a reader who checks from the command line.
 *
 * One invocation is one pass: robots.txt (cached a day), the sitemaps (always read, each
 * conditionally), then every queued story, waiting out Retry-After and back-offs however long
 * they are (`maxWaitMs: Infinity`), until nothing is queued or the follow stops after repeated
 * failures. Run again (by hand, from cron) for what is new or changed: the queue and the
 * follow's state are in `<pack>.follow.json` (../follow-store.ts), so a run cut by Ctrl-C,
 * SIGTERM or a crash resumes where it stopped and never stores a story twice. One run at a
 * time on a pack (../file-lock.ts): two would each keep the pace, asking the site twice as
 * often, and overwrite each other's files.
 *
 * Signals: the first SIGINT or SIGTERM aborts the run between requests (and the one in
 * flight), writes the pack and the state, and exits 130 or 143, as a shell reports those
 * signals. A second one exits at once, removing the temporary file of a write in progress:
 * the pack and the state on disk are then the last ones written, which the next run
 * reconciles (follow-store.ts).
 *
 * The pace: one request a second at most (MIN_REQUEST_INTERVAL_MS; robots.txt's Crawl-delay
 * when longer). Tests and benches run against a stand-in on this machine and set
 * WIRECHECK_FOLLOW_MIN_INTERVAL_MS (whole milliseconds) to go faster. A value under the
 * default is honoured only when the followed host is a loopback one (127.0.0.0/8, ::1,
 * localhost, or a name this machine resolves to loopback addresses only, as an /etc/hosts
 * line maps one), and then every request to another host is refused: the lowered pace never
 * reaches a real site. It is not a command-line option, so the usage never offers it.
 */

import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { FollowCommand } from '../args';
import { FollowError, isFollowError } from '../../core/follow/errors';
import { Follower } from '../../core/follow/follower';
import { MIN_REQUEST_INTERVAL_MS } from '../../core/follow/polite';
import type { BackfillWindow, FollowFetch, FollowProgress, FollowState } from '../../core/follow/types';
import { WINDOW_DAYS, windowStart } from '../../core/follow/window';
import { readStoryHtml } from '../../extraction/story';
import { nodeFollowFetch } from '../follow-fetch';
import { ProgressReporter, type ProgressStream, summaryLines } from '../follow-progress';
import { FileLock, LockHeld } from '../file-lock';
import { FileFollowStore, FollowFileError } from '../follow-store';
import { type Io, problemLine } from '../io';

/** The environment variable that lowers the pace against a local stand-in (tests, benches). */
export const TEST_PACE_ENV = 'WIRECHECK_FOLLOW_MIN_INTERVAL_MS';

/** Exit statuses of a process stopped by these signals, as shells report them (128 + number). */
const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;
type StopSignal = keyof typeof SIGNAL_EXIT;

/** No budget: the followed stories are never evicted. */
const UNLIMITED = Number.MAX_SAFE_INTEGER;

export interface FollowHost {
  env: NodeJS.ProcessEnv;
  /** Where progress goes (process.stderr). */
  progress: ProgressStream;
  fetch: FollowFetch;
}

const processHost = (): FollowHost => ({ env: process.env, progress: process.stderr, fetch: nodeFollowFetch });

export async function runFollow(cmd: FollowCommand, io: Io, host: FollowHost = processHost()): Promise<number> {
  const sitemap = new URL(cmd.sitemap);
  const minIntervalMs = await testPace(host.env, sitemap, io);
  let lock: FileLock;
  try {
    lock = await FileLock.take(`${cmd.output}.follow.lock`);
  } catch (e) {
    const message = e instanceof LockHeld ? e.message : `could not be created beside the pack (${e instanceof Error ? e.message : String(e)})`;
    io.err(problemLine({ file: e instanceof LockHeld ? cmd.output : `${cmd.output}.follow.lock`, message }));
    return 1;
  }
  try {
    return await followLocked(cmd, io, host, sitemap, minIntervalMs, lock);
  } finally {
    lock.release();
  }
}

async function followLocked(cmd: FollowCommand, io: Io, host: FollowHost, sitemap: URL, minIntervalMs: number | undefined, lock: FileLock): Promise<number> {
  const progress = new ProgressReporter(cmd.quiet ? { write: () => undefined } : host.progress);
  let store: FileFollowStore;
  try {
    store = await FileFollowStore.open(cmd.output, { onPackWrite: (n) => progress.status(`writing ${cmd.output} (${n.toLocaleString('en-US')} articles)…`) });
  } catch (e) {
    if (!(e instanceof FollowFileError)) throw e;
    io.err(problemLine({ file: e.file, message: e.message }));
    return 1;
  }
  const previous = await store.loadState();
  if (previous && previous.sitemapIndex !== sitemap.href) {
    io.err(
      problemLine({
        file: store.statePath,
        message: `follows ${previous.sitemapIndex}, not ${sitemap.href}; name another -o to follow another sitemap (or remove the state file to start over)`,
      }),
    );
    return 2;
  }

  const fetch = minIntervalMs === undefined ? host.fetch : sameHostOnly(host.fetch, sitemap.host);
  const follower = new Follower({ fetch, store, readStory: readStoryHtml, maxWaitMs: Number.POSITIVE_INFINITY, ...(minIntervalMs !== undefined ? { minIntervalMs } : {}) });
  await follower.start({ sitemapIndex: sitemap.href, budgetBytes: cmd.budgetBytes ?? UNLIMITED, ...reach(cmd.since, previous, Date.now()) });

  const controller = new AbortController();
  let interrupted: StopSignal | undefined;
  const onSignal = (signal: StopSignal) => {
    if (interrupted) {
      store.abandonWrites();
      lock.release();
      progress.end();
      io.err(`wirecheck: ${cmd.output}: interrupted again (${signal}); exiting without writing: the pack and the state are as last written`);
      process.exit(SIGNAL_EXIT[signal]);
    }
    interrupted = signal;
    const notice = `wirecheck: interrupted (${signal}); saving what was fetched (again to exit at once)`;
    if (cmd.quiet) io.err(notice);
    else progress.note(notice);
    controller.abort(new FollowError('stopped', `interrupted (${signal})`));
  };
  const handlers = (Object.keys(SIGNAL_EXIT) as StopSignal[]).map((signal) => {
    const handler = () => onSignal(signal);
    process.on(signal, handler);
    return [signal, handler] as const;
  });

  let last: FollowProgress | undefined;
  let failure: unknown;
  try {
    last = await follower.run({ signal: controller.signal, onProgress: (p) => progress.update(p) });
  } catch (e) {
    if (!(interrupted && isFollowError(e, 'stopped'))) failure = e;
  }
  try {
    await store.flush({ pack: true });
  } catch (e) {
    progress.end();
    io.err(e instanceof FollowFileError ? problemLine({ file: e.file, message: e.message }) : `wirecheck: ${String(e)}`);
    return 1;
  } finally {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  }
  progress.end();

  for (const line of summaryLines({ tally: store.tally, counts: await store.counts(), pack: cmd.output, articles: store.articleCount, packBytes: store.packBytes })) io.out(line);
  const state = await store.loadState();
  if (state?.lastError && !state.stopped && last?.phase !== 'stopped') io.err(`wirecheck: note: ${state.lastError}`);
  if (interrupted) return SIGNAL_EXIT[interrupted];
  if (failure !== undefined) {
    io.err(`wirecheck: ${cmd.output}: the follow failed: ${failure instanceof Error ? failure.message : String(failure)}`);
    return 1;
  }
  if (last?.phase === 'stopped' || state?.stopped) {
    io.err(`wirecheck: ${cmd.output}: the follow stopped: ${state?.stopped?.reason ?? last?.message ?? 'no reason given'} (run it again to retry)`);
    return 1;
  }
  return 0;
}

/**
 * How far back the follow reaches: the named window (or day) for a new follow, a month when
 * none is given; for one under way, its start unless --since reaches further back.
 */
export function reach(
  since: FollowCommand['since'],
  previous: FollowState | undefined,
  nowMs: number,
): { window: BackfillWindow; since: number } {
  const asked = since === undefined ? undefined : 'window' in since ? windowStart(since.window, nowMs) : Date.parse(`${since.date}T00:00:00Z`);
  if (previous && (asked === undefined || asked >= previous.since)) return { window: previous.window, since: previous.since };
  if (since && 'window' in since) return { window: since.window, since: asked! };
  const start = asked ?? windowStart('month', nowMs);
  return { window: asked === undefined ? 'month' : windowCovering(start, nowMs), since: start };
}

/** The shortest named window reaching back to `start` (a year when none does), as the state names it. */
function windowCovering(start: number, nowMs: number): BackfillWindow {
  const days = (nowMs - start) / 86_400_000;
  const fits = (Object.entries(WINDOW_DAYS) as [BackfillWindow, number][]).sort((a, b) => a[1] - b[1]).find(([, d]) => d >= days - 1e-6);
  return fits?.[0] ?? 'year';
}

/**
 * The pace asked for by TEST_PACE_ENV, when it may be used (see the note); undefined for the
 * default. A value it cannot use is named on stderr and the default kept.
 */
export async function testPace(env: NodeJS.ProcessEnv, sitemap: URL, io: Io): Promise<number | undefined> {
  const raw = env[TEST_PACE_ENV];
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d+$/.test(raw)) {
    io.err(`wirecheck: ${TEST_PACE_ENV}=${raw} is ignored: it takes whole milliseconds`);
    return undefined;
  }
  const ms = Number(raw);
  if (ms >= MIN_REQUEST_INTERVAL_MS) return ms;
  if (!(await isLoopbackHost(sitemap.hostname))) {
    io.err(`wirecheck: ${TEST_PACE_ENV} is ignored: it lowers the pace only for a stand-in on this machine, and ${sitemap.hostname} is not a loopback host`);
    return undefined;
  }
  return ms;
}

/** 127.0.0.0/8, ::1 (and IPv4-mapped loopback), localhost and names under it, or a name resolving to loopback addresses only. */
export async function isLoopbackHost(hostname: string, resolve: (name: string) => Promise<string[]> = resolveAll): Promise<boolean> {
  const name = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (isIP(name)) return isLoopbackAddress(name);
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  try {
    const addresses = await resolve(name);
    return addresses.length > 0 && addresses.every(isLoopbackAddress);
  } catch {
    return false;
  }
}

const resolveAll = async (name: string) => (await lookup(name, { all: true })).map((a) => a.address);

function isLoopbackAddress(address: string): boolean {
  const a = address.toLowerCase();
  return /^127\.\d+\.\d+\.\d+$/.test(a) || a === '::1' || /^::ffff:127\.\d+\.\d+\.\d+$/.test(a) || a === '0:0:0:0:0:0:0:1';
}

/** A fetch that refuses every request leaving `host` (the lowered pace stays on the stand-in). */
function sameHostOnly(fetch: FollowFetch, host: string): FollowFetch {
  return (url, request) => {
    let to = '';
    try {
      to = new URL(url).host;
    } catch {
      // refused below
    }
    if (to !== host) return Promise.reject(new FollowError('other-host', `${TEST_PACE_ENV} is set: no request leaves ${host} (asked for ${url})`));
    return fetch(url, request);
  };
}
