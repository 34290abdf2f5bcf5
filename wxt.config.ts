import { fileURLToPath } from 'node:url';
import { defineConfig } from 'wxt';
import { toMessagesJson } from './src/i18n/messages-json';
import { MESSAGES } from './src/i18n/catalogue';

// The manifest asks for no API permissions: IndexedDB needs none, the badge and popup need
// none, and the content script's match patterns are the only host access we take.
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  srcDir: '.',
  outDir: '.output',
  manifestVersion: 3,
  zip: {
    // Reviewers need what builds the extension, not the test fixtures (12 MB of news pages).
    excludeSources: ['.output/**', 'test/**', 'bench/**', 'coverage/**'],
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
    action: { default_title: 'Wirecheck' },
    ...(browser === 'firefox'
      ? {
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
