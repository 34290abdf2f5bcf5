// "Copy as report" on the seed story: what the plain-text summary says, in what order, and
// that untrusted titles and links cannot break it.
import { describe, expect, it } from 'vitest';
import { matchPage } from '../../src/core/match/matcher';
import type { Comparison } from '../../src/messaging/protocol';
import { REPORT_SWAPS, buildReport, mostChanged } from '../../src/ui/compare/report';
import { realign } from '../../src/ui/compare/rows';
import { formatPublished } from '../../src/i18n/words';
import { seedCorpus, seedPage } from './seeds';

const PAGE_URL = 'https://gazette.example/world/russia-china';
const NOW = new Date(2024, 2, 5, 12, 0, 0);

function spunComparison(): Comparison {
  const page = { ...seedPage('001_2b3f9f2055e0df11.txt'), url: PAGE_URL };
  const corpus = seedCorpus('both');
  const result = matchPage(page, corpus);
  const source = corpus.find((a) => a.id === result.source?.id);
  if (!source) throw new Error('the spun seed page must match a source');
  return { page, source, result };
}

function report(c: Comparison = spunComparison()): string {
  return buildReport(c, realign(c).alignment, NOW);
}

describe('buildReport on the spun seed page', () => {
  const c = spunComparison();
  const text = report(c);
  const lines = text.split('\n');

  it('names the page and the AP original, with its date', () => {
    expect(lines).toContain(`- Page: “${c.page.title}” — ${PAGE_URL}`);
    // The seed corpus has no URL for the original: the report says so instead of a link.
    expect(lines).toContain(`- AP original: “Russia and China show off deepening ties amid maneuvering over Ukraine”, published ${formatPublished('2023-02-22')} — no link in your corpus`);
  });

  it('states the verdict and every score the page shows', () => {
    expect(lines[0]).toBe('# Wirecheck report: AP copy, rewritten');
    expect(text).toContain('- Verdict: AP copy, rewritten — This article follows an AP story sentence by sentence');
    expect(lines).toContain(`- Paraphrase score: ${c.result.paraphraseScore}/100 (0 = word for word, 100 = entirely reworded)`);
    expect(lines).toContain(`- Coverage: ${Math.round(c.result.coverage * 100)}% of the page derives from the AP original`);
    expect(lines).toContain(`- Source reuse: ${Math.round(c.result.sourceReuse * 100)}% of the AP original is reused`);
    expect(lines).toContain('- Shared quotes: 2 (shown apart, not counted)');
  });

  it('lists the top word swaps, most frequent first, and how many more there are', () => {
    const all = c.result.substitutions;
    expect(all.length).toBeGreaterThan(REPORT_SWAPS);
    expect(lines).toContain(`## Words swapped (${all.length} in all)`);
    const start = lines.indexOf(`## Words swapped (${all.length} in all)`) + 2;
    const swaps = lines.slice(start, start + REPORT_SWAPS + 1);
    expect(swaps[0]).toBe('- U.S. → United States (×4)');
    expect(swaps).toContain('- senior → sensible');
    expect(swaps.at(-1)).toBe(`- … and ${all.length - REPORT_SWAPS} more`);
  });

  it('quotes the three most changed narrative passages with their originals, never a quote', () => {
    const { alignment } = realign(c);
    const top = mostChanged(alignment);
    expect(top.map((p) => p.pageIndex)).toEqual([17, 16, 23]);
    expect(top.every((p) => !p.quote)).toBe(true);
    // Page sentences 6 and 25 are reworded quotes: aligned, but never among the passages.
    expect(alignment.pairs.filter((p) => p.quote).map((p) => p.pageIndex)).toEqual([6, 25]);
    const start = lines.indexOf('## Most changed passages') + 2;
    expect(lines.slice(start, start + 9)).toEqual(
      top.flatMap((p, i) => [
        `${i + 1}. reworded ${p.paraphraseScore}/100`,
        `   This page: ${p.pageSentence.replace(/\s+/g, ' ').trim()}`,
        `   AP original: ${p.sourceSentence.replace(/\s+/g, ' ').trim()}`,
      ]),
    );
    expect(lines[start + 9]).toBe('');
  });

  it('ends with the date of the check', () => {
    expect(lines.at(-2)).toBe(`Checked by Wirecheck on ${NOW.toLocaleDateString(undefined, { year: 'numeric', month: 'long', day: 'numeric' })}.`);
    expect(lines.at(-2)).toMatch(/2024/);
  });
});

describe('buildReport with untrusted fields', () => {
  it('links the original only over http(s) and keeps every field on one line', () => {
    const c = spunComparison();
    const hostile = report({
      ...c,
      page: { ...c.page, title: 'Two\nlines\n\n# injected heading' },
      source: { ...c.source, url: 'javascript:alert(1)' },
    });
    expect(hostile).not.toContain('javascript:');
    expect(hostile).toContain('no link in your corpus');
    expect(hostile).toContain('- Page: “Two lines # injected heading” — ');
    expect(hostile.split('\n').filter((l) => l.startsWith('# '))).toHaveLength(1);

    const linked = report({ ...c, source: { ...c.source, url: 'https://apnews.com/article/russia-china-ties' } });
    expect(linked).toContain('— https://apnews.com/article/russia-china-ties');
    expect(linked).not.toContain('no link in your corpus');
  });
});
