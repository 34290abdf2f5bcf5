/**
 * Every sentence the reader sees goes through `t(key, ...values)`.
 *
 * The English text lives in one catalogue (messages.ts); the build turns it into
 * `_locales/en/messages.json` (wxt.config.ts), so translating Wirecheck is adding a
 * `_locales/<lang>/messages.json` with the same keys, and the browser picks the reader's
 * language through `browser.i18n.getMessage` (translate.ts). Outside an extension (unit tests
 * in Node) the catalogue itself answers. The content script has its own `t` over its own
 * part of the catalogue (src/content/i18n.ts), so it does not carry the rest.
 */

import { MESSAGES, type MessageKey } from './messages';
import { translate } from './translate';

export type { MessageKey };

export function t(key: MessageKey, ...values: (string | number)[]): string {
  return translate(MESSAGES, key, values);
}
