/**
 * Every sentence the reader sees goes through `t(key, ...values)`.
 *
 * The English text lives in one catalogue (messages.ts); the build turns it into
 * `_locales/en/messages.json` (wxt.config.ts), so translating Wirecheck is adding a
 * `_locales/<lang>/messages.json` with the same keys, and the browser picks the reader's
 * language through `browser.i18n.getMessage`. Outside an extension (unit tests in Node, where
 * WXT's fake browser has no i18n) the catalogue itself answers, with the same substitutions.
 */

import { browser } from 'wxt/browser';
import { MESSAGES, type MessageKey } from './messages';

export type { MessageKey };

export function t(key: MessageKey, ...values: (string | number)[]): string {
  const substitutions = values.map(String);
  try {
    // WXT types getMessage from files in public/_locales; ours is generated from MESSAGES.
    const getMessage = browser.i18n.getMessage as (name: string, substitutions?: string[]) => string;
    const translated = getMessage(key, substitutions);
    if (translated) return translated;
  } catch {
    // No extension i18n here (Node tests): fall through to the catalogue.
  }
  return MESSAGES[key].replace(/\$(\d)/g, (_, n: string) => substitutions[Number(n) - 1] ?? '');
}
