/**
 * Work cut off by the browser, in each browser: the database is as it was before or as it is
 * after, never in between, and the next start carries on by itself. Each case compares whole
 * IndexedDB dumps (helpers/database.ts: every store's keys and a hash of every record).
 *
 * - The options page's import worker terminated inside the commit transaction: the options
 *   page is closed while the status says "Saving … to your corpus" and the commit's progress
 *   has moved (its puts are being issued), which terminates its dedicated workers. The corpus
 *   stores equal the dump from before the import; the import stays staged, and the reopened
 *   page offers it: discarded, the whole database equals the dump from before; continued, the
 *   corpus holds every article, consistently (summaries, generation, index snapshot).
 * - The background stopped (Chromium's service worker over CDP, Firefox's event page through
 *   about:debugging: helpers/background-control.ts) while it captures an apnews.com article
 *   (auto-capture on; apnews.com resolves to the fixture server, as in capture.e2e.ts), and
 *   while it rebuilds the index from the texts (the saved snapshot deleted behind its back).
 *   Each time the dump right after the stop equals the one before or the one after the next
 *   visit has finished the job, the next check gives the right verdict, and the corpus holds
 *   the right number of articles.
 *
 * When a stop lands is a matter of timing: most stops come a fixed delay after the page's
 * check starts (the badge says "…"), spread over the ~60 ms a capture takes and into the
 * ~0.8 s a rebuild of 4,000 articles takes (measured in both browsers on the 2-core machine).
 * Chromium also stops inside the transaction itself, held open after its last write
 * (holdTransaction): there the dump must equal the one before. Firefox's event page cannot
 * be scripted from the test, so its stops are the timed ones only.
 *
 * The tests share one install and run in order: the corpus the first one leaves (4,002
 * articles) is what the later ones capture into and rebuild from, so the commit, the
 * capture's transaction and the rebuild each take long enough to be cut.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type BackgroundControl, backgroundControl, holdTransaction, holding, releaseHoldBadge } from './helpers/background-control.ts';
import { selectedBrowsers } from './helpers/browsers.ts';
import { poll, sleep } from './helpers/common.ts';
import {
  type DatabaseDump,
  SNAPSHOT_RECORD,
  corpusInconsistencies,
  deleteRecords,
  dumpDatabase,
  hasRecord,
  dumpDifferences,
  recordCount,
  sameDump,
} from './helpers/database.ts';
import { SEED, corpusBothPath, readSeed } from './helpers/fixtures.ts';
import { T, article } from './helpers/options-page.ts';
import { GENERATED_DIR, ensureDir } from './helpers/paths.ts';
import { useSuite } from './helpers/suite.ts';
import type { E2EPage } from './helpers/types.ts';
import { CHECKING_BADGE, SEL, badgeText, chooseCorpusFiles, openOptions, waitForBadge, waitForCorpusCount } from './helpers/wirecheck.ts';

const BIG_COUNT = 4_000;
/** The stores a corpus change writes (src/storage/schema.ts CORPUS_STORES) and the reports. */
const CORPUS_STORES = ['articles', 'feedback', 'indexIds', 'indexShards', 'meta', 'snapshots', 'summaries'];

/** The 4,000 generated articles of the options suite (helpers/options-page.ts `article`), in a file of this suite's own. */
async function writeBigFile(): Promise<string> {
  const file = path.join(await ensureDir(GENERATED_DIR), 'killed-workers-big.jsonl');
  const lines = Array.from({ length: BIG_COUNT }, (_, i) => JSON.stringify(article(`big-${i}`, `Bulk story ${i}`, '2019-01-01', 8, `unique${i}word`)));
  await writeFile(file, `${lines.join('\n')}\n`);
  return file;
}

/** The corpus stores of a dump only (a staged import lives in `imports` and `staging`). */
function corpusPart(dump: DatabaseDump): DatabaseDump {
  return Object.fromEntries(Object.entries(dump).filter(([store]) => CORPUS_STORES.includes(store)));
}

