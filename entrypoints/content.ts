import { PageReader } from '@/src/content/page-reader';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  main(ctx) {
    const reader = new PageReader({
      document,
      currentUrl: () => location.href,
      whenIdle: (task) => ctx.requestIdleCallback(task, { timeout: 2_000 }),
      after: (ms, task) => ctx.setTimeout(task, ms),
      send: (message) => browser.runtime.sendMessage(message),
    });
    reader.schedule();
    ctx.addEventListener(window, 'wxt:locationchange', () => reader.onNavigation());
    browser.runtime.onMessage.addListener((message: unknown) => {
      if ((message as { type?: unknown } | null)?.type === 'background:request-article') reader.schedule(true);
    });
  },
});
