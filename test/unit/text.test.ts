import { describe, expect, it } from 'vitest';
import { normalizeText, normalizeTypography } from '../../src/core/text/normalize';
import { displayWords, sentences, twoAsciiWords } from '../../src/core/text/segment';
import { words } from '../../src/core/text/tokens';
import { contentTerms } from '../../src/core/fingerprint/terms';
import { seedText } from './seeds';
import { readFileSync, readdirSync } from 'node:fs';

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

describe('space folding', () => {
  it('turns every run of spaces into one ASCII space, whatever the spaces', () => {
    const spaces = [' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u2009', '\u3000', ' \u00a0 ', '\u202f', '\u2028'];
    const words = ['a', 'Word', '“quoted”', '—', '3.5'];
    let seed = 7;
    const pick = <T,>(xs: readonly T[]) => xs[(seed = (seed * 1103515245 + 12345) >>> 0) % xs.length]!;
    for (let n = 0; n < 2_000; n++) {
      const parts = Array.from({ length: 1 + (n % 9) }, (_, i) => (i % 2 === 0 ? pick(words) : pick(spaces)));
      const text = (n % 3 === 0 ? pick(spaces) : '') + parts.join('') + (n % 4 === 0 ? pick(spaces) : '');
      const expected = text
        .replace(/[\u2018\u2019]/g, "'")
        .replace(/[\u201C\u201D]/g, '"')
        .replace(/\u2014/g, '-')
        .replace(/[\s\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+/g, ' ')
        .trim();
      expect(normalizeTypography(text), JSON.stringify(text)).toBe(expected);
    }
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

  it('says a text has two words only when Intl.Segmenter finds two word-like segments', () => {
    const segmenter = new Intl.Segmenter('en', { granularity: 'word' });
    const wordCount = (t: string) => [...segmenter.segment(t)].filter((w) => w.isWordLike).length;
    // Real text: every paragraph of the fixture pages' expected articles, whole and cut at
    // every 40th character, so short pieces (one word and a stray quote) are included.
    const dir = new URL('../fixtures/pages/', import.meta.url);
    const pieces: string[] = [];
    for (const name of readdirSync(dir).filter((d) => !d.includes('.'))) {
      const text = readFileSync(new URL(`${name}/expected.html`, dir), 'utf8').replace(/<[^>]*>/g, '\n');
      for (const p of text.split(/\n+/)) for (let i = 0; i < p.length; i += 40) pieces.push(p.slice(i, i + 12), p.slice(i, i + 3));
    }
    // Made-up text from the characters word boundaries treat specially: joiners, combining
    // marks, apostrophes and periods between letters, no-break and other spaces, CJK, Thai.
    const alphabet = ['a', 'Z', '7', ' ', '\t', '\n', '.', "'", '’', '_', '-', '\u00a0', '\u200d', '\u200b', '\ufeff', '\u0301', '\u2009', '我', 'ภ', '😀', '"', ','];
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) >>> 0) % alphabet.length;
    for (let n = 0; n < 20_000; n++) pieces.push(Array.from({ length: 1 + (n % 7) }, () => alphabet[next()]).join(''));
    let shortcuts = 0;
    for (const t of pieces) {
      if (!twoAsciiWords(t)) continue;
      shortcuts++;
      expect(wordCount(t), JSON.stringify(t)).toBeGreaterThanOrEqual(2);
    }
    expect(shortcuts).toBeGreaterThan(pieces.length / 10);
    expect(twoAsciiWords('U.S.')).toBe(false);
    expect(twoAsciiWords('a\u00a0b')).toBe(false);
    expect(twoAsciiWords('“ Yes ”')).toBe(false);
  });

  it('keeps paragraph breaks as sentence breaks', () => {
    expect(sentences('First line without a stop\n\nSecond paragraph here.')).toEqual(['First line without a stop', 'Second paragraph here.']);
  });
});
