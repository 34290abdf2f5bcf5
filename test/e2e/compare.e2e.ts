/**
 * The comparison page (compare.html?tab=<id>) in each browser: the spun seed page against the
 * fuller AP version, side by side with its word diff, the word swaps, the report and its copy
 * button, accessibility (axe-core, light and dark), a narrow window; and the message for a tab
 * that has no result to compare.
 *
 * The tests in a suite share one install of the extension and the corpus imported in `before`.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { axeViolations, describeViolations } from './helpers/axe.ts';
import { selectedBrowsers } from './helpers/browsers.ts';
import { sleep } from './helpers/common.ts';
import { AP_FULL_TITLE, SEED, corpusBothPath, readSeed } from './helpers/fixtures.ts';
import { useSuite } from './helpers/suite.ts';
import type { E2EPage, ExtensionSession } from './helpers/types.ts';
import { chooseCorpusFiles, openOptions, waitForBadge } from './helpers/wirecheck.ts';

const C = {
  verdict: '[data-testid=compare-verdict]',
  error: '[data-testid=compare-error]',
  row: '[data-testid=compare-row]',
  substitutions: '[data-testid=compare-substitutions]',
  copy: '[data-testid=copy-report]',
  copyStatus: '[data-testid=copy-status]',
  report: '[data-testid=report-text]',
  score: '[data-testid=compare-score]',
  coverage: '[data-testid=compare-coverage]',
  sourceReuse: '[data-testid=compare-source-reuse]',
  anchors: '[data-testid=compare-anchors]',
} as const;

const ROW_KINDS = ['aligned', 'quote', 'page-only', 'source-only', 'publisher'] as const;
const COMPARE_TIMEOUT_MS = 15_000;

/**
 * Opens the comparison for a tab, reopening while it says the tab is not checked yet (the
 * badge can show a moment before the page's text is kept for the comparison).
 */
async function openCompareUntilReady(session: ExtensionSession, tabId: number): Promise<E2EPage> {
  const deadline = Date.now() + COMPARE_TIMEOUT_MS;
  for (;;) {
    const page = await session.openExtensionPage(`compare.html?tab=${tabId}`);
    const found = await page.waitForAny([C.verdict, C.error], { timeout: 10_000 });
    if (found === C.verdict) return page;
    if (Date.now() >= deadline) throw new Error(`compare.html?tab=${tabId} still says: ${await page.text(C.error)}`);
    await page.close();
    await sleep(300);
  }
}

/** Resizes the viewport through the driver's own page (not in the harness contract). */
async function setViewport(page: E2EPage, width: number, height: number): Promise<void> {
  const raw = page.raw as { setViewportSize?(s: object): Promise<void>; setViewport?(s: object): Promise<void> };
  if (raw.setViewportSize) await raw.setViewportSize({ width, height });
  else if (raw.setViewport) await raw.setViewport({ width, height });
  else throw new Error('the driver cannot resize the viewport');
}

/** Presses a key through the driver's own page (Playwright and Puppeteer share `keyboard.press`). */
async function press(page: E2EPage, key: string): Promise<void> {
  const raw = page.raw as { keyboard?: { press(key: string): Promise<void> } };
  if (!raw.keyboard) throw new Error('the driver has no keyboard');
  await raw.keyboard.press(key);
}

/** Switches prefers-color-scheme; false when the driver cannot (then a dark browser is launched). */
async function emulateDark(page: E2EPage): Promise<boolean> {
  const raw = page.raw as {
    emulateMedia?(o: object): Promise<void>;
    emulateMediaFeatures?(f: object[]): Promise<void>;
  };
  try {
    if (raw.emulateMedia) await raw.emulateMedia({ colorScheme: 'dark' });
    else if (raw.emulateMediaFeatures) await raw.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
    else return false;
  } catch {
    return false;
  }
  return page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches);
}

