/**
 * The one message protocol between Wirecheck's contexts, named by direction.
 *
 * Content scripts run inside pages we do not control, so everything they send is untrusted:
 * `parseContentMessage` checks the shape, the types and the sizes of every field and rejects
 * anything else. Extension pages (popup, options) are ours, but their messages are validated
 * the same way, because one validator is easier to trust than two.
 */

import type { BackfillWindow } from '../core/follow/types';
import type { Article, MatchResult, Verdict } from '../core/types';
import type { SitesUiMessage } from './sites';

const MAX_URL_CHARS = 8_192;
/**
 * Longest page HTML (`content:page`) the background parses: 4 MiB of characters, 5× the
 * largest of the 30 fixture pages (795 K). The content script does not send a longer page: it
 * reports it as not an article (Readability would refuse most such pages anyway: extract.ts's
 * MAX_ELEMENTS), rather than truncating it, since half a page is not the page's article.
 * Chromium's messaging limit is 64 MiB of JSON; parsing 4 MiB with linkedom takes ~0.1 s.
 */
export const MAX_PAGE_HTML_CHARS = 4 * 1024 * 1024;

/**
 * Why a page is not read as an article without looking for one: it is too big to read. Its
 * HTML is longer than MAX_PAGE_HTML_CHARS, its tree has more elements or deeper nesting than
 * MAX_PAGE_ELEMENTS or MAX_PAGE_DEPTH (core/limits.ts), or (measured by the background only) it makes more
 * nodes than the background parses (extraction/page.ts, MAX_PAGE_NODES).
 */
export type PageTooBig = 'too-long' | 'too-many-elements' | 'too-deep' | 'too-many-nodes';
const PAGE_TOO_BIG: readonly PageTooBig[] = ['too-long', 'too-many-elements', 'too-deep', 'too-many-nodes'];

// content script → background
//
// Every content message names the page's URL, but the background never takes it on trust: it
// takes the page's URL from the message's sender (the frame's URL, as the browser reports it)
// and ignores a message whose `url` names another page (background.ts, `pageUrlOf`).
export interface ContentNotArticleMessage {
  type: 'content:not-article';
  url: string;
  /** The page is beyond the HTML or tree limits (MAX_PAGE_*), so it was not sent. */
  reason?: PageTooBig;
}
/**
 * The page itself, serialised (`documentElement.outerHTML`), for the background to parse and
 * read off the page's main thread. Untrusted text: only ever parsed into an inert tree.
 */
export interface ContentPageMessage {
  type: 'content:page';
  url: string;
  html: string;
  /** Check the article (the policy says so, or the reader asked). */
  check: boolean;
  /** Offer the article to the corpus (auto-capture; the background checks its settings again). */
  capture: boolean;
  /** The reader or the background asked: check even an article the background just checked. */
  force: boolean;
  /**
   * The live DOM's element count and deepest nesting (ancestors), as the content script
   * measured them. The background measures the HTML itself; these can only refuse a page.
   */
  elements?: number;
  depth?: number;
}
/** Sent once per page before any work: may this page be read now? */
export interface ContentHelloMessage {
  type: 'content:hello';
  url: string;
}
/** The reader clicked "don't show on this site" in the in-page notice. */
export interface ContentMuteNoticeMessage {
  type: 'content:mute-notice';
  url: string;
}
export type ContentMessage = ContentPageMessage | ContentNotArticleMessage | ContentHelloMessage | ContentMuteNoticeMessage;

/** The background's answer to content:hello. */
export interface PagePolicy {
  /** Read and send the article now (auto-check on, site not muted). */
  check: boolean;
  /** The page is on apnews.com and auto-capture is on: send content:page with capture set. */
  capture: boolean;
}

