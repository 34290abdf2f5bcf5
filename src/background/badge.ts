/**
 * The toolbar badge: the verdict at a glance, per tab.
 *
 * Badges hold about four characters, so the label says the level and the colour carries the
 * weight: blue for syndicated copy (legitimate reuse, named as such), ochre for light edits,
 * rose for rewrites, violet for partial reuse. Nothing is shown when no source was found or the
 * page is not an article: a badge that is always lit is a badge nobody reads. The tooltip has
 * the whole sentence and the source's title.
 *
 * Colours: Chrome draws badge text white (Firefox picks white on these), at 5.1:1 to 8.0:1 on
 * each colour, the same against the icon's white page (test/unit/badge-colours.test.ts). The
 * label tells the verdicts apart without colour; the colours also stay apart for colour-blind
 * readers: simulated protanopia, deuteranopia and tritanopia leave at least 31 CIELAB units
 * between any two.
 */

import type { TabState } from '../messaging/protocol';
import type { Verdict } from '../core/types';
import { t } from '../i18n/t';
import { VERDICT_HEADLINES } from '../i18n/words';

export interface Badge {
  text: string;
  color: string;
  title: string;
}

const LABELS: Record<Exclude<Verdict, 'none'>, { text: string; color: string }> = {
  verbatim: { text: 'AP', color: '#0369a1' },
  edited: { text: 'EDIT', color: '#996300' },
  rewritten: { text: 'RW', color: '#9f1239' },
  partial: { text: 'PART', color: '#6d28d9' },
};

export function badgeFor(state: TabState): Badge {
  switch (state.status) {
    case 'checking':
      return { text: '…', color: '#6b7280', title: t('badge_checking') };
    case 'checked': {
      const { result } = state;
      if (result.verdict === 'none' || !result.source) {
        return { text: '', color: '#6b7280', title: t('badge_no_source') };
      }
      const label = LABELS[result.verdict];
      return { text: label.text, color: label.color, title: t('badge_result', VERDICT_HEADLINES[result.verdict], result.source.title) };
    }
    case 'error':
      return { text: '!', color: '#6b7280', title: t('badge_error', state.message) };
    case 'not-article':
      return { text: '', color: '#6b7280', title: t('badge_not_article') };
    case 'skipped':
      return {
        text: '',
        color: '#6b7280',
        title: state.reason === 'muted' ? t('badge_muted') : t('badge_manual'),
      };
    default:
      return { text: '', color: '#6b7280', title: t('extName') };
  }
}

/** The part of the action API the badge needs (browser.action in MV3). */
export interface ActionApi {
  setBadgeText(details: { tabId: number; text: string }): Promise<void>;
  setBadgeBackgroundColor(details: { tabId: number; color: string }): Promise<void>;
  setTitle(details: { tabId: number; title: string }): Promise<void>;
}

export async function showBadge(action: ActionApi, tabId: number, state: TabState): Promise<void> {
  const badge = badgeFor(state);
  try {
    await Promise.all([
      action.setBadgeText({ tabId, text: badge.text }),
      action.setBadgeBackgroundColor({ tabId, color: badge.color }),
      action.setTitle({ tabId, title: badge.title }),
    ]);
  } catch {
    // The tab closed while we were checking it: nothing to show.
  }
}
