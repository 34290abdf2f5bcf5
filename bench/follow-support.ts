/**
 * What the Follow AP and pack-subscription benches share (bench/follow.ts in Node,
 * bench/browser/follow.ts in Chromium): AP's output as this bench assumes it, the stand-in
 * for apnews.com sized to a month of it, the packs a subscriber takes (a full pack and a delta
 * on it), a server that serves them as a pack host does, and the machine's load, which every
 * timed row records.
 *
 * AP's output: no machine here reaches apnews.com, so its monthly sitemaps cannot be counted.
 * AP_STORIES_PER_DAY is an estimate (AP publishes a few hundred stories a day on apnews.com),
 * not a count; the year-of-AP rows say so. Story length: the stand-in writes stories of
 * 220–300 words; AP_STORY_WORDS (700, the length bench/storage-size.ts measures) stands for
 * an AP story, and the storage rows are measured at both lengths.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { buildPack } from '../src/core/pack/build';
import { buildDeltaPack } from '../src/core/pack/delta';
import { openPack } from '../src/core/pack/pack';
import type { Article } from '../src/core/types';
import { type ApStandin, startApStandin } from '../test/support/ap-standin';
import { writeStory } from '../test/support/ap-standin-prose';
import { syntheticArticles } from '../test/unit/storage-synthetic';

/** Stories AP publishes a day: an estimate (see the note above), not a count of its sitemaps. */
export const AP_STORIES_PER_DAY = 250;
/** Words of an AP story as this bench assumes it. */
export const AP_STORY_WORDS = 700;
/** The follow's default budget (src/background/follow-runner.ts DEFAULT_BUDGET_BYTES). */
export const BUDGET_BYTES = 1_000_000_000;

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** The load average as the rows record it: "load 3.1 / 4.6 (1 / 5 min) on 2 cores". */
export function loadNote(): string {
  const [one, five] = os.loadavg();
  return `load ${one!.toFixed(1)} / ${five!.toFixed(1)} (1 / 5 min) on ${os.cpus().length} cores`;
}

/** The load at the start and at the end of a measure, in one note. */
export function loadSpan(start: string): string {
  const end = loadNote();
  return start === end ? end : `${start} at the start, ${end.replace(/ on \d+ cores$/, '')} at the end`;
}

export const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;

// ── the stand-in ─────────────────────────────────────────────────────────────────────────

/** A stand-in holding `days` of AP's output, ending a minute ago (so a month's window holds all but the oldest). */
export function monthOfAp(opts: { days: number; perDay: number; words?: number; seed?: number }): Promise<ApStandin> {
  return startApStandin({ stories: Math.round(opts.days * opts.perDay), spanDays: opts.days, now: Date.now() - 60_000, seed: opts.seed ?? 1 }).then((ap) => {
    if (opts.words) lengthenStories(ap, opts.words);
    return ap;
  });
}

/** Makes every story of the stand-in at least `words` long, with paragraphs of other stories of its own prose. */
export function lengthenStories(ap: ApStandin, words: number): void {
  for (const story of ap.stories) {
    let n = countWords(story.paragraphs);
    for (let k = 1; n < words; k++) {
      const more = writeStory(900_000 + story.index * 31 + k).paragraphs.slice(1);
      for (const p of more) {
        if (n >= words) break;
        story.paragraphs.push(p);
        n += countWords([p]);
      }
    }
  }
}

export const countWords = (paragraphs: readonly string[]): number => paragraphs.reduce((n, p) => n + p.split(/\s+/).filter(Boolean).length, 0);

/** Mean words of the stand-in's stories. */
export const meanWords = (ap: ApStandin): number => ap.stories.reduce((n, s) => n + countWords(s.paragraphs), 0) / Math.max(1, ap.stories.length);

// ── packs ────────────────────────────────────────────────────────────────────────────────

export interface SubscriptionPacks {
  full: Uint8Array;
  delta: Uint8Array;
  articles: number;
  /** In the delta: new, changed, and ids removed. */
  added: number;
  changed: number;
  removed: number;
  /** Articles the subscriber holds after both. */
  after: number;
  buildSeconds: number;
}

/**
 * A full pack of `articles` synthetic ~700-word stories (test/unit/storage-synthetic.ts), and a
 * delta on it holding `delta` articles (nine in ten new, one in ten changed) and removing one
 * in 25 of that number, made as `wirecheck index --since` makes one (core/pack/delta.ts).
 */
export async function subscriptionPacks(articles: number, delta: number): Promise<SubscriptionPacks> {
  const t = performance.now();
  const base = syntheticArticles(articles, { words: 700, seed: 5 });
  const full = await buildPack(base);
  const changed = Math.round(delta / 10);
  const added = delta - changed;
  const removed = Math.round(delta / 25);
  const fresh = syntheticArticles(added, { words: 700, seed: 77, prefix: 'new' });
  const edited = new Map<string, Article>(base.slice(removed, removed + changed).map((a) => [a.id, { ...a, text: `${a.text}\n\nThis story has been updated with more details.` }]));
  const next = [...base.slice(removed).map((a) => edited.get(a.id) ?? a), ...fresh];
  const built = await buildDeltaPack(next, openPack(full));
  if (built.added !== added || built.changed !== changed || built.removed !== removed) throw new Error(`the delta holds ${built.added} new, ${built.changed} changed, ${built.removed} removed`);
  return { full, delta: built.bytes, articles, added, changed, removed, after: articles - removed + added, buildSeconds: (performance.now() - t) / 1000 };
}

export const sha256Hex = async (bytes: Uint8Array): Promise<string> => createHash('sha256').update(bytes).digest('hex');

/**
 * One pack URL on 127.0.0.1, as a pack host serves it: its bytes with an ETag and
 * Last-Modified, 304 to a matching If-None-Match. `serve` swaps what the URL holds (the full
 * pack, then the day's delta); `requests` counts what was asked.
 */
export async function servePack(): Promise<{ url: string; serve(bytes: Uint8Array, etag: string): void; requests: number; close(): Promise<void> }> {
  let current: { bytes: Uint8Array; etag: string; lastModified: string } | undefined;
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests++;
    if (!current || !req.url?.startsWith('/ap.wcpack')) return void res.writeHead(404).end();
    const validators = { ETag: current.etag, 'Last-Modified': current.lastModified };
    if (req.headers['if-none-match'] === current.etag) return void res.writeHead(304, validators).end();
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': current.bytes.length, 'Cache-Control': 'no-store', ...validators }).end(current.bytes);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/ap.wcpack`;
  return {
    url,
    serve: (bytes, etag) => void (current = { bytes, etag: `"${etag}"`, lastModified: new Date().toUTCString() }),
    get requests() {
      return requests;
    },
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
