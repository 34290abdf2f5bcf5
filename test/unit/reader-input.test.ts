// Input a reader has: dates as feeds, spreadsheets and pages write them; texts without a headline line.
import { describe, expect, it } from 'vitest';
import { readDate } from '../../src/core/corpus/dates';
import { splitHeadline, titleFromText } from '../../src/core/corpus/headline';
import { MemoryCorpus } from '../../src/core/corpus/memory';
import { textPage } from '../../src/cli/inputs';
import { seedCorpus, seedPage } from './seeds';

describe('readDate', () => {
  it.each([
    ['2023-02-22', '2023-02-22'],
    ['2024-05-01T14:30:00.123+02:00', '2024-05-01T14:30:00.123+02:00'],
    ['2021-11-01T10:52:50+0100', '2021-11-01T10:52:50+0100'],
    ['Wed, 22 Feb 2023 14:30:00 +0000', '2023-02-22T14:30:00Z'],
    ['Wed, 22 Feb 2023 09:30:00 EST', '2023-02-22T14:30:00Z'],
    ['22 Feb 2023 14:30 GMT', '2023-02-22T14:30:00Z'],
    ['Tue, 21 Feb 2023 23:30:00 -0500', '2023-02-22T04:30:00Z'],
    ['02/22/2023', '2023-02-22'],
    ['2/3/2023', '2023-02-03'],
    ['02/22/2023 2:30 PM', '2023-02-22T14:30:00'],
    ['02/22/2023 12:05 a.m.', '2023-02-22T00:05:00'],
    ['February 22, 2023', '2023-02-22'],
    ['Feb. 22, 2023 at 9:05 a.m.', '2023-02-22T09:05:00'],
    ['Sept. 1, 2024', '2024-09-01'],
    ['  ', ''],
    // Every four-digit year is itself (Date.UTC alone would read 0050 as 1950), year 0 a leap year.
    ['1 Jan 0050 10:00 +0100', '0050-01-01T09:00:00Z'],
    ['01/01/0050 10:00 EST', '0050-01-01T15:00:00Z'],
    ['0099-12-31 23:00 -0200', '0100-01-01T01:00:00Z'],
    ['0000-02-29', '0000-02-29'],
    ['0000-02-29 12:00 GMT', '0000-02-29T12:00:00Z'],
    // The widest zones in use.
    ['2024-01-01T10:00+14:00', '2024-01-01T10:00+14:00'],
    ['Mon, 1 Jan 2024 10:00 -1200', '2024-01-01T22:00:00Z'],
  ])('reads %s as %s', (input, iso) => expect(readDate(input)).toEqual({ ok: true, iso }));

  it.each([
    ['2023-02-30', 'is not a real day (feb 2023 has 28 days)'],
    ['02/30/2023', 'is not a real day'],
    ['13/01/2024', 'has no month 13'],
    ['2024-05-01T25:00:00Z', 'is not a real time of day'],
    ['02/22/2023 13:30 PM', 'has no hour 13 PM'],
    ['Wed, 30 Feb 2023 10:00:00 GMT', 'is not a real day'],
    ['yesterday', 'is not a date Wirecheck can read'],
    ['2023-2', 'is not a date Wirecheck can read'],
    ['0100-02-29', 'is not a real day (feb 0100 has 28 days)'],
    ['2024-01-01 10:00 +9999', 'has no time zone +9999 (offsets run from -14:00 to +14:00)'],
    ['Mon, 1 Jan 2024 10:00 -9959', 'has no time zone -9959'],
    ['2024-01-01T10:00+2400', 'has no time zone +2400'],
    ['2024-01-01T10:00+14:01', 'has no time zone +14:01'],
    ['01/01/2024 10:00 +0075', 'has no time zone +0075'],
    // What would convert to a year ISO 8601 writes only in expanded form ("+010000-…").
    ['Fri, 31 Dec 9999 23:30:00 -0100', 'falls in the year 10000 in UTC, outside 0000–9999'],
    ['9999-12-31T23:30:00-01:00', 'falls in the year 10000 in UTC'],
    ['0000-01-01T00:30+01:00', 'falls in the year -1 in UTC'],
  ])('refuses %s: %s', (input, problem) => {
    const r = readDate(input);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problem).toContain(problem);
  });

  it('writes back every date it reads as a date that reads as itself', () => {
    for (const value of ['Fri, 31 Dec 9999 22:30:00 -0100', 'Sat, 1 Jan 0000 00:30:00 -0100', '12/31/9999 11:59 PM +1400', '0001-01-01T00:00:00Z']) {
      const r = readDate(value);
      expect(r.ok, value).toBe(true);
      if (r.ok) expect(readDate(r.iso), value).toEqual(r);
    }
  });
});

describe('splitHeadline', () => {
  it('takes a short first line without a final period as the headline', () => {
    expect(splitHeadline('Russia, China show off ties\n\nMOSCOW (AP) — China’s top diplomat met.')).toEqual({ title: 'Russia, China show off ties', text: 'MOSCOW (AP) — China’s top diplomat met.' });
  });
  it('keeps a one-paragraph text whole, with no title', () => {
    expect(splitHeadline('\n  China’s top diplomat met Putin in Moscow on Wednesday.  \n')).toEqual({ title: '', text: 'China’s top diplomat met Putin in Moscow on Wednesday.' });
  });
  it('does not take a first sentence for a headline', () => {
    const text = 'China’s top diplomat met Putin in Moscow on Wednesday.\nThe talks lasted two hours.';
    expect(splitHeadline(text)).toEqual({ title: '', text });
  });
  it('keeps a headline that ends in an abbreviation or a question mark', () => {
    expect(splitHeadline('Storm heads for U.S.\nIt will land Monday.').title).toBe('Storm heads for U.S.');
    expect(splitHeadline('What happens next?\nNobody knows.').title).toBe('What happens next?');
  });
  it('titles a headline-less story by its first sentence, cut near 100 characters', () => {
    expect(titleFromText('One. Two.')).toBe('One.');
    expect(titleFromText(`${'word '.repeat(40)}end.`).length).toBeLessThanOrEqual(101);
    expect(titleFromText(`${'word '.repeat(40)}end.`).endsWith('…')).toBe(true);
  });
});

describe('checking a text without a headline line', () => {
  it('checks the seed spun copy pasted as body text only, and finds its source', async () => {
    const page = seedPage('001_2b3f9f2055e0df11.txt');
    const body = textPage(page.text.split('\n\n').slice(0, 12).join('\n\n'));
    expect(body.title).toBe('');
    const r = await new MemoryCorpus(seedCorpus('both')).check(body);
    expect(r.source?.id).toMatch(/^ap-ties-/);
    expect(['rewritten', 'edited']).toContain(r.verdict);
  });
  it('checks a single paragraph', async () => {
    const page = seedPage('004_017aadd92dbe6fea.txt');
    const para = page.text.split('\n\n').filter((p) => p.split(' ').length > 25).slice(0, 3).join(' ');
    const r = await new MemoryCorpus(seedCorpus('both')).check(textPage(para));
    expect(r.source?.id).toMatch(/^ap-ties-/);
    expect(r.verdict).not.toBe('none');
  });
});
