/**
 * Credit to AP (src/core/sites/credit.ts): agreement with the hand labels of the 30 fixture
 * pages and the 5 seed texts (test/fixtures/credit-labels.json, bench/credit.ts measures the
 * same), then hard cases of each kind: the forms a credit takes, and AP named for something
 * else (a quote's attribution, a photo, a story about AP, AP as another word).
 */
import { describe, expect, it } from 'vitest';
import { detectCredit } from '../../src/core/sites/credit';
import { creditLabels, labelledPage } from './sites-credit-labels';

const BODY = [
  'The city council approved a new budget on Tuesday after a long debate over school funding.',
  'The plan raises spending on roads by 4% and sets aside money for a new library branch.',
  'Council members said they expected the mayor to sign it by the end of the week.',
  'Opponents said the plan relied on optimistic forecasts of sales-tax revenue.',
  'A public hearing on the library site is scheduled for next month.',
  'The budget takes effect on July 1.',
  'Officials said the city’s reserves would remain above the level its charter requires.',
  'Residents can read the full plan on the city’s website.',
  'The vote was 7 to 2.',
  'The mayor’s office did not respond to a request for comment.',
].join('\n\n');

const page = (text: string, extra: { byline?: string; title?: string } = {}) => detectCredit({ text, ...extra });
const withLast = (line: string) => page(`${BODY}\n\n${line}`);
const withFirst = (line: string) => page(`${line}\n\n${BODY}`);
const inMiddle = (paragraph: string) => {
  const parts = BODY.split('\n\n');
  return page([...parts.slice(0, 9), paragraph, ...parts.slice(9), ...parts].join('\n\n'));
};

describe('detectCredit on the hand-labelled pages', () => {
  it('has the 35 labels: 30 fixture pages and 5 seed texts', () => {
    expect(creditLabels.filter((l) => l.id.startsWith('page:'))).toHaveLength(30);
    expect(creditLabels.filter((l) => l.id.startsWith('seed:'))).toHaveLength(5);
  });

  for (const label of creditLabels) {
    it(`${label.id}: ${label.credited ? `credited (${label.signal})` : 'not credited'}`, () => {
      expect(detectCredit(labelledPage(label))).toEqual(label.credited ? { credited: true, signal: label.signal } : { credited: false });
    });
  }
});

describe('detectCredit: credits', () => {
  it('reads a byline that names AP, from Readability or from the text', () => {
    for (const byline of ['By Jane Doe, Associated Press', 'Jane Doe | AP', 'The Associated Press', 'By JANE DOE, ASSOCIATED PRESS', 'Jane Doe, Associated Press Writer', 'AP']) {
      expect(page(BODY, { byline }), byline).toEqual({ credited: true, signal: 'byline' });
    }
    expect(withFirst('By JIM HEINTZ and HUIZHONG WU Associated Press')).toEqual({ credited: true, signal: 'byline' });
    expect(withFirst('By Jane Doe, AP')).toEqual({ credited: true, signal: 'byline' });
    expect(withLast('The Associated Press')).toEqual({ credited: true, signal: 'byline' });
    expect(withFirst('Jane Doe, The Associated Press')).toEqual({ credited: true, signal: 'byline' });
  });

  it('reads datelines', () => {
    for (const dateline of ['WASHINGTON (AP) —', 'KYIV, Ukraine (AP) --', 'ST. LOUIS (AP) -', 'Washington (AP) —', '(AP) —', 'UNITED NATIONS (The Associated Press) —']) {
      expect(withFirst(`${dateline} The Senate passed the bill on Friday.`), dateline).toEqual({ credited: true, signal: 'dateline' });
    }
  });

  it('reads contribution lines', () => {
    for (const line of [
      'The Associated Press contributed to this report.',
      'Associated Press writers Jane Doe in Paris and John Roe in Berlin contributed to this report.',
      'AP writer Jane Doe contributed.',
      'Information from The Associated Press was used in this report.',
      'This story includes reporting from The Associated Press.',
      'With files from The Associated Press',
      'Contributing: The Associated Press',
      'Material from the Associated Press was used in this report.',
    ]) {
      expect(withLast(line), line).toEqual({ credited: true, signal: 'contributed' });
    }
  });

  it('reads source and copyright lines', () => {
    for (const line of ['Source: AP', 'Source: Associated Press', 'Sources: Reuters, AP', 'Source: Reuters and The Associated Press', '© 2026 The Associated Press. All rights reserved.', 'Copyright 2026 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.']) {
      expect(withLast(line), line).toEqual({ credited: true, signal: 'source-line' });
    }
    expect(page(`${BODY} — AP`)).toEqual({ credited: true, signal: 'source-line' });
  });

  it('reports the strongest signal', () => {
    expect(page(`WASHINGTON (AP) — ${BODY}\n\nThe Associated Press contributed to this report.`, { byline: 'By Jane Doe, Associated Press' })).toEqual({ credited: true, signal: 'byline' });
    expect(page(`WASHINGTON (AP) — ${BODY}\n\nThe Associated Press contributed to this report.`)).toEqual({ credited: true, signal: 'dateline' });
  });
});