// extension page (popup, options) → background
export interface UiGetTabStateMessage {
  type: 'ui:get-tab-state';
  tabId: number;
}
export interface UiCorpusChangedMessage {
  type: 'ui:corpus-changed';
}
export interface UiSettingsChangedMessage {
  type: 'ui:settings-changed';
}
/** Check this tab now (the path when auto-check is off). */
export interface UiCheckTabMessage {
  type: 'ui:check-tab';
  tabId: number;
}
/** The page and source texts behind a tab's result, for the comparison page. */
export interface UiGetComparisonMessage {
  type: 'ui:get-comparison';
  tabId: number;
}
export interface UiHighlightMessage {
  type: 'ui:highlight';
  tabId: number;
  on: boolean;
}
/** "This looks wrong": stored locally, suppresses this source on this URL. */
export interface UiReportWrongMessage {
  type: 'ui:report-wrong';
  tabId: number;
}
/** Add the tab's article to the corpus as an original. */
export interface UiAddPageMessage {
  type: 'ui:add-page';
  tabId: number;
}
export type UiMessage =
  | UiGetTabStateMessage
  | UiCorpusChangedMessage
  | UiSettingsChangedMessage
  | UiCheckTabMessage
  | UiGetComparisonMessage
  | UiHighlightMessage
  | UiReportWrongMessage
  | UiAddPageMessage
  | FollowUiMessage
  | SitesUiMessage;

// extension page (options, welcome) → background: Follow AP and pack subscriptions
//
//   ui:follow-get                            → FollowStatus
//   ui:follow-set { change: FollowChange }   → FollowStatus, after the change (a run in progress
//                                              stops first; a follow on and not paused runs again)
//   ui:follow-run-now                        → FollowStatus: sitemaps read now, `stopped` cleared
//                                              ("Try again"); refused while the follow is off
//   ui:subscriptions-get                     → SubscriptionStatus[]
//   ui:subscription-add { url, sha256? }     → SubscriptionStatus[], after its first check
//   ui:subscription-remove { url }           → SubscriptionStatus[] (its articles stay)
//   ui:subscription-check { url }            → SubscriptionStatus[], after the check
//
// The answers' shapes are in follow-status.ts (exported from here too).
// A run goes on after the reply: `running` says so, and the page asks again (every second or
// two) until it ends. A check is answered when it is done; `checking` marks those the schedule
// runs meanwhile. Turning off (`following: false`) keeps the follow's state, queue and stories
// (`state.offSince` set) unless `keepStories: false`, which deletes its stories and forgets it.
// A follow or a subscription needs the host permission of its URL (`originPattern(url)`),
// which only a page can request (a user gesture): the page requests it BEFORE sending
// `following: true`, a new `sitemapIndex` or `ui:subscription-add`; without it the background
// refuses with an error naming the host.

/** What the reader changed in the follow; fields left out stay as they are. */
export interface FollowChange {
  following?: boolean;
  window?: BackfillWindow;
  paused?: boolean;
  /** Storage budget for followed stories, bytes (MIN_FOLLOW_BUDGET_BYTES at least). */
  budgetBytes?: number;
  /** Another sitemap index than AP's (the options page's advanced field); http(s). */
  sitemapIndex?: string;
  /** With `following: false`: keep the followed stories in the corpus (the default) or delete them. */
  keepStories?: boolean;
}
export interface UiFollowGetMessage {
  type: 'ui:follow-get';
}
export interface UiFollowSetMessage {
  type: 'ui:follow-set';
  change: FollowChange;
}
export interface UiFollowRunNowMessage {
  type: 'ui:follow-run-now';
}
export interface UiSubscriptionsGetMessage {
  type: 'ui:subscriptions-get';
}
export interface UiSubscriptionAddMessage {
  type: 'ui:subscription-add';
  url: string;
  /** The pack's SHA-256, 64 hex digits (lower case once parsed); left out when not pinned. */
  sha256?: string;
}
export interface UiSubscriptionRemoveMessage {
  type: 'ui:subscription-remove';
  url: string;
}
/** Check the subscription now (the schedule checks each one every 6 hours). */
export interface UiSubscriptionCheckMessage {
  type: 'ui:subscription-check';
  url: string;
}
export { type FollowStateView, type FollowStatus, type SubscriptionStatus, originPattern } from './follow-status';
export type FollowUiMessage =
  | UiFollowGetMessage
  | UiFollowSetMessage
  | UiFollowRunNowMessage
  | UiSubscriptionsGetMessage
  | UiSubscriptionAddMessage
  | UiSubscriptionRemoveMessage
  | UiSubscriptionCheckMessage;

