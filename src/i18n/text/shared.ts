/**
 * Text more than one context shows: the extension's name and description (the manifest's,
 * through `__MSG_extName__`), and each verdict in a few words and in a sentence (the badge's
 * tooltip, the popup, the comparison page, the welcome page; read through words.ts).
 */

export const SHARED_TEXT = {
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
} as const;
