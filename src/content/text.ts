/**
 * Every sentence the content script shows in a page (the in-page notice, `notice_*`, and the
 * highlight marks' titles, `mark_*`), kept beside it and merged into the catalogue in
 * ../ui/messages.ts. The content script reads only this part (through `t` in i18n.ts):
 * importing the whole catalogue put ~21 KB of the options, compare and welcome pages' text
 * into content.js, which every page evaluates. Data only: messages.ts imports this file.
 */

export const CONTENT_TEXT = {
  notice_brand: 'Wirecheck:',
  notice_headline_verbatim: 'this article is AP copy, word for word',
  notice_headline_edited: 'this article is AP copy, lightly edited',
  notice_headline_rewritten: 'this article is AP copy, rewritten',
  notice_headline_partial: 'this article is partly AP copy',
  notice_headline_none: 'no AP source found for this article',
  notice_likely_source: 'Likely source:',
  notice_score: 'Paraphrase score $1/100 ·',
  notice_coverage: '$1 of this page derives from it',
  notice_hint: 'Details: the Wirecheck button in the toolbar.',
  notice_dismiss: 'Dismiss',
  notice_mute: 'Don’t show on this site',

  mark_quote: 'Wirecheck: a quotation that is also in the AP source. Quoting the same people is not copying, so quotes do not count towards the verdict.',
  mark_verbatim: 'Wirecheck: this passage repeats the AP source word for word (paraphrase score $1/100).',
  mark_edited: 'Wirecheck: this passage is the AP source lightly edited (paraphrase score $1/100).',
  mark_rewritten: 'Wirecheck: this passage rewords the AP source (paraphrase score $1/100).',
} as const;

export type ContentMessageKey = keyof typeof CONTENT_TEXT;
