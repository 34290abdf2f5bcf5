/**
 * Every sentence the reader sees about a verdict, in one place (ready to move to
 * browser.i18n message files when Wirecheck is translated).
 */

import type { Verdict } from '../core/types';

export const VERDICT_HEADLINES: Record<Verdict, string> = {
  verbatim: 'AP copy, word for word',
  edited: 'AP copy, lightly edited',
  rewritten: 'AP copy, rewritten',
  partial: 'Partly AP copy',
  none: 'No AP source found',
};

export const VERDICT_EXPLANATIONS: Record<Verdict, string> = {
  verbatim: 'This article repeats an AP story almost word for word, as syndicated copy does.',
  edited: 'This article is an AP story with light wording changes.',
  rewritten: 'This article follows an AP story sentence by sentence, with most sentences reworded — the mark of a spinner or a paraphrasing tool.',
  partial: 'Some passages of this article come from an AP story; the rest is other material.',
  none: 'No article in your corpus explains this page.',
};

export function formatPublished(published: string): string {
  if (!published) return 'date unknown';
  const d = new Date(published);
  if (Number.isNaN(d.getTime())) return published;
  return d.toLocaleDateString(undefined, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
}

export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** Only http(s) links are ever rendered: a corpus file could hold a javascript: URL. */
export function safeLink(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}
