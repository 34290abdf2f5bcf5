/**
 * The content script's `browser` (wxt.config.ts points `wxt/browser` here for the content
 * script's build only): the browser's own extension API, as WXT's plain `wxt/browser` gives
 * it — Firefox's `browser`, Chromium's `chrome`, both promise-based in MV3 — instead of
 * webextension-polyfill, which every other entrypoint uses. The polyfill would be a third of
 * content.js, which every page evaluates. The content script only calls what behaves the same
 * natively: runtime.sendMessage, runtime.onMessage (answering with sendResponse, synchronously,
 * never by returning a promise), i18n.getMessage and runtime.id.
 */
import type { WxtBrowser as Browser } from 'wxt/browser';

const g = globalThis as unknown as { browser?: Browser; chrome: Browser };

export const browser: Browser = g.browser?.runtime?.id ? g.browser : g.chrome;
