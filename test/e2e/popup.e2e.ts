/**
 * The popup's actions, in each browser: "This looks wrong" (the match is suppressed on that
 * URL and the next best source takes its place), "Add page to corpus as an original" (the page
 * then matches itself), and the highlight toggle's state. And its layout at a popup's size:
 * the verdict, the source and the score show without scrolling, the evidence is one click away,
 * and word swaps are spelled as the page and the source wrote them.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { axeViolations, describeViolations } from './helpers/axe.ts';
import { selectedBrowsers } from './helpers/browsers.ts';
import { AP_SHORT_TITLE, SEED, corpusBothPath, readE2EFixture, readSeed } from './helpers/fixtures.ts';
import { useSuite } from './helpers/suite.ts';
import { SEL, badgeText, openPopupUntil, verdictWords, waitForBadge } from './helpers/wirecheck.ts';
import { poll } from './helpers/common.ts';
import type { E2EPage } from './helpers/types.ts';

const POPUP_STATES = [SEL.verdict, SEL.stateNoSource, SEL.stateNotArticle] as const;

/** A toolbar popup's size: Chromium allows at most 800 × 600; the popup is 360 px wide. */
const POPUP_VIEWPORT = { width: 380, height: 600 };

/** Resizes the page's viewport through the driver (Playwright or Puppeteer) and checks it took. */
async function setViewport(page: E2EPage, size: { width: number; height: number }): Promise<void> {
  const raw = page.raw as {
    setViewportSize?: (s: { width: number; height: number }) => Promise<void>;
    setViewport?: (v: { width: number; height: number }) => Promise<void>;
  };
  if (raw.setViewportSize) await raw.setViewportSize(size);
  else if (raw.setViewport) await raw.setViewport(size);
  else throw new Error('the driver cannot resize the viewport');
  const seen = await page.evaluate(() => ({ width: innerWidth, height: innerHeight }));
  assert.deepEqual(seen, size, 'viewport resized');
}

/** Each selector's first element: inside the viewport, unscrolled, and rendered (not folded away). */
async function placement(page: E2EPage, selectors: readonly string[]) {
  return page.evaluate(
    (sels: readonly string[]) =>
      sels.map((sel) => {
        const el = document.querySelector(sel);
        if (!el) return { sel, found: false, inView: false, rendered: false, rect: null };
        const r = el.getBoundingClientRect();
        const inView = r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth;
        const rendered = (el as Element & { checkVisibility?: () => boolean }).checkVisibility?.() ?? true;
        return { sel, found: true, inView: inView && scrollY === 0, rendered, rect: { top: r.top, bottom: r.bottom, left: r.left, right: r.right } };
      }),
    selectors,
  );
}

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

    test('at the popup size the verdict, the source and the score show without scrolling; swaps keep the page spelling', async () => {
      const { tabId } = await s().openUrl(server().articleUrl('spun'));
      await waitForBadge(s(), tabId);
      const { page: popup } = await openPopupUntil(s(), tabId, POPUP_STATES);
      await setViewport(popup, POPUP_VIEWPORT);
      await popup.waitFor(SEL.verdict);
      const upFront = [SEL.verdict, SEL.sourceTitle, SEL.paraphraseScore, '[data-testid=paraphrase-gauge]'];
      for (const p of await placement(popup, upFront)) {
        assert.ok(p.found && p.inView && p.rendered, `${p.sel} visible without scrolling at ${POPUP_VIEWPORT.width}×${POPUP_VIEWPORT.height}: ${JSON.stringify(p)}`);
      }
      // The gauge is a meter a screen reader can read, with the score shown beside it.
      const score = (await popup.text(SEL.paraphraseScore)) ?? '';
      assert.match(score, /^\d+$/);
      assert.equal(await popup.attribute('[data-testid=paraphrase-gauge]', 'role'), 'meter');
      assert.equal(await popup.attribute('[data-testid=paraphrase-gauge]', 'aria-valuenow'), score);
      // The verdict is said in words, with its shape beside it.
      assert.ok(((await popup.text(SEL.verdict)) ?? '').length > 3, 'the verdict in words');
      assert.equal(await popup.attribute(`${SEL.verdict} svg`, 'data-shape'), 'rewritten');

      // The evidence is folded below, one click away: the swaps open with their summary.
      assert.equal((await placement(popup, ['[data-testid=substitutions]']))[0]!.rendered, false, 'swaps folded at first');
      await popup.click('[data-testid=fold-swaps] > summary');
      await poll(async () => ((await placement(popup, ['[data-testid=substitutions]']))[0]!.rendered ? true : undefined), {
        timeout: 5_000,
        interval: 100,
        describe: () => 'the word swaps shown after one click',
      });
      // Words as the texts wrote them: "U.S." in the AP original, capitals in the page.
      const swaps = await popup.texts('[data-testid=substitutions] li');
      assert.ok(swaps.some((w) => /^U\.S\.\s*→\s*United States\s*×\d+$/.test(w)), `a swap "U.S. → United States ×n" in ${JSON.stringify(swaps)}`);
      assert.ok(!swaps.some((w) => /\bu\.s\b/.test(w)), `no normalised "u.s" in ${JSON.stringify(swaps)}`);
      const violations = await axeViolations(popup);
      assert.deepEqual(violations, [], describeViolations(violations));
      await popup.close();
    });
  });
}
