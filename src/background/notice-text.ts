/**
 * The in-page notice: whether a checked page gets one (`noticeFor`), and its sentences, looked
 * up here in the background and sent with the notice (protocol.ts, `NoticeText`): the page's
 * renderer then never calls browser.i18n, whose first call there fetches the whole message
 * bundle synchronously. Whole sentences per verdict, so a translation never has to glue pieces
 * together.
 */

import type { BackgroundNoticeMessage, NoticeText } from '../messaging/protocol';
import { type Settings, isNoticeMuted } from '../core/settings';
import type { MatchResult, Verdict } from '../core/types';
import { detectCredit } from '../core/sites/credit';
import { t } from '../i18n/t';
import { percent } from '../i18n/words';

export function noticeText(notice: { verdict: Verdict; paraphraseScore: number | null; coverage: number }): NoticeText {
  const coverage = t('notice_coverage', percent(notice.coverage));
  return {
    brand: t('notice_brand'),
    headline: t(`notice_headline_${notice.verdict}`),
    likelySource: t('notice_likely_source'),
    numbers: notice.paraphraseScore !== null ? `${t('notice_score', notice.paraphraseScore)} ${coverage}` : coverage,
    hint: t('notice_hint'),
    dismiss: t('notice_dismiss'),
    mute: t('notice_mute'),
  };
}

/**
 * The notice for a checked page, or null: shown only for derived pages, only when the reader
 * wants it (not muted on the site; a credited verbatim copy only when the reader asked for those).
 */
export function noticeFor(result: MatchResult, page: { url: string; text: string; byline?: string; title?: string }, settings: Settings): BackgroundNoticeMessage['notice'] {
  const derived = result.verdict !== 'none' && result.source !== null;
  const creditedCopy = result.verdict === 'verbatim' && detectCredit(page).credited;
  const show = derived && settings.inPageNotice && !isNoticeMuted(settings, page.url) && (!creditedCopy || settings.noticeOnCreditedCopies);
  if (!show) return null;
  return { verdict: result.verdict, sourceTitle: result.source!.title, paraphraseScore: result.paraphraseScore, coverage: result.coverage, text: noticeText(result) };
}

