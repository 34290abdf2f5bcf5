/**
 * What the content script does on a page: decide whether it is an article, extract it, and
 * send it to the background — without slowing the page.
 *
 * Work waits for idle time (requestIdleCallback, with a timeout so a busy page still gets
 * checked). Readability runs on a clone of the document, so the live page is never touched.
 * Single-page apps change articles without loading a page, so a location change schedules a
 * new read after the new content has had a moment to render; an unchanged article (same URL,
 * same text) is not sent twice.
 */

import { hashString } from '../core/fingerprint/hash';
import { extractArticle, isArticlePage } from '../extraction/extract';
import { type ContentMessage, MAX_ARTICLE_CHARS } from '../messaging/protocol';

/** Delay after an SPA navigation before reading: frameworks render after pushState. */
export const NAVIGATION_SETTLE_MS = 600;

export function readPage(doc: Document, url: string): ContentMessage {
  if (!/^https?:/.test(url) || !isArticlePage(doc)) return { type: 'content:not-article', url };
  const article = extractArticle(doc, { url, maxChars: MAX_ARTICLE_CHARS });
  if (!article) return { type: 'content:not-article', url };
  return {
    type: 'content:article',
    url,
    title: article.title.slice(0, 2_000),
    text: article.text,
    ...(article.lang ? { lang: article.lang } : {}),
  };
}

export interface PageReaderHost {
  document: Document;
  currentUrl(): string;
  whenIdle(task: () => void): void;
  after(ms: number, task: () => void): void;
  send(message: ContentMessage): Promise<unknown>;
}

export class PageReader {
  private lastSent = '';

  constructor(private readonly host: PageReaderHost) {}

  /** Reads the page when the browser is idle; `force` re-sends even an unchanged article. */
  schedule(force = false): void {
    this.host.whenIdle(() => this.readNow(force));
  }

  onNavigation(): void {
    this.host.after(NAVIGATION_SETTLE_MS, () => this.schedule());
  }

  readNow(force = false): void {
    const message = readPage(this.host.document, this.host.currentUrl());
    const key = message.type === 'content:article' ? `${message.url}|${hashString(message.text)}` : `${message.url}|-`;
    if (!force && key === this.lastSent) return;
    this.lastSent = key;
    this.host.send(message).catch(() => {
      // The extension was reloaded or the worker is starting; the next navigation retries.
      this.lastSent = '';
    });
  }
}
