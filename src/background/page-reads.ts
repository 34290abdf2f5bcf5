/**
 * How often the background parses a tab's page: the pages it already found not to be
 * articles, and a per-tab budget of parses with a trailing read.
 *
 * A page's HTML costs the background a parse and Readability (tens to a few hundred ms on
 * real pages, seconds near extract.ts's MAX_ELEMENTS), and the content script sends a new
 * read on every SPA navigation, so a page that keeps changing its URL with pushState (a map
 * panning, a feed rewriting `?t=`) could keep the background parsing. Two things bound that:
 *
 * - `NotArticles` remembers, per tab and URL, the HTML (length and hash) of a page found not
 *   to be an article, and why, in a small LRU. The same HTML at the same URL reads the same way
 *   every time, so it is answered without parsing, even when the read was forced. Hashing is
 *   linear (~1 ms per MB); a changed page is read again.
 * - `ReadThrottle` lets a tab start at most READS_PER_WINDOW parses in any READ_WINDOW_MS. A
 *   read beyond that waits until the window has room, and a newer read replaces one that is
 *   waiting, so the tab's last read (its final URL) is always the one parsed: trailing, never
 *   dropped. Four in ten seconds leaves room for the reader's own burst (a page read, read
 *   again on request, then a navigation), and caps a looping page at 0.4 parses a second.
 */

import { hashString } from '../core/fingerprint/hash';
import type { PageTooBig } from '../messaging/protocol';

export const READS_PER_WINDOW = 4;
export const READ_WINDOW_MS = 10_000;
/** Pages remembered as not articles, over all tabs; a tab's own loop fits many times over. */
export const REMEMBERED_NOT_ARTICLES = 32;

export interface ReadTimers {
  now(): number;
  /** Runs `task` after `ms`; returns a function that cancels it. */
  after(ms: number, task: () => void): () => void;
}

export const REAL_TIMERS: ReadTimers = {
  now: () => Date.now(),
  after: (ms, task) => {
    const timer = setTimeout(task, ms);
    return () => clearTimeout(timer);
  },
};

/** What identifies one page's HTML for NotArticles: its length and hash. */
export function htmlKey(html: string): string {
  return `${html.length}:${hashString(html)}`;
}

export class NotArticles {
  private readonly entries = new Map<string, { tabId: number; html: string; reason?: PageTooBig }>();

  constructor(private readonly capacity = REMEMBERED_NOT_ARTICLES) {}

  private static key(tabId: number, url: string): string {
    return `${tabId} ${url}`;
  }

  /** The page as found before (`html`: the HTML's key, htmlKey()), or undefined. */
  get(tabId: number, url: string, html: string): { reason?: PageTooBig } | undefined {
    const key = NotArticles.key(tabId, url);
    const entry = this.entries.get(key);
    if (!entry || entry.html !== html) return undefined;
    this.entries.delete(key); // the map's order is the eviction order: refresh it
    this.entries.set(key, entry);
    return entry.reason ? { reason: entry.reason } : {};
  }

  remember(tabId: number, url: string, html: string, reason?: PageTooBig): void {
    const key = NotArticles.key(tabId, url);
    this.entries.delete(key);
    this.entries.set(key, { tabId, html, ...(reason ? { reason } : {}) });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  forget(tabId: number, url: string): void {
    this.entries.delete(NotArticles.key(tabId, url));
  }

  forgetTab(tabId: number): void {
    for (const [key, entry] of this.entries) if (entry.tabId === tabId) this.entries.delete(key);
  }
}

export class ReadThrottle {
  /** Per tab, when its recent parses started, oldest first. */
  private readonly started = new Map<number, number[]>();
  private readonly waiting = new Map<number, { read: () => Promise<void>; cancel: () => void }>();

  constructor(
    private readonly timers: ReadTimers,
    private readonly onError: (e: unknown) => void,
    private readonly limits = { reads: READS_PER_WINDOW, windowMs: READ_WINDOW_MS },
  ) {}

  /**
   * Runs `read` now if the tab's budget allows (`done` settles with it), or keeps it as the
   * tab's waiting read, replacing an older one, to run as soon as the budget allows.
   */
  submit(tabId: number, read: () => Promise<void>): { waits: boolean; done: Promise<void> } {
    const waiting = this.waiting.get(tabId);
    if (waiting) {
      waiting.read = read; // a read already waits for this tab: the newer one takes its turn
      return { waits: true, done: Promise.resolve() };
    }
    const wait = this.wait(tabId);
    if (wait === 0) return { waits: false, done: this.start(tabId, read) };
    const entry: { read: () => Promise<void>; cancel: () => void } = { read, cancel: () => undefined };
    entry.cancel = this.timers.after(wait, () => {
      this.waiting.delete(tabId);
      this.start(tabId, entry.read).catch(this.onError);
    });
    this.waiting.set(tabId, entry);
    return { waits: true, done: Promise.resolve() };
  }

  forget(tabId: number): void {
    this.waiting.get(tabId)?.cancel();
    this.waiting.delete(tabId);
    this.started.delete(tabId);
  }

  /** Milliseconds until the tab may start another parse (0: now). */
  private wait(tabId: number): number {
    const now = this.timers.now();
    const times = (this.started.get(tabId) ?? []).filter((t) => now - t < this.limits.windowMs);
    this.started.set(tabId, times);
    return times.length < this.limits.reads ? 0 : times[0]! + this.limits.windowMs - now;
  }

  private start(tabId: number, read: () => Promise<void>): Promise<void> {
    const times = this.started.get(tabId) ?? [];
    times.push(this.timers.now());
    this.started.set(tabId, times);
    return read();
  }
}
