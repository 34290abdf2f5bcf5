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
  ])('refuses %s: %s', (input, problem) => {
    const r = readDate(input);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problem).toContain(problem);
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
