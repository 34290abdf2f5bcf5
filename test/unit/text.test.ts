import { describe, expect, it } from 'vitest';
import { normalizeText, normalizeTypography } from '../../src/core/text/normalize';
import { displayWords, sentences } from '../../src/core/text/segment';
import { words } from '../../src/core/text/tokens';
import { contentTerms } from '../../src/core/fingerprint/terms';
import { seedText } from './seeds';

describe('normalisation', () => {
  it('folds quotes, dashes, spaces, ligatures and full-width forms', () => {
    expect(normalizeTypography('“Don’t” — said\u00A0the ﬁrm\u200B’s ＡＢＣ')).toBe('"Don\'t" - said the firm\'s ABC');
    expect(normalizeText('“No Limits”')).toBe('"no limits"');
  });

  it('uses the language for case folding and survives a bogus language tag', () => {
    expect(normalizeText('İSTANBUL', 'tr')).toBe('istanbul');
    expect(normalizeText('ABC', 'not a tag!!')).toBe('abc');
  });
});

describe('segmentation', () => {
  it('tokenizes the same way in every engine, dropping punctuation', () => {
    expect(words('U.S. officials’ “no limits” 11th-hour, 3.5% of $1,000, don’t')).toEqual(['u.s', 'officials', 'no', 'limits', '11th', 'hour', '3.5', 'of', '1,000', "don't"]);
    expect(words('Ça dépend — « Müller » naïve')).toEqual(['ça', 'dépend', 'müller', 'naïve']);
  });

  it('gives one token per CJK character and pairs them into bigram terms', () => {
    expect(words('我们去北京。ABC公司')).toEqual(['我', '们', '去', '北', '京', 'abc', '公', '司']);
    expect(contentTerms(words('我们去北京'))).toEqual(['我们', '们去', '去北', '北京']);
  });

  it('segments Chinese and Japanese sentences and display words with Intl.Segmenter', () => {
    expect(displayWords('我们今天去北京。', 'zh')).toEqual(['我们', '今天', '去', '北京']);
    expect(sentences('我们今天去北京。日本語のテキストです。明天下雨吗？', 'zh')).toEqual(['我们今天去北京。', '日本語のテキストです。', '明天下雨吗？']);
  });

  it('does not break sentences after U.S. or Gov.', () => {
    const s = sentences('The rapprochement has worried the West, leading U.S. Secretary of State Antony Blinken to warn. Then Luhansk Gov. Serhii Haidai said so.');
    expect(s).toEqual(['The rapprochement has worried the West, leading U.S. Secretary of State Antony Blinken to warn.', 'Then Luhansk Gov. Serhii Haidai said so.']);
  });

  it('finds the 25 sentences of the short AP story (headline included)', () => {
    expect(sentences(seedText('002_2af652c4d04ee126.txt'))).toHaveLength(25);
  });

  it('keeps paragraph breaks as sentence breaks', () => {
    expect(sentences('First line without a stop\n\nSecond paragraph here.')).toEqual(['First line without a stop', 'Second paragraph here.']);
  });
});
