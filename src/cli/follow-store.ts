/**
 * The FollowStore of `wirecheck follow`: the followed stories live in a corpus pack (`-o`),
 * the queue and the follow's state beside it in `<pack>.follow.json`.
 *
 * While a run goes, everything is in memory: the pack's articles WITH their texts (read
 * from the pack when it exists, so the pack can be built again whole: a pack holds no
 * fingerprints worth reusing without them), and the queue entries by URL. Both files are
 * replaced atomically, as `wirecheck index -o` writes (atomic-write.ts: a temporary file
 * beside the target, flushed (fsync), renamed over it, the folder flushed). A crash leaves
 * each file old or new, never half-written.
 *
 * When: the state file at a checkpoint (every 100 settled stories, or a minute after the
 * last write, checked whenever the follower saves its state or settles an entry; a batch of
 * stories is stored in memory only, so that storing it is instant), at the end and on a signal.
 * The pack is built again from every article (buildPack: fingerprinting is nearly all of
 * it): measured 4.8–5.7 s for 10,000 synthetic stories of ~475 words on the shared 2-core
 * machine when quiet (16–24 s with other work on it; Node 22), ~0.5 ms a story. At the
 * follower's pace of one story a second, doing that every 100 stories costs 5% of the run
 * at 10,000 stories and half of it at 100,000, and it grows with the pack. So a checkpoint writes the pack only while its last build
 * took at most a tenth of the time since the pack was last written (every checkpoint for
 * a small pack, every few minutes for a large one); the end of a run and a signal always
 * write it. Whatever was fetched after the last pack write is lost only to a crash
 * (SIGKILL, power), and then fetched again, never kept twice.
 *
 * The two files need not agree, and opening them reconciles them: the pack is the truth for
 * articles, the state file for the queue. An entry 'added' whose article is not in the pack
 * is queued again (the state was written after the pack); an article whose entries are all
 * 'evicted' is dropped (the eviction was written to the state, not yet to the pack). Pack
 * first, then state, at every write. Article ids are canonical URLs, so fetching a story
 * again replaces its article, never adds a second.
 *
 * Storage accounting: an entry's `bytes` is what its article adds to the pack: its
 * compressed text, its metadata and ~1,415 bytes of index (band keys, 512 B, and the index
 * snapshot, ~903 B: the measured 2,994 B/article of the 10,000-story pack above, less its
 * 1,331 B of text); the sum came to 94.5% of that pack's size. When two URLs hold one
 * story (one canonical URL), the entry that stored it last carries its bytes, the others none.
 * Reading a 10,000-story pack back (verified, every text inflated) took 4.6 s on the loaded
 * machine, and the process held ~390 MB.
 */

import { rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { FollowCounts, FollowState, FollowStore, QueueEntry, SitemapUrl, StoryToStore } from '../core/follow/types';
import { buildPack } from '../core/pack/build';
import { compressText } from '../core/pack/deflate';
import { openPack } from '../core/pack/pack';
import type { Article } from '../core/types';
import { writeFileAtomically } from './atomic-write';

/** The state file's name beside the pack. */
export const stateFileOf = (packPath: string) => `${packPath}.follow.json`;

/** Settled stories between two state writes. */
export const CHECKPOINT_STORIES = 100;
/** Time between two state writes, at most (while the follower calls the store). */
export const CHECKPOINT_MS = 60_000;
/** A checkpoint writes the pack while rebuilding it takes at most this share of the time since its last write. */
const PACK_WRITE_SHARE = 0.1;
/** The build cost assumed for a pack read from disk, before one is measured (see the note). */
const BUILD_MS_PER_ARTICLE = 0.5;
/** Index bytes a stored article adds to the pack (see the note). */
const INDEX_BYTES_PER_ARTICLE = 1415;

const FORMAT = 'wirecheck-follow';

interface StateFile {
  format: typeof FORMAT;
  version: 1;
  state?: FollowState;
  queue: QueueEntry[];
}

/** What this run did to the pack, for the summary. */
export interface RunTally {
  added: number;
  /** Stories stored again under an id the pack held (a new version). */
  updated: number;
  skipped: number;
  failed: number;
  evicted: number;
}

/** A file the store cannot use; the message names it and says what to do. */
export class FollowFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = 'FollowFileError';
  }
}

export interface FileFollowStoreOptions {
  now?: () => number;
  /** Told before a write of the pack starts (it can take seconds), with its article count. */
  onPackWrite?: (articles: number) => void;
}

