/**
 * How a verdict, a date and a share read in plain words, for the background's badge and every
 * page (the text itself is in the catalogue, through t()).
 */

import type { Verdict } from '../core/types';
import { t } from './t';

export const VERDICT_HEADLINES: Record<Verdict, string> = {
  get verbatim() { return t('verdict_headline_verbatim'); },
  get edited() { return t('verdict_headline_edited'); },
  get rewritten() { return t('verdict_headline_rewritten'); },
  get partial() { return t('verdict_headline_partial'); },
  get none() { return t('verdict_headline_none'); },
};

export const VERDICT_EXPLANATIONS: Record<Verdict, string> = {
  get verbatim() { return t('verdict_explain_verbatim'); },
  get edited() { return t('verdict_explain_edited'); },
  get rewritten() { return t('verdict_explain_rewritten'); },
  get partial() { return t('verdict_explain_partial'); },
  get none() { return t('verdict_explain_none'); },
};

/**
 * A date formatter made on first use and kept: `toLocaleDateString` with options makes a new
 * one on every call, about 0.3 ms in Chromium, and a page of the corpus table formats two
 * dates a row (100 a page: 25 ms of one task when the table redraws after an import). The
 * text is the same, `Intl.DateTimeFormat` being what `toLocaleDateString` calls.
 */
function dateFormat(options: Intl.DateTimeFormatOptions): () => Intl.DateTimeFormat {
  let made: Intl.DateTimeFormat | undefined;
  return () => (made ??= new Intl.DateTimeFormat(undefined, options));
}

const longDateUtc = dateFormat({ year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
const shortDate = dateFormat({ year: 'numeric', month: 'short', day: 'numeric' });

export function formatPublished(published: string): string {
  if (!published) return t('date_unknown');
  const d = new Date(published);
  if (Number.isNaN(d.getTime())) return published;
  return longDateUtc().format(d);
}

/** A day in the reader's time zone, short: "Dec 7, 2026" (when an article was added, a site checked). */
export function formatDay(ms: number): string {
  return shortDate().format(new Date(ms));
}

export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}
