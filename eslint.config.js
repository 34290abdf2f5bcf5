/**
 * ESLint: typescript-eslint's recommended rules everywhere, and the layer rules of
 * docs/ARCHITECTURE.md ("Folders", the "may use" column) as eslint-plugin-boundaries policies.
 *
 * LAYERS below is that table: each folder of src/, the folders it may import, and why. Every
 * import, `export … from` and `import()` in a layer is checked against it, type-only imports
 * too (they tie one layer to another as a value does); where the table says "types", only
 * `import type` is allowed. Each layer's message says what it may use and why, so the error
 * teaches the rule where it is broken. src/core also may not import Node's built-in modules or
 * any package but the pure-JavaScript ones in CORE_PACKAGES, nor read the platform's globals
 * (`browser`, `window`, `document`, …). A file in a folder of src/ that is not a layer is an
 * error too, so a new folder gets its row before its code. WXT's entrypoints, the tests, the
 * benchmarks and the scripts may import anything.
 *
 * Imports are resolved as TypeScript resolves them (eslint-import-resolver-typescript reads
 * tsconfig.json, so WXT's `@/` alias is followed). No type-aware rules: they would type-check
 * the whole program a second time, which `npm run typecheck` already does.
 */
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import boundaries from 'eslint-plugin-boundaries';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const ARCHITECTURE = 'docs/ARCHITECTURE.md, "Folders"';

/**
 * Packages src/core may import: pure JavaScript that runs unchanged in browsers, workers and Node
 * (Readability reads only the Document it is given, never the global one; saxes parses XML text
 * and robots-parser robots.txt text, touching nothing else).
 */
const CORE_PACKAGES = ['fflate', '@mozilla/readability', 'saxes', 'robots-parser'];

/**
 * The layers of src/: `mayUse` lists the layers whose code it may import, `mayUseTypesOf` those
 * it may take types from (`import type`) and nothing else; `why` is the message's lesson.
 */
const LAYERS = [
  {
    type: 'core',
    folder: 'src/core',
    mayUse: [],
    why:
      'src/core is shared by the extension, the CLI and the tests, so it may import only src/core and ' +
      `pure-JavaScript packages (${CORE_PACKAGES.join(', ')}), never a browser, DOM, IndexedDB or Node API ` +
      'nor another folder of src/. Pass what you need in as a parameter, or move the code to the layer ' +
      'that owns that API.',
  },
  {
    type: 'extraction',
    folder: 'src/extraction',
    mayUse: ['core'],
    why:
      'src/extraction (Readability on a parsed page) runs in the background, the CLI and the tests, so it ' +
      'may use only src/core; whatever else it needs comes in as a parameter.',
  },
  {
    type: 'storage',
    folder: 'src/storage',
    mayUse: ['core'],
    why:
      'src/storage (IndexedDB) serves the background and the options page, so it may use only src/core: ' +
      'it stores what it is given and never extracts, checks or sends messages itself.',
  },
  {
    type: 'messaging',
    folder: 'src/messaging',
    mayUse: [],
    mayUseTypesOf: ['core'],
    why:
      'src/messaging is the protocol every context speaks, so it may take only types from src/core ' +
      '(`import type`): any code it imported would ship in the content script, the UI and the background alike.',
  },
  {
    type: 'i18n',
    folder: 'src/i18n',
    mayUse: [],
    mayUseTypesOf: ['core'],
    why:
      'src/i18n is the text catalogue that the background, the content script and the UI all read, so it ' +
      'may take only types from src/core (`import type`); the code that shows a text stays in its own layer.',
  },
  {
    type: 'background',
    folder: 'src/background',
    mayUse: ['core', 'extraction', 'storage', 'messaging', 'i18n'],
    why:
      'src/background may use src/core, src/extraction, src/storage, src/messaging and src/i18n. It reaches ' +
      'the content script and the UI by messages (src/messaging), never by importing them; text they ' +
      'share lives in src/i18n.',
  },
  {
    type: 'content',
    folder: 'src/content',
    mayUse: ['core', 'messaging', 'i18n'],
    why:
      'src/content runs on every page the reader opens, so it may use only src/core, src/messaging, ' +
      'src/i18n and its own files (the extension API through src/content/browser.ts): no UI, storage or ' +
      'extraction code in content.js. Ask the background by message; shared text lives in src/i18n.',
  },
  {
    type: 'ui',
    folder: 'src/ui',
    mayUse: ['core', 'messaging', 'storage', 'i18n'],
    why:
      'src/ui (popup, options, compare, welcome) may use src/core, src/messaging, src/storage and src/i18n; ' +
      'it asks the background for everything else through src/ui/api.ts, and text it shares with the ' +
      'other contexts lives in src/i18n.',
  },
  {
    type: 'cli',
    folder: 'src/cli',
    mayUse: ['core', 'extraction'],
    why:
      'src/cli is the `wirecheck` command in Node, so it may use only src/core and src/extraction; the ' +
      "extension's other layers need a browser.",
  },
];