export class FileFollowStore implements FollowStore {
  readonly statePath: string;
  readonly tally: RunTally = { added: 0, updated: 0, skipped: 0, failed: 0, evicted: 0 };
  /** Size of the pack on disk (as read, or as last written). */
  packBytes = 0;

  private readonly articles = new Map<string, Article>();
  private readonly entries = new Map<string, QueueEntry>();
  /** URLs of queued entries, in the order they were queued. */
  private readonly queued = new Set<string>();
  private state: FollowState | undefined;
  private readonly now: () => number;
  private readonly onPackWrite?: (articles: number) => void;
  private packDirty = false;
  private stateDirty = false;
  private settledSinceWrite = 0;
  private lastStateWriteAt: number;
  private lastPackWriteAt: number;
  private lastBuildMs: number;
  /** Temporary files being written, removed by abandonWrites(). */
  private readonly partial = new Set<string>();

  private constructor(
    readonly packPath: string,
    opts: FileFollowStoreOptions,
  ) {
    this.statePath = stateFileOf(packPath);
    this.now = opts.now ?? Date.now;
    this.onPackWrite = opts.onPackWrite;
    this.lastStateWriteAt = this.lastPackWriteAt = this.now();
    this.lastBuildMs = 0;
  }

  /** Reads the pack and the state file when they exist, and reconciles them (see the note). */
  static async open(packPath: string, opts: FileFollowStoreOptions = {}): Promise<FileFollowStore> {
    const store = new FileFollowStore(packPath, opts);
    await store.readPack();
    await store.readState();
    store.reconcile();
    store.lastBuildMs = store.articles.size * BUILD_MS_PER_ARTICLE;
    return store;
  }

  get articleCount(): number {
    return this.articles.size;
  }

  // ── FollowStore ─────────────────────────────────────────────────────────────────────────

  async loadState(): Promise<FollowState | undefined> {
    return this.state && structuredClone(this.state);
  }

  async saveState(state: FollowState): Promise<void> {
    this.state = structuredClone(state);
    this.stateDirty = true;
    await this.checkpoint();
  }

  async enqueue(urls: readonly SitemapUrl[]): Promise<number> {
    let n = 0;
    for (const { loc, lastmod } of urls) {
      const known = this.entries.get(loc);
      if (!known) {
        this.putEntry({ url: loc, lastmod, state: 'queued', attempts: 0 });
        n++;
      } else if (later(lastmod, known.lastmod) && known.state !== 'evicted') {
        // A changed story (or a failed one listed again with a new date): fetched again; the
        // stored version stays, with its bytes, until the new one replaces it.
        if (known.state !== 'queued') n++;
        const { notBefore: _n, reason: _r, settledAt: _s, ...rest } = known;
        this.putEntry({ ...rest, lastmod, state: 'queued', attempts: 0 });
      }
    }
    if (n > 0) this.stateDirty = true;
    return n;
  }

  async nextDue(now: number, held?: ReadonlySet<string>): Promise<QueueEntry | undefined> {
    for (const url of this.queued) {
      if (held?.has(url)) continue;
      const e = this.entries.get(url)!;
      if (e.notBefore === undefined || e.notBefore <= now) return { ...e };
    }
    return undefined;
  }

  async nextWake(): Promise<number | undefined> {
    let wake: number | undefined;
    for (const url of this.queued) {
      const at = this.entries.get(url)!.notBefore;
      if (at !== undefined && (wake === undefined || at < wake)) wake = at;
    }
    return wake;
  }

  async settle(entry: QueueEntry): Promise<void> {
    const before = this.entries.get(entry.url);
    const next = { ...entry };
    // An entry whose earlier version is stored keeps pointing at it: it is still in the pack.
    if (before?.articleId !== undefined && next.articleId === undefined && next.state !== 'added') {
      next.articleId = before.articleId;
      if (before.bytes !== undefined) next.bytes = before.bytes;
      if (before.published !== undefined) next.published = before.published;
    }
    this.putEntry(next);
    if (next.state === 'skipped') this.tally.skipped++;
    if (next.state === 'failed') this.tally.failed++;
    if (next.state !== 'queued') this.settledSinceWrite++;
    this.stateDirty = true;
    await this.checkpoint();
  }

