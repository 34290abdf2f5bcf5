/**
 * What the content script does on a page: ask the background whether this page may be read,
 * and if so decide whether it is an article, extract it and send it — without slowing the page.
 *
 * The page policy comes first (`content:hello` → `{check, capture}`): a site on the reader's
 * never-check list is not even read, and with auto-check off nothing is read until the reader
 * asks (`background:request-article`, which also serves a restarted service worker that lost
 * its per-tab state). If the background does not answer with a policy, nothing is read: when
 * in doubt the never-check list wins, and the popup's own request still works.
 *
 * Work waits for idle time (requestIdleCallback, with a timeout so a busy page still gets
 * checked). Readability runs on a clone of the document, so the live page is never touched.
 * Single-page apps change articles without loading a page, so a location change asks for the
 * policy again and schedules a new read after the new content has had a moment to render; an
 * unchanged article (same URL, same text) is not sent twice. A policy answer that arrives after
 * the page has moved on is dropped.
 *
 * Auto-capture (apnews.com, opt-in) reads the page even with auto-check off: it is its own
 * choice of the reader's. Such a read sends only `content:capture`, so the popup still says
 * the page was not checked.
 */

import { hashString } from '../core/fingerprint/hash';
import { type ExtractedArticle, extractArticle, isArticlePage } from '../extraction/extract';
import { type ContentCaptureMessage, type ContentMessage, MAX_ARTICLE_CHARS, type PagePolicy } from '../messaging/protocol';
import { canonicalUrl, publishedDate } from './page-metadata';

/** Delay after an SPA navigation before reading: frameworks render after pushState. */
export const NAVIGATION_SETTLE_MS = 600;
const MAX_TITLE_CHARS = 2_000;

export const NO_POLICY: Readonly<PagePolicy> = Object.freeze({ check: false, capture: false });

function isHttp(url: string): boolean {
  return /^https?:/.test(url);
}

/** The page's article, or null when it is not an article (or not an http(s) page). */
export function readArticle(doc: Document, url: string): ExtractedArticle | null {
  if (!isHttp(url) || !isArticlePage(doc)) return null;
  return extractArticle(doc, { url, maxChars: MAX_ARTICLE_CHARS });
}

export function articleMessage(url: string, article: ExtractedArticle | null): ContentMessage {
  if (!article) return { type: 'content:not-article', url };
  return {
    type: 'content:article',
    url,
    title: article.title.slice(0, MAX_TITLE_CHARS),
    text: article.text,
    ...(article.lang ? { lang: article.lang } : {}),
  };
}

export function captureMessage(doc: Document, url: string, article: ExtractedArticle): ContentCaptureMessage {
  return {
    type: 'content:capture',
    url,
    canonicalUrl: canonicalUrl(doc, url),
    title: article.title.slice(0, MAX_TITLE_CHARS),
    text: article.text,
    published: publishedDate(doc),
  };
}

/** The background's reply to content:hello, or NO_POLICY for anything else. */
export function policyFromReply(reply: unknown): PagePolicy {
  if (typeof reply !== 'object' || reply === null) return NO_POLICY;
  const r = reply as { ok?: unknown; value?: unknown };
  if (r.ok !== true || typeof r.value !== 'object' || r.value === null) return NO_POLICY;
  const v = r.value as { check?: unknown; capture?: unknown };
  return { check: v.check === true, capture: v.capture === true };
}

export interface PageReaderHost {
  document: Document;
  currentUrl(): string;
  whenIdle(task: () => void): void;
  after(ms: number, task: () => void): void;
  /** Sends to the background; resolves with its reply. */
  send(message: ContentMessage): Promise<unknown>;
}

export class PageReader {
  private lastSent = '';
  private lastCaptured = '';
  private policy: PagePolicy = NO_POLICY;
  /** Which page view the policy belongs to; a navigation starts a new one. */
  private generation = 0;

  constructor(private readonly host: PageReaderHost) {}

  /** Asks for the page policy, then reads the page at idle time if the policy says so. */
  start(): void {
    const generation = ++this.generation;
    const url = this.host.currentUrl();
    this.policy = NO_POLICY;
    if (!isHttp(url)) return;
    this.host.send({ type: 'content:hello', url }).then(
      (reply) => {
        if (generation !== this.generation) return; // the page moved on meanwhile
        this.policy = policyFromReply(reply);
        if (this.policy.check || this.policy.capture) this.schedule();
      },
      () => {
        // The extension was reloaded or is starting; the popup's request reads the page.
      },
    );
  }

  /** Reads the page when the browser is idle; `force` reads whatever the policy and re-sends. */
  schedule(force = false): void {
    this.host.whenIdle(() => this.readNow(force));
  }

  /** `background:request-article`: the reader asked (check on click) or the worker restarted. */
  onRequest(): void {
    this.schedule(true);
  }

  onNavigation(): void {
    this.generation++; // an answer still on its way belongs to the old page
    this.host.after(NAVIGATION_SETTLE_MS, () => this.start());
  }

  readNow(force = false): void {
    const url = this.host.currentUrl();
    const { check, capture } = this.policy;
    if (!force && !check && !capture) return;
    const article = readArticle(this.host.document, url);

    if (force || check) {
      const message = articleMessage(url, article);
      const key = message.type === 'content:article' ? `${url}|${hashString(message.text)}` : `${url}|-`;
      if (force || key !== this.lastSent) {
        this.lastSent = key;
        this.host.send(message).catch(() => {
          this.lastSent = ''; // the next navigation or request retries
        });
      }
    }

    if (capture && article) {
      const message = captureMessage(this.host.document, url, article);
      const key = `${message.canonicalUrl}|${hashString(message.text)}`;
      if (key !== this.lastCaptured) {
        this.lastCaptured = key;
        this.host.send(message).catch(() => {
          this.lastCaptured = '';
        });
      }
    }
  }
}