/** Folders that may import anything: WXT's thin entrypoints, and the project's own tooling. */
const UNRESTRICTED = [
  { type: 'entrypoints', folder: 'entrypoints' },
  { type: 'test', folder: 'test' },
  { type: 'bench', folder: 'bench' },
  { type: 'scripts', folder: 'scripts' },
];

const lesson = (layer) => `${layer.folder} may not import "{{ dependency.source }}" (${ARCHITECTURE}). ${layer.why}`;

const layerPolicies = LAYERS.flatMap((layer) => {
  const from = { element: { type: layer.type } };
  const typesOf = layer.mayUseTypesOf ?? [];
  return [
    // A local file outside the layer's list (or in no layer at all).
    {
      from,
      disallow: {
        to: { module: { origin: 'local' }, element: { types: { noneOf: [layer.type, ...layer.mayUse, ...typesOf] } } },
      },
      message: lesson(layer),
    },
    // Code, not only types, from a layer it may take types from.
    ...(typesOf.length
      ? [{ from, disallow: { to: { element: { types: { anyOf: typesOf } } }, dependency: { kind: 'value' } }, message: lesson(layer) }]
      : []),
  ];
});

// src/core: no Node built-in and no package, then (the last matching policy wins) CORE_PACKAGES.
const corePackagesPolicies = [
  { from: { element: { type: 'core' } }, disallow: { to: { module: { origin: ['core', 'external'] } } }, message: lesson(LAYERS[0]) },
  { from: { element: { type: 'core' } }, allow: { to: { module: { origin: 'external', source: CORE_PACKAGES } } } },
];

/** Globals src/core may not read. */
const CORE_FORBIDDEN_GLOBALS = [
  'browser', 'chrome', 'window', 'document', 'indexedDB', 'self', 'navigator', 'location',
  'localStorage', 'sessionStorage', 'process', 'Buffer', 'require', '__dirname', '__filename', 'global',
].map((name) => ({
  name,
  message:
    `src/core is shared by the extension, the CLI and the tests, so it may not read \`${name}\` or any other ` +
    `browser or Node global (${ARCHITECTURE}); pass what you need in as a parameter.`,
}));

export default defineConfig(
  { ignores: ['.output/**', '.wxt/**', 'node_modules/**', 'bench/results/**', 'test-results/**', 'coverage/**'] },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    name: 'wirecheck/unused',
    rules: {
      // `const { text: _, ...rest } = article` is how the code drops a field from a copy.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  {
    name: 'wirecheck/node-scripts',
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: globals.node },
  },
  {
    name: 'wirecheck/layers',
    files: ['src/**', 'entrypoints/**', 'test/**', 'bench/**', 'scripts/**'],
    plugins: { boundaries },
    settings: {
      'boundaries/root-path': import.meta.dirname,
      'boundaries/elements': [...LAYERS, ...UNRESTRICTED].map(({ type, folder }) => ({
        type,
        pattern: `${folder}/**`,
        partialMatch: false,
      })),
      'boundaries/dependency-nodes': ['import', 'export', 'dynamic-import'],
      'import/resolver': { typescript: { project: `${import.meta.dirname}/tsconfig.json` } },
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        { default: 'allow', checkAllOrigins: true, checkUnknownLocals: true, policies: [...layerPolicies, ...corePackagesPolicies] },
      ],
    },
  },
  {
    name: 'wirecheck/src-folders-are-layers',
    files: ['src/**'],
    ignores: LAYERS.map((layer) => `${layer.folder}/**`),
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'Program',
          message:
            `Every folder of src/ is a layer with a row in ${ARCHITECTURE} and in LAYERS in eslint.config.js, ` +
            'which say what it may import. Move this file into the layer it belongs to, or add the folder to both.',
        },
      ],
    },
  },
  {
    name: 'wirecheck/core-globals',
    files: ['src/core/**'],
    rules: { 'no-restricted-globals': ['error', ...CORE_FORBIDDEN_GLOBALS] },
  },
);
