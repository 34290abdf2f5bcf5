/**
 * The words and numbers of the Follow AP and pack subscription forms, as pure functions: the
 * backfill windows in words, the storage budget in MB or GB, a pinned SHA-256, a pack URL,
 * and what a follow is doing in one word (the options page's status line and its tests).
 */

import type { BackfillWindow, FollowProgress } from '../../core/follow/types';
import type { MessageKey } from '../../i18n/t';
import { t } from '../../i18n/t';
import { MIN_FOLLOW_BUDGET_BYTES } from '../../messaging/protocol';
import type { FollowStatus } from '../api';

export { DEFAULT_BACKFILL_WINDOW as DEFAULT_WINDOW, DEFAULT_BUDGET_BYTES, DEFAULT_SITEMAP_INDEX as DEFAULT_SITEMAP } from '../../core/follow/defaults';
/** The smallest budget the background takes (10 MB). */
export const MIN_BUDGET_BYTES = MIN_FOLLOW_BUDGET_BYTES;
/** How often the options page asks the background what the follow is doing, while visible. */
export const STATUS_POLL_MS = 2000;

export const WINDOW_CHOICES: readonly { value: BackfillWindow; label: MessageKey }[] = [
  { value: 'week', label: 'options_follow_window_week' },
  { value: 'month', label: 'options_follow_window_month' },
  { value: 'quarter', label: 'options_follow_window_quarter' },
  { value: 'year', label: 'options_follow_window_year' },
];

export type BudgetUnit = 'MB' | 'GB';
const UNIT_BYTES: Record<BudgetUnit, number> = { MB: 1024 ** 2, GB: 1024 ** 3 };

/** A budget as the form shows it: whole GB when it is, else MB. */
export function splitBudget(bytes: number): { amount: string; unit: BudgetUnit } {
  if (bytes >= UNIT_BYTES.GB && bytes % UNIT_BYTES.GB === 0) return { amount: String(bytes / UNIT_BYTES.GB), unit: 'GB' };
  return { amount: String(Math.round((bytes / UNIT_BYTES.MB) * 10) / 10), unit: 'MB' };
}

/** What the reader typed as a budget, in bytes, or what is wrong with it. */
export function parseBudget(amount: string, unit: BudgetUnit): { ok: true; bytes: number } | { ok: false; error: string } {
  const value = Number(amount.trim().replace(',', '.'));
  if (!amount.trim() || !Number.isFinite(value) || value <= 0) return { ok: false, error: t('options_follow_budget_invalid') };
  const bytes = Math.round(value * UNIT_BYTES[unit]);
  if (bytes < MIN_BUDGET_BYTES) return { ok: false, error: t('options_follow_budget_too_small') };
  return { ok: true, bytes };
}

/** A pinned SHA-256 as 64 hex digits (lower case), '' for none, or undefined when it is not one. */
export function parseSha256(text: string): string | undefined {
  const hex = text.trim().toLowerCase();
  if (!hex) return '';
  return /^[0-9a-f]{64}$/.test(hex) ? hex : undefined;
}

/** A URL the background can fetch (http or https), normalised, or undefined. */
export function parseHttpUrl(text: string): string | undefined {
  try {
    const u = new URL(text.trim());
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

export function formatWhen(ms: number | undefined): string {
  if (ms === undefined) return t('options_follow_never');
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** What a follow is doing, in the order the reader needs to know it. */
export type FollowPhase = 'off' | 'stopped' | 'no-access' | 'paused' | 'running' | 'idle';

export function followPhase(status: FollowStatus): FollowPhase {
  if (!status.following) return 'off';
  if (status.state?.stopped) return 'stopped';
  if (!status.permitted) return 'no-access';
  if (status.state?.paused) return 'paused';
  return status.running ? 'running' : 'idle';
}

/** The status line: one sentence a screen reader announces when it changes. */
export function phaseText(status: FollowStatus): string {
  const phase = followPhase(status);
  switch (phase) {
    case 'off':
      return t('options_follow_status_off');
    case 'stopped':
      return t('options_follow_status_stopped');
    case 'no-access':
      return t('options_follow_status_no_access', hostOf(status.sitemapIndex));
    case 'paused':
      return t('options_follow_status_paused');
    case 'running':
      return runningText(status.progress);
    case 'idle':
      return t('options_follow_status_idle');
  }
}

function runningText(progress: FollowProgress | undefined): string {
  switch (progress?.phase) {
    case 'waiting':
      return progress.waitUntil ? t('options_follow_status_waiting_until', new Date(progress.waitUntil).toLocaleTimeString()) : t('options_follow_status_waiting');
    case 'stories':
      return t('options_follow_status_stories');
    default:
      return t('options_follow_status_sitemaps');
  }
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
