/**
 * What the content script does on a page: ask the background whether this page may be read,
 * and if so hand the page to the background to read — without slowing the page.
 *
 * The page policy comes first (`content:hello` → `{check, capture}`): a site on the reader's
 * never-check list is not even read, and with auto-check off nothing is read until the reader
 * asks (`background:request-article`, which also serves a restarted service worker that lost
 * its per-tab state). If the background does not answer with a policy, nothing is read: when
 * in doubt the never-check list wins, and the popup's own request still works.
 *
 * Reading the page here is one serialisation of the page (`serialisePage`: the
 * `documentElement.outerHTML` the background needs, without the head's styles and scripts;
 * a few ms on the largest fixture pages: the `browser.mainthread` rows of bench/results.json) in idle time
 * (requestIdleCallback, with a timeout so a busy page still gets checked), sent as
 * `content:page`. Deciding whether it is an article, Readability and the
 * canonical URL and date for auto-capture all run in the background on linkedom
 * (src/extraction/page.ts): in the page they would be one long task (Readability on a clone
 * of the document). Nothing in this file parses or renders the page's HTML.
 *
 * A page too big to read is reported as not an article, with the reason, instead of being
 * sent: one whose DOM has more elements or deeper nesting than the background parses
 * (MAX_PAGE_ELEMENTS, MAX_PAGE_DEPTH: linkedom spends seconds on deep nesting), told before
 * serialising by the browser's selector engine, or a walk where that cannot tell
 * (`checkPageSize`: figures there), and one whose HTML is longer than MAX_PAGE_HTML_CHARS.
 * The element count goes with the page; the background measures the HTML again itself,
 * since a page's word is not proof.
 *
 * Single-page apps change articles without loading a page, so a location change asks for the
 * policy again and schedules a new read after the new content has had a moment to render. The
 * background skips an unchanged article (same URL, same text) unless the read was requested. A
 * policy answer that arrives after the page has moved on is dropped.
 *
 * Auto-capture (apnews.com, opt-in) reads the page even with auto-check off: it is its own
 * choice of the reader's. Such a read has `check: false`, so the popup still says the page was
 * not checked.
 */

import { PAGE_LIMITS, treeOverLimits } from '../core/limits';
import { type ContentMessage, MAX_PAGE_HTML_CHARS, type PagePolicy, type PageTooBig } from '../messaging/protocol';

/** Delay after an SPA navigation before reading: frameworks render after pushState. */
export const NAVIGATION_SETTLE_MS = 600;

export const NO_POLICY: Readonly<PagePolicy> = Object.freeze({ check: false, capture: false });

function isHttp(url: string): boolean {
  return /^https?:/.test(url);
}

/** The background's reply to content:hello, or NO_POLICY for anything else. */
export function policyFromReply(reply: unknown): PagePolicy {
  if (typeof reply !== 'object' || reply === null) return NO_POLICY;
  const r = reply as { ok?: unknown; value?: unknown };
  if (r.ok !== true || typeof r.value !== 'object' || r.value === null) return NO_POLICY;
  const v = r.value as { check?: unknown; capture?: unknown };
  return { check: v.check === true, capture: v.capture === true };
}

/** Opening tag of an element, attributes included (a shallow clone has no children), or null. */
function openingTag(el: Element): string | null {
  const outer = (el.cloneNode(false) as Element).outerHTML;
  const close = `</${el.localName}>`;
  // An XML document serialises an empty element as <x/>: no opening tag to cut out.
  return outer.endsWith(close) ? outer.slice(0, outer.length - close.length) : null;
}

/**
 * The page's HTML as the background needs it: `documentElement.outerHTML`, except that the
 * <head>'s stylesheets and scripts (other than JSON-LD) are left out. Nothing the background
 * reads is in them (Readability drops style and script elements; the metadata it reads is
 * <title>, <meta>, <link> and JSON-LD), and on big news pages they are most of the HTML: the
 * head's <style> elements alone are 61–74% of msn and guardian-1 (up to 600 K
 * characters), every one of which the page paid for twice, serialising it and copying it
 * into the message (sendMessage is most of the read's task: 4–9 ms for the biggest pages,
 * once 68 ms with a garbage collection). Each head child is serialised on its own, a few
 * hundred elements at most.
 *
 * The body's styles and scripts stay: Readability's article test (isProbablyReaderable) counts
 * the text of <p> and <article> elements, script and style text included, so dropping them
 * changes which pages count as articles (qq, whose body styles sit inside its article, would
 * no longer be one). Nothing in the <head> is inside such an element, so leaving its styles
 * and scripts out changes no verdict (test/unit/content-reader.test.ts checks the 30 fixture
 * pages). A parser that moved the head's styles into the body (breitbart's) gains nothing.
 */