const FOLLOW_UI_TYPES: Record<FollowUiMessage['type'], true> = {
  'ui:follow-get': true,
  'ui:follow-set': true,
  'ui:follow-run-now': true,
  'ui:subscriptions-get': true,
  'ui:subscription-add': true,
  'ui:subscription-remove': true,
  'ui:subscription-check': true,
};
const BACKFILL_WINDOWS: readonly BackfillWindow[] = ['week', 'month', 'quarter', 'year'];
/** The smallest storage budget a follow takes: 10 MiB, a few hundred stories. */
export const MIN_FOLLOW_BUDGET_BYTES = 10 * 1024 * 1024;

export function isFollowUiMessage(msg: UiMessage): msg is FollowUiMessage {
  return Object.hasOwn(FOLLOW_UI_TYPES, msg.type);
}

/** The per-site record's messages (sites.ts), answered by the background's sites-service.ts. */
export function isSitesUiMessage(msg: UiMessage): msg is SitesUiMessage {
  return msg.type === 'ui:site-for-tab' || msg.type === 'ui:sites-list' || msg.type === 'ui:site-detail' || msg.type === 'ui:sites-clear' || msg.type === 'ui:sites-export';
}
/** A site of the record as `siteOf` names it: a host name or address in lower case, maybe a port. */
const SITE_HOST = /^[a-z0-9._\-:[\]]{1,255}$/;

/** Everything the comparison page needs: it re-runs the alignment itself (core is pure). */
export interface Comparison {
  page: { url: string; title: string; text: string; lang?: string };
  source: Article;
  result: MatchResult;
}

// background → content script
export interface BackgroundRequestArticleMessage {
  type: 'background:request-article';
}
/**
 * The in-page notice's sentences, in the reader's language, as the background's browser.i18n
 * gives them (src/background/notice-text.ts): the content script shows them as text and looks
 * nothing up itself, because the first `i18n.getMessage` in a page's renderer fetches the
 * extension's whole message bundle from the browser process, synchronously (2–6 ms of the
 * page's main thread, measured on the fixture pages).
 */
export interface NoticeText {
  brand: string;
  headline: string;
  likelySource: string;
  /** Paraphrase score (when there is one) and coverage, one sentence. */
  numbers: string;
  hint: string;
  dismiss: string;
  mute: string;
}
/** Show (or hide, with notice null) the in-page notice. */
export interface BackgroundNoticeMessage {
  type: 'background:notice';
  notice: { verdict: Verdict; sourceTitle: string; paraphraseScore: number | null; coverage: number; text: NoticeText } | null;
}
/** Mark (or unmark) the page's derived passages, coloured by how much each was reworded. */
export interface BackgroundHighlightMessage {
  type: 'background:highlight';
  on: boolean;
  passages: { text: string; paraphraseScore: number; quote: boolean }[];
}
export type BackgroundMessage = BackgroundRequestArticleMessage | BackgroundNoticeMessage | BackgroundHighlightMessage;

/** What the background knows about a tab, as the popup shows it. */
export type TabState =
  | { status: 'unknown' }
  /** `reason`: the page was too big to read (without it: read, and no article found). */
  | { status: 'not-article'; url: string; reason?: PageTooBig }
  /** Not read: the site is on the never-check list, or auto-check is off (check on click). */
  | { status: 'skipped'; url: string; reason: 'muted' | 'manual' }
  | { status: 'checking'; url: string; title: string }
  /**
   * `corpusGeneration`: the corpus generation the verdict was given against (the store's
   * counter, bumped by every import and delete); the background sets it on every verdict and
   * checks the page again when the corpus has moved on.
   */
  | { status: 'checked'; url: string; title: string; result: MatchResult; checkedAt: number; corpusGeneration?: number }
  | { status: 'error'; url: string; message: string };

export type Reply<T> = { ok: true; value: T } | { ok: false; error: string };

export class InvalidMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidMessageError';
  }
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function str(m: Record<string, unknown>, key: string, max: number, optional = false): string | undefined {
  const v = m[key];
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'string') throw new InvalidMessageError(`${key} must be a string`);
  if (v.length > max) throw new InvalidMessageError(`${key} is longer than ${max} characters`);
  return v;
}

