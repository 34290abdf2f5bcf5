/**
 * The in-page notice's lifecycle, and its host in the page: a `<wirecheck-notice>` element at
 * the end of `<html>` holding a closed shadow root made by WXT's createShadowRootUi.
 *
 * Why this way:
 * - Closed, not open: with an open root any page script could read the verdict (and learn
 *   that the reader runs Wirecheck and what their corpus holds) or rewrite the notice.
 *   A closed root gives the page the host element and nothing inside it. The e2e test still
 *   reads and clicks the notice through the browsers' automation protocols, which see closed
 *   roots (test/e2e/in-page.e2e.ts), so nothing is opened for tests.
 * - The stylesheet is passed to WXT as a string, not with `cssInjectionMode: 'ui'`: that mode
 *   fetches the CSS from the extension and so lists it in web_accessible_resources, which
 *   would let any page detect Wirecheck by loading that URL.
 * - The host goes at the end of `<html>`, not `<body>`: it works on pages without a body,
 *   survives SPA frameworks that replace `<body>` (Turbo does), and is not caught by a
 *   transformed body that would make `position: fixed` relative to it.
 * - If the page already defined a custom element called `wirecheck-notice` (its constructor
 *   runs when we create ours, and may take the shadow root first), a suffixed name is used.
 * - Dismissal lasts for the page view: a notice for the same view (a re-check after the
 *   popup opened, say) does not reopen it; an SPA navigation is a new view.
 */

import { render } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import type { ContentMessage } from '../messaging/protocol';
import { Notice, type NoticeData } from './Notice';
import css from './notice.css?inline';

export const NOTICE_ELEMENT = 'wirecheck-notice';

export interface NoticeActions {
  onDismiss(): void;
  onMute(): void;
}

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

/** The real view: created on the first notice, then mounted and removed as needed. */
export function shadowRootNoticeView(ctx: ContentScriptContext, log: (message: string) => void = () => undefined): NoticeView {
  let ui: Promise<ShadowRootContentScriptUi<HTMLElement> | null> | undefined;
  let host: HTMLElement | undefined;
  // What should be on screen; applied when the UI exists (creating it is asynchronous).
  let wanted: { notice: NoticeData; actions: NoticeActions } | null = null;
  let mounted = false;

  const create = async (): Promise<ShadowRootContentScriptUi<HTMLElement> | null> => {
    for (const name of [NOTICE_ELEMENT, `${NOTICE_ELEMENT}-${Math.random().toString(36).slice(2, 10)}`]) {
      try {
        const created = await createShadowRootUi<HTMLElement>(ctx, {
          name,
          mode: 'closed',
          css,
          position: 'inline',
          anchor: () => document.documentElement,
          append: 'last',
          // Keys typed in the notice must not reach the page's keyboard shortcuts.
          isolateEvents: true,
          onMount: (container) => container,
          onRemove: (container) => {
            if (container) render(null, container);
          },
        });
        host = created.shadowHost;
        return created;
      } catch (e) {
        log(`in-page notice: could not create <${name}>: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    return null;
  };

  const apply = async () => {
    ui ??= create();
    const current = await ui;
    if (!current) return;
    try {
      if (wanted) {
        if (!mounted || !current.shadowHost.isConnected) current.mount();
        mounted = true;
        const { notice, actions } = wanted;
        render(<Notice notice={notice} onDismiss={actions.onDismiss} onMute={actions.onMute} />, current.uiContainer);
      } else if (mounted) {
        current.remove();
        mounted = false;
      }
    } catch (e) {
      log(`in-page notice: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  return {
    show(notice, actions) {
      wanted = { notice, actions };
      void apply();
    },
    hide() {
      wanted = null;
      if (ui) void apply();
    },
    isHost: (el) => el === host,
  };
}
