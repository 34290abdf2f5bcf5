/**
 * The top of the popup for a page with a source: the verdict in words (with its shape), what
 * it means, the paraphrase gauge, the likely source and how much of the page derives from it.
 * Everything a reader needs to decide, visible without scrolling at the popup's size.
 */
import type { MatchResult } from '../../core/types';
import { t } from '../../i18n/t';
import { VERDICT_EXPLANATIONS, VERDICT_HEADLINES, formatPublished, percent } from '../../i18n/words';
import { safeLink } from '../safe-link';
import { VerdictIcon } from '../verdict-icon';

export function VerdictSummary({ result }: { result: MatchResult }) {
  const source = result.source!;
  const link = safeLink(source.url);
  const score = result.paraphraseScore ?? 0;
  return (
    <div class="verdict-card">
      <h2 class="verdict-heading" id="verdict-heading" data-testid="verdict" data-verdict={result.verdict}>
        <VerdictIcon verdict={result.verdict} />
        <span>{VERDICT_HEADLINES[result.verdict]}</span>
      </h2>
      <p class="verdict-explain">{VERDICT_EXPLANATIONS[result.verdict]}</p>
      <div class="gauge-row">
        <span class="gauge-label" id="score-label">{t('popup_paraphrase_score')}</span>
        <span class="gauge-value">
          <span data-testid="paraphrase-score">{score}</span>/100
        </span>
        <div
          class="gauge"
          role="meter"
          aria-labelledby="score-label"
          aria-describedby="score-scale"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={score}
          aria-valuetext={`${score}/100`}
          data-testid="paraphrase-gauge"
        >
          <div class="gauge-fill" style={{ width: `${Math.max(0, Math.min(100, score))}%` }} />
        </div>
        <span class="gauge-scale quiet" id="score-scale">{t('popup_score_scale')}</span>
      </div>
      <p class="verdict-source">
        <span class="label">{t('popup_likely_source')}</span>{' '}
        {link ? (
          <a data-testid="source-title" href={link} target="_blank" rel="noreferrer">{source.title}</a>
        ) : (
          <span data-testid="source-title">{source.title}</span>
        )}
        <span class="quiet"> · {formatPublished(source.published)}</span>
      </p>
      <p class="verdict-coverage">
        <span class="label">{t('popup_from_source')}</span>{' '}
        <span data-testid="coverage">{percent(result.coverage)}</span> {t('popup_coverage', percent(result.sourceReuse))}
      </p>
    </div>
  );
}
