/**
 * The stories a run has read and not stored yet, stored together (follower.ts).
 *
 * Storing a story is a corpus commit in the extension, and every commit rewrites the whole
 * index snapshot (~9 MB at 10,000 articles, ~90 MB at 100,000), so a story a second stored one
 * by one rewrites it every second, and the commit's time grows with the corpus until it
 * exceeds the pace. The follower holds the stories it reads instead, and stores them in one
 * `FollowStore.addStories` (one commit) when it holds STORY_BATCH, when the oldest has waited
 * BATCH_MAX_WAIT_MS, when no other story is due, before a wait it reports ('waiting'), before
 * robots.txt or the sitemaps are read again (the sitemaps may queue a held story again with a
 * later lastmod), and at the end of a run; the budget is enforced after each batch.
 *
 * A held story's entry stays queued in the store, passed over by `nextDue`: a run cut while
 * it holds stories (a killed worker) leaves them queued, fetched again by the next run, never
 * stored twice nor half. A run stopped by its signal stores what it holds before it rejects
 * when the last batch took at most STOP_FLUSH_MAX_MS to store (the reader waits on a stop),
 * and drops it otherwise. Progress counts a held story as added (`FollowProgress.unsaved`
 * says how many are held), so the counts move story by story.
 *
 * Measured (`npx tsx bench/follow-batches.ts`; fake-indexeddb 6.2.8, Node 22, the shared 2-core
 * machine, the stand-in's pace at 0, three runs each; the same run with each story stored as it
 * is read for comparison): a 200-story backfill into the 2-article seed corpus makes 200 corpus
 * commits stored one by one (the run 3.9–7.7 s, 3.0–5.7 s of it storing) and 8 in batches of 25
 * (1.0–2.9 s, 0.2–0.7 s storing); into a corpus of 5,002 articles, 200 commits (10.9–13.0 s,
 * 9.7–11.3 s storing, ~50 ms a commit) against 8 (1.3–1.9 s, 0.5–0.6 s storing).
 */

import type { Article } from '../types';
import type { FollowCounts, FollowStore, QueueEntry } from './types';

/** Stories read and held before they are stored together, in one corpus commit. */
export const STORY_BATCH = 25;
/** The longest a read story is held before the batch is stored. */
export const BATCH_MAX_WAIT_MS = 30_000;
/** A stopped run stores what it holds when the last batch took at most this long to store, else drops it. */
export const STOP_FLUSH_MAX_MS = 2_000;

export class StoryBatch {
  private held: { article: Article; entry: QueueEntry; at: number }[] = [];
  /** The URLs of the held stories' entries: what `nextDue` passes over. */
  readonly urls = new Set<string>();
  /** How long storing the last batch took (ms). */
  private lastMs = 0;

  constructor(
    private readonly store: FollowStore,
    private readonly now: () => number,
    /** The follow's storage budget, enforced after each batch. */
    private readonly budgetBytes: () => number,
  ) {}

  get size(): number {
    return this.held.length;
  }

  /** Holds a story read, its entry as it is to be settled ('added'). */
  hold(article: Article, entry: QueueEntry): void {
    this.held.push({ article, entry, at: this.now() });
    this.urls.add(entry.url);
  }

  /** A full batch, or one whose oldest story has waited BATCH_MAX_WAIT_MS. */
  due(): boolean {
    const oldest = this.held[0];
    return oldest !== undefined && (this.held.length >= STORY_BATCH || this.now() - oldest.at >= BATCH_MAX_WAIT_MS);
  }

  /**
   * Stores the held stories in one change, then enforces the budget. The batch is let go
   * before it is stored: if storing fails, its entries are still queued in the store, and a
   * later run fetches them again.
   */
  async flush(): Promise<void> {
    if (this.held.length === 0) return;
    const items = this.held.map(({ article, entry }) => ({ article, entry }));
    this.drop();
    const started = this.now();
    await this.store.addStories(items);
    this.lastMs = this.now() - started;
    await this.store.evictOver(this.budgetBytes());
  }

  /** A run cut short: the held stories stored when the last batch stored quickly, else dropped; never a failure of its own. */
  async flushOnStop(): Promise<void> {
    if (this.lastMs > STOP_FLUSH_MAX_MS) return this.drop();
    await this.flush().catch(() => undefined);
  }

  /** Lets the held stories go, unstored: their entries are still queued. */
  drop(): void {
    this.held = [];
    this.urls.clear();
  }

  /** The store's totals with the held stories counted as added, not queued. */
  counted(counts: FollowCounts): FollowCounts {
    const n = this.held.length;
    return n === 0 ? counts : { ...counts, queued: Math.max(0, counts.queued - n), added: counts.added + n };
  }
}
