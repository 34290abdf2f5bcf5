/**
 * `t()` for the content script: the same lookup as the pages' (src/ui/translate.ts), over the
 * content script's own part of the catalogue (text.ts) only.
 */

import { translate } from '../ui/translate';
import { CONTENT_TEXT, type ContentMessageKey } from './text';

export function t(key: ContentMessageKey, ...values: (string | number)[]): string {
  return translate(CONTENT_TEXT, key, values);
}
