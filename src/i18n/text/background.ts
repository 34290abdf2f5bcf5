/**
 * What the background looks up itself: the badge's tooltips (`badge_*`, src/background/badge.ts)
 * and the in-page notice's sentences (`notice_*`, src/background/notice-text.ts), which it sends
 * with the notice so the content script never calls browser.i18n.
 */

export const BACKGROUND_TEXT = {
  badge_checking: 'Wirecheck: checking this article…',
  badge_no_source: 'Wirecheck: no source in your corpus',
  badge_error: 'Wirecheck could not check this page: $1',
  badge_not_article: 'Wirecheck: not an article',
  badge_muted: 'Wirecheck: you chose never to check this site',
  badge_manual: 'Wirecheck: click to check this page',
  badge_result: 'Wirecheck: $1 — “$2”',

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
} as const;
