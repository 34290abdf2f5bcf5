/**
 * The English text of Wirecheck, in one place. Keys are `area_what` (letters, digits and
 * underscores, as browser.i18n requires); `$1`…`$9` are the values `t()` substitutes.
 * The build writes this catalogue to `_locales/en/messages.json`.
 */

import { CONTENT_TEXT } from '../content/text';
import { COMPARE_TEXT } from './compare/text';
import { OPTIONS_TEXT } from './options/text';
import { WELCOME_TEXT } from './welcome/text';

const BASE = {
  extName: 'Wirecheck',
  extDescription: 'Flags rewritten Associated Press copy on news pages. Everything stays on your machine.',

  verdict_headline_verbatim: 'AP copy, word for word',
  verdict_headline_edited: 'AP copy, lightly edited',
  verdict_headline_rewritten: 'AP copy, rewritten',
  verdict_headline_partial: 'Partly AP copy',
  verdict_headline_none: 'No AP source found',
  verdict_explain_verbatim: 'This article repeats an AP story almost word for word, as syndicated copy does.',
  verdict_explain_edited: 'This article is an AP story with light wording changes.',
  verdict_explain_rewritten:
    'This article follows an AP story sentence by sentence, with most sentences reworded — the mark of a spinner or a paraphrasing tool.',
  verdict_explain_partial: 'Some passages of this article come from an AP story; the rest is other material.',
  verdict_explain_none: 'No article in your corpus explains this page.',
  date_unknown: 'date unknown',

  badge_checking: 'Wirecheck: checking this article…',
  badge_no_source: 'Wirecheck: no source in your corpus',
  badge_error: 'Wirecheck could not check this page: $1',
  badge_not_article: 'Wirecheck: not an article',
  badge_muted: 'Wirecheck: you chose never to check this site',
  badge_manual: 'Wirecheck: click to check this page',
  badge_result: 'Wirecheck: $1 — “$2”',

  popup_title: 'Wirecheck',
  popup_manage_corpus: 'Manage your corpus',
  popup_waiting: 'Waiting for this page… Wirecheck reads articles on web pages once they have loaded.',
  popup_checking: 'Checking this article against your corpus…',
  popup_not_article: 'This page does not look like a news article, so Wirecheck did not check it.',
  popup_skipped_muted: 'You chose never to check this site, so Wirecheck did not read this page.',
  popup_skipped_manual: 'Automatic checking is off. Wirecheck reads a page only when you ask.',
  popup_check_once: 'Check this page once',
  popup_check_now: 'Check this page',
  popup_error: 'Wirecheck could not check this page: $1',
  popup_no_source_heading: 'No source in your corpus',
  popup_no_source_text: 'None of the AP originals in your corpus explains this article. Wirecheck can only recognise stories it has been given.',
  popup_import_more: 'Import more AP originals',
  popup_add_page_as_original: 'Add this page to your corpus as an original',
  popup_likely_source: 'Likely source',
  popup_paraphrase_score: 'Paraphrase score',
  popup_score_scale: '(0 = word for word, 100 = entirely reworded)',
  popup_score_label: 'Paraphrase score, 0 word for word, 100 entirely reworded',
  popup_from_source: 'From the source',
  popup_coverage: 'of this page derives from it; it reuses $1 of the source.',
  popup_story_evidence: 'The story’s facts',
  popup_evidence: '$1 names and numbers shared, $2 of them told in the source’s order; $3 of this page’s distinctive words occur in the source.',
  popup_quotes: 'Quotes',
  popup_quotes_one: 'One quote is shared with the source. Quoting the same people is not copying, so quotes do not count above.',
  popup_quotes_many: '$1 quotes are shared with the source. Quoting the same people is not copying, so quotes do not count above.',
  popup_actions_label: 'What to do with this result',
  popup_compare: 'Compare side by side',
  popup_highlight_on: 'Highlight on page',
  popup_highlight_off: 'Remove highlights',
  popup_add_page: 'Add page to corpus as an original',
  popup_report_wrong: 'This looks wrong',
  popup_words_swapped: 'Words swapped',
  popup_changed_passages: 'Most changed passages',
  popup_this_page: 'This page:',
  popup_ap_original: 'AP original:',
  popup_background_silent: 'Wirecheck’s background did not answer',

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

  // Corpus packs on the options page (src/ui/options/ImportSection.tsx)
  options_pack_hint: 'Or a corpus pack made with “wirecheck index” (a .wcpack file): it is imported in one step, much faster than the articles themselves.',
  options_pack_not_alone: 'A corpus pack is imported by itself: choose “$1” alone. Nothing was imported; your corpus is unchanged.',
  options_pack_truncated: '“$1” is an incomplete corpus pack: the file was cut short (an interrupted download or copy?). Nothing was imported; your corpus is unchanged.',
  options_pack_damaged: '“$1” is a damaged corpus pack: its checksum does not match its contents. Nothing was imported; your corpus is unchanged.',
  options_pack_not_pack: '“$1” is not a corpus pack Wirecheck can read. Nothing was imported; your corpus is unchanged.',
  options_pack_version: '“$1” is a corpus pack in a format this version of Wirecheck does not read ($2). Nothing was imported; your corpus is unchanged.',
  options_pack_params: '“$1” was made with other fingerprint settings than this version of Wirecheck uses; make it again with “wirecheck index”. Nothing was imported; your corpus is unchanged.',
} as const;

/** The catalogue: the text above and each page's own (kept beside its page, merged here). */
export const MESSAGES = { ...BASE, ...CONTENT_TEXT, ...COMPARE_TEXT, ...OPTIONS_TEXT, ...WELCOME_TEXT } as const;

export type MessageKey = keyof typeof MESSAGES;
