/**
 * `browser.i18n.getMessage` with a catalogue to fall back on: the one lookup behind `t()` in
 * t.ts (the whole catalogue, for the background and the extension's pages) and in content-t.ts
 * (only the content script's own slice, so content.js does not carry every page's sentences).
 *
 * Outside an extension (unit tests in Node, where WXT's fake browser has no i18n) the
 * catalogue itself answers, with the same `$1`…`$9` substitutions. In the content script's
 * build `wxt/browser` is the browser's own API (src/content/browser.ts, aliased in
 * wxt.config.ts), elsewhere webextension-polyfill.
 */

import { browser } from 'wxt/browser';

export function translate<K extends string>(catalogue: Readonly<Record<K, string>>, key: K, values: readonly (string | number)[]): string {
  const substitutions = values.map(String);
  try {
    // WXT types getMessage from files in public/_locales; ours is generated from MESSAGES.
    const getMessage = browser.i18n.getMessage as (name: string, substitutions?: string[]) => string;
    const translated = getMessage(key, substitutions);
    if (translated) return translated;
  } catch {
    // No extension i18n here (Node tests): fall through to the catalogue.
  }
  return catalogue[key].replace(/\$(\d)/g, (_, n: string) => substitutions[Number(n) - 1] ?? '');
}
