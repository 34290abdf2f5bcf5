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

export function formatPublished(published: string): string {
  if (!published) return t('date_unknown');
  const d = new Date(published);
  if (Number.isNaN(d.getTime())) return published;
  return d.toLocaleDateString(undefined, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
}

export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}
