/**
 * Counts, sizes and plurals in words, through the catalogue's `t()`. browser.i18n has no plural
 * rules, so a plural is two keys, `<base>_one` and `<base>_many`, and `tCount` picks one.
 */

import { type MessageKey, t } from './t';

/** `_one` for 1, `_many` (with the count as $1) otherwise. */
export function tCount(base: string, count: number, ...values: (string | number)[]): string {
  const key = `${base}_${count === 1 ? 'one' : 'many'}` as MessageKey;
  return t(key, formatCount(count), ...values);
}

let countFormat: Intl.NumberFormat | undefined;

/** "1,234": one formatter kept (`toLocaleString` with a locale makes one per call). */
export function formatCount(n: number): string {
  return (countFormat ??= new Intl.NumberFormat('en-US')).format(n);
}

/** "1 article" / "1,234 articles". */
export function articles(n: number): string {
  return tCount('options_count_articles', n);
}

export function filesCount(n: number): string {
  return tCount('options_count_files', n);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return t('options_bytes', bytes);
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}
