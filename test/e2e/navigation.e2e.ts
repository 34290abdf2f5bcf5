/**
 * Single-page sites: when a page swaps its article with history.pushState (no page load), the
 * tab's badge and popup must follow the new article.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { selectedBrowsers } from './helpers/browsers.ts';
import { AP_FULL_TITLE, SEED, corpusBothPath, readE2EFixture, readSeed } from './helpers/fixtures.ts';
import { useSuite } from './helpers/suite.ts';
import { SEL, openPopupUntil, verdictWords, waitForBadge } from './helpers/wirecheck.ts';

const POPUP_STATES = [SEL.verdict, SEL.stateNoSource, SEL.stateNotArticle] as const;

for (const { name, launch } of selectedBrowsers()) {
  describe(`SPA navigation: ${name}`, { timeout: 300_000 }, () => {
    const { s, server } = useSuite(name, launch, {
      articles: { unrelated: () => readE2EFixture('unrelated-library.txt'), 'spun-rewrite': () => readSeed(SEED.spunRewrite) },
      corpus: { files: [corpusBothPath()], count: 2 },
    });

    test('pushState to a rewritten AP story updates the badge and the popup', async () => {
      const { page, tabId } = await s().openUrl(server().spaUrl('unrelated'));
      const first = await openPopupUntil(s(), tabId, POPUP_STATES);
      assert.equal(first.found, SEL.stateNoSource, 'the first article has no source');
      await first.page.close();

      await page.evaluate(() => (window as unknown as { spaNavigate(name: string): void }).spaNavigate('spun-rewrite'));
      assert.equal(await page.evaluate(() => location.pathname), '/spa/spun-rewrite');
      await waitForBadge(s(), tabId);

      const second = await openPopupUntil(s(), tabId, [SEL.verdict]);
      assert.deepEqual(await verdictWords(second.page), ['rewritten']);
      assert.ok(((await second.page.text(SEL.sourceTitle)) ?? '').includes(AP_FULL_TITLE), "the source is the fuller AP story");
      await s().screenshot(second.page, 'popup-after-spa-navigation');
      await second.page.close();
      // The content script read both articles, and said nothing the page's scripts can hear
      // (WXT's start-up postMessage would tell them the extension's id).
      assert.deepEqual(await page.evaluate(() => (window as unknown as { spaMessages: string[] }).spaMessages), []);
    });
  });
}