function httpUrl(m: Record<string, unknown>, key = 'url'): string {
  const url = str(m, key, MAX_URL_CHARS)!;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InvalidMessageError(`${key} is not a URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new InvalidMessageError(`${key} must be http(s)`);
  return url;
}

function checkKeys(m: Record<string, unknown>, allowed: string[]): void {
  for (const k of Object.keys(m)) if (!allowed.includes(k)) throw new InvalidMessageError(`unexpected field ${k}`);
}

/** An optional count: absent, or a whole number from 0 (the page's own measure of itself). */
function count(m: Record<string, unknown>, key: string): number | undefined {
  const v = m[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) throw new InvalidMessageError(`${key} must be a count`);
  return v;
}

export function parseContentMessage(raw: unknown): ContentMessage {
  if (!isRecord(raw)) throw new InvalidMessageError('message must be an object');
  switch (raw.type) {
    case 'content:page': {
      checkKeys(raw, ['type', 'url', 'html', 'check', 'capture', 'force', 'elements', 'depth']);
      const flags = { check: raw.check, capture: raw.capture, force: raw.force };
      for (const [key, value] of Object.entries(flags)) {
        if (typeof value !== 'boolean') throw new InvalidMessageError(`${key} must be true or false`);
      }
      const elements = count(raw, 'elements');
      const depth = count(raw, 'depth');
      return {
        type: 'content:page',
        url: httpUrl(raw),
        html: str(raw, 'html', MAX_PAGE_HTML_CHARS)!,
        check: raw.check as boolean,
        capture: raw.capture as boolean,
        force: raw.force as boolean,
        ...(elements !== undefined ? { elements } : {}),
        ...(depth !== undefined ? { depth } : {}),
      };
    }
    case 'content:not-article': {
      checkKeys(raw, ['type', 'url', 'reason']);
      const { reason } = raw;
      if (reason !== undefined && !PAGE_TOO_BIG.includes(reason as PageTooBig)) throw new InvalidMessageError('reason is not a known reason');
      return { type: 'content:not-article', url: httpUrl(raw), ...(reason !== undefined ? { reason: reason as PageTooBig } : {}) };
    }
    case 'content:hello':
    case 'content:mute-notice':
      checkKeys(raw, ['type', 'url']);
      return { type: raw.type, url: httpUrl(raw) };
    default:
      throw new InvalidMessageError('unknown message type');
  }
}

function tabIdOf(m: Record<string, unknown>): number {
  const tabId = m.tabId;
  if (typeof tabId !== 'number' || !Number.isInteger(tabId) || tabId < 0) throw new InvalidMessageError('tabId must be a tab id');
  return tabId;
}

export function parseUiMessage(raw: unknown): UiMessage {
  if (!isRecord(raw)) throw new InvalidMessageError('message must be an object');
  switch (raw.type) {
    case 'ui:get-tab-state':
    case 'ui:check-tab':
    case 'ui:get-comparison':
    case 'ui:report-wrong':
    case 'ui:add-page':
      checkKeys(raw, ['type', 'tabId']);
      return { type: raw.type, tabId: tabIdOf(raw) };
    case 'ui:highlight':
      checkKeys(raw, ['type', 'tabId', 'on']);
      if (typeof raw.on !== 'boolean') throw new InvalidMessageError('on must be true or false');
      return { type: 'ui:highlight', tabId: tabIdOf(raw), on: raw.on };
    case 'ui:corpus-changed':
    case 'ui:settings-changed':
    case 'ui:follow-get':
    case 'ui:follow-run-now':
    case 'ui:subscriptions-get':
      checkKeys(raw, ['type']);
      return { type: raw.type };
    case 'ui:follow-set':
      checkKeys(raw, ['type', 'change']);
      return { type: 'ui:follow-set', change: followChange(raw.change) };
    case 'ui:subscription-add': {
      checkKeys(raw, ['type', 'url', 'sha256']);
      const sha256 = raw.sha256;
      if (sha256 !== undefined && (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/i.test(sha256))) throw new InvalidMessageError('sha256 must be 64 hex digits');
      return { type: 'ui:subscription-add', url: httpUrl(raw), ...(sha256 !== undefined ? { sha256: sha256.toLowerCase() } : {}) };
    }
    case 'ui:subscription-remove':
    case 'ui:subscription-check':
      checkKeys(raw, ['type', 'url']);
      return { type: raw.type, url: httpUrl(raw) };
    case 'ui:site-for-tab':
      checkKeys(raw, ['type', 'tabId']);
      return { type: raw.type, tabId: tabIdOf(raw) };
    case 'ui:sites-list':
      checkKeys(raw, ['type']);
      return { type: raw.type };
    case 'ui:site-detail':
      checkKeys(raw, ['type', 'host']);
      return { type: raw.type, host: siteHost(raw.host)! };
    case 'ui:sites-clear':
    case 'ui:sites-export': {
      checkKeys(raw, ['type', 'host']);
      const host = siteHost(raw.host, true);
      return { type: raw.type, ...(host !== undefined ? { host } : {}) };
    }
    default:
      throw new InvalidMessageError('unknown message type');
  }
}

function siteHost(v: unknown, optional = false): string | undefined {
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'string' || !SITE_HOST.test(v)) throw new InvalidMessageError('host must be a site’s host name');
  return v;
}

function followChange(raw: unknown): FollowChange {
  if (!isRecord(raw)) throw new InvalidMessageError('change must be an object');
  checkKeys(raw, ['following', 'window', 'paused', 'budgetBytes', 'sitemapIndex', 'keepStories']);
  const change: FollowChange = {};
  for (const key of ['following', 'paused', 'keepStories'] as const) {
    const v = raw[key];
    if (v === undefined) continue;
    if (typeof v !== 'boolean') throw new InvalidMessageError(`${key} must be true or false`);
    change[key] = v;
  }
  if (raw.window !== undefined) {
    if (!BACKFILL_WINDOWS.includes(raw.window as BackfillWindow)) throw new InvalidMessageError('window must be week, month, quarter or year');
    change.window = raw.window as BackfillWindow;
  }
  const budget = raw.budgetBytes;
  if (budget !== undefined) {
    if (typeof budget !== 'number' || !Number.isSafeInteger(budget) || budget < MIN_FOLLOW_BUDGET_BYTES) {
      throw new InvalidMessageError(`budgetBytes must be a whole number of bytes, ${MIN_FOLLOW_BUDGET_BYTES} or more`);
    }
    change.budgetBytes = budget;
  }
  if (raw.sitemapIndex !== undefined) change.sitemapIndex = httpUrl(raw, 'sitemapIndex');
  return change;
}

/** Who sent a message, reduced to what the background needs to decide whether to trust it. */
export interface SenderInfo {
  /** The sending extension's id (must be ours). */
  id?: string;
  /** URL of the sending frame (the browser's `sender.url`). */
  url?: string;
  /** URL of the sending tab (`sender.tab.url`), used when the frame's URL is missing. */
  tabUrl?: string;
  tabId?: number;
  frameId?: number;
}

export type SenderKind = { kind: 'content'; tabId: number; pageUrl?: string } | { kind: 'extension-page' } | { kind: 'rejected'; reason: string };

/**
 * Content messages count only from the top frame of a tab (an article inside an ad iframe is
 * not the page's article); extension-page messages only from our own origin. A content
 * sender's page URL is the one the browser reports for it (the frame's, else the tab's), never
 * the one its message names.
 */
export function classifySender(sender: SenderInfo, ownId: string, ownOrigin: string): SenderKind {
  if (sender.id !== ownId) return { kind: 'rejected', reason: 'message from another extension' };
  if (sender.url?.startsWith(ownOrigin)) return { kind: 'extension-page' };
  if (sender.tabId === undefined || sender.tabId < 0) return { kind: 'rejected', reason: 'content message without a tab' };
  if (sender.frameId !== undefined && sender.frameId !== 0) return { kind: 'rejected', reason: 'message from a subframe' };
  const pageUrl = sender.url ?? sender.tabUrl;
  return { kind: 'content', tabId: sender.tabId, ...(pageUrl !== undefined ? { pageUrl } : {}) };
}
