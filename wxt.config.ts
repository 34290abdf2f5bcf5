import { fileURLToPath } from 'node:url';
import { defineConfig } from 'wxt';
import { toMessagesJson } from './src/i18n/messages-json';
import { MESSAGES } from './src/i18n/catalogue';

// The manifest's permissions, and why each is asked for (the README says the same to readers):
// - The content script's match patterns (`http://*/*`, `https://*/*`) are the host access
//   taken at install: it reads the page a reader opens. IndexedDB, the badge and the popup need none.
// - `alarms`: Follow AP and pack subscriptions run on a schedule (a follow's next sitemap read,
//   every minute while stories are queued so a stopped service worker picks the backfill up
//   again, each subscription every 6 hours). Nothing is scheduled until the reader turns one on.
// - `optional_host_permissions`, none of them granted at install: `https://apnews.com/*` is
//   requested when the reader turns Follow AP on (its sitemaps and story pages are read without
//   cookies or referrer); `https://*/*` and `http://*/*` stand for the one host a reader names
//   (another sitemap index, a subscribed pack's URL), requested for that host alone
//   (`permissions.request({ origins: ['https://<host>/*'] })`) when it is added.
// - Firefox's default extension-page policy adds `upgrade-insecure-requests`, which would send
//   a plain-http sitemap or pack URL the reader chose over https instead; its policy here is
//   the same `script-src 'self'` without it (Chromium's default has no upgrade).
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  srcDir: '.',
  outDir: '.output',
  manifestVersion: 3,
  zip: {
    // Reviewers need what builds the extension, not the test fixtures (12 MB of news pages).
    // Nor the screenshots and store images (docs/screenshots, store/).
    excludeSources: ['.output/**', 'test/**', 'bench/**', 'coverage/**', 'docs/screenshots/**', 'store/**'],
  },
  hooks: {
    // The content script, which every page evaluates, gets the browsers' own promise APIs
    // (src/content/browser.ts) instead of webextension-polyfill, a third of content.js; every
    // other entrypoint keeps the polyfill (@wxt-dev/webextension-polyfill aliases wxt/browser).
    'vite:build:extendConfig': (entrypoints, config) => {
      if (!entrypoints.every((e) => e.type === 'content-script')) return;
      const replacement = fileURLToPath(new URL('./src/content/browser.ts', import.meta.url));
      const current = config.resolve?.alias;
      config.resolve = {
        ...config.resolve,
        alias: Array.isArray(current)
          ? [{ find: 'wxt/browser', replacement }, ...current.filter((a: { find: unknown }) => a.find !== 'wxt/browser')]
          : { ...current, 'wxt/browser': replacement },
      };
    },
    // The English catalogue (src/i18n/catalogue.ts) becomes the browser.i18n messages file.
    'build:publicAssets': (_wxt, files) => {
      files.push({ relativeDest: '_locales/en/messages.json', contents: toMessagesJson(MESSAGES) });
    },
  },
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // `icons` come from public/icon/<size>.png (WXT finds them; `npm run icons` draws them).
    action: { default_title: 'Wirecheck', default_icon: { 16: 'icon/16.png', 32: 'icon/32.png' } },
    permissions: ['alarms'],
    optional_host_permissions: ['https://apnews.com/*', 'https://*/*', 'http://*/*'],
    ...(browser === 'firefox'
      ? {
          content_security_policy: { extension_pages: "script-src 'self'" },
          browser_specific_settings: {
            gecko: {
              id: 'wirecheck@wirecheck.invalid',
              strict_min_version: '142.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
});
