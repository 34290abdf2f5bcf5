/**
 * The badge's colours against what they sit on: white text (Chrome always draws badge text
 * white; Firefox picks white on dark colours) needs 4.5:1, the badge against the icon's white
 * page 3:1 (WCAG's text and non-text contrast), and each verdict has a colour of its own.
 */
import { describe, expect, test } from 'vitest';
import { badgeFor } from '../../src/background/badge';
import type { MatchResult, Verdict } from '../../src/core/types';
import type { TabState } from '../../src/messaging/protocol';

/** WCAG 2 relative luminance of `#rrggbb`. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

const WHITE = '#ffffff';
/** The icon's page, under the badge (assets/icon.svg). */
const ICON_PAGE = '#ffffff';

function checked(verdict: Verdict): TabState {
  const result = { verdict, source: { id: 'a', title: 'An AP story' } } as unknown as MatchResult;
  return { status: 'checked', url: 'https://example.com/a', title: 'A page', result, checkedAt: 0 };
}

describe('badge colours', () => {
  const verdicts: Verdict[] = ['verbatim', 'edited', 'rewritten', 'partial'];
  const badges = verdicts.map((v) => badgeFor(checked(v)));
  const others = [badgeFor({ status: 'checking', url: 'https://example.com/a', title: 'A page' }), badgeFor({ status: 'error', url: 'https://example.com/a', message: 'x' })];

  test('white badge text is legible on every colour (4.5:1)', () => {
    for (const b of [...badges, ...others]) expect(contrast(b.color, WHITE), `${b.text} on ${b.color}`).toBeGreaterThanOrEqual(4.5);
  });

  test('every badge stands out from the icon it sits on (3:1)', () => {
    for (const b of [...badges, ...others]) expect(contrast(b.color, ICON_PAGE), `${b.text} ${b.color}`).toBeGreaterThanOrEqual(3);
  });

  test('each verdict has its own colour and its own label', () => {
    expect(new Set(badges.map((b) => b.color)).size).toBe(verdicts.length);
    expect(new Set(badges.map((b) => b.text)).size).toBe(verdicts.length);
  });
});
