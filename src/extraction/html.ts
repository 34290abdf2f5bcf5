/**
 * HTML text → a DOM Document, with linkedom, for code that has no browser DOM of its own or
 * must not use the page's: the extension's background (which extracts articles from the page's
 * serialised HTML, off the page's main thread), the CLI, tests and benchmarks.
 *
 * `linkedom/worker` is linkedom's own pre-bundled build for workers: pure JavaScript, no
 * `require` (the package's ES build loads `canvas` through a CommonJS `require`, which a
 * service worker does not have), and it touches no `window` or `document`, so it runs the same
 * in Node, Chromium's MV3 service worker and Firefox's event page. One parser for all of them
 * means test/unit/extraction.test.ts (Readability's expected output on 30 pages) covers the
 * background's extraction too.
 *
 * The HTML is untrusted text: parsing builds an inert tree (no scripts run, nothing is fetched
 * or rendered), and extract.ts bounds what Readability is then asked to do.
 */

import { parseHTML } from 'linkedom/worker';

/**
 * Parses HTML into a linkedom Document. `url`, when given, becomes `document.URL` and
 * `documentURI` (linkedom leaves both undefined), so code written for browsers can read them.
 */
export function parseHtmlDocument(html: string, url?: string): Document {
  const { document } = parseHTML(html);
  if (url !== undefined) {
    for (const key of ['URL', 'documentURI'] as const) {
      Object.defineProperty(document, key, { value: url, configurable: true });
    }
  }
  return document as unknown as Document;
}
