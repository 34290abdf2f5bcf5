/**
 * Every sentence the reader sees goes through `t(key, ...values)`: the background (badge,
 * notice) and the extension's pages read the whole catalogue (catalogue.ts) through it, and the
 * browser picks the reader's language through `browser.i18n.getMessage` (translate.ts).
 * The content script never imports this file: it has its own `t` over its own slice
 * (content-t.ts), so content.js does not carry the rest of the catalogue.
 */

import { MESSAGES, type MessageKey } from './catalogue';
import { translate } from './translate';

export type { MessageKey };

export function t(key: MessageKey, ...values: (string | number)[]): string {
  return translate(MESSAGES, key, values);
}
