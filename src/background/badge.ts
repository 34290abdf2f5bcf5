/**
 * The toolbar badge: the verdict at a glance, per tab.
 *
 * Badges hold about four characters, so the label says the level and the colour carries the
 * weight: blue for syndicated copy (legitimate reuse, named as such), amber for light edits,
 * red for rewrites, purple for partial reuse. Nothing is shown when no source was found or the
 * page is not an article: a badge that is always lit is a badge nobody reads. The tooltip has
 * the whole sentence and the source's title.
 */

import type { TabState } from '../messaging/protocol';
import type { Verdict } from '../core/types';

export interface Badge {
  text: string;
  color: string;
  title: string;
}

const LABELS: Record<Exclude<Verdict, 'none'>, { text: string; color: string; words: string }> = {
  verbatim: { text: 'AP', color: '#1d4ed8', words: 'AP copy, word for word' },
  edited: { text: 'EDIT', color: '#b45309', words: 'AP copy, lightly edited' },
  rewritten: { text: 'RW', color: '#b91c1c', words: 'AP copy, rewritten' },
  partial: { text: 'PART', color: '#7e22ce', words: 'Partly AP copy' },
};

export function badgeFor(state: TabState): Badge {
  switch (state.status) {
    case 'checking':
      return { text: '…', color: '#6b7280', title: 'Wirecheck: checking this article…' };
    case 'checked': {
      const { result } = state;
      if (result.verdict === 'none' || !result.source) {
        return { text: '', color: '#6b7280', title: 'Wirecheck: no source in your corpus' };
      }
      const label = LABELS[result.verdict];
      return { text: label.text, color: label.color, title: `Wirecheck: ${label.words} — “${result.source.title}”` };
    }
    case 'error':
      return { text: '!', color: '#6b7280', title: `Wirecheck could not check this page: ${state.message}` };
    case 'not-article':
      return { text: '', color: '#6b7280', title: 'Wirecheck: not an article' };
    case 'skipped':
      return {
        text: '',
        color: '#6b7280',
        title: state.reason === 'muted' ? 'Wirecheck: you chose never to check this site' : 'Wirecheck: click to check this page',
      };
    default:
      return { text: '', color: '#6b7280', title: 'Wirecheck' };
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
