/**
 * A FollowStore in memory for the follower's tests (core/follow/types.ts): the state, the
 * queue by URL and the stored articles by id, each copied in and out as a real store would
 * (nothing the follower keeps can change what is stored). It records every story stored, so
 * a test can tell a story stored twice from a story replaced by its new version, and every
 * batch (`addStories` call).
 *
 * Semantics the stores of the extension and the CLI share:
 * - enqueue: a URL not known is queued; a queued one keeps the later lastmod; a settled one
 *   ('added', 'skipped', 'failed') is queued again when its lastmod is later; an evicted one
 *   is not (it would be evicted again).
 * - addStories: item by item, in order, the article replaces any stored under its id; an
 *   earlier 'added' entry holding the same id keeps its state with no bytes (the entry that
 *   stored it last carries them).
 * - evictOver: the oldest-published added stories go until the rest fit.
 */
import type { FollowCounts, FollowState, FollowStore, QueueEntry, SitemapUrl, StoryToStore } from '../../src/core/follow/types';
import type { Article } from '../../src/core/types';

const later = (a: string, b: string): boolean => {
  const x = Date.parse(a);
  const y = Date.parse(b);
  return !Number.isNaN(x) && (Number.isNaN(y) || x > y);
};

export class MemoryFollowStore implements FollowStore {
  state?: FollowState;
  readonly entries = new Map<string, QueueEntry>();
  readonly articles = new Map<string, Article>();
  /** Every story stored, in order: the article id and the entry URL. */
  readonly added: { id: string; url: string }[] = [];
  /** The size of every batch stored, in order. */
  readonly batches: number[] = [];
  saves = 0;

  async loadState(): Promise<FollowState | undefined> {
    return this.state && structuredClone(this.state);
  }

  async saveState(state: FollowState): Promise<void> {
    this.saves++;
    this.state = structuredClone(state);
  }

  async enqueue(urls: readonly SitemapUrl[]): Promise<number> {
    let queued = 0;
    for (const { loc, lastmod } of urls) {
      const known = this.entries.get(loc);
      if (!known) {
        this.entries.set(loc, { url: loc, lastmod, state: 'queued', attempts: 0 });
        queued++;
      } else if (known.state === 'queued') {
        if (later(lastmod, known.lastmod)) known.lastmod = lastmod;
      } else if (known.state !== 'evicted' && later(lastmod, known.lastmod)) {
        this.entries.set(loc, { ...known, lastmod, state: 'queued', attempts: 0, notBefore: undefined, reason: undefined });
        queued++;
      }
    }
    return queued;
  }

  async nextDue(now: number, held?: ReadonlySet<string>): Promise<QueueEntry | undefined> {
    for (const entry of this.entries.values()) {
      if (entry.state === 'queued' && (entry.notBefore === undefined || entry.notBefore <= now) && !held?.has(entry.url)) return structuredClone(entry);
    }
    return undefined;
  }

  async nextWake(): Promise<number | undefined> {
    let wake: number | undefined;
    for (const e of this.entries.values()) {
      if (e.state === 'queued' && e.notBefore !== undefined && (wake === undefined || e.notBefore < wake)) wake = e.notBefore;
    }
    return wake;
  }

  async settle(entry: QueueEntry): Promise<void> {
    this.entries.set(entry.url, structuredClone(entry));
  }

  async addStories(items: readonly StoryToStore[]): Promise<number[]> {
    this.batches.push(items.length);
    return items.map(({ article, entry }) => this.storeOne(article, entry));
  }

  async counts(): Promise<FollowCounts> {
    const counts: FollowCounts = { queued: 0, added: 0, skipped: 0, failed: 0, evicted: 0, bytes: 0 };
    for (const e of this.entries.values()) {
      counts[e.state]++;
      if (e.state === 'added') counts.bytes += e.bytes ?? 0;
    }
    return counts;
  }

  async evictOver(budgetBytes: number): Promise<number> {
    let total = (await this.counts()).bytes;
    if (total <= budgetBytes) return 0;
    const oldest = [...this.entries.values()]
      .filter((e) => e.state === 'added')
      .sort((a, b) => (a.published ?? '').localeCompare(b.published ?? ''));
    let gone = 0;
    for (const entry of oldest) {
      if (total <= budgetBytes) break;
      total -= entry.bytes ?? 0;
      const id = entry.articleId!;
      entry.state = 'evicted';
      entry.bytes = 0;
      if (![...this.entries.values()].some((e) => e.state === 'added' && e.articleId === id)) this.articles.delete(id);
      gone++;
    }
    return gone;
  }

  private storeOne(article: Article, entry: QueueEntry): number {
    const bytes = new TextEncoder().encode(JSON.stringify(article)).byteLength;
    for (const other of this.entries.values()) {
      if (other.url !== entry.url && other.state === 'added' && other.articleId === article.id) other.bytes = 0;
    }
    this.articles.set(article.id, structuredClone(article));
    this.entries.set(entry.url, { ...structuredClone(entry), state: 'added', articleId: article.id, bytes });
    this.added.push({ id: article.id, url: entry.url });
    return bytes;
  }

  /** Entries in a state. */
  inState(state: QueueEntry['state']): QueueEntry[] {
    return [...this.entries.values()].filter((e) => e.state === state);
  }
}
