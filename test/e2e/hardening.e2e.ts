/**
 * What protects the reader's verdicts from timing and from hostile pages, in each browser:
 *
 * - Import race. A tab checked against an empty corpus gets the verdict of the corpus imported
 *   after it, without a reload (the background checks again the tabs whose verdict is older
 *   than the corpus). And a tab opened as an import runs or ends (files just chosen, status
 *   "Saving", status "Imported") ends on the new corpus's verdict within FOLLOWS_MS of the
 *   import's end, every time, whether its check came before the commit, across it or after.
 *   Which one a run hit is down to timing; each run reports the badges its tab showed
 *   (["…", "", "…", "RW"]: checked against the old corpus, then against the new). Five
 *   imports per browser, the corpus deleted between them.
 * - A page that rewrites its URL with pushState every 50 ms for 3 s, then shows an article
 *   at its final URL: the badge and popup end on that article's verdict, the background
 *   parsed at most its per-tab budget of reads meanwhile (READS_PER_WINDOW distinct URLs
 *   seen read as "not an article", the tab's state polled every ~50 ms), and both stayed
 *   responsive (the page's own timer kept time; the background answered within a second).
 *   The final verdict waits for the budget's window (~10 s after the first read).
 * - A page of 40,000 nested divs (~0.45 MB): the popup says it is too big to read, with the
 *   reason, within two seconds of its load, and an article opened right after is checked
 *   promptly. And 20,000 divs nested by a script inside a <template>: not in the live tree,
 *   but in its HTML (20,000 deep: no parser flattened them), so the content script measures
 *   template contents too and refuses the page before serialising it (Chromium's tab crashes
 *   serialising a tree 100,000 deep); the background measures the HTML again before parsing
 *   (extraction/page-bounds.ts, unit-tested with pages that lie about their size).
 *
 * The tests share one install and run in order: the first imports the seed corpus, the
 * second deletes and imports it again, and the later ones check against it.
 */
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { selectedBrowsers } from './helpers/browsers.ts';
import { poll } from './helpers/common.ts';
import { dumpDatabase, recordCount } from './helpers/database.ts';
import { SEED, corpusBothPath, readSeed } from './helpers/fixtures.ts';
import { T, article } from './helpers/options-page.ts';
import { GENERATED_DIR, ensureDir } from './helpers/paths.ts';
import { DEEP_DIVS, STORM, TEMPLATE_DEEP_DIVS } from './helpers/server.ts';
import { useSuite } from './helpers/suite.ts';
import type { E2EPage, ExtensionSession } from './helpers/types.ts';
import {
  SEL,
  badgeText,
  chooseCorpusFiles,
  openOptions,
  openPopupUntil,
  tabState,
  verdictWords,
  waitForBadge,
  waitForCorpusCount,
} from './helpers/wirecheck.ts';

const POPUP_STATES = [SEL.verdict, SEL.stateNoSource, SEL.stateNotArticle] as const;
/** Articles besides the two AP originals in the race's corpus file. */
const RACE_FILLERS = 300;
/** src/background/page-reads.ts: parses a tab may start in any READ_WINDOW_MS. */
const READS_PER_WINDOW = 4;
/** How long a verdict may take to follow the corpus in these tests (the product's own promise is ~10 s). */
const FOLLOWS_MS = 5_000;
/**
 * From opening the storm page to its final verdict: the final read waits for the tab's read
 * budget (READ_WINDOW_MS, 10 s, after the first read), then parses and checks. Measured
 * 10.2–11.0 s in both browsers on the 2-core machine.
 */
const STORM_VERDICT_MS = 14_000;

/** The two AP originals and `fillers` articles of the options suite's kind, so that a commit takes a moment. */
async function writeRaceCorpus(fillers: number): Promise<string> {
  const file = path.join(await ensureDir(GENERATED_DIR), 'hardening-race.jsonl');
  const lines = (await readFile(corpusBothPath(), 'utf8')).trim().split('\n');
  for (let i = 0; i < fillers; i++) lines.push(JSON.stringify(article(`race-${i}`, `Race filler ${i}`, '2019-01-01', 8, `racefiller${i}word`)));
  await writeFile(file, `${lines.join('\n')}\n`);
  return file;
}

/** Whether the background has set the tab's tooltip (any state sets it; a new tab shows the default). */
function hasTabTitle(session: ExtensionSession, tabId: number): Promise<boolean> {
  return session.evaluateInExtension(
    async (id: number) => (await browser.action.getTitle({ tabId: id })) !== (await browser.action.getTitle({})),
    tabId,
  );
}

