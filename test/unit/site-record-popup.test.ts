// The popup's "On this site" line (src/ui/popup/SiteLine.tsx): the counts in words with their
// plurals, the link to every site, and nothing at all while the record is off, on a site
// with no article recorded, or when the background cannot answer.
import { h } from 'preact';
import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/core/sites/summary';
import type { SiteSummary } from '../../src/core/sites/types';
import type { TabState } from '../../src/messaging/protocol';
import type { SiteForTab, SitesApi } from '../../src/messaging/sites';
import { SiteLine, siteSentence } from '../../src/ui/popup/SiteLine';
import { mount, waitFor } from './preact-dom';

const STATE: TabState = { status: 'not-article', url: 'https://courier.example/' };
const summary = (articles: number, apCopy: number, uncreditedRewrites: number): SiteSummary => ({ ...summarize('courier.example', []), articles, apCopy, uncreditedRewrites });

function line(answer: () => Promise<SiteForTab>, state: TabState = STATE): { root: HTMLElement; asked: number[] } {
  const asked: number[] = [];
  const sites = { forTab: (tabId: number) => (asked.push(tabId), answer()) } as unknown as SitesApi;
  const root = mount(h(SiteLine, { tabId: 7, state, optionsUrl: 'chrome-extension://x/options.html', sites }));
  return { root, asked };
}
const settle = (ms = 30) => new Promise((r) => setTimeout(r, ms));
// Without requestAnimationFrame, Preact runs effects 100 ms after a render: wait for the
// question to be asked (or for that delay to pass), then for its answer to be shown.
async function askedOnce(asked: readonly number[]): Promise<void> {
  for (let i = 0; i < 400 && asked.length === 0; i++) await settle(5);
  await settle();
}
const NO_LINE: ReadonlyArray<[string, () => Promise<SiteForTab>]> = [
  ['the record is off', async () => null],
  ['the site has no article recorded', async () => ({ summary: summary(0, 0, 0), recording: true })],
  ['the background cannot answer', () => Promise.reject(new Error('no background'))],
];

describe('the popup’s line about the site', () => {
  it('says how many of the site’s articles were AP copy, and links to every site', async () => {
    const { root, asked } = line(async () => ({ summary: summary(15, 12, 9), recording: true }));
    const el = await waitFor(root, '[data-testid="site-line"]');
    expect(el.textContent).toBe('On this site: 12 of the 15 articles you read were AP copy (9 rewritten without credit) See all sites');
    expect(el.getAttribute('data-articles')).toBe('15');
    expect(el.querySelector('a')?.getAttribute('href')).toBe('chrome-extension://x/options.html#sites');
    expect(asked).toEqual([7]);
  });

  it.each([
    [summary(1, 1, 0), 'the one article you read was AP copy'],
    [summary(1, 0, 0), 'the one article you read was not AP copy'],
    [summary(2, 1, 1), '1 of the 2 articles you read was AP copy (1 rewritten without credit)'],
    [summary(1_250, 0, 0), '0 of the 1,250 articles you read were AP copy'],
  ])('counts in words: %j', (s, words) => {
    expect(siteSentence(s)).toBe(words);
  });

  it.each(NO_LINE)('shows nothing when %s', async (_, answer) => {
    const { root, asked } = line(answer);
    await askedOnce(asked);
    expect(asked).toEqual([7]);
    expect(root.querySelector('[data-testid="site-line"]')).toBeNull();
  });

  it('waits for the tab’s check to end before asking', async () => {
    const { asked } = line(async () => null, { status: 'checking', url: 'https://courier.example/a', title: '' });
    await settle(150);
    expect(asked).toEqual([]);
  });
});
