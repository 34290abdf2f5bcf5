import { defineConfig } from 'wxt';

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
  manifest: ({ browser }) => ({
    name: 'Wirecheck',
    description: "Flags rewritten Associated Press copy on news pages. Everything stays on your machine.",
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
