/**
 * The in-page notice's lifecycle, and its host in the page: a `<wirecheck-notice>` element at
 * the end of `<html>` holding a closed shadow root with the notice (notice.ts) and its
 * stylesheet.
 *
 * Why this way:
 * - Closed, not open: with an open root any page script could read the verdict (and learn
 *   that the reader runs Wirecheck and what their corpus holds) or rewrite the notice.
 *   A closed root gives the page the host element and nothing inside it. The e2e test still
 *   reads and clicks the notice through the browsers' automation protocols, which see closed
 *   roots (test/e2e/in-page.e2e.ts), so nothing is opened for tests.
 * - The stylesheet is a string inside content.js, put in a <style> in the root: a CSS file of
 *   the extension's would have to be listed in web_accessible_resources, which would let any
 *   page detect Wirecheck by loading that URL.
 * - Made with plain DOM calls, not WXT's createShadowRootUi with Preact: those put ~20 KB
 *   into content.js (Preact, WXT's UI helpers and their dependencies), which every page evaluates whether or not a notice is
 *   ever shown; the root here is the same (closed, WXT's `:host{all:initial}` reset first,
 *   key events stopped at the root).
 * - The host goes at the end of `<html>`, not `<body>`: it works on pages without a body,
 *   survives SPA frameworks that replace `<body>` (Turbo does), and is not caught by a
 *   transformed body that would make `position: fixed` relative to it.
 * - If the page already defined a custom element called `wirecheck-notice` (its constructor
 *   runs when we create ours, and may take the shadow root first), a suffixed name is used.
 * - Dismissal lasts for the page view: a notice for the same view (a re-check after the
 *   popup opened, say) does not reopen it; an SPA navigation is a new view.
 */

import type { ContentMessage } from '../messaging/protocol';
import { buildNotice, type NoticeActions, type NoticeData } from './notice';
import css from './notice.css?inline';

export type { NoticeActions };

export const NOTICE_ELEMENT = 'wirecheck-notice';

/** Before our own rules: the page's inherited styles stop at the host (WXT's reset, kept). */
const HOST_RESET = ':host{all:initial !important;}';

/** Where the notice is drawn; the real one is a shadow root, tests use a fake. */
export interface NoticeView {
  show(notice: NoticeData, actions: NoticeActions): void;
  hide(): void;
  /** The host element, so highlights never search or mark the notice's text. */
  isHost(el: Element): boolean;
}

export interface NoticeHost {
  currentUrl(): string;
  send(message: ContentMessage): Promise<unknown>;
}

export class NoticeController {
  private dismissed = false;

  constructor(
    private readonly view: NoticeView,
    private readonly host: NoticeHost,
  ) {}

  /** `background:notice`: show it (unless dismissed in this page view), or hide it for null. */
  onNotice(notice: NoticeData | null): void {
    if (!notice) {
      this.view.hide();
      return;
    }
    if (this.dismissed) return;
    this.view.show(notice, { onDismiss: () => this.dismiss(), onMute: () => this.mute() });
  }

  /** A new page view: the old article's notice goes, and a dismissal no longer holds. */
  onNavigation(): void {
    this.dismissed = false;
    this.view.hide();
  }

  dismiss(): void {
    this.dismissed = true;
    this.view.hide();
  }

  mute(): void {
    // The background checks that the URL is this tab's own site before muting anything.
    this.host.send({ type: 'content:mute-notice', url: this.host.currentUrl() }).catch(() => undefined);
    this.dismiss();
  }
}

/** The real view: the host and its root are made on the first notice, then attached and removed. */
export function shadowRootNoticeView(
  doc: Document,
  onInvalidated: (cleanup: () => void) => void,
  log: (message: string) => void = () => undefined,
): NoticeView {
  let root: { host: HTMLElement; shadow: ShadowRoot } | null | undefined;
  let shown: HTMLElement | undefined;

  const create = (): { host: HTMLElement; shadow: ShadowRoot } | null => {
    for (const name of [NOTICE_ELEMENT, `${NOTICE_ELEMENT}-${Math.random().toString(36).slice(2, 10)}`]) {
      try {
        const host = doc.createElement(name);
        const shadow = host.attachShadow({ mode: 'closed' });
        const style = doc.createElement('style');
        style.textContent = HOST_RESET + css;
        shadow.append(style);
        // Keys typed in the notice must not reach the page's keyboard shortcuts.
        for (const type of ['keydown', 'keyup', 'keypress']) shadow.addEventListener(type, (e) => e.stopPropagation());
        return { host, shadow };
      } catch (e) {
        log(`in-page notice: could not create <${name}>: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    return null;
  };

  const remove = () => {
    root?.host.remove();
    shown?.remove();
    shown = undefined;
  };
  onInvalidated(remove);

  return {
    show(notice, actions) {
      try {
        root ??= create();
        if (!root) return;
        const next = buildNotice(doc, notice, actions);
        if (shown) shown.replaceWith(next);
        else root.shadow.append(next);
        shown = next;
        // Last in <html>; appended again if the page removed it.
        if (!root.host.isConnected) (doc.documentElement ?? doc).append(root.host);
      } catch (e) {
        log(`in-page notice: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
    hide() {
      if (root?.host.isConnected) remove();
    },
    isHost: (el) => el === root?.host,
  };
}