/** Deletes every article through the table: select the page, then everything, Delete, confirm. */
async function deleteEverything(options: E2EPage, count: number): Promise<void> {
  await waitForCorpusCount(options, count);
  await options.waitFor(SEL.corpusRow);
  await options.click(T('select-page'));
  await options.waitFor(T('bulk-bar'));
  if ((await options.count(T('select-all-matching'))) > 0) await options.click(T('select-all-matching'));
  await options.click(T('delete-selected'));
  await options.waitFor('dialog[open] [data-testid=confirm-delete]');
  await options.click(T('confirm-delete'));
  await waitForCorpusCount(options, 0, 15_000 + count * 5).catch(async (e: unknown) => {
    throw new Error(`${(e as Error).message}; the delete status says ${JSON.stringify(await options.text(T('delete-status')))}`);
  });
}

for (const { name, launch } of selectedBrowsers()) {
  describe(`hardening: ${name}`, { timeout: 300_000 }, () => {
    const { s, server } = useSuite(name, launch, { articles: { 'spun-rewrite': () => readSeed(SEED.spunRewrite) } });
    let raceCorpus: string;
    before(async () => {
      raceCorpus = await writeRaceCorpus(RACE_FILLERS);
    });

    test('a tab checked before the corpus was imported gets its verdict when the import ends, without a reload', async () => {
      const { page, tabId } = await s().openUrl(server().articleUrl('spun-rewrite'));
      const empty = await openPopupUntil(s(), tabId, POPUP_STATES);
      assert.equal(empty.found, SEL.stateNoSource, 'against the empty corpus: no source');
      assert.equal(await badgeText(s(), tabId), '');
      await empty.page.close();

      const options = await openOptions(s());
      assert.match(await chooseCorpusFiles(options, [corpusBothPath()]), /Imported 2 articles/);
      assert.equal(await waitForBadge(s(), tabId, FOLLOWS_MS), 'RW', 'the badge follows the corpus');
      const popup = await openPopupUntil(s(), tabId, [SEL.verdict], FOLLOWS_MS);
      assert.deepEqual(await verdictWords(popup.page), ['rewritten']);
      await popup.page.close();
      assert.equal(await page.evaluate(() => performance.getEntriesByType('navigation').length), 1, 'the tab was not reloaded');
      await deleteEverything(options, 2);
      await options.close();
      await page.close();
    });

    test('a tab opened while an import runs or as it ends gets the new corpus’s verdict, every time', async (t) => {
      const options = await openOptions(s());
      // Whatever an earlier test left (the page's own count may not have loaded yet).
      const left = recordCount(await dumpDatabase(s()), 'articles');
      if (left > 0) await deleteEverything(options, left);
      // When each run opens its tab: as soon as the file is chosen (checked while the
      // import reads), at the commit's first progress ("Saving …"), or when the status says
      // the import is done.
      const moments = ['chosen', 'saving', 'imported', 'saving', 'imported'] as const;
      for (const [run, moment] of moments.entries()) {
        await waitForCorpusCount(options, 0);
        await options.evaluate(() => {
          const w = window as unknown as { e2eSaving?: Promise<string> };
          w.e2eSaving = new Promise<string>((resolve) => {
            const status = document.querySelector('[data-testid=import-status]')!;
            const seen = () => {
              const text = status.textContent ?? '';
              if (/Saving|Imported|failed/.test(text)) resolve(text);
            };
            new MutationObserver(seen).observe(status, { subtree: true, childList: true, characterData: true });
          });
        });
        await options.setInputFiles(SEL.corpusFileInput, [raceCorpus]);
        const status =
          moment === 'chosen'
            ? ((await options.text(SEL.importStatus)) ?? '')
            : moment === 'saving'
              ? await options.evaluate(() => (window as unknown as { e2eSaving: Promise<string> }).e2eSaving)
              : await options.waitForText(SEL.importStatus, /Imported|failed/, { timeout: 60_000 });
        const opened = await s().openUrl(server().articleUrl('spun-rewrite'));
        // Every badge the tab shows from now on, until the verdict.
        const badges: string[] = [];
        const verdict = poll(
          async () => {
            const badge = await badgeText(s(), opened.tabId);
            if (badges.at(-1) !== badge) badges.push(badge);
            return badge === 'RW';
          },
          { timeout: 30_000, interval: 15, describe: () => `run ${run + 1}: the badge RW (badges: ${JSON.stringify(badges)})` },
        );
        verdict.catch(() => undefined);
        const done = await options.waitForText(SEL.importStatus, /Imported|failed/, { timeout: 60_000 });
        const importEnded = Date.now();
        assert.match(done, new RegExp(`Imported ${(RACE_FILLERS + 2).toLocaleString('en-US')} articles`));
        await verdict;
        const followedIn = Date.now() - importEnded;
        t.diagnostic(`run ${run + 1}: tab opened at ${JSON.stringify(status.slice(0, 24))}; badges ${JSON.stringify(badges)}; RW ${followedIn} ms after the import ended`);
        assert.ok(followedIn < FOLLOWS_MS, `run ${run + 1}: the verdict followed the import ${followedIn} ms after it ended`);
        await opened.page.close();
        if (run < moments.length - 1) await deleteEverything(options, RACE_FILLERS + 2);
      }
      await options.close();
    });

    test('a page of 40,000 nested divs is refused as too big within seconds, and the next article is checked promptly', async (t) => {
      for (const [url, where] of [
        [server().deepUrl, `${DEEP_DIVS} nested divs in the page`],
        [server().deepTemplateUrl, `${TEMPLATE_DEEP_DIVS} nested divs built in a <template>, measured inside the template`],
      ] as const) {
        const started = Date.now();
        const deep = await s().openUrl(url, { timeout: 30_000 });
        const loaded = Date.now();
        const popup = await openPopupUntil(s(), deep.tabId, POPUP_STATES, 10_000);
        const refusedIn = Date.now() - loaded;
        assert.equal(popup.found, SEL.stateNotArticle, `${where}: not an article`);
        const reason = await popup.page.attribute(SEL.stateNotArticle, 'data-reason');
        assert.ok(reason === 'too-deep' || reason === 'too-many-elements' || reason === 'too-many-nodes', `a reason the page is too big, not ${JSON.stringify(reason)}`);
        assert.ok(refusedIn < 2_000, `refused ${refusedIn} ms after the page loaded`);
        await popup.page.close();

        const next = await s().openUrl(server().articleUrl('spun-rewrite'));
        const nextLoaded = Date.now();
        assert.equal(await waitForBadge(s(), next.tabId, 5_000), 'RW');
        const checkedIn = Date.now() - nextLoaded;
        assert.ok(checkedIn < 3_000, `the next article was checked ${checkedIn} ms after it loaded`);
        t.diagnostic(`${where}: loaded in ${loaded - started} ms, refused (${reason}) ${refusedIn} ms later; the next article checked in ${checkedIn} ms`);
        await next.page.close();
        await deep.page.close();
      }
    });

    test('a page rewriting its URL every 50 ms ends on its final article’s verdict, read within the tab’s budget', async (t) => {
      const finalUrl = server().stormFinalUrl('spun-rewrite');
      const started = Date.now();
      const { page, tabId } = await s().openUrl(server().stormUrl('spun-rewrite'));
      // The tab's state as the popup would see it, every ~50 ms: which URLs were read as not
      // an article (each such state is one parse), and how long the background took to answer.
      const notArticles = new Set<string>();
      let slowest = 0;
      let last: { status: string; url?: string } = { status: 'unknown' };
      let badge = '';
      await poll(
        async () => {
          // Asked about a tab it knows nothing of, the background asks the page to read
          // itself again (a forced read): until the tab has a state (its tooltip changes from
          // the default), the state is not asked for.
          if (last.status === 'unknown' && !(await hasTabTitle(s(), tabId))) return false;
          const asked = Date.now();
          last = await tabState(s(), tabId);
          slowest = Math.max(slowest, Date.now() - asked);
          if (last.status === 'not-article' && last.url) notArticles.add(last.url);
          badge = await badgeText(s(), tabId);
          return last.status === 'checked' && last.url === finalUrl && badge === 'RW';
        },
        { timeout: STORM_VERDICT_MS, interval: 50, describe: () => `the final URL's verdict (state ${JSON.stringify(last)}, badge ${JSON.stringify(badge)})` },
      );
      const verdictAfter = Date.now() - started;
      const storm = await page.evaluate(() => ({ steps: Number(document.documentElement.dataset.stormSteps), settledAfter: Number(document.documentElement.dataset.stormSettledAfter) }));
      t.diagnostic(
        `${storm.steps} pushState steps, settled after ${storm.settledAfter} ms; verdict ${verdictAfter} ms after opening; read as not an article: ${notArticles.size} URL(s); slowest answer ${slowest} ms`,
      );
      assert.ok(notArticles.size <= READS_PER_WINDOW, `at most ${READS_PER_WINDOW} parses of the storm, not ${notArticles.size}: ${[...notArticles].join(' ')}`);
      assert.ok(storm.steps >= (STORM.durationMs / STORM.intervalMs) * 0.5, `the page's own timer kept going (${storm.steps} steps)`);
      assert.ok(storm.settledAfter < STORM.durationMs + 1_000, `the page settled ${storm.settledAfter} ms after it started`);
      assert.ok(slowest < 1_000, `the background answered within a second (slowest ${slowest} ms)`);

      const popup = await openPopupUntil(s(), tabId, [SEL.verdict]);
      assert.deepEqual(await verdictWords(popup.page), ['rewritten']);
      await popup.page.close();
      await page.close();
    });
  });
}
