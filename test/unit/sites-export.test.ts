/** The record as CSV and JSON Lines (src/core/sites/export.ts). */
import { describe, expect, it } from 'vitest';
import { csvField, VISIT_COLUMNS, visitsToCsv, visitsToJsonl } from '../../src/core/sites/export';
import type { SiteVisit } from '../../src/core/sites/types';
import { parseCsv } from '../support/csv';

const AT = Date.UTC(2026, 11, 1, 12);
const plain: SiteVisit = { host: 'paper.example', url: 'https://paper.example/a', title: 'Budget passes', checkedAt: AT, verdict: 'rewritten', sourceId: 'ap-1', sourceTitle: 'AP: budget', paraphraseScore: 64, credited: false };
const tricky: SiteVisit = { host: 'x.example', url: 'https://x.example/b?a=1,2', title: '=HYPERLINK("http://evil.example","click"), "quoted"\r\nsecond line', checkedAt: AT, verdict: 'verbatim', credited: true, creditSignal: 'dateline' };

describe('visitsToCsv', () => {
  it('writes a header row and one row per visit, CRLF after each', () => {
    const csv = visitsToCsv([plain]);
    expect(csv).toBe(
      'host,url,title,checkedAt,checkedAtIso,verdict,sourceId,sourceTitle,paraphraseScore,credited,creditSignal\r\n' +
        `paper.example,https://paper.example/a,Budget passes,${AT},2026-12-01T12:00:00.000Z,rewritten,ap-1,AP: budget,64,false,\r\n`,
    );
    expect(visitsToCsv([])).toBe(`${VISIT_COLUMNS.join(',')}\r\n`);
  });

  it('quotes what RFC 4180 needs quoted and reads back the same, formulas defused', () => {
    const rows = parseCsv(visitsToCsv([plain, tricky]));
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.length === VISIT_COLUMNS.length)).toBe(true);
    expect(rows[2]![1]).toBe('https://x.example/b?a=1,2');
    expect(rows[2]![2]).toBe(`'=HYPERLINK("http://evil.example","click"), "quoted"\r\nsecond line`);
  });

  it('prefixes every cell a spreadsheet would read as a formula', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(csvField(`${start}1+1`).replace(/^"/, '').startsWith(`'${start}`), JSON.stringify(start)).toBe(true);
    expect(csvField('-5 killed in storm')).toBe("'-5 killed in storm");
    expect(csvField('Plain title')).toBe('Plain title');
    expect(csvField(64)).toBe('64');
    expect(csvField(undefined)).toBe('');
    expect(csvField(false)).toBe('false');
  });
});

describe('visitsToJsonl', () => {
  it('writes one visit per line, keys in order, nothing else of the objects', () => {
    const leaky = { ...tricky, text: 'page text must not leak' } as SiteVisit;
    const lines = visitsToJsonl([plain, leaky]).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(JSON.parse(lines[0]!)).toEqual(plain);
    expect(Object.keys(JSON.parse(lines[0]!))).toEqual(['host', 'url', 'title', 'checkedAt', 'verdict', 'sourceId', 'sourceTitle', 'paraphraseScore', 'credited']);
    expect(JSON.parse(lines[1]!)).toEqual(tricky);
    expect(visitsToJsonl([])).toBe('');
  });

  it('escapes the line and paragraph separators', () => {
    const out = visitsToJsonl([{ ...plain, title: 'a\u2028b\u2029c' }]);
    expect(out).not.toMatch(/[\u2028\u2029]/);
    expect(JSON.parse(out).title).toBe('a\u2028b\u2029c');
  });
});
