/**
 * Every seed case as the reader sees it, in Chromium: for each case of
 * test/fixtures/seeds/cases.json, the page is served, checked against the case's corpus, and
 * the popup, the comparison page and the page with its in-page notice are saved as
 * screenshots (.output/e2e-screenshots/chromium-case-<n>-*.png), with the options page showing
 * the case's source in the corpus.
 * The verdict each case must reach is asserted too, so a screenshot never shows a wrong one.
 * `npm run screenshots` copies them to docs/screenshots/ for the README.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { selectedBrowsers } from './helpers/browsers.ts';
import { readSeed } from './helpers/fixtures.ts';
import { SEEDS_DIR } from './helpers/paths.ts';
import { type FixtureServer, startFixtureServer } from './helpers/server.ts';
import type { ExtensionSession } from './helpers/types.ts';
import { SEL, chooseCorpusFiles, openOptions, openPopupUntil, verdictWords, waitForBadge } from './helpers/wirecheck.ts';

interface SeedCase {
  name: string;
  corpus: string;
  query: string;
  verdict: string[];
}

const chromium = selectedBrowsers().find((b) => b.name === 'chromium');

if (chromium) {
  describe('seed cases as the reader sees them (chromium)', { timeout: 600_000 }, () => {
    let session: ExtensionSession;
    let server: FixtureServer;
    let cases: SeedCase[];

    before(async () => {
      cases = JSON.parse(await readFile(path.join(SEEDS_DIR, 'cases.json'), 'utf8')).cases;
      server = await startFixtureServer();
      for (const c of cases) server.addArticle(c.query.replace(/\.txt$/, ''), await readSeed(c.query));
    });
    after(async () => {
      await session?.close();
      await server?.close();
    });

    // Cases run grouped by corpus: a fresh install (and so a fresh corpus) per corpus.
    for (const corpus of ['both', 'short-only']) {
      test(`cases against the "${corpus}" corpus`, async () => {
        await session?.close();
        session = await chromium.launch();
        const options = await openOptions(session);
        assert.match(await chooseCorpusFiles(options, [path.join(SEEDS_DIR, `corpus-${corpus}.jsonl`)]), /Imported/);
        await options.close();
        for (const [n, c] of cases.entries()) {
          if (c.corpus !== corpus) continue;
          const label = `case-${n + 1}`;
          const { page, tabId } = await session.openUrl(server.articleUrl(c.query.replace(/\.txt$/, '')));
          await waitForBadge(session, tabId);
          const { page: popup, found } = await openPopupUntil(session, tabId, [SEL.verdict]);
          assert.equal(found, SEL.verdict);
          const verdict = await verdictWords(popup);
          assert.ok(c.verdict.includes(verdict[0]!), `${c.name}: ${verdict} is one of ${c.verdict}`);
          await session.screenshot(popup, `${label}-popup`);
          const source = (await popup.text(SEL.sourceTitle)) ?? '';
          assert.ok(source, `${c.name}: the popup names a source`);
          await popup.close();
          // The notice sits in the page's corner once the verdict is in.
          await new Promise((r) => setTimeout(r, 500));
          await session.screenshot(page, `${label}-page`);
          const compare = await session.openExtensionPage(`compare.html?tab=${tabId}`);
          await compare.waitFor('[data-testid=compare-verdict]', { timeout: 15_000 });
          await session.screenshot(compare, `${label}-compare`);
          await compare.close();
          // The options page, its table narrowed to the source the popup named.
          const opts = await openOptions(session);
          await opts.waitFor('[data-testid=corpus-search]');
          await opts.evaluate((title: string) => {
            const input = document.querySelector('[data-testid=corpus-search]') as HTMLInputElement;
            input.value = title;
            input.dispatchEvent(new Event('input', { bubbles: true }));
          }, source);
          await opts.waitForText(SEL.corpusRow, source.slice(0, 20), { timeout: 10_000 });
          await session.screenshot(opts, `${label}-options`);
          await opts.close();
          await page.close();
        }
      });
    }
  });
}