describe('detectCredit: AP named for something else', () => {
  it('does not take a quote’s attribution or AP’s reporting for a credit of the story', () => {
    for (const line of [
      '“We will not back down,” the minister told The Associated Press.',
      'Stoltenberg also told The Associated Press in Warsaw, Poland:',
      'Records obtained by The Associated Press show the contract was signed in March.',
      'An investigation by The Associated Press found 40 similar cases.',
      'A poll by The Associated Press-NORC Center for Public Affairs Research found most adults agree.',
      'According to an AP tally, at least 12 people died.',
      'The information was shared with The Associated Press by two officials.',
      'Officials said they contributed to the investigation, an official told The Associated Press.',
    ]) {
      expect(withLast(line), line).toEqual({ credited: false });
      expect(inMiddle(line), line).toEqual({ credited: false });
    }
  });

  it('does not take a photo credit for a credit of the story', () => {
    for (const line of ['(AP Photo/Evan Vucci)', 'Workers remove a sign in Prague in 1989. (AP)', '(John Minchillo / AP)', 'Evan Vucci / AP', 'Photo: AP', 'AP Photo', 'Source: AP Photo']) {
      expect(withFirst(line), line).toEqual({ credited: false });
    }
    expect(page(BODY, { byline: 'Photos by Evan Vucci, AP Photo' })).toEqual({ credited: false });
  });

  it('does not take AP as another word for AP the agency', () => {
    for (const line of ['Source: AP exams board', 'Source: AP Calculus scores, College Board', 'Students took AP exams in May.', 'The AP Stylebook now accepts “they” as singular.', 'The team is ranked third in the AP Top 25.', 'Source: APNewsroom', 'Source: "AP"-style guide']) {
      expect(withLast(line), line).toEqual({ credited: false });
    }
    expect(page(BODY, { byline: 'AP Dhillon' })).toEqual({ credited: false });
  });

  it('does not take a story about AP for AP’s story', () => {
    const about = 'The Associated Press said on Tuesday it would cut 8% of its staff, its chief executive wrote in a memo to employees.';
    expect(withFirst(about)).toEqual({ credited: false });
    expect(page(`${about}\n\nThe Associated Press\n\n${BODY}`, { title: 'The Associated Press to cut 8% of staff' })).toEqual({ credited: false });
    expect(page(`${about}\n\nThe Associated Press\n\n${BODY}`, { title: 'A budget for the city' })).toEqual({ credited: true, signal: 'byline' });
  });

  it('reads credit lines only at the story’s edges, and only short ones', () => {
    expect(inMiddle('The Associated Press contributed to this report.')).toEqual({ credited: false });
    expect(inMiddle('WASHINGTON (AP) — The Senate passed the bill.')).toEqual({ credited: false });
    expect(withLast(`${'A long paragraph of reporting. '.repeat(20)}Source: AP`)).toEqual({ credited: false });
  });

  it('finds nothing in a page without AP, or an empty one', () => {
    expect(page(BODY)).toEqual({ credited: false });
    expect(page('')).toEqual({ credited: false });
    expect(page(BODY, { byline: '' })).toEqual({ credited: false });
  });

  it('stays fast on hostile text', () => {
    const start = performance.now();
    page(`${'Source: '.repeat(5000)}${' and'.repeat(20000)} A,`.repeat(3), { byline: 'By '.repeat(10000) });
    page(`By ${'A '.repeat(50000)}`);
    page(`${'X and '.repeat(30)}AP\n`.repeat(2000));
    expect(performance.now() - start).toBeLessThan(2000);
  });
});
