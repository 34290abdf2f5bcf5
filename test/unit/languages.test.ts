// Detection beyond English: Latin-script languages work like English; Chinese and Japanese
// pages are matched on characters and bigrams and never produce nonsense verdicts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MemoryCorpus } from '../../src/core/corpus/memory';
import type { Article } from '../../src/core/types';
import { extractFromHtml } from '../../src/extraction/node';
import { seedCorpus, seedPage } from './seeds';

function fixtureArticle(name: string): Article & { lang?: string } {
  const html = readFileSync(new URL(`../fixtures/pages/${name}/source.html`, import.meta.url), 'utf8');
  const a = extractFromHtml(html);
  if (!a) throw new Error(`no article in ${name}`);
  return { id: name, title: a.title, url: '', published: '', text: a.text, lang: a.lang };
}

/** Drops every third paragraph: a lighter copy of the same story. */
function trimmed(text: string): string {
  return text
    .split('\n\n')
    .filter((_, i) => i % 3 !== 2)
    .join('\n\n');
}

const french = fixtureArticle('lemonde-1');
const german = fixtureArticle('heise');
const chinese = fixtureArticle('qq');
const japanese = fixtureArticle('yahoo-4');
const corpus = new MemoryCorpus([french, german, chinese, ...seedCorpus('both')]);

describe('languages', () => {
  it.each([
    ['French', french],
    ['German', german],
    ['Chinese', chinese],
  ])('finds a %s copy of a %s original', async (_lang, original) => {
    const r = await corpus.check({ title: original.title, text: original.text, lang: original.lang });
    expect(r.source?.id).toBe(original.id);
    expect(r.verdict).toBe('verbatim');
  });

  it('calls a French copy with a third of its paragraphs cut partial or verbatim, never rewritten', async () => {
    const r = await corpus.check({ title: french.title, text: trimmed(french.text), lang: 'fr' });
    expect(r.source?.id).toBe(french.id);
    expect(['verbatim', 'partial']).toContain(r.verdict);
  });

  it('finds a Chinese copy with its paragraphs reordered', async () => {
    const paragraphs = chinese.text.split('\n\n');
    const r = await corpus.check({ title: chinese.title, text: [...paragraphs.slice(2), ...paragraphs.slice(0, 2)].join('\n\n'), lang: 'zh' });
    expect(r.source?.id).toBe(chinese.id);
    expect(['verbatim', 'edited']).toContain(r.verdict);
  });

  it('finds no source for a Japanese page, or for English and Chinese pages against each other', async () => {
    const ja = await corpus.check({ title: japanese.title, text: japanese.text, lang: 'ja' });
    expect(ja).toMatchObject({ verdict: 'none', source: null });
    const zhOnly = new MemoryCorpus([chinese]);
    expect((await zhOnly.check(seedPage('001_2b3f9f2055e0df11.txt'))).verdict).toBe('none');
    const enOnly = new MemoryCorpus(seedCorpus('both'));
    expect((await enOnly.check({ title: chinese.title, text: chinese.text, lang: 'zh' })).verdict).toBe('none');
  });

  it('survives pages of punctuation, emoji, mixed scripts and no words at all', async () => {
    for (const text of ['', '。。。！！！', '🙂🙃🙂 '.repeat(500), 'ABC公司在北京。 Ça va? 123 456.', '\u0000\uFFFF\uD800'.repeat(50)]) {
      const r = await corpus.check({ title: '', text });
      expect(r.verdict).toBe('none');
    }
  });
});