/** Fails unless `dump` equals one of the named dumps; returns the name of the one it equals. */
function oneOf(dump: DatabaseDump, candidates: Record<string, DatabaseDump>, what: string): string {
  const match = Object.entries(candidates).find(([, c]) => sameDump(dump, c));
  if (match) return match[0];
  const diffs = Object.entries(candidates).map(([name, c]) => `vs ${name}: ${dumpDifferences(c, dump).join('; ')}`);
  assert.fail(`${what}: the database is neither ${Object.keys(candidates).join(' nor ')}\n${diffs.join('\n')}`);
}

const HARBOR = [
  'Harbor officials in the coastal city said Tuesday that the main shipping channel would reopen next week after divers cleared debris left by the storm.',
  'The closure had stranded more than forty cargo ships offshore and forced the port authority to divert container traffic to two smaller terminals up the coast.',
  'Engineers surveyed the channel floor over the weekend and found that the breakwater had held, the authority said in a statement released after the survey.',
  'Dockworkers who had been sent home during the closure will return in shifts starting Monday, according to the union that represents them at the port.',
];

for (const { name, launch } of selectedBrowsers()) {
  describe(`killed workers: ${name}`, { timeout: 300_000 }, () => {
    const { s, server } = useSuite(name, launch, {
      articles: { 'spun-rewrite': () => readSeed(SEED.spunRewrite) },
      launchOptions: { localHosts: ['apnews.com'] },
    });
    let control: BackgroundControl | undefined;
    let big: string;
    let port: string;
    const c = () => {
      assert.ok(control, `${name}: no background control`);
      return control;
    };

    before(async () => {
      port = new URL(server().origin).port;
      big = await writeBigFile();
      control = await backgroundControl(s());
    });
    after(async () => {
      await control?.close();
    });

    /**
     * Chooses the big file and closes the page once the commit's progress has moved inside
     * its transaction; returns the progress seen last ("saved of toSave"). Fails at once when
     * the import ends first (the progress bar gone and the status changed): then there is no
     * commit left to cut, and the status says why.
     */
    async function closeInsideCommit(options: E2EPage): Promise<string> {
      const status = () =>
        options.evaluate(() => {
          const bar = document.querySelector('[data-testid=import-progress]') as HTMLProgressElement | null;
          return { text: document.querySelector('[data-testid=import-status]')?.textContent ?? '', running: bar !== null, value: bar?.value ?? 0, max: bar?.max ?? 0 };
        });
      const before = (await status()).text;
      await options.setInputFiles(SEL.corpusFileInput, [big]);
      let seen = '';
      const at = await poll(
        async () => {
          const p = await status();
          seen = `${p.value} of ${p.max}: ${p.text}`;
          if (!p.running && p.text !== before) return 'ended';
          return /Saving/.test(p.text) && p.value > 0 && p.value < p.max && 'inside';
        },
        { timeout: 60_000, interval: 10, describe: () => `the commit's progress inside its transaction (last: ${seen})` },
      );
      assert.equal(at, 'inside', `the import ended before its commit could be cut: ${seen}`);
      await options.close();
      return seen;
    }

    test('an import worker terminated inside the commit leaves the corpus as before; the import is then discarded or continued', async () => {
      const options = await openOptions(s());
      assert.match(await chooseCorpusFiles(options, [corpusBothPath()]), /Imported 2 articles/);
      await waitForCorpusCount(options, 2);
      const before = await dumpDatabase(s());
      assert.deepEqual(corpusInconsistencies(before), []);

      // Round 1: cut, then discarded.
      const cut1 = await closeInsideCommit(options);
      const afterCut1 = await dumpDatabase(s());
      assert.deepEqual(dumpDifferences(corpusPart(before), corpusPart(afterCut1)), [], `the corpus is as before the import (closed at ${cut1})`);
      assert.equal(recordCount(afterCut1, 'imports'), 1, 'the import is still staged');

      const reopened = await openOptions(s());
      await waitForCorpusCount(reopened, 2);
      assert.match(await reopened.waitForText(T('pending-imports'), /killed-workers-big\.jsonl/), /4,000 articles read and ready, not yet in your corpus/);
      await reopened.click(`${T('pending-imports')} ${T('pending-discard')}`);
      await reopened.waitForText(SEL.importStatus, /Discarded/);
      oneOf(await dumpDatabase(s()), { 'the database before the import': before }, 'after the discard');

      // Round 2: cut, then continued.
      const cut2 = await closeInsideCommit(reopened);
      const afterCut2 = await dumpDatabase(s());
      assert.deepEqual(dumpDifferences(corpusPart(before), corpusPart(afterCut2)), [], `the corpus is as before the import (closed at ${cut2})`);

      // The next start needs nothing from the reader: the background checks against the corpus as it is.
      const { page: article1, tabId } = await s().openUrl(server().articleUrl('spun-rewrite'));
      assert.equal(await waitForBadge(s(), tabId), 'RW');
      await article1.close();

      const third = await openOptions(s());
      await waitForCorpusCount(third, 2);
      await third.waitForText(T('pending-imports'), /ready, not yet in your corpus/);
      await third.click(`${T('pending-imports')} ${T('pending-commit')}`);
      assert.match(await third.waitForText(SEL.importStatus, /Imported|failed/, { timeout: 60_000 }), /Imported 4,000 articles from 1 file: 4,000 new/);
      await waitForCorpusCount(third, 2 + BIG_COUNT);
      assert.equal(await third.count(T('pending-imports')), 0);
      await third.close();
      const full = await dumpDatabase(s());
      assert.deepEqual(corpusInconsistencies(full), []);
      assert.equal(recordCount(full, 'articles'), 2 + BIG_COUNT);
      assert.equal(recordCount(full, 'imports') + recordCount(full, 'staging'), 0, 'nothing left staged');

      const { page: article2, tabId: tab2 } = await s().openUrl(server().articleUrl('spun-rewrite'));
      assert.equal(await waitForBadge(s(), tab2), 'RW');
      await article2.close();
    });

    /**
     * How each case stops the background: `delay` ms after the page's check starts (the badge
     * says "…"), or, in Chromium, while the transaction named by `held` is held open after its
     * last write (helpers/background-control.ts holdTransaction).
     */
    type Cut = { delay: number } | { held: readonly string[] };
    const cutLabel = (cut: Cut) => ('held' in cut ? `inside the held ${cut.held.join('+')} transaction` : `${cut.delay} ms after "…"`);

    /** Opens `url` and stops the background as `cut` says; returns the page and the badge just before the stop. */
    async function stopDuring(url: string, cut: Cut): Promise<{ page: E2EPage; badgeAtStop: string }> {
      if ('held' in cut) await holdTransaction(s(), cut.held, 20_000);
      const { page, tabId } = await s().openUrl(url);
      if ('held' in cut) {
        await poll(() => holding(s()), { timeout: 30_000, interval: 20, describe: () => `the ${cut.held.join('+')} transaction held` });
      } else {
        // The badge says "…" while the check runs; on a fast check it may already show the
        // verdict when first read, and then the stop lands after the capture (still "as after").
        const seen = await poll(async () => (await badgeText(s(), tabId)) || undefined, { timeout: 10_000, interval: 5, describe: () => `the check of ${url} started` });
        if (seen === CHECKING_BADGE && cut.delay > 0) await sleep(cut.delay);
      }
      const badgeAtStop = await badgeText(s(), tabId);
      await c().stop();
      if ('held' in cut) await releaseHoldBadge(s());
      return { page, badgeAtStop };
    }

    /** A commit's transaction (src/storage/commit.ts: CORPUS_STORES); saving a rebuilt index spans the index's stores and meta only (index-cache.ts). */
    const COMMIT_TX = ['articles', 'indexIds', 'indexShards', 'meta', 'snapshots', 'summaries'] as const;
    const SNAPSHOT_SAVE_TX = ['indexIds', 'indexShards', 'meta', 'snapshots'] as const;
    const sampled = (delays: number[]): Cut[] => delays.map((delay) => ({ delay }));

    test('a background stopped while it captures an article leaves the corpus as before or as after; the next visit captures it', async (t) => {
      const options = await openOptions(s());
      await options.click(T('auto-capture'));
      await options.waitForText(T('settings-status'), 'Saved.');
      await options.close();
      let count = recordCount(await dumpDatabase(s()), 'articles');

      const cuts: Cut[] = [...(name === 'chromium' ? [{ held: COMMIT_TX }] : []), ...sampled([0, 30, 60, 90])];
      for (const [i, cut] of cuts.entries()) {
        const slug = `harbor-${i}`;
        const canonical = `https://apnews.com/article/${slug}`;
        server().addArticle(slug, {
          headline: `Harbor channel update ${i}`,
          paragraphs: [...HARBOR, `Update ${i}: the authority said ${i + 2} more ships would be let in before the weekend.`],
          canonical,
          publishedTime: '2024-03-05T14:02:00Z',
        });
        const url = `http://apnews.com:${port}/article/${slug}?utm_source=e2e`;
        const before = await dumpDatabase(s());
        const { page, badgeAtStop } = await stopDuring(url, cut);
        const atStop = await dumpDatabase(s());
        assert.deepEqual(corpusInconsistencies(atStop), [], `after a stop ${cutLabel(cut)}`);
        await page.close();
        if ('held' in cut) assert.deepEqual(dumpDifferences(before, atStop), [], 'a capture stopped inside its transaction wrote nothing');

        // The next visit: a new background, the same page; it is captured and recognised.
        const again = await s().openUrl(url);
        await poll(() => hasRecord(s(), 'articles', canonical), { timeout: 20_000, describe: () => `${canonical} captured after the restart` });
        assert.equal(await waitForBadge(s(), again.tabId), 'AP', 'the page is checked against its own capture');
        await again.page.close();
        const afterwards = await dumpDatabase(s());
        const was = oneOf(atStop, { before, after: afterwards }, `stopped ${cutLabel(cut)}`);
        assert.deepEqual(corpusInconsistencies(afterwards), []);
        count += 1;
        assert.equal(recordCount(afterwards, 'articles'), count);
        t.diagnostic(`stopped ${cutLabel(cut)} (badge ${JSON.stringify(badgeAtStop)}): the database was as ${was}`);
      }
      const options2 = await openOptions(s());
      await waitForCorpusCount(options2, count);
      await options2.close();
    });

    test('a background stopped while it rebuilds the index leaves the database as before or as after; the next check rebuilds it', async (t) => {
      const expected = recordCount(await dumpDatabase(s()), 'articles');
      const cuts: Cut[] = [...(name === 'chromium' ? [{ held: SNAPSHOT_SAVE_TX }] : []), ...sampled([250])];
      for (const cut of cuts) {
        // Without its directory the index is rebuilt from every text; a running background
        // still holds it in memory, so it is stopped first.
        assert.equal(await deleteRecords(s(), SNAPSHOT_RECORD.store, [SNAPSHOT_RECORD.key]), 1, 'the index directory was there to delete');
        if (await c().running()) await c().stop();
        const before = await dumpDatabase(s());
        const { page, badgeAtStop } = await stopDuring(server().articleUrl('spun-rewrite'), cut);
        const atStop = await dumpDatabase(s());
        await page.close();
        if ('held' in cut) assert.deepEqual(dumpDifferences(before, atStop), [], 'an index save stopped inside its transaction wrote nothing');

        const again = await s().openUrl(server().articleUrl('spun-rewrite'));
        const started = Date.now();
        assert.equal(await waitForBadge(s(), again.tabId, 60_000), 'RW');
        const checkedIn = Date.now() - started;
        await again.page.close();
        await poll(() => hasRecord(s(), SNAPSHOT_RECORD.store, SNAPSHOT_RECORD.key), { describe: () => 'the rebuilt index saved' });
        const afterwards = await dumpDatabase(s());
        const was = oneOf(atStop, { before, after: afterwards }, `stopped ${cutLabel(cut)} into the rebuild`);
        assert.deepEqual(corpusInconsistencies(afterwards), []);
        assert.equal(recordCount(afterwards, 'articles'), expected);
        t.diagnostic(`stopped ${cutLabel(cut)} (badge ${JSON.stringify(badgeAtStop)}): the database was as ${was}; the next check took ${checkedIn} ms`);
      }
    });
  });
}
