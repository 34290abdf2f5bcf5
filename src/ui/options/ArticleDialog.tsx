/**
 * One article of the corpus in a dialog: title, dates, address (a link only when it is an
 * http(s) address: a corpus file could hold a javascript: URL), and the full text in a
 * scrollable, focusable panel so it can be read with the keyboard alone. The text is split
 * into paragraphs at blank lines and rendered as text, never as HTML.
 */

import { useEffect, useState } from 'preact/hooks';
import type { StoredArticle } from '../../storage';
import { formatDay, formatPublished } from '../../i18n/words';
import { safeLink } from '../safe-link';
import type { CorpusApi } from './corpus-api';
import { Dialog } from './Dialog';
import { formatCount } from '../../i18n/counts';
import { t } from '../../i18n/t';

export function ArticleDialog({ id, corpus, onClose, onDelete }: { id: string; corpus: CorpusApi; onClose(): void; onDelete(article: StoredArticle): void }) {
  const [article, setArticle] = useState<StoredArticle | null | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    let live = true;
    corpus.article(id).then(
      (a) => live && setArticle(a ?? null),
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [corpus, id]);

  const title = article?.title ?? (article === null ? t('options_article_missing') : t('options_article_loading'));
  const link = article ? safeLink(article.url) : undefined;
  return (
    <Dialog labelledBy="article-heading" onClose={onClose} class="article-dialog" testId="article-dialog">
      <header class="dialog-header">
        <h2 id="article-heading" tabIndex={-1} data-testid="article-title">
          {title}
        </h2>
        <button type="button" class="close" data-testid="article-close" onClick={onClose}>
          {t('options_close')}
        </button>
      </header>
      {error && (
        <p class="notice error" role="alert">
          {t('options_corpus_read_error', error)}
        </p>
      )}
      {article && (
        <>
          <dl class="article-meta">
            <dt>{t('options_article_published')}</dt>
            <dd>{formatPublished(article.published)}</dd>
            <dt>{t('options_article_added')}</dt>
            <dd>{formatDay(article.addedAt)}</dd>
            <dt>{t('options_article_words')}</dt>
            <dd>{formatCount(article.wordCount)}</dd>
            <dt>{t('options_article_url')}</dt>
            <dd>
              {link ? (
                <a href={link} target="_blank" rel="noreferrer" data-testid="article-url">
                  {article.url}
                </a>
              ) : article.url ? (
                <span data-testid="article-url">{t('options_article_unsafe_url', article.url)}</span>
              ) : (
                <span class="quiet">{t('options_article_no_url')}</span>
              )}
            </dd>
            <dt>{t('options_article_id')}</dt>
            <dd>
              <code>{article.id}</code>
            </dd>
          </dl>
          <div class="article-text" tabIndex={0} role="region" aria-label={t('options_article_text')} data-testid="article-text">
            {article.text.split(/\n\s*\n/).map((paragraph, i) => (
              <p key={i}>{paragraph}</p>
            ))}
          </div>
          <div class="actions">
            <button type="button" class="danger" data-testid="article-delete" onClick={() => onDelete(article)}>
              {t('options_delete')}
            </button>
            <button type="button" onClick={onClose}>
              {t('options_close')}
            </button>
          </div>
        </>
      )}
    </Dialog>
  );
}