export function serialisePage(doc: Document): string {
  const root = doc.documentElement;
  if (!root) return '';
  const head = doc.head;
  const rootTag = openingTag(root);
  const headTag = head && head.parentElement === root ? openingTag(head) : null;
  if (rootTag === null || headTag === null) return root.outerHTML;
  let html = rootTag;
  for (const child of Array.from(root.children)) {
    if (child !== head) {
      html += child.outerHTML;
      continue;
    }
    html += headTag;
    for (const el of Array.from(head.children)) {
      const name = el.localName;
      if (name === 'style' || (name === 'script' && el.getAttribute('type')?.trim().toLowerCase() !== 'application/ld+json')) continue;
      html += el.outerHTML;
    }
    html += '</head>';
  }
  return `${html}</html>`;
}

/**
 * Whether the DOM is within the limits the background parses (MAX_PAGE_ELEMENTS,
 * MAX_PAGE_DEPTH), with its element count; the reason when it is not.
 *
 * Asked of the browser's selector engine first: `querySelectorAll('*').length` counts the
 * elements, and `:root > * > … > *` (k child steps) matches an element exactly k levels deep,
 * so one query with k = the depth limit + 1 says whether any element is too deep. Walking the
 * tree in script is what costs in a content script: its isolated world makes a wrapper object
 * for every element it touches (the first walk of a fresh world, 30 fixture pages in headless
 * Chromium: 1.2–10.8 ms on six of the larger ones), while the count and the one query touch no
 * element from script. The exact depth is not asked for: a query that matches nothing visits
 * every element and its ancestors, and finding the depth by halving took four or five such
 * queries (`bench/browser/profile-tasks.ts`, headless Chromium 150, the pages bbc-1,
 * breitbart and bug-1255978: 2.9–13.8 ms of querySelector with the halving, 0.9–1.4 ms with
 * the one query). The background measures the HTML it is sent again itself, so nothing needs
 * the depth of a page within the limits. The walk runs instead when the tree is past a limit
 * (so a page too big reads the same reason) or holds a `<template>`, whose contents the
 * selectors do not reach.
 */
export function checkPageSize(doc: Document, limits = PAGE_LIMITS): { elements: number; tooBig: PageTooBig | null } {
  const root = doc.documentElement;
  if (!root) return { elements: 0, tooBig: null };
  const elements = doc.querySelectorAll('*').length;
  if (elements === 0 || elements > limits.elements || doc.querySelector('template') !== null || doc.querySelector(`:root${' > *'.repeat(limits.depth + 1)}`) !== null) {
    const walked = walkPage(doc, limits);
    return { elements: walked.elements, tooBig: treeOverLimits(walked, limits) };
  }
  return { elements, tooBig: null };
}

/**
 * The DOM's element count and the ancestors of its deepest element (`<html>` has none), by
 * one walk that stops as soon as either figure passes its limit (then the figures are just
 * past it). It goes into `<template>` contents too: they are not in the document tree, but
 * outerHTML serialises them, and Chromium's tab crashes serialising a tree 100,000 deep. The walk keeps one entry per level (the next sibling to visit), so it is
 * bounded by the depth limit.
 */
export function walkPage(doc: Document, limits = PAGE_LIMITS): { elements: number; depth: number } {
  const root = doc.documentElement;
  if (!root) return { elements: 0, depth: 0 };
  let elements = 0;
  let deepest = 0;
  const levels: { next: Element | null; depth: number }[] = [{ next: root, depth: 0 }];
  while (levels.length > 0) {
    const level = levels[levels.length - 1]!;
    const node = level.next;
    if (!node) {
      levels.pop();
      continue;
    }
    level.next = node === root ? null : node.nextElementSibling;
    if (++elements > limits.elements) break;
    if (level.depth > deepest) {
      deepest = level.depth;
      if (deepest > limits.depth) break;
    }
    const inTemplate = node.localName === 'template' ? (node as HTMLTemplateElement).content?.firstElementChild : null;
    if (node.firstElementChild) levels.push({ next: node.firstElementChild, depth: level.depth + 1 });
    if (inTemplate) levels.push({ next: inTemplate, depth: level.depth + 1 });
  }
  return { elements, depth: deepest };
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
    if (!isHttp(url)) return;
    const size = checkPageSize(this.host.document);
    const html = size.tooBig ? '' : serialisePage(this.host.document);
    const reason = size.tooBig ?? (html.length > MAX_PAGE_HTML_CHARS ? 'too-long' : null);
    const message: ContentMessage = reason
      ? { type: 'content:not-article', url, reason }
      : { type: 'content:page', url, html, check: force || check, capture, force, elements: size.elements };
    if (message.type === 'content:not-article' && !force && !check) return; // capture only: nothing to say
    this.host.send(message).catch(() => {
      // The extension was reloaded or the worker is starting; the next request reads again.
    });
  }
}
