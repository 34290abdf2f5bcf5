/**
 * Follow AP in the background: when the follower runs, one run at a time, and what the reader's
 * changes do to the follow (core/follow/follower.ts does the reading and storing).
 *
 * - A follow starts only when the browser grants the host permission of its sitemap index
 *   (the options page requests it, a user gesture); a run checks it again before it starts.
 * - One run at a time: a flag in memory for this context, and a lease in the follow's state
 *   (`FollowState.lease`: who runs, until when) for any other, renewed every LEASE_RENEW_MS
 *   and at every state the follower saves, so a context that dies mid-run holds the follow for
 *   at most LEASE_MS. The follower's own saves go through `LeasedStore`, which writes the
 *   current lease into each one; every other change to the state waits for the run to stop.
 * - When: the 'wirecheck-follow' alarm fires every minute while stories are queued or a wait
 *   is pending (a run cut short by a killed service worker is taken up within a minute of its
 *   lease running out), else at the state's nextRunAt (or the end of a hold on the site); a
 *   run also starts on "follow", "run now", and when the background starts with work queued.
 *   While a run goes, a cheap extension API call at every request and every LEASE_RENEW_MS
 *   keeps the service worker alive.
 * - A stored batch of stories changes the corpus: the background is told (tabs whose verdict is
 *   older are checked again) at most once every CORPUS_CHANGE_EVERY_MS during a run, and at its
 *   end, so a backfill does not recheck the reader's tabs at every batch.
 * - The counts shown while a run goes here are its progress's, which count the stories read
 *   and not yet stored (the follower stores them in batches) as added.
 */

import { DEFAULT_BACKFILL_WINDOW as DEFAULT_WINDOW, DEFAULT_BUDGET_BYTES, DEFAULT_SITEMAP_INDEX } from '../core/follow/defaults';
import type { BackfillWindow, FollowProgress, FollowState, FollowStore, QueueEntry, StoryToStore } from '../core/follow/types';
import type { FollowChange, FollowStateView, FollowStatus } from '../messaging/protocol';

export const FOLLOW_ALARM = 'wirecheck-follow';
/** How long a run's lease holds without being renewed. */
export const LEASE_MS = 30_000;
const LEASE_RENEW_MS = 10_000;
/** The fewest milliseconds between two corpus changes told to the background during a run. */
export const CORPUS_CHANGE_EVERY_MS = 5_000;
/** The soonest an alarm fires (Chromium's floor for `when`). */
const MIN_ALARM_DELAY_MS = 30_000;

/** What the runner needs of a Follower (core/follow/follower.ts). */
export interface FollowerLike {
  start(opts: { sitemapIndex: string; window: BackfillWindow; budgetBytes: number }): Promise<FollowState>;
  run(opts: { signal: AbortSignal; onProgress?: (p: FollowProgress) => void }): Promise<FollowProgress>;
}

export interface AlarmsLike {
  create(name: string, info: { when?: number; delayInMinutes?: number; periodInMinutes?: number }): Promise<void> | void;
  clear(name: string): Promise<boolean> | Promise<void> | void;
  get(name: string): Promise<unknown>;
}

export interface FollowRunnerDeps {
  store: FollowStore;
  /** A follower over `store` (the runner hands it a store that keeps the lease). */
  follower(store: FollowStore, keepAlive: () => void): FollowerLike;
  /** Whether the host permission of this URL's origin is granted. */
  permitted(url: string): Promise<boolean>;
  alarms: AlarmsLike;
  /** A cheap extension API call, so the browser sees the service worker busy. */
  keepAlive(): Promise<unknown>;
  /** The corpus changed under the background (stories stored or evicted). */
  corpusChanged(): void;
  /** Turns the follow off for good: its state and queue forgotten, its stories deleted unless kept; returns how many went. */
  clearFollow(opts: { keepStories: boolean }): Promise<number>;
  now?: () => number;
  log?: (message: string) => void;
}

export class FollowRunner {
  private readonly owner = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  private current?: { controller: AbortController; done: Promise<void> };
  private progress?: FollowProgress;
  /** State changes and run starts, one after another. */
  private queue: Promise<unknown> = Promise.resolve();
  private changeTimer?: ReturnType<typeof setTimeout>;
  private changePending = false;
  private readonly now: () => number;

