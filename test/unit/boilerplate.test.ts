import { describe, expect, it } from 'vitest';
import { MemoryCorpus } from '../../src/core/corpus/memory';
import { isBoilerplate, withoutDateline } from '../../src/core/match/boilerplate';
import { seedCorpus, seedPage } from './seeds';

describe('publisher boilerplate', () => {
  it.each([
    'Copyright 2026 The Associated Press. All rights reserved.',
    '© 2026 Example Media',
    'Related: Putin suspends treaty',
    'Sign up for our daily newsletter to get the latest updates.',
    'Leave a Comment',
    'Your email address will not be published. Required fields are marked *',
    'Follow the AP’s coverage of Russia’s war in Ukraine at',
    'Feb. 21, 2023',
    'The Associated Press',
    'By JIM HEINTZ and DASHA LITVINOVA Associated Press',
    'Wang Yi, left, greets Vladimir Putin. (AP Photo/Anton Novoderezhkin, Pool)',
  ])('recognises %j', (line) => {
    expect(isBoilerplate(line)).toBe(true);
  });

  it.each([
    'Russia and China showcased their deepening ties Wednesday in a series of meetings in Moscow.',
    'The Associated Press reported that the talks had ended without agreement.',
    'By Wednesday evening the delegation had left Moscow for Beijing.',
    'Related talks are expected next month in Beijing, officials said.',
  ])('keeps story text %j', (line) => {
    expect(isBoilerplate(line)).toBe(false);
  });

  it('strips datelines but not the sentence', () => {
    expect(withoutDateline('MOSCOW (AP) — Russia and China showcased their ties.')).toBe('Russia and China showcased their ties.');
    expect(withoutDateline('WASHINGTON, D.C. (AP) - Officials said.')).toBe('Officials said.');
    expect(withoutDateline('In MOSCOW (AP) talks went on.')).toBe('In MOSCOW (AP) talks went on.');
  });

  it('does not let a comment form or copyright lines dilute a verbatim copy', async () => {
    const corpus = new MemoryCorpus(seedCorpus('both'));
    const page = seedPage('004_017aadd92dbe6fea.txt');
    const furniture = ['Copyright 2026 The Associated Press. All rights reserved.', 'Leave a Comment', 'Your email address will not be published. Required fields are marked *', 'Sign up for our newsletter to get the latest updates.'];
    const plain = await corpus.check(page);
    const wrapped = await corpus.check({ ...page, text: `${page.text}\n\n${furniture.join('\n\n')}` });
    expect(wrapped.verdict).toBe('verbatim');
    expect(wrapped.coverage).toBe(plain.coverage);
  });
});
