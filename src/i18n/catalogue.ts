/**
 * The English text of Wirecheck, in one catalogue: one slice per context that shows it
 * (text/*.ts: shared, background, content, popup, options, compare, welcome), merged here.
 * Keys are `area_what` (letters, digits and underscores, as browser.i18n requires); `$1`…`$9`
 * are the values `t()` substitutes. The build writes this catalogue to
 * `_locales/en/messages.json` (wxt.config.ts, messages-json.ts), so a translation is one more
 * `_locales/<lang>/messages.json` with the same keys.
 *
 * The slices are data only (they import nothing), so a context can take its own slice without
 * the rest: the content script reads text/content.ts alone (content-t.ts).
 */

import { BACKGROUND_TEXT } from './text/background';
import { COMPARE_TEXT } from './text/compare';
import { CONTENT_TEXT } from './text/content';
import { OPTIONS_TEXT } from './text/options';
import { POPUP_TEXT } from './text/popup';
import { SHARED_TEXT } from './text/shared';
import { WELCOME_TEXT } from './text/welcome';

export const MESSAGES = {
  ...SHARED_TEXT,
  ...BACKGROUND_TEXT,
  ...POPUP_TEXT,
  ...CONTENT_TEXT,
  ...COMPARE_TEXT,
  ...OPTIONS_TEXT,
  ...WELCOME_TEXT,
} as const;

export type MessageKey = keyof typeof MESSAGES;
