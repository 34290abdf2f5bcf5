/**
 * The in-page notice: one small, dismissable box in the page's corner saying what the popup
 * says in its first lines — the verdict, the likely source, the paraphrase score and coverage.
 *
 * Rendered with Preact inside a closed shadow root (see notice-ui.ts), text always as JSX text.
 * It takes no focus when it appears (a reader in the middle of the page must not be moved);
 * it is a labelled complementary landmark at the end of the document, so keyboard and screen
 * reader users reach it by Tab or by landmark; Escape inside it dismisses it.
 */

import type { BackgroundNoticeMessage } from '../messaging/protocol';
import { t } from '../ui/i18n';
import { percent } from '../ui/words';

export type NoticeData = NonNullable<BackgroundNoticeMessage['notice']>;

/** A whole sentence per verdict, so a translation never has to glue pieces together. */
export function noticeHeadline(notice: NoticeData): string {
  return t(`notice_headline_${notice.verdict}`);
}

export function Notice({ notice, onDismiss, onMute }: { notice: NoticeData; onDismiss: () => void; onMute: () => void }) {
  return (
    <aside
      class={`notice verdict-${notice.verdict}`}
      aria-labelledby="wirecheck-notice-title"
      data-verdict={notice.verdict}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onDismiss();
      }}
    >
      <p id="wirecheck-notice-title" class="headline">
        <strong>{t('notice_brand')}</strong> <span class="verdict">{noticeHeadline(notice)}</span>
      </p>
      <p class="source">
        {t('notice_likely_source')} <cite>{notice.sourceTitle}</cite>
      </p>
      <p class="numbers">
        {notice.paraphraseScore !== null && <>{t('notice_score', notice.paraphraseScore)} </>}
        {t('notice_coverage', percent(notice.coverage))}
      </p>
      <p class="hint">{t('notice_hint')}</p>
      <div class="actions">
        <button type="button" class="primary" onClick={onDismiss}>
          {t('notice_dismiss')}
        </button>
        <button type="button" onClick={onMute}>
          {t('notice_mute')}
        </button>
      </div>
    </aside>
  );
}
