/**
 * The product as a reader meets it, in each browser: import a corpus in the options page, visit
 * pages, read the badge and the popup. Written against the UI's data-testid contract
 * (helpers/wirecheck.ts).
 *
 * The tests in a suite share one install of the extension and run in order: the corpus
 * imported by the first is what the later ones match against.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { axeViolations, describeViolations } from './helpers/axe.ts';
import { selectedBrowsers } from './helpers/browsers.ts';
import {
  AP_FULL_TITLE,
  AP_SHORT_TITLE,
  BROKEN_CORPUS_BAD_LINE,
  BROKEN_CORPUS_NAME,
  SEED,
  corpusBothPath,
  readE2EFixture,
  readSeed,
  writeBrokenCorpus,
} from './helpers/fixtures.ts';
import { useSuite } from './helpers/suite.ts';
import type { E2EPage } from './helpers/types.ts';
import { SEL, chooseCorpusFiles, corpusCount, openOptions, openPopupUntil, verdictWords, waitForBadge, waitForCorpusCount } from './helpers/wirecheck.ts';

const POPUP_STATES = [SEL.verdict, SEL.stateNoSource, SEL.stateNotArticle] as const;

for (const { name, launch } of selectedBrowsers()) {
  describe(`Wirecheck end to end: ${name}`, { timeout: 300_000 }, () => {
    const { s, server } = useSuite(name, launch, {
      articles: { 'spun-rewrite': () => readSeed(SEED.spunRewrite), unrelated: () => readE2EFixture('unrelated-library.txt') },
    });

    test('options page imports the seed corpus (corpus-both.jsonl)', async () => {
      const options = await openOptions(s());
      const status = await chooseCorpusFiles(options, [corpusBothPath()]);
      assert.match(status, /Imported/);
      assert.doesNotMatch(status, /failed/i);
      await waitForCorpusCount(options, 2);
      const rows = await options.texts(SEL.corpusRow);
      assert.equal(rows.length, 2, `rows: ${JSON.stringify(rows)}`);
      assert.ok(rows.some((r) => r.includes(AP_FULL_TITLE)), `a row titled "${AP_FULL_TITLE}" in ${JSON.stringify(rows)}`);
      assert.ok(rows.some((r) => r.includes(AP_SHORT_TITLE)), `a row titled "${AP_SHORT_TITLE}" in ${JSON.stringify(rows)}`);
      assert.equal(await options.count(`${SEL.corpusRow} ${SEL.deleteArticle}`), 2, 'one delete button per row');
      await s().screenshot(options, 'options-imported');
      await options.close();
    });

    test('a spun rewrite of the AP story gets a badge and the verdict "rewritten"', async () => {
      const { tabId } = await s().openUrl(server().articleUrl('spun-rewrite'));
      const badge = await waitForBadge(s(), tabId);
      assert.notEqual(badge.trim(), '');

      const { page: popup, found } = await openPopupUntil(s(), tabId, POPUP_STATES);
      assert.equal(found, SEL.verdict, 'the popup shows a verdict');
      assert.deepEqual(await verdictWords(popup), ['rewritten']);
      const sourceTitle = (await popup.text(SEL.sourceTitle)) ?? '';
      assert.ok(sourceTitle.includes(AP_FULL_TITLE), `source title ${JSON.stringify(sourceTitle)} names "${AP_FULL_TITLE}"`);
      assert.match((await popup.text(SEL.paraphraseScore)) ?? '', /\d/, 'paraphrase score shows a number');
      assert.match((await popup.text(SEL.coverage)) ?? '', /\d/, 'coverage shows a number');
      // The evidence: the spinner's swaps, the most changed passages, quotes counted apart.
      assert.match((await popup.text('[data-testid=substitutions]')) ?? '', /senior\s*→\s*sensible/);
      assert.equal(await popup.count('[data-testid=changed-passage]'), 3);
      assert.match((await popup.text('[data-testid=shared-quotes]')) ?? '', /^\d+ quotes? (is|are) shared/);
      assert.match((await popup.text('[data-testid=story-evidence]')) ?? '', /^\d+ names and numbers shared, \d+% of them told in the source’s order/);
      await s().screenshot(popup, 'popup-rewritten');
      const violations = await axeViolations(popup);
      assert.deepEqual(violations, [], describeViolations(violations));
      await popup.close();
    });

    test('an article with no source in the corpus shows "no source"', async () => {
      const { tabId } = await s().openUrl(server().articleUrl('unrelated'));
      const { page: popup, found } = await openPopupUntil(s(), tabId, POPUP_STATES);
      assert.equal(found, SEL.stateNoSource);
      await s().screenshot(popup, 'popup-no-source');
      await popup.close();
    });

    test('a page that is not an article says so', async () => {
      const { tabId } = await s().openUrl(server().notAnArticleUrl);
      const { page: popup, found } = await openPopupUntil(s(), tabId, POPUP_STATES);
      assert.equal(found, SEL.stateNotArticle);
      await s().screenshot(popup, 'popup-not-article');
      await popup.close();
    });

    test('a malformed corpus file is rejected with its name and line, and the corpus is unchanged', async () => {
      const broken = await writeBrokenCorpus();
      const options = await openOptions(s());
      await waitForCorpusCount(options, 2);
      const status = await chooseCorpusFiles(options, [broken]);
      assert.match(status, /failed/i);
      assert.ok(status.includes(BROKEN_CORPUS_NAME), `status names the file: ${JSON.stringify(status)}`);
      assert.match(
        status,
        new RegExp(`(line\\s*:?\\s*${BROKEN_CORPUS_BAD_LINE}\\b|${BROKEN_CORPUS_NAME.replace('.', '\\.')}:${BROKEN_CORPUS_BAD_LINE}\\b)`, 'i'),
        'status names the line',
      );
      assert.equal(await corpusCount(options), 2);
      await s().screenshot(options, 'options-import-failed');
      await options.close();

      // Nothing of the file was stored: a fresh options page still counts 2.
      const reopened = await openOptions(s());
      await waitForCorpusCount(reopened, 2);
      assert.equal(await reopened.count(SEL.corpusRow), 2);
      await reopened.close();
    });

    test('deleting an article removes it from the corpus', async () => {
      const options = await openOptions(s());
      await waitForCorpusCount(options, 2);
      await markDeleteButton(options, AP_SHORT_TITLE);
      await options.click('[data-e2e-delete-target]');
      await waitForCorpusCount(options, 1);
      const rows = await options.texts(SEL.corpusRow);
      assert.equal(rows.length, 1);
      assert.ok(!rows.some((r) => r.includes(AP_SHORT_TITLE)), `deleted row is gone: ${JSON.stringify(rows)}`);
      await options.close();

      const reopened = await openOptions(s());
      await waitForCorpusCount(reopened, 1);
      await reopened.close();
    });
  });
}

/** Tags the delete button in the row whose text contains `title`, so it can be clicked. */
async function markDeleteButton(page: E2EPage, title: string): Promise<void> {
  const marked = await page.evaluate(
    ([rowSel, buttonSel, wanted]: [string, string, string]) => {
      const row = Array.from(document.querySelectorAll(rowSel)).find((r) => r.textContent?.includes(wanted));
      const button = row?.querySelector(buttonSel);
      button?.setAttribute('data-e2e-delete-target', '');
      return !!button;
    },
    [SEL.corpusRow, SEL.deleteArticle, title] as [string, string, string],
  );
  assert.ok(marked, `a delete button in the row titled "${title}"`);
}