  /**
   * Stores the batch in memory, item by item; the files follow at the next checkpoint (the
   * follower saves its state after every story), so a batch is stored at once, a stopped
   * run's included.
   */
  async addStories(items: readonly StoryToStore[]): Promise<number[]> {
    return items.map(({ article, entry }) => this.storeOne(article, entry));
  }

  async counts(): Promise<FollowCounts> {
    const c: FollowCounts = { queued: 0, added: 0, skipped: 0, failed: 0, evicted: 0, bytes: 0 };
    for (const e of this.entries.values()) {
      c[e.state]++;
      if (e.articleId !== undefined && e.state !== 'evicted' && this.articles.has(e.articleId)) c.bytes += e.bytes ?? 0;
    }
    return c;
  }

  async evictOver(budgetBytes: number): Promise<number> {
    let total = (await this.counts()).bytes;
    if (total <= budgetBytes) return 0;
    // The followed articles (those some entry stored), oldest published first.
    const byId = new Map<string, { published: string; bytes: number; urls: string[] }>();
    for (const e of this.entries.values()) {
      if (e.articleId === undefined || e.state === 'evicted' || !this.articles.has(e.articleId)) continue;
      const a = byId.get(e.articleId) ?? { published: this.articles.get(e.articleId)!.published, bytes: 0, urls: [] };
      a.bytes += e.bytes ?? 0;
      a.urls.push(e.url);
      byId.set(e.articleId, a);
    }
    const oldestFirst = [...byId].sort(([, a], [, b]) => publishedMs(a.published) - publishedMs(b.published));
    let gone = 0;
    for (const [id, a] of oldestFirst) {
      if (total <= budgetBytes) break;
      this.articles.delete(id);
      for (const url of a.urls) this.putEntry({ ...this.entries.get(url)!, state: 'evicted', bytes: 0, settledAt: this.now() });
      total -= a.bytes;
      gone++;
    }
    this.tally.evicted += gone;
    this.packDirty = this.stateDirty = true;
    return gone;
  }

  private storeOne(article: Article, entry: QueueEntry): number {
    const bytes = storedBytes(article);
    const replaced = this.articles.has(article.id);
    this.articles.set(article.id, { id: article.id, title: article.title, url: article.url, published: article.published, text: article.text });
    // One story, one owner of its bytes: other entries of the same canonical URL carry none.
    for (const other of this.entries.values()) {
      if (other.articleId === article.id && other.url !== entry.url && other.bytes) this.entries.set(other.url, { ...other, bytes: 0 });
    }
    this.putEntry({ ...entry, state: 'added', articleId: article.id, published: article.published, bytes, settledAt: entry.settledAt ?? this.now() });
    if (replaced) this.tally.updated++;
    else this.tally.added++;
    this.packDirty = this.stateDirty = true;
    this.settledSinceWrite++;
    return bytes;
  }

  // ── Files ───────────────────────────────────────────────────────────────────────────────

  /** Writes the state, and the pack when it is cheap enough, if a checkpoint is due (see the note). */
  async checkpoint(): Promise<void> {
    const now = this.now();
    if (this.settledSinceWrite < CHECKPOINT_STORIES && now - this.lastStateWriteAt < CHECKPOINT_MS) return;
    const packCheap = this.lastBuildMs <= (now - this.lastPackWriteAt) * PACK_WRITE_SHARE;
    await this.flush({ pack: packCheap });
  }

  /** Writes what changed: the pack (when `pack` and it changed) first, then the state file. */
  async flush(opts: { pack: boolean }): Promise<void> {
    if (opts.pack && this.packDirty) await this.writePack();
    if (this.stateDirty || this.settledSinceWrite > 0) await this.writeState();
  }

  /** Removes the temporary files of writes in progress (a second signal: exit at once). */
  abandonWrites(): void {
    for (const path of this.partial) {
      try {
        rmSync(path, { force: true });
      } catch {
        // Exiting matters more than a leftover the reader can see and delete.
      }
    }
  }

  private async writePack(): Promise<void> {
    this.onPackWrite?.(this.articles.size);
    const started = performance.now();
    const bytes = await buildPack([...this.articles.values()]);
    this.lastBuildMs = performance.now() - started;
    await this.writeAtomically(this.packPath, bytes);
    this.packBytes = bytes.length;
    this.packDirty = false;
    this.lastPackWriteAt = this.now();
  }

  private async writeState(): Promise<void> {
    const file: StateFile = { format: FORMAT, version: 1, ...(this.state ? { state: this.state } : {}), queue: [...this.entries.values()] };
    await this.writeAtomically(this.statePath, new TextEncoder().encode(JSON.stringify(file)));
    this.stateDirty = false;
    this.settledSinceWrite = 0;
    this.lastStateWriteAt = this.now();
  }