  constructor(private readonly deps: FollowRunnerDeps) {
    this.now = deps.now ?? Date.now;
  }

  get running(): boolean {
    return this.current !== undefined;
  }

  async status(): Promise<FollowStatus> {
    const [state, counts] = await Promise.all([this.deps.store.loadState(), this.deps.store.counts()]);
    const sitemapIndex = state?.sitemapIndex ?? DEFAULT_SITEMAP_INDEX;
    const heldElsewhere = !!state?.lease && state.lease.owner !== this.owner && state.lease.until > this.now();
    return {
      following: isFollowing(state),
      sitemapIndex,
      permitted: await this.permitted(sitemapIndex),
      ...(state ? { state: viewOf(state) } : {}),
      // Stories read and held by the run count as added (FollowProgress.counts).
      counts: this.running && this.progress?.unsaved ? this.progress.counts : counts,
      running: this.running || heldElsewhere,
      ...(this.progress ? { progress: this.progress } : {}),
    };
  }

  /**
   * The reader's change (ui:follow-set). A change to a running follow stops the run first; a new
   * follow, one turned on again, another sitemap index or another window go through the
   * follower's `start` (the sitemaps read now, a wider window's index read in full).
   */
  change(change: FollowChange): Promise<FollowStatus> {
    return this.exclusive(async () => {
      const before = await this.deps.store.loadState();
      const sitemapIndex = change.sitemapIndex ?? before?.sitemapIndex ?? DEFAULT_SITEMAP_INDEX;
      const following = change.following ?? isFollowing(before);
      if (following && (change.following === true || change.sitemapIndex !== undefined)) await this.requirePermission(sitemapIndex);
      await this.stopRun();
      const old = await this.deps.store.loadState();
      const now = this.now();
      if (change.following === false && change.keepStories === false) {
        this.progress = undefined;
        const gone = await this.deps.clearFollow({ keepStories: false });
        if (gone > 0) this.deps.corpusChanged();
        await this.schedule();
        return this.status();
      }
      const window = change.window ?? old?.window ?? DEFAULT_WINDOW;
      const budgetBytes = change.budgetBytes ?? old?.budgetBytes ?? DEFAULT_BUDGET_BYTES;
      let next: FollowState;
      if (!old || change.following === true || sitemapIndex !== old.sitemapIndex || window !== old.window) {
        next = { ...(await this.deps.follower(this.deps.store, () => undefined).start({ sitemapIndex, window, budgetBytes })) };
        // start() resumes a paused follow; only the reader's own "resume" or "follow" does here.
        if (old?.paused && change.following !== true) next.paused = true;
      } else {
        next = { ...old, budgetBytes };
      }
      if (change.paused !== undefined) next.paused = change.paused;
      if (following) delete next.offSince;
      else next.offSince = old?.offSince ?? now; // kept, with its settings, for when the reader turns it on
      delete next.lease;
      await this.deps.store.saveState(next);
      if (following && (await this.deps.store.evictOver(next.budgetBytes)) > 0) this.deps.corpusChanged();
      await this.schedule();
      this.kick();
      return this.status();
    });
  }

  /** "Run now" (ui:follow-run-now), also the "Try again" of a stopped follow: the sitemaps are read now. */
  runNow(): Promise<FollowStatus> {
    return this.exclusive(async () => {
      const state = await this.deps.store.loadState();
      if (!isFollowing(state)) throw new Error('Follow is off: turn it on first');
      await this.requirePermission(state.sitemapIndex);
      if (!this.running) {
        const started = await this.deps.follower(this.deps.store, () => undefined).start({ sitemapIndex: state.sitemapIndex, window: state.window, budgetBytes: state.budgetBytes });
        // The window keeps the start it had; a paused follow stays paused.
        await this.deps.store.saveState({ ...started, since: state.since, paused: state.paused });
        this.kick();
      }
      return this.status();
    });
  }

  /** The alarm fired: run if there is anything to do (the follower decides what). */
  onAlarm(): Promise<void> {
    return this.start();
  }

