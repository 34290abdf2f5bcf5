/**
 * The popup's actions, in each browser: "This looks wrong" (the match is suppressed on that
 * URL and the next best source takes its place), "Add page to corpus as an original" (the page
 * then matches itself), and the highlight toggle's state.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { axeViolations, describeViolations } from './helpers/axe.ts';
import { selectedBrowsers } from './helpers/browsers.ts';
import { AP_SHORT_TITLE, SEED, corpusBothPath, readE2EFixture, readSeed } from './helpers/fixtures.ts';
import { useSuite } from './helpers/suite.ts';
import { SEL, badgeText, openPopupUntil, verdictWords, waitForBadge } from './helpers/wirecheck.ts';
import { poll } from './helpers/common.ts';

const POPUP_STATES = [SEL.verdict, SEL.stateNoSource, SEL.stateNotArticle] as const;

for (const { name, launch } of selectedBrowsers()) {
  describe(`popup actions: ${name}`, { timeout: 300_000 }, () => {
    const { s, server } = useSuite(name, launch, {
      articles: { spun: () => readSeed(SEED.spunRewrite), local: () => readE2EFixture('unrelated-library.txt') },
      corpus: { files: [corpusBothPath()] },
    });

    test('"This looks wrong" replaces the match with the next best source, on that URL only', async () => {
      const { tabId } = await s().openUrl(server().articleUrl('spun'));
      assert.equal(await waitForBadge(s(), tabId), 'RW');
      const { page: popup } = await openPopupUntil(s(), tabId, POPUP_STATES);
      assert.deepEqual(await verdictWords(popup), ['rewritten']);
      const violations = await axeViolations(popup);
      assert.deepEqual(violations, [], describeViolations(violations));
      await popup.click('[data-testid=report-wrong]');
      // The other version of the story is named instead: a shorter telling of the same story, so
      // the page is a rewrite of it (the seed contract allows "rewritten" or "partial").
      await popup.waitForText(SEL.sourceTitle, AP_SHORT_TITLE);
      const [verdict] = await verdictWords(popup);
      assert.ok(verdict === 'rewritten' || verdict === 'partial', `verdict ${verdict}`);
      const badge = verdict === 'rewritten' ? 'RW' : 'PART';
      await poll(async () => ((await badgeText(s(), tabId)) === badge ? true : undefined), { timeout: 10_000, interval: 200, describe: () => `badge ${badge}` });
      await popup.close();
    });

    test('"Add page to corpus as an original" makes a page without a source match itself', async () => {
      const { tabId } = await s().openUrl(server().articleUrl('local'));
      const { page: popup, found } = await openPopupUntil(s(), tabId, POPUP_STATES);
      assert.equal(found, SEL.stateNoSource);
      await popup.click('[data-testid=add-page]');
      await popup.waitFor(SEL.verdict, { timeout: 15_000 });
      assert.deepEqual(await verdictWords(popup), ['verbatim']);
      assert.equal(await waitForBadge(s(), tabId), 'AP');
      await popup.close();
    });

    test('the highlight button says whether highlights are on', async () => {
      const { tabId } = await s().openUrl(server().articleUrl('spun'));
      await waitForBadge(s(), tabId);
      const { page: popup } = await openPopupUntil(s(), tabId, POPUP_STATES);
      assert.equal(await popup.attribute('[data-testid=toggle-highlights]', 'aria-pressed'), 'false');
      await popup.click('[data-testid=toggle-highlights]');
      await poll(async () => ((await popup.attribute('[data-testid=toggle-highlights]', 'aria-pressed')) === 'true' ? true : undefined), {
        timeout: 5_000,
        interval: 100,
        describe: () => 'aria-pressed=true',
      });
      await popup.close();
    });
  });
}
