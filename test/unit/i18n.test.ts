import { describe, expect, it } from 'vitest';
import { t } from '../../src/i18n/t';
import { toMessagesJson } from '../../src/i18n/messages-json';
import { MESSAGES } from '../../src/i18n/catalogue';
import { formatDay, formatPublished } from '../../src/i18n/words';
import { formatCount } from '../../src/i18n/counts';

describe('UI text', () => {
  it('substitutes values in the catalogue when the browser has no i18n', () => {
    expect(t('badge_result', 'AP copy, rewritten', 'Russia and China')).toBe('Wirecheck: AP copy, rewritten — “Russia and China”');
    expect(t('popup_title')).toBe('Wirecheck');
  });

  it('writes a messages.json that browser.i18n accepts: valid keys, named placeholders', () => {
    const json = JSON.parse(toMessagesJson(MESSAGES)) as Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;
    expect(Object.keys(json)).toEqual(Object.keys(MESSAGES));
    for (const key of Object.keys(json)) expect(key).toMatch(/^[A-Za-z0-9_]+$/);
    expect(json.badge_result).toEqual({ message: 'Wirecheck: $P1$ — “$P2$”', placeholders: { p1: { content: '$1' }, p2: { content: '$2' } } });
    for (const { message, placeholders } of Object.values(json)) {
      for (const [, name] of message.matchAll(/\$([A-Za-z0-9_]+)\$/g)) expect(placeholders?.[name!.toLowerCase()]).toBeDefined();
    }
  });

  it('formats dates and counts as toLocaleDateString and toLocaleString do, formatter after formatter', () => {
    for (const iso of ['2024-03-05T12:00:00Z', '1999-12-31T23:59:59Z', '2026-01-01']) {
      expect(formatPublished(iso)).toBe(new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }));
      const ms = Date.parse(iso);
      expect(formatDay(ms)).toBe(new Date(ms).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' }));
    }
    expect(formatPublished('')).toBe(t('date_unknown'));
    expect(formatPublished('not a date')).toBe('not a date');
    expect([0, 7, 1234, 1_000_000, -5, 2.5].map(formatCount)).toEqual(['0', '7', '1,234', '1,000,000', '-5', '2.5']);
  });
});