  /** The background started (a new service worker): resume work left queued or due. */
  async wake(): Promise<void> {
    const state = await this.deps.store.loadState();
    if (!isFollowing(state) || state.paused || state.stopped) return this.schedule();
    const [counts, wait] = await Promise.all([this.deps.store.counts(), this.deps.store.nextWake()]);
    if (counts.queued > 0 || wait !== undefined || (state.nextRunAt ?? 0) <= this.now()) return this.start();
    return this.schedule();
  }

  /** Stops a run in progress (the extension is going away, tests end). */
  async stop(): Promise<void> {
    await this.stopRun();
  }

  // ── runs ─────────────────────────────────────────────────────────────────────────────

  private kick(): void {
    void this.start();
  }

  /** Starts a run unless one is in progress here or elsewhere, or the follow may not run. */
  private start(): Promise<void> {
    return this.exclusive(async () => {
      if (this.running) return;
      const state = await this.deps.store.loadState();
      if (!isFollowing(state) || state.paused || state.stopped) return this.schedule(state);
      const now = this.now();
      if (state.lease && state.lease.owner !== this.owner && state.lease.until > now) {
        // Another context runs it: look again when its lease runs out, unless renewed.
        await this.deps.alarms.create(FOLLOW_ALARM, { when: Math.max(state.lease.until + 1_000, now + MIN_ALARM_DELAY_MS) });
        return;
      }
      if (!(await this.permitted(state.sitemapIndex))) {
        this.deps.log?.(`not following ${state.sitemapIndex}: the browser does not grant access to its site`);
        return this.schedule(state);
      }
      const leased: FollowState = { ...state, lease: { owner: this.owner, until: now + LEASE_MS } };
      await this.deps.store.saveState(leased);
      // Every minute while it runs: a run cut short by a killed worker is taken up again.
      await this.deps.alarms.create(FOLLOW_ALARM, { delayInMinutes: 1, periodInMinutes: 1 });
      const controller = new AbortController();
      this.current = { controller, done: this.run(controller, leased) };
    });
  }

  private async run(controller: AbortController, state: FollowState): Promise<void> {
    const leased = new LeasedStore(this.deps.store, state, this.owner, this.now, () => this.storiesChanged());
    const keepAlive = () => void this.deps.keepAlive().catch(() => undefined);
    const timer = setInterval(() => {
      keepAlive();
      leased.renew().catch((e: unknown) => this.deps.log?.(`could not renew the follow's lease: ${messageOf(e)}`));
    }, LEASE_RENEW_MS);
    try {
      const follower = this.deps.follower(leased, keepAlive);
      this.progress = await follower.run({
        signal: controller.signal,
        onProgress: (p) => {
          this.progress = p;
        },
      });
    } catch (e) {
      if (!controller.signal.aborted) this.deps.log?.(`the follow's run failed: ${messageOf(e)}`);
      const counts = this.progress?.counts ?? { queued: 0, added: 0, skipped: 0, failed: 0, evicted: 0, bytes: 0 };
      this.progress = { phase: controller.signal.aborted ? 'paused' : 'stopped', counts, message: messageOf(e) };
    } finally {
      clearInterval(timer);
      await leased.release().catch((e: unknown) => this.deps.log?.(`could not release the follow's lease: ${messageOf(e)}`));
      this.flushChanges();
      this.current = undefined;
    }
    await this.schedule().catch((e: unknown) => this.deps.log?.(`could not schedule the next run: ${messageOf(e)}`));
  }

  /** Aborts the run in progress, if any, and waits for it to end. */
  private async stopRun(): Promise<void> {
    const current = this.current;
    if (!current) return;
    current.controller.abort();
    await current.done;
  }

