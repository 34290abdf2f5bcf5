/**
 * "Copy as report": the comparison as plain text that reads well pasted anywhere (an email,
 * a chat, an issue) and renders as Markdown where Markdown is understood.
 *
 * Pure: the date is a parameter, so the report is the same in a unit test and in the page.
 * Page and corpus text are untrusted but this is plain text, never HTML; only line breaks
 * inside titles and sentences are folded, so one field stays on one line.
 */

import type { Alignment } from '../../core/match/align';
import type { Comparison } from '../../messaging/protocol';
import { VERDICT_EXPLANATIONS, VERDICT_HEADLINES, formatPublished, percent } from '../../i18n/words';
import { safeLink } from '../safe-link';
import { t } from '../../i18n/t';

/** How many word swaps and changed passages a report lists. */
export const REPORT_SWAPS = 10;
export const REPORT_PASSAGES = 3;

export function buildReport({ page, source, result }: Comparison, alignment: Alignment, now: Date): string {
  const lines: string[] = [];
  lines.push(`# ${t('report_title', VERDICT_HEADLINES[result.verdict])}`, '');
  lines.push(`- ${t('report_page', oneLine(page.title), oneLine(page.url))}`);
  lines.push(`- ${t('report_source', oneLine(source.title), formatPublished(source.published), safeLink(source.url) ?? t('compare_no_link'))}`);
  lines.push(`- ${t('report_verdict', VERDICT_HEADLINES[result.verdict], VERDICT_EXPLANATIONS[result.verdict])}`);
  lines.push(`- ${result.paraphraseScore === null ? t('report_score_none') : t('report_score', result.paraphraseScore)}`);
  lines.push(`- ${t('report_coverage', percent(result.coverage))}`);
  lines.push(`- ${t('report_source_reuse', percent(result.sourceReuse))}`);
  lines.push(`- ${t('report_quotes', result.sharedQuotes)}`);

  lines.push('', `## ${t('report_swaps', result.substitutions.length)}`, '');
  const swaps = result.substitutions.slice(0, REPORT_SWAPS);
  if (swaps.length === 0) lines.push(t('report_none'));
  for (const s of swaps) {
    lines.push(`- ${s.count > 1 ? t('report_swap_times', s.sourceAsWritten, s.pageAsWritten, s.count) : t('report_swap', s.sourceAsWritten, s.pageAsWritten)}`);
  }
  const more = result.substitutions.length - swaps.length;
  if (more > 0) lines.push(`- ${t('report_swaps_more', more)}`);

  lines.push('', `## ${t('report_passages')}`, '');
  const passages = mostChanged(alignment);
  if (passages.length === 0) lines.push(t('report_none'));
  passages.forEach((p, i) => {
    lines.push(`${i + 1}. ${t('report_passage_score', p.paraphraseScore)}`);
    lines.push(`   ${t('report_passage_page', oneLine(p.pageSentence))}`);
    lines.push(`   ${t('report_passage_source', oneLine(p.sourceSentence))}`);
  });

  const checked = now.toLocaleDateString(undefined, { year: 'numeric', month: 'long', day: 'numeric' });
  lines.push('', t('report_footer', checked), '');
  return lines.join('\n');
}

/**
 * The pairs reworded most, most first and otherwise in reading order; quotes are not the
 * page's wording to judge, so they never count (the popup lists the same three).
 */
export function mostChanged(alignment: Alignment, n = REPORT_PASSAGES) {
  return alignment.pairs
    .filter((p) => !p.quote && p.paraphraseScore > 0)
    .sort((a, b) => b.paraphraseScore - a.paraphraseScore)
    .slice(0, n);
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