for (const { name, launch } of selectedBrowsers()) {
  describe(`comparison page: ${name}`, { timeout: 300_000 }, () => {
    const { s, server } = useSuite(name, launch, {
      articles: { 'spun-rewrite': () => readSeed(SEED.spunRewrite) },
      corpus: { files: [corpusBothPath()] },
    });
    let spunTab: number;

    before(async () => {
      ({ tabId: spunTab } = await s().openUrl(server().articleUrl('spun-rewrite')));
      await waitForBadge(s(), spunTab);
    });

    test('the spun rewrite side by side: verdict, scores, every kind of row, word diff, swaps', async () => {
      const page = await openCompareUntilReady(s(), spunTab);
      assert.equal(await page.attribute(C.verdict, 'data-verdict'), 'rewritten');
      assert.equal(await page.text(C.verdict), 'AP copy, rewritten');
      assert.ok(((await page.text('[data-testid=compare-source-title]')) ?? '').includes(AP_FULL_TITLE));
      assert.match((await page.text(C.score)) ?? '', /^\d+$/);
      assert.match((await page.text(C.coverage)) ?? '', /^\d+%$/);
      assert.match((await page.text(C.sourceReuse)) ?? '', /^\d+%$/);
      assert.ok(Number(await page.text(C.anchors)) > 5, 'the comparison says how many names and numbers the page shares with its source');
      assert.equal(await page.text('[data-testid=compare-quotes]'), '2');

      for (const kind of ROW_KINDS) {
        assert.ok((await page.count(`${C.row}[data-kind=${kind}]`)) > 0, `at least one row of kind ${kind}`);
      }
      // The two headlines align; the AP photo caption, which the page dropped, follows them.
      const firstKinds = await page.evaluate((sel: string) => Array.from(document.querySelectorAll(sel), (r) => r.getAttribute('data-kind')).slice(0, 3), C.row);
      assert.deepEqual(firstKinds, ['aligned', 'source-only', 'source-only']);

      // "most senior" → "most sensible": removed in the AP cell, added in the page cell of one row.
      const marked = await page.evaluate((sel: string) => {
        const words = (row: Element, cell: string, tag: string) => Array.from(row.querySelectorAll(`td.${cell} ${tag}`), (e) => e.textContent?.trim());
        const row = Array.from(document.querySelectorAll(sel)).find((r) => words(r, 'source', 'del').includes('senior'));
        if (!row) return null;
        const del = row.querySelector('td.source del')!;
        const ins = row.querySelector('td.page ins')!;
        return {
          kind: row.getAttribute('data-kind'),
          added: words(row, 'page', 'ins'),
          // Not colour alone: struck through and underlined.
          delLine: getComputedStyle(del).textDecorationLine,
          insLine: getComputedStyle(ins).textDecorationLine,
        };
      }, C.row);
      assert.ok(marked, 'a row whose AP cell marks "senior" removed');
      assert.equal(marked.kind, 'aligned');
      assert.ok(marked.added.includes('sensible'), `"sensible" marked added in ${JSON.stringify(marked.added)}`);
      assert.match(marked.delLine, /line-through/);
      assert.match(marked.insLine, /underline/);

      await s().screenshot(page, 'compare-rewritten');
      // The first swaps show at once, all of them on request; the heading counts all.
      const first = await page.texts(`${C.substitutions} li`);
      assert.ok(first.some((w) => /^senior\s*→\s*sensible$/.test(w)), `senior → sensible in ${JSON.stringify(first)}`);
      const total = Number(/\((\d+)\)/.exec((await page.text('#swaps-heading')) ?? '')?.[1]);
      assert.equal(first.length, Math.min(total, 24));
      assert.ok(total > 24, `the spun page has many swaps (${total})`);
      await page.click('[data-testid=swaps-toggle]');
      await page.waitForText('[data-testid=swaps-toggle]', 'Show the first');
      assert.equal(await page.attribute('[data-testid=swaps-toggle]', 'aria-expanded'), 'true');
      assert.equal(await page.count(`${C.substitutions} li`), total);
      await page.evaluate(() => document.querySelector('#rows-heading')?.scrollIntoView());
      await s().screenshot(page, 'compare-rewritten-rows');

      const violations = await axeViolations(page);
      assert.deepEqual(violations, [], describeViolations(violations));
      await page.close();
    });

    test('copy as report: the text names the source and the scores; copied, or says why not', async () => {
      const page = await openCompareUntilReady(s(), spunTab);
      const score = await page.text(C.score);
      const coverage = await page.text(C.coverage);
      const reuse = await page.text(C.sourceReuse);
      await page.click(C.copy);
      const status = await page.waitForText(C.copyStatus, /Copied|Could not copy/);
      const report = await page.evaluate((sel: string) => (document.querySelector(sel) as HTMLTextAreaElement).value, C.report);
      assert.ok(report.startsWith('# Wirecheck report: AP copy, rewritten\n'), report.slice(0, 80));
      assert.ok(report.includes(`AP original: “${AP_FULL_TITLE}”`), 'the report names the source');
      assert.ok(report.includes(`Paraphrase score: ${score}/100`), `the report has the score ${score}`);
      assert.ok(report.includes(`Coverage: ${coverage} of the page`), `the report has the coverage ${coverage}`);
      assert.ok(report.includes(`Source reuse: ${reuse} of the AP original`), `the report has the source reuse ${reuse}`);
      assert.ok(report.includes('senior → sensible'), 'the report lists the swap');
      assert.match(report, /\nChecked by Wirecheck on .+\d{4}\.\n$/);
      assert.equal(await page.attribute(C.report, 'readonly'), '');
      if (/Copied/.test(status)) {
        // Where the browser lets a test read the clipboard back, it holds the report.
        const pasted = await page.evaluate(() => navigator.clipboard.readText().catch(() => null));
        if (pasted !== null) assert.equal(pasted, report);
      }
      console.error(`[e2e] ${name}: copy status "${status}"`);
      await page.close();
    });

    test('when the clipboard refuses, the page says why and hands over the report selected', async () => {
      const page = await openCompareUntilReady(s(), spunTab);
      await page.evaluate(() => {
        navigator.clipboard.writeText = () => Promise.reject(new Error('refused by the test'));
      });
      await page.click(C.copy);
      const status = await page.waitForText(C.copyStatus, /Could not copy/);
      assert.match(status, /\(refused by the test\)/);
      const selected = await page.evaluate((sel: string) => {
        const box = document.querySelector(sel) as HTMLTextAreaElement;
        return { focused: document.activeElement === box, start: box.selectionStart, end: box.selectionEnd, length: box.value.length };
      }, C.report);
      assert.deepEqual(selected, { focused: true, start: 0, end: selected.length, length: selected.length });
      assert.ok(selected.length > 200, 'the report is there to copy');
      await page.close();
    });

    test('everything the reader can act on is reachable and usable from the keyboard', async () => {
      const page = await openCompareUntilReady(s(), spunTab);
      const reached: string[] = [];
      for (let i = 0; i < 4; i++) {
        await press(page, 'Tab');
        reached.push(await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.tagName ?? ''));
      }
      // The page link, the copy button, the report, the swaps toggle, in reading order.
      assert.deepEqual(reached, ['compare-page-title', 'copy-report', 'report-text', 'swaps-toggle']);
      await press(page, 'Enter');
      await page.waitForText('[data-testid=swaps-toggle]', 'Show the first');
      await page.close();
    });

    test('a narrow window: nothing wider than the window, still accessible', async () => {
      const page = await openCompareUntilReady(s(), spunTab);
      await setViewport(page, 400, 860);
      // The table wraps its text instead of scrolling sideways.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `page overflows a 400px window by ${overflow}px`);
      await page.evaluate(() => document.querySelector('#rows-heading')?.scrollIntoView());
      await s().screenshot(page, 'compare-narrow');
      const violations = await axeViolations(page);
      assert.deepEqual(violations, [], describeViolations(violations));
      await page.close();
    });

    test('the dark theme applies and passes the same checks', async () => {
      let dark: ExtensionSession | undefined;
      try {
        let page = await openCompareUntilReady(s(), spunTab);
        if (!(await emulateDark(page))) {
          // Firefox over WebDriver BiDi cannot switch the colour scheme of a running page: start
          // a second browser that is dark from the start, with the same corpus and page.
          await page.close();
          dark = await launch({ colorScheme: 'dark' });
          const options = await openOptions(dark);
          assert.match(await chooseCorpusFiles(options, [corpusBothPath()]), /Imported/);
          await options.close();
          const { tabId } = await dark.openUrl(server().articleUrl('spun-rewrite'));
          await waitForBadge(dark, tabId);
          page = await openCompareUntilReady(dark, tabId);
          assert.equal(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches), true, 'the page sees a dark scheme');
        }
        const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        assert.notEqual(bg, 'rgb(255, 255, 255)', 'the dark theme applies');
        await page.evaluate(() => document.querySelector('[data-kind=source-only]')?.scrollIntoView({ block: 'center' }));
        await (dark ?? s()).screenshot(page, 'compare-dark');
        const violations = await axeViolations(page);
        assert.deepEqual(violations, [], describeViolations(violations));
        await page.close();
      } finally {
        await dark?.close();
      }
    });

    test('a tab that was never checked gets a clear message, not a broken page', async () => {
      // A section front: the content script reads it, finds no article, and nothing is checked.
      const { tabId } = await s().openUrl(server().notAnArticleUrl);
      const page = await s().openExtensionPage(`compare.html?tab=${tabId}`);
      await page.waitFor(C.error, { timeout: COMPARE_TIMEOUT_MS });
      assert.match((await page.text(C.error)) ?? '', /This tab has not been checked yet — open the page, then the Wirecheck popup\./);
      assert.equal(await page.count(C.row), 0);
      await s().screenshot(page, 'compare-not-checked');
      const violations = await axeViolations(page);
      assert.deepEqual(violations, [], describeViolations(violations));
      await page.close();

      const closedTab = await s().openExtensionPage('compare.html?tab=987654');
      await closedTab.waitForText(C.error, 'This tab has not been checked yet');
      await closedTab.close();

      const noTab = await s().openExtensionPage('compare.html');
      await noTab.waitForText(C.error, 'No tab was given');
      await noTab.close();
    });
  });
}