  private async writeAtomically(path: string, bytes: Uint8Array): Promise<void> {
    try {
      await writeFileAtomically(path, bytes, { guard: (temporary, write) => this.whilePartial(temporary, write) });
    } catch (e) {
      throw new FollowFileError(path, `could not write it (${e instanceof Error ? e.message : String(e)})`);
    }
  }

  /** Runs `write` with `temporary` among the files abandonWrites removes. */
  private async whilePartial(temporary: string, write: () => Promise<void>): Promise<void> {
    this.partial.add(temporary);
    try {
      await write();
    } finally {
      this.partial.delete(temporary);
    }
  }

  private async readPack(): Promise<void> {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(this.packPath);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw new FollowFileError(this.packPath, `could not read it (${(e as Error).message})`);
    }
    let pack;
    try {
      pack = openPack(bytes);
    } catch (e) {
      throw new FollowFileError(this.packPath, `${(e as Error).message}; follow keeps its stories in a pack of its own, so it will not replace this file`);
    }
    if ((pack.header as { delta?: unknown }).delta) {
      throw new FollowFileError(this.packPath, 'is a delta pack (the changes to another pack); follow keeps a whole pack, name another file');
    }
    for (let i = 0; i < pack.articles.length; i++) {
      const { id, title, url, published } = pack.articles[i]!;
      this.articles.set(id, { id, title, url, published, text: await pack.text(i) });
    }
    this.packBytes = bytes.length;
  }

  private async readState(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.statePath, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw new FollowFileError(this.statePath, `could not read it (${(e as Error).message})`);
    }
    let file: Partial<StateFile>;
    try {
      file = JSON.parse(text) as Partial<StateFile>;
    } catch {
      file = {};
    }
    if (file.format !== FORMAT || file.version !== 1 || !Array.isArray(file.queue) || (file.state !== undefined && typeof file.state !== 'object')) {
      throw new FollowFileError(this.statePath, "is not a follow's state file Wirecheck reads; remove it to start the follow over (the pack's stories stay)");
    }
    this.state = file.state;
    for (const e of file.queue) {
      if (!e || typeof e.url !== 'string' || typeof e.state !== 'string') continue;
      this.putEntry(e);
    }
  }

  /** Makes the queue agree with the pack (see the note). */
  private reconcile(): void {
    const kept = new Set<string>();
    for (const e of this.entries.values()) if (e.articleId !== undefined && e.state !== 'evicted') kept.add(e.articleId);
    for (const e of [...this.entries.values()]) {
      if (e.articleId === undefined) continue;
      if (e.state === 'evicted') {
        if (!kept.has(e.articleId) && this.articles.delete(e.articleId)) this.packDirty = true;
      } else if (!this.articles.has(e.articleId)) {
        const { articleId: _a, bytes: _b, published: _p, settledAt: _s, notBefore: _n, reason: _r, ...rest } = e;
        this.putEntry(e.state === 'added' ? { ...rest, state: 'queued', attempts: 0 } : { ...rest, state: e.state, ...(e.reason ? { reason: e.reason } : {}) });
        this.stateDirty = true;
      }
    }
  }

  private putEntry(e: QueueEntry): void {
    this.entries.set(e.url, e);
    if (e.state === 'queued') {
      // Keep its place when it was queued already, as a Set does on a second add.
      this.queued.add(e.url);
    } else this.queued.delete(e.url);
  }
}

/** What an article adds to a pack, in bytes (see the note). */
export function storedBytes(a: Article): number {
  const meta = new TextEncoder().encode(`${a.id}${a.title}${a.url}${a.published}`).length;
  return compressText(a.text).length + meta + INDEX_BYTES_PER_ARTICLE;
}

/** Whether lastmod `a` is later than `b` (ISO 8601; an unreadable one compares as text). */
function later(a: string, b: string): boolean {
  if (!a || a === b) return false;
  if (!b) return true;
  const [x, y] = [Date.parse(a), Date.parse(b)];
  return Number.isNaN(x) || Number.isNaN(y) ? a > b : x > y;
}

/** A published date as ms; an unknown one counts as oldest. */
function publishedMs(published: string): number {
  const ms = Date.parse(published);
  return Number.isNaN(ms) ? -Infinity : ms;
}
