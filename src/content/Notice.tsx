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
import { VERDICT_HEADLINES, percent } from '../ui/words';

export type NoticeData = NonNullable<BackgroundNoticeMessage['notice']>;

/** "Partly AP copy" reads as "this article is partly AP copy". */
function lowerFirst(s: string): string {
  return /^[A-Z][a-z]/.test(s) ? s[0]!.toLowerCase() + s.slice(1) : s;
}

export function noticeHeadline(notice: NoticeData): string {
  return `this article is ${lowerFirst(VERDICT_HEADLINES[notice.verdict])}`;
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
        <strong>Wirecheck:</strong> <span class="verdict">{noticeHeadline(notice)}</span>
      </p>
      <p class="source">
        Likely source: <cite>{notice.sourceTitle}</cite>
      </p>
      <p class="numbers">
        {notice.paraphraseScore !== null && (
          <>
            Paraphrase score <b>{notice.paraphraseScore}</b>/100 ·{' '}
          </>
        )}
        <b>{percent(notice.coverage)}</b> of this page derives from it
      </p>
      <p class="hint">Details: the Wirecheck button in the toolbar.</p>
      <div class="actions">
        <button type="button" class="primary" onClick={onDismiss}>
          Dismiss
        </button>
        <button type="button" onClick={onMute}>
          Don’t show on this site
        </button>
      </div>
    </aside>
  );
}
