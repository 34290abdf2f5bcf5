/**
 * What `wirecheck follow` shows while it runs, on stderr: on a terminal one line rewritten in
 * place (a carriage return, the line, "erase to the end of the line"), at most four times a
 * second and cut to the terminal's width so it never wraps (a wrapped line cannot be
 * rewritten), and redrawn every tick while it counts a wait down; elsewhere (a log, a pipe,
 * cron's mail) a plain line when the stories start and then one a minute at most, so a long
 * backfill's log grows by ~60 lines an hour. The summary at the end is a result and goes to
 * stdout (summaryLines).
 */

import type { FollowCounts, FollowProgress } from '../core/follow/types';
import { escapeControls } from './io';
import type { RunTally } from './follow-store';

/** Where progress goes: process.stderr, or a test's stand-in. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

/** Least time between two rewrites of the terminal line. */
const TTY_REDRAW_MS = 250;
/** Time between two progress lines where stderr is not a terminal. */
export const LOG_LINE_MS = 60_000;
const ERASE_LINE = '\r\x1b[K';

export class ProgressReporter {
  private lastDrawAt = -Infinity;
  private lastLogAt = -Infinity;
  /** The terminal line as drawn, if it is shown. */
  private drawn: string | undefined;
  /** The follower's last report, drawn at the next tick when `dirty`; a wait's countdown is redrawn every tick. */
  private last: FollowProgress | undefined;
  private dirty = false;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly stream: ProgressStream,
    private readonly now: () => number = Date.now,
  ) {}

  get tty(): boolean {
    return this.stream.isTTY === true;
  }

  /** A report from the follower. */
  update(p: FollowProgress): void {
    const now = this.now();
    if (!this.tty) {
      if ((p.phase === 'stories' || p.phase === 'waiting') && now - this.lastLogAt >= LOG_LINE_MS) {
        this.lastLogAt = now;
        this.stream.write(`wirecheck follow: ${progressLine(p, now)}\n`);
      }
      return;
    }
    this.last = p;
    this.dirty = true;
    if (now - this.lastDrawAt >= TTY_REDRAW_MS) this.tick();
    if (!this.timer) {
      this.timer = setInterval(() => this.tick(), TTY_REDRAW_MS);
      this.timer.unref?.();
    }
  }

  /** A line of its own (a notice, a warning): the terminal line is cleared first and drawn again after. */
  note(text: string): void {
    if (this.drawn !== undefined) this.stream.write(ERASE_LINE);
    this.stream.write(`${escapeControls(text)}\n`);
    const again = this.drawn;
    this.drawn = undefined;
    if (again !== undefined) this.draw(again);
  }

  /** A status of the run itself (writing the pack): on a terminal only, in the line, until the next report. */
  status(text: string): void {
    if (!this.tty) return;
    this.last = undefined;
    this.dirty = false;
    this.draw(escapeControls(text));
  }

  /** Clears the terminal line (before the summary, or an exit) and stops redrawing it. */
  end(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.drawn !== undefined) this.stream.write(ERASE_LINE);
    this.drawn = undefined;
    this.last = undefined;
  }

  private tick(): void {
    if (!this.last || (!this.dirty && this.last.phase !== 'waiting')) return;
    this.dirty = false;
    this.draw(progressLine(this.last, this.now()));
  }

  private draw(line: string): void {
    const width = Math.max(20, (this.stream.columns || 80) - 1);
    const text = line.length > width ? `${line.slice(0, width - 1)}…` : line;
    if (text === this.drawn) return;
    this.stream.write(`${ERASE_LINE}${text}`);
    this.drawn = text;
    this.lastDrawAt = this.now();
  }
}

const PHASES: Record<FollowProgress['phase'], string> = {
  robots: 'reading robots.txt',
  sitemaps: 'reading the sitemaps',
  stories: 'fetching stories',
  waiting: 'waiting',
  done: 'done',
  stopped: 'stopped',
  paused: 'paused',
};

/** One line of progress, escaped (a URL from a sitemap can hold anything). */
export function progressLine(p: FollowProgress, now: number): string {
  const c = p.counts;
  let what = PHASES[p.phase];
  if (p.phase === 'waiting' && p.waitUntil !== undefined) what += ` ${Math.max(0, Math.ceil((p.waitUntil - now) / 1000))} s`;
  // What is being fetched comes last: a line cut to the terminal's width loses it first.
  const detail = p.message ?? (p.phase !== 'waiting' ? p.current : undefined);
  return escapeControls(`${what} · ${countsText(c)}${detail ? ` · ${detail}` : ''}`);
}

export function countsText(c: FollowCounts): string {
  return `${n(c.added)} added, ${n(c.queued)} queued, ${n(c.skipped)} skipped, ${n(c.failed)} failed, ${sizeText(c.bytes)}`;
}

/** The summary on stdout: what this run did, and what the pack holds. */
export function summaryLines(opts: { tally: RunTally; counts: FollowCounts; pack: string; articles: number; packBytes: number }): string[] {
  const { tally: t, counts } = opts;
  return [
    `added    ${n(t.added)} ${t.added === 1 ? 'story' : 'stories'}${t.updated ? `, and ${n(t.updated)} new ${t.updated === 1 ? 'version' : 'versions'}` : ''}`,
    `skipped  ${n(t.skipped)} (not stories, gone, or not allowed)`,
    `failed   ${n(t.failed)}`,
    ...(t.evicted ? [`evicted  ${n(t.evicted)} (oldest, over the budget)`] : []),
    `queued   ${n(counts.queued)} for the next run`,
    opts.packBytes > 0
      ? `pack     ${opts.pack}: ${n(opts.articles)} ${opts.articles === 1 ? 'article' : 'articles'}, ${sizeText(opts.packBytes)}`
      : `pack     ${opts.pack}: not written, no story yet`,
  ].map((line) => escapeControls(line));
}

const n = (x: number) => x.toLocaleString('en-US');

/** A size as the CLI prints them (binary units, as `wirecheck index` and --budget). */
export function sizeText(bytes: number): string {
  const MB = 1024 * 1024;
  if (bytes >= 1024 * MB) return `${(bytes / 1024 / MB).toFixed(2)} GB`;
  if (bytes >= MB) return `${(bytes / MB).toFixed(1)} MB`;
  return `${Math.ceil(bytes / 1024)} KB`;
}
