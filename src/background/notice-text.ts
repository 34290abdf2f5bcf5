/**
 * The in-page notice's sentences, looked up here in the background and sent with the notice
 * (protocol.ts, `NoticeText`): the page's renderer then never calls browser.i18n, whose first
 * call there fetches the whole message bundle synchronously. Whole sentences per verdict, so a
 * translation never has to glue pieces together.
 */

import type { NoticeText } from '../messaging/protocol';
import type { Verdict } from '../core/types';
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