  /** Sets the alarm for what the follow waits on, or clears it when the follow rests. */
  private async schedule(known?: FollowState): Promise<void> {
    const state = known ?? (await this.deps.store.loadState());
    if (!isFollowing(state) || state.paused || state.stopped) {
      await this.deps.alarms.clear(FOLLOW_ALARM);
      return;
    }
    if (this.running) return; // the run's own every-minute alarm stands
    const [counts, wait] = await Promise.all([this.deps.store.counts(), this.deps.store.nextWake()]);
    if (counts.queued > 0 || wait !== undefined) {
      await this.deps.alarms.create(FOLLOW_ALARM, { delayInMinutes: 1, periodInMinutes: 1 });
      return;
    }
    // The next sitemap read, or the end of a hold on the whole site (Retry-After, a back-off).
    await this.deps.alarms.create(FOLLOW_ALARM, { when: Math.max(state.nextRunAt ?? 0, state.holdUntil ?? 0, this.now() + MIN_ALARM_DELAY_MS) });
  }

  // ── corpus changes, batched ──────────────────────────────────────────────────────────

  private storiesChanged(): void {
    if (this.changeTimer) {
      this.changePending = true;
      return;
    }
    this.deps.corpusChanged();
    this.changeTimer = setTimeout(() => {
      this.changeTimer = undefined;
      if (this.changePending) {
        this.changePending = false;
        this.storiesChanged();
      }
    }, CORPUS_CHANGE_EVERY_MS);
  }

  private flushChanges(): void {
    if (!this.changePending) return;
    this.changePending = false;
    clearTimeout(this.changeTimer);
    this.changeTimer = undefined;
    this.deps.corpusChanged();
  }

  // ── shared ───────────────────────────────────────────────────────────────────────────

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private permitted(url: string): Promise<boolean> {
    return this.deps.permitted(url).catch(() => false);
  }

  private async requirePermission(url: string): Promise<void> {
    if (!(await this.permitted(url))) throw new Error(`Wirecheck may not read ${new URL(url).host}: allow it first`);
  }
}

/**
 * The store a run's follower writes through: every state it saves carries this context's
 * lease (renewed), writes are kept in order, and a stored or evicted story is reported.
 */
class LeasedStore implements FollowStore {
  private writes: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly inner: FollowStore,
    /** The state as last written (the run's first, then each the follower saves). */
    private last: FollowState,
    private readonly owner: string,
    private readonly now: () => number,
    private readonly changed: () => void,
  ) {}

  loadState = () => this.inner.loadState();
  enqueue = (urls: Parameters<FollowStore['enqueue']>[0]) => this.inner.enqueue(urls);
  nextDue = (now: number, held?: ReadonlySet<string>) => this.inner.nextDue(now, held);
  nextWake = () => this.inner.nextWake();
  settle = (entry: QueueEntry) => this.inner.settle(entry);
  counts = () => this.inner.counts();

  saveState(state: FollowState): Promise<void> {
    this.last = state;
    return this.write(state, { owner: this.owner, until: this.now() + LEASE_MS });
  }

  async addStories(items: readonly StoryToStore[]): Promise<number[]> {
    const bytes = await this.inner.addStories(items);
    if (items.length > 0) this.changed();
    return bytes;
  }

  async evictOver(budgetBytes: number): Promise<number> {
    const gone = await this.inner.evictOver(budgetBytes);
    if (gone > 0) this.changed();
    return gone;
  }

  /** Writes the last saved state again with a lease from now (after any write still on its way). */
  renew(): Promise<void> {
    return this.write(this.last, { owner: this.owner, until: this.now() + LEASE_MS });
  }

  /** The run is over: the state as the follower left it, without the lease. */
  async release(): Promise<void> {
    await this.writes;
    const state = await this.inner.loadState();
    if (state?.lease?.owner === this.owner) await this.write(state, undefined);
  }

  private write(state: FollowState, lease: FollowState['lease']): Promise<void> {
    const { lease: _old, ...rest } = state;
    const done = this.writes.then(() => this.inner.saveState(lease ? { ...rest, lease } : rest));
    this.writes = done.catch(() => undefined);
    return done;
  }
}

function isFollowing(state: FollowState | undefined): state is FollowState {
  return !!state && state.offSince === undefined;
}

/** The state as the options page gets it: robots.txt without its text. */
function viewOf(state: FollowState): FollowStateView {
  const { robots, ...rest } = state;
  return robots ? { ...rest, robots: { fetchedAt: robots.fetchedAt, status: robots.status } } : rest;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
