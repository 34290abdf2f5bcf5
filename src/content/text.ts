/**
 * The sentences the content script looks up itself (the highlight marks' titles, `mark_*`),
 * kept beside it and merged into the catalogue in ../ui/messages.ts. The content script reads
 * only this part (through `t` in i18n.ts): importing the whole catalogue put ~21 KB of the
 * options, compare and welcome pages' text into content.js, which every page evaluates. The
 * notice's sentences (`notice_*`, in messages.ts) come from the background with the notice.
 * Data only: messages.ts imports this file.
 */

export const CONTENT_TEXT = {
  mark_quote: 'Wirecheck: a quotation that is also in the AP source. Quoting the same people is not copying, so quotes do not count towards the verdict.',
  mark_verbatim: 'Wirecheck: this passage repeats the AP source word for word (paraphrase score $1/100).',
  mark_edited: 'Wirecheck: this passage is the AP source lightly edited (paraphrase score $1/100).',
  mark_rewritten: 'Wirecheck: this passage rewords the AP source (paraphrase score $1/100).',
} as const;

export type ContentMessageKey = keyof typeof CONTENT_TEXT;
