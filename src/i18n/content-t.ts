/**
 * `t()` for the content script: the same lookup as everywhere else (translate.ts), over the
 * content script's own slice of the catalogue (text/content.ts) only. It is called only when
 * the reader asks for highlights; the notice's sentences come from the background.
 */

import { translate } from './translate';
import { CONTENT_TEXT, type ContentMessageKey } from './text/content';

export type { ContentMessageKey };

export function t(key: ContentMessageKey, ...values: (string | number)[]): string {
  return translate(CONTENT_TEXT, key, values);
}
