// The content script's wiring to the browser; what it does lives in src/content/content-script.ts.
// Top frame only (allFrames stays false): an article inside an ad iframe is not the page's
// article, and the background ignores subframes anyway.
import { ContentScript } from '@/src/content/content-script';
import { shadowRootNoticeView } from '@/src/content/notice-ui';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  // WXT's context would also window.postMessage its start to the page, naming the extension's
  // id to every script there (and running their message listeners); its document event, which
  // stops an older copy of this script after an update, is enough.
  noScriptStartedPostMessage: true,
  main(ctx) {
    const script = new ContentScript({
      document,
      currentUrl: () => location.href,
      whenIdle: (task) => ctx.requestIdleCallback(task, { timeout: 2_000 }),
      after: (ms, task) => ctx.setTimeout(task, ms),
      send: (message) => browser.runtime.sendMessage(message),
      notice: shadowRootNoticeView(document, (cleanup) => ctx.onInvalidated(cleanup), (m) => console.warn(`wirecheck: ${m}`)),
    });
    // A highlight answers with what it marked, synchronously through sendResponse (this
    // `browser` is the native API, src/content/browser.ts: no promise returns); other messages
    // need no answer.
    const onMessage = (message: unknown, _sender: unknown, sendResponse: (answer: unknown) => void) => {
      const handled = script.onMessage(message);
      if (handled) sendResponse(handled);
    };
    browser.runtime.onMessage.addListener(onMessage);
    ctx.onInvalidated(() => {
      browser.runtime.onMessage.removeListener(onMessage);
      script.clearHighlights();
    });
    ctx.addEventListener(window, 'wxt:locationchange', () => script.onNavigation());
    script.start();
  },
});
