/**
 * The content script's own part of the catalogue: the highlight marks' titles (`mark_*`), the
 * only sentences it looks up itself (through ../content-t.ts). content.js carries this slice
 * and nothing else of the catalogue: the whole catalogue would put ~21 KB of the other pages'
 * text into a script every page evaluates. The notice's sentences (`notice_*`, background.ts)
 * come from the background with the notice.
 */

export const CONTENT_TEXT = {
  mark_quote: 'Wirecheck: a quotation that is also in the AP source. Quoting the same people is not copying, so quotes do not count towards the verdict.',
  mark_verbatim: 'Wirecheck: this passage repeats the AP source word for word (paraphrase score $1/100).',
  mark_edited: 'Wirecheck: this passage is the AP source lightly edited (paraphrase score $1/100).',
  mark_rewritten: 'Wirecheck: this passage rewords the AP source (paraphrase score $1/100).',
} as const;

export type ContentMessageKey = keyof typeof CONTENT_TEXT;
