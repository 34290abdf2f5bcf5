/**
 * What the reader can check for themselves, folded under the verdict: the story's facts, the
 * word swaps (as the page and the source wrote them) and the most reworded passages. Each fold
 * opens with one click; closed, its text stays in the page for search and screen readers.
 */
import type { MatchResult } from '../../core/types';
import { t } from '../../i18n/t';
import { percent } from '../../i18n/words';

const SHOWN_SWAPS = 6;
const SHOWN_PASSAGES = 3;

export function Evidence({ result }: { result: MatchResult }) {
  const swaps = result.substitutions.slice(0, SHOWN_SWAPS);
  const passages = result.alignedPairs
    .filter((p) => !p.quote && p.paraphraseScore > 0)
    .sort((a, b) => b.paraphraseScore - a.paraphraseScore)
    .slice(0, SHOWN_PASSAGES);
  const facts = result.evidence !== null || result.sharedQuotes > 0;
  if (!facts && swaps.length === 0 && passages.length === 0) return null;
  return (
    <div class="evidence">
      {facts && (
        <details class="fold" data-testid="fold-facts">
          <summary>{t('popup_story_evidence')}</summary>
          <div class="fold-body">
            {result.evidence && (
              <p data-testid="story-evidence">
                {t('popup_evidence', String(result.evidence.anchorsShared), percent(result.evidence.order), percent(result.evidence.pageExplained))}
              </p>
            )}
            {result.sharedQuotes > 0 && (
              <p data-testid="shared-quotes">{result.sharedQuotes === 1 ? t('popup_quotes_one') : t('popup_quotes_many', result.sharedQuotes)}</p>
            )}
          </div>
        </details>
      )}
      {swaps.length > 0 && (
        <details class="fold" data-testid="fold-swaps">
          <summary>
            {t('popup_words_swapped')} <span class="count">({result.substitutions.length})</span>
          </summary>
          <div class="fold-body">
            <ul data-testid="substitutions" class="swaps">
              {swaps.map((s) => (
                <li key={`${s.source}>${s.page}`}>
                  <del>{s.sourceAsWritten}</del> → <ins>{s.pageAsWritten}</ins>
                  {s.count > 1 && <span class="quiet"> ×{s.count}</span>}
                </li>
              ))}
            </ul>
          </div>
        </details>
      )}
      {passages.length > 0 && (
        <details class="fold" data-testid="fold-passages">
          <summary>
            {t('popup_changed_passages')} <span class="count">({passages.length})</span>
          </summary>
          <div class="fold-body">
            <ol class="passages">
              {passages.map((p) => (
                <li key={p.pageIndex} data-testid="changed-passage">
                  <p>
                    <span class="label">{t('popup_this_page')}</span> {p.pageSentence}
                  </p>
                  <p class="quiet">
                    <span class="label">{t('popup_ap_original')}</span> {p.sourceSentence}
                  </p>
                </li>
              ))}
            </ol>
          </div>
        </details>
      )}
    </div>
  );
}
