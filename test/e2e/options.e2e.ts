/**
 * The options and welcome pages in each browser: the welcome page's sample corpus; import with
 * progress, summary, cancel, and "import the valid articles anyway"; JSON Lines read off the
 * page, and a saved web page read on it; search, sort and paging;
 * an article's dialog (Escape closes it, focus returns); bulk delete of selected rows and of
 * everything a search matches; export as JSON Lines (the download is intercepted and its blob
 * read back); settings that survive a reload; storage use and persistence; axe-core on both
 * pages. Screenshots: `options`, `welcome`, `options-article`.
 *
 * The tests of a suite share one install of the extension and run in order; the corpus grows
 * and shrinks as they go, and each test states the count it expects.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { axeViolations, describeViolations } from './helpers/axe.ts';
import { selectedBrowsers } from './helpers/browsers.ts';
import { poll } from './helpers/common.ts';
import { AP_FULL_TITLE } from './helpers/fixtures.ts';
import { type E2EArticle, T, article, choose, clickInRow, importPast, press, rowTitles, settingsInDatabase, typeInto, writeFixtures } from './helpers/options-page.ts';
import { useSuite } from './helpers/suite.ts';
import type { E2EPage } from './helpers/types.ts';
import { SEL, chooseCorpusFiles, corpusCount, openOptions, waitForCorpusCount } from './helpers/wirecheck.ts';

for (const { name, launch } of selectedBrowsers()) {
  describe(`options and welcome pages: ${name}`, { timeout: 600_000 }, () => {
    let files: Awaited<ReturnType<typeof writeFixtures>>;
    before(async () => {
      files = await writeFixtures();
    });
    const { s } = useSuite(name, launch, { server: false });

    test('the welcome page says what happens to the data and adds the sample corpus', async () => {
      const welcome = await s().openExtensionPage('welcome.html');
      await welcome.waitFor(T('welcome-add-sample'));
      const text = (await welcome.text('main')) ?? '';
      assert.match(text, /Nothing is sent anywhere/);
      assert.match(text, /stay on this computer/);
      assert.equal(await welcome.attribute(T('welcome-options-link'), 'href'), `${s().extensionOrigin}/options.html#import`);
      const violations = await axeViolations(welcome);
      assert.deepEqual(violations, [], describeViolations(violations));
      await s().screenshot(welcome, 'welcome');

      await welcome.click(T('welcome-add-sample'));
      const status = await welcome.waitForText(T('welcome-status'), /Added/, { timeout: 30_000 });
      assert.match(status, /2 sample articles \(2 new\)/);
      // Showing the page marked the reader as welcomed.
      assert.equal((await settingsInDatabase(welcome))?.welcomed, true);

      // A first verdict without leaving the page: the bundled spun rewrite, checked here.
      await welcome.click(T('welcome-try-check'));
      await welcome.waitForText(T('welcome-try-result'), /Paste some text first/);
      await welcome.click(T('welcome-try-example'));
      await poll(async () => (await welcome.evaluate(() => (document.querySelector('[data-testid=welcome-try-text]') as HTMLTextAreaElement).value.length)) > 1000, {
        describe: () => 'the example rewrite filled in',
      });
      await welcome.click(T('welcome-try-check'));
      const verdict = await welcome.waitForText(T('welcome-try-result'), /Paraphrase score/, { timeout: 15_000 });
      assert.match(verdict, /AP copy, rewritten/);
      assert.match(verdict, /Likely source: “Russia and China show off deepening ties/);
      assert.equal(await welcome.attribute(T('welcome-try-result'), 'data-verdict'), 'rewritten');
      const afterTry = await axeViolations(welcome);
      assert.deepEqual(afterTry, [], describeViolations(afterTry));
      await welcome.evaluate(() => document.querySelector('[data-testid=welcome-try-result]')?.scrollIntoView({ block: 'end' }));
      await s().screenshot(welcome, 'welcome-verdict');
      await welcome.close();

      const options = await openOptions(s());
      await waitForCorpusCount(options, 2);
      await options.close();
    });

    test('an import shows its progress and says what changed', async () => {
      const options = await openOptions(s());
      await waitForCorpusCount(options, 2);
      await options.evaluate(() => {
        const seen = { progress: false, cancel: false };
        (window as unknown as { e2eSeen: typeof seen }).e2eSeen = seen;
        new MutationObserver(() => {
          if (document.querySelector('[data-testid=import-progress]')) seen.progress = true;
          if (document.querySelector('[data-testid=import-cancel]')) seen.cancel = true;
        }).observe(document.body, { subtree: true, childList: true, attributes: true });
      });
      const status = await chooseCorpusFiles(options, [files.corpus]);
      assert.match(status, /Imported 60 articles from 1 file: 60 new, 0 updated, 0 unchanged\./);
      assert.doesNotMatch(status, /failed/i);
      assert.deepEqual(await options.evaluate(() => (window as unknown as { e2eSeen: unknown }).e2eSeen), { progress: true, cancel: true });
      await waitForCorpusCount(options, 62);

      // The same file again: nothing new.
      const again = await chooseCorpusFiles(options, [files.corpus]);
      assert.match(again, /60 unchanged/);
      await options.close();
    });

    test('files dropped on the drop zone are imported', async () => {
      const options = await openOptions(s());
      await waitForCorpusCount(options, 62);
      // A drop as the page receives it: a DataTransfer holding a File (drivers cannot drag
      // files from the desktop, so the events are made here).
      await options.evaluate((line: string) => {
        const zone = document.querySelector('[data-testid=drop-zone]')!;
        const data = new DataTransfer();
        data.items.add(new File([line], 'dropped.jsonl', { type: 'application/x-ndjson' }));
        for (const type of ['dragenter', 'dragover', 'drop']) zone.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: data }));
      }, JSON.stringify(article('dropped-1', 'Dropped on the zone', '2024-02-02', 3)));
      const status = await options.waitForText(SEL.importStatus, /Imported|failed/, { timeout: 30_000 });
      assert.match(status, /Imported 1 article from 1 file: 1 new/);
      await waitForCorpusCount(options, 63);
      await clickInRow(options, 'Dropped on the zone', T('delete-article'));
      await waitForCorpusCount(options, 62);
      await options.close();
    });

    test('JSON Lines are read and parsed off the page; with a saved web page, the page reads them with its DOMParser', async () => {
      const options = await openOptions(s());
      await waitForCorpusCount(options, 62);
      // Which article lines the page's own JSON.parse sees.
      await options.evaluate(() => {
        const w = window as unknown as { e2eParsed: string[] };
        w.e2eParsed = [];
        const parse = JSON.parse;
        JSON.parse = function (text: string, ...rest: unknown[]) {
          const id = /"id":"((?:off|with)-page-\d)"/.exec(String(text))?.[1];
          if (id) w.e2eParsed.push(id);
          return (parse as (...a: unknown[]) => unknown)(text, ...rest);
        } as typeof JSON.parse;
      });
      const parsedOnPage = () => options.evaluate(() => (window as unknown as { e2eParsed: string[] }).e2eParsed.slice());

      const alone = await chooseCorpusFiles(options, [files.offPage]);
      assert.match(alone, /Imported 2 articles from 1 file: 2 new/);
      await waitForCorpusCount(options, 64);
      assert.deepEqual(await parsedOnPage(), [], 'the JSON Lines file was parsed in a worker');

      const withPage = await chooseCorpusFiles(options, [files.savedPage, files.withPage]);
      assert.match(withPage, /Imported 2 articles from 2 files: 2 new/);
      await waitForCorpusCount(options, 66);
      assert.deepEqual(await parsedOnPage(), ['with-page-1'], 'beside an HTML file, the page read the JSON Lines itself');

      // Every one is in the table (the saved page under its headline), and goes again.
      for (const title of ['Story read in a worker', 'Another story read in a worker', 'Story imported beside a saved page', 'Harbour ferry returns after storm repairs']) {
        await typeInto(options, T('corpus-search'), title);
        await poll(async () => ((await rowTitles(options)).includes(title) ? true : undefined), { timeout: 10_000, describe: () => `${title} in the table` });
        await clickInRow(options, title, T('delete-article'));
      }
      await typeInto(options, T('corpus-search'), '');
      await waitForCorpusCount(options, 62);
      await options.close();
    });

    test('Cancel stops an import and leaves the corpus unchanged; what was read can be discarded', async () => {
      const options = await openOptions(s());
      await waitForCorpusCount(options, 62);
      await importPast(options, files.big, 0, 15_000, 'the import progress bar moving');
      await options.click(T('import-cancel'));
      const status = await options.waitForText(SEL.importStatus, /cancelled/, { timeout: 30_000 });
      assert.match(status, /your corpus is unchanged/);
      await waitForCorpusCount(options, 62);
      // The articles read so far are kept for a re-run, until discarded.
      assert.match(status, /The [\d,]+ articles read so far are kept/);
      await options.click(`${SEL.importStatus} ${T('discard-import')}`);
      await options.waitForText(SEL.importStatus, /Discarded/);
      assert.equal(await options.count(T('pending-imports')), 0);
      await options.close();
    });

    test('closing the page mid-import leaves the corpus as it was; the same file again continues where it stopped', async () => {
      const options = await openOptions(s());
      await waitForCorpusCount(options, 62);
      await importPast(options, files.big, 0.2, 30_000, 'a fifth of the import read');
      await options.close();

      const reopened = await openOptions(s());
      await waitForCorpusCount(reopened, 62);
      const pending = await reopened.waitForText(T('pending-imports'), /options-big\.jsonl/, { timeout: 15_000 });
      assert.match(pending, /Choose the same files again to continue/);
      const status = await chooseCorpusFiles(reopened, [files.big]);
      assert.match(status, /Imported [\d,]+ articles from 1 file: 4,000 new/);
      assert.match(status, /Continued an earlier import: [\d,]+ articles were not read again/);
      await waitForCorpusCount(reopened, 62 + files.bigCount);
      assert.equal(await reopened.count(T('pending-imports')), 0);

      // Back to 62 for the tests that follow: delete everything the big file added.
      await typeInto(reopened, T('corpus-search'), 'Bulk story');
      await reopened.waitForText(T('table-status'), /of 4,000 matching/, { timeout: 15_000 });
      await reopened.click(T('select-page'));
      await reopened.click(T('select-all-matching'));
      await reopened.waitForText(T('selected-count'), 'All 4,000 matching articles selected');
      await reopened.click(T('delete-selected'));
      await reopened.waitFor('dialog[open] [data-testid=confirm-delete]');
      await reopened.click(T('confirm-delete'));
      await waitForCorpusCount(reopened, 62);
      await reopened.close();
    });

    test('a file with a malformed line imports nothing, until the valid articles are imported anyway', async () => {
      const options = await openOptions(s());
      await waitForCorpusCount(options, 62);
      const status = await chooseCorpusFiles(options, [files.mixed]);
      assert.match(status, /failed/i);
      assert.match(status, /options-mixed\.jsonl, line 3: not valid JSON/);
      assert.equal(await corpusCount(options), 62);
      assert.equal(await options.text(T('import-anyway')), 'Import the 5 valid articles anyway');

      await options.click(T('import-anyway'));
      const done = await options.waitForText(SEL.importStatus, /Imported/, { timeout: 30_000 });
      assert.match(done, /Imported 5 articles from 1 file: 5 new/);
      assert.match((await options.text(T('skipped-lines'))) ?? '', /options-mixed\.jsonl, line 3/);
      await waitForCorpusCount(options, 67);
      await options.close();
    });

    test('search by title and by text, sort by a column, and page through', async () => {
      const options = await openOptions(s());
      await waitForCorpusCount(options, 67);
      assert.equal(await options.text(T('page-of')), 'Page 1 of 2');
      await options.click(T('next-page'));
      await options.waitForText(T('page-of'), 'Page 2 of 2');
      await options.waitForText(T('table-status'), 'Showing 51–67 of 67');
      assert.equal(await options.count(SEL.corpusRow), 17);

      await typeInto(options, T('corpus-search'), 'HARBOR');
      await options.waitForText(T('table-status'), /of 3 matching “HARBOR”/);
      assert.deepEqual((await rowTitles(options)).sort(), ['Harbor reopens after storm', 'Harbor workers strike', 'New harbor master named']);
      await typeInto(options, T('corpus-search'), 'zurich 7');
      await options.waitForText(T('table-status'), /of 5 matching/); // 7, 17, 27, 37, 47: accents and case folded

      // A word only in one article's text: no title has it; the full-text search finds it.
      await typeInto(options, T('corpus-search'), 'periwinkle');
      await options.waitForText(T('table-status'), /No article matches/);
      await choose(options, T('corpus-search-in'), 'text');
      await options.waitForText(T('table-status'), /of 1 matching/, { timeout: 30_000 });
      assert.deepEqual(await rowTitles(options), ['Harbor reopens after storm']);

      await choose(options, T('corpus-search-in'), 'title');
      await typeInto(options, T('corpus-search'), '');
      await options.waitForText(T('table-status'), /of 67$/);
      await options.click(T('sort-words'));
      await poll(async () => (await options.attribute('th[aria-sort]', 'aria-sort')) === 'descending' && (await rowTitles(options))[0] === 'Budget debate runs late', {
        describe: () => 'the longest article first, words sorted descending',
      });
      await options.click(T('sort-words'));
      await poll(async () => (await options.attribute('th[aria-sort]', 'aria-sort')) === 'ascending' && (await rowTitles(options))[0] === 'Court adjourns', {
        describe: () => 'the shortest article first, words sorted ascending',
      });
      await options.click(T('sort-title'));
      await poll(async () => (await rowTitles(options))[0] === 'Budget debate runs late', { describe: () => 'titles in order' });
      await options.close();
    });

    test('an article opens in a dialog; Escape closes it and focus returns to the row', async () => {
      const options = await openOptions(s());
      await waitForCorpusCount(options, 67);
      // Arrow keys move between the rows' buttons.
      await options.evaluate(() => (document.querySelector('[data-testid=view-article]') as HTMLElement).focus());
      await press(options, 'ArrowDown');
      await press(options, 'ArrowDown');
      assert.equal(await options.evaluate(() => document.activeElement?.closest('tr')?.rowIndex ?? null), 3);
      await press(options, 'ArrowUp');
      assert.equal(await options.evaluate(() => document.activeElement?.closest('tr')?.rowIndex ?? null), 2);
      assert.equal(await options.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null), 'view-article');
      await typeInto(options, T('corpus-search'), 'harbor reopens');
      await options.waitForText(T('table-status'), /of 1 matching/);
      await clickInRow(options, 'Harbor reopens after storm', T('view-article'));
      await options.waitFor('dialog[open] [data-testid=article-text]');
      assert.equal(await options.text(T('article-title')), 'Harbor reopens after storm');
      assert.match((await options.text(T('article-text'))) ?? '', /The quayside marker is periwinkle\./);
      assert.equal(await options.attribute(T('article-url'), 'href'), 'https://apnews.example/harbor-1');
      const violations = await axeViolations(options);
      assert.deepEqual(violations, [], describeViolations(violations));
      await s().screenshot(options, 'options-article');

      await press(options, 'Escape');
      await poll(() => options.evaluate(() => !document.querySelector('dialog')), { describe: () => 'the dialog closed' });
      assert.equal(await options.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null), 'view-article');
      await options.close();
    });

    test('bulk delete: selected rows, then everything a search matches', async () => {
      const options = await openOptions(s());
      await waitForCorpusCount(options, 67);
      await typeInto(options, T('corpus-search'), 'mixed file');
      await options.waitForText(T('table-status'), /of 5 matching/);
      await clickInRow(options, 'Mixed file story 0', T('select-row'));
      await clickInRow(options, 'Mixed file story 1', T('select-row'));
      await options.waitForText(T('selected-count'), '2 articles selected');
      await options.click(T('delete-selected'));
      await options.waitFor('dialog[open] [data-testid=confirm-delete]');
      assert.equal(await options.text('#confirm-heading'), 'Delete 2 articles?');
      await options.click(T('confirm-delete'));
      await waitForCorpusCount(options, 65);
      await options.waitForText(T('table-status'), /of 3 matching/);

      await typeInto(options, T('corpus-search'), 'zürich');
      await options.waitForText(T('table-status'), /of 55 matching/);
      await options.click(T('select-page'));
      await options.waitForText(T('selected-count'), '50 articles selected');
      await options.click(T('select-all-matching'));
      await options.waitForText(T('selected-count'), 'All 55 matching articles selected');
      await options.click(T('delete-selected'));
      await options.waitFor('dialog[open] [data-testid=confirm-delete]');
      await options.click(T('confirm-delete'));
      await waitForCorpusCount(options, 10);
      await options.waitForText(T('table-status'), /No article matches/);
      await options.close();
    });

    test('export downloads the corpus as JSON Lines that hold every article', async () => {
      const options = await openOptions(s());
      await waitForCorpusCount(options, 10);
      // Intercept the download: record what the page's <a download> would save, and read it.
      await options.evaluate(() => {
        const w = window as unknown as { e2eDownload?: { href: string; name: string } };
        HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
          if (this.hasAttribute('download')) w.e2eDownload = { href: this.href, name: this.download };
        };
      });
      await options.click(T('export-corpus'));
      const download = await poll(() => options.evaluate(() => (window as unknown as { e2eDownload?: { href: string; name: string } }).e2eDownload), {
        describe: () => 'the export download',
      });
      assert.match(download.name, /^wirecheck-corpus-\d{4}-\d{2}-\d{2}\.jsonl$/);
      assert.match(download.href, /^blob:/);
      const text = await options.evaluate(async (href: string) => (await fetch(href)).text(), download.href);
      const lines = text.trimEnd().split('\n').map((l) => JSON.parse(l) as E2EArticle);
      assert.equal(lines.length, 10);
      for (const a of lines) assert.deepEqual(Object.keys(a).sort(), ['id', 'published', 'text', 'title', 'url']);
      const ids = lines.map((a) => a.id).sort();
      assert.deepEqual(ids, ['ap-ties-full', 'ap-ties-short', 'harbor-1', 'harbor-2', 'harbor-3', 'longest', 'mixed-2', 'mixed-3', 'mixed-4', 'shortest']);
      assert.match(lines.find((a) => a.id === 'harbor-1')!.text, /periwinkle/);
      assert.match((await options.text(T('export-status'))) ?? '', /Exported 10 articles/);
      await options.close();
    });

    test('settings are validated, saved, and survive a reload', async () => {
      const options = await openOptions(s());
      await options.waitFor(T('sensitivity-balanced'));
      assert.equal(await options.evaluate(() => (document.querySelector('[data-testid=sensitivity-balanced]') as HTMLInputElement).checked), true);
      assert.equal(await options.evaluate(() => (document.querySelector('[data-testid=auto-capture]') as HTMLInputElement).checked), false);

      await options.click(T('sensitivity-cautious'));
      await options.waitForText(T('settings-status'), 'Saved.');
      await typeInto(options, T('never-check-input'), 'not a host');
      await options.click(T('never-check-add'));
      assert.match((await options.waitForText(T('never-check-error'), /not a site name/)) ?? '', /“not a host”/);
      await typeInto(options, T('never-check-input'), 'https://WWW.Example.COM/some/page');
      await options.click(T('never-check-add'));
      await options.waitForText(T('never-check-list'), 'www.example.com');
      await typeInto(options, T('never-check-input'), 'news.example.org');
      await options.click(T('never-check-add'));
      await options.waitForText(T('never-check-list'), 'news.example.org');
      await options.click(T('auto-capture'));
      await options.click(T('in-page-notice'));
      await poll(async () => (await settingsInDatabase(options))?.inPageNotice === false, { describe: () => 'the notice setting saved' });
      // A site muted from the in-page notice, as the background saves it.
      await options.evaluate(
        () =>
          new Promise<void>((resolve, reject) => {
            const open = indexedDB.open('wirecheck');
            open.onsuccess = () => {
              const tx = open.result.transaction('meta', 'readwrite');
              const store = tx.objectStore('meta');
              const get = store.get('settings');
              get.onsuccess = () => store.put({ key: 'settings', value: { ...get.result.value, noticeMutedHosts: ['muted.example.net'] } });
              tx.oncomplete = () => {
                open.result.close();
                resolve();
              };
              tx.onerror = () => reject(tx.error);
            };
          }),
      );
      await options.close();

      const reopened = await openOptions(s());
      await reopened.waitFor(T('sensitivity-cautious'));
      const state = await reopened.evaluate(() => {
        const checked = (id: string) => (document.querySelector(`[data-testid=${id}]`) as HTMLInputElement).checked;
        return {
          cautious: checked('sensitivity-cautious'),
          autoCapture: checked('auto-capture'),
          inPageNotice: checked('in-page-notice'),
          autoCheck: checked('auto-check'),
          never: Array.from(document.querySelectorAll('[data-testid=never-check-host] > span'), (e) => e.textContent),
          muted: Array.from(document.querySelectorAll('[data-testid=muted-host] > span'), (e) => e.textContent),
        };
      });
      assert.deepEqual(state, { cautious: true, autoCapture: true, inPageNotice: false, autoCheck: true, never: ['news.example.org', 'www.example.com'], muted: ['muted.example.net'] });

      // Removing a muted site and a never-check site is saved too.
      await reopened.click(T('muted-remove'));
      await reopened.waitFor(T('muted-empty'));
      await reopened.click(T('never-check-remove'));
      await poll(async () => {
        const saved = await settingsInDatabase(reopened);
        return JSON.stringify(saved?.noticeMutedHosts) === '[]' && JSON.stringify(saved?.neverCheck) === '["www.example.com"]';
      }, { describe: () => 'the removals saved' });
      await reopened.close();
    });

    test('the storage section shows use and asks to keep the corpus; the page passes axe-core', async () => {
      const options = await openOptions(s());
      await waitForCorpusCount(options, 10);
      assert.match(await options.waitForText(T('storage-usage'), /Wirecheck uses .+ of the .+ this browser allows it\./), /uses \d/);
      if (await options.count(T('persist-storage'))) {
        await options.click(T('persist-storage'));
        // Chromium answers at once; Firefox asks the reader with a prompt, which a headless
        // run never answers, so the page says it is waiting.
        const result = await options.waitForText(T('persist-result'), /Granted|Not granted|cannot be asked|Asking the browser/, { timeout: 10_000 });
        if (name === 'chromium') assert.match(await options.waitForText(T('persist-result'), /Granted|Not granted/), /Granted|Not granted/);
        assert.ok(result.length > 0);
      }
      const violations = await axeViolations(options);
      assert.deepEqual(violations, [], describeViolations(violations));
      await options.evaluate(() => window.scrollTo(0, 0));
      await s().screenshot(options, 'options');

      await options.close();
    });

    test('a corpus pack imports in one step; a truncated or damaged one is refused and changes nothing', async () => {
      const options = await openOptions(s());
      await waitForCorpusCount(options, 10);
      const status = await chooseCorpusFiles(options, [files.packs.pack]);
      assert.match(status, new RegExp(`Imported ${files.packs.count} articles from 1 file: ${files.packs.count} new, 0 updated, 0 unchanged\\.`));
      await waitForCorpusCount(options, 10 + files.packs.count);

      // The texts came compressed from the pack: the text search and the article dialog read them.
      await typeInto(options, T('corpus-search'), 'packword7');
      await choose(options, T('corpus-search-in'), 'text');
      await options.waitForText(T('table-status'), /of 1 matching/, { timeout: 30_000 });
      assert.deepEqual(await rowTitles(options), ['Packed story 7']);
      await clickInRow(options, 'Packed story 7', T('view-article'));
      await options.waitFor('dialog[open] [data-testid=article-text]');
      assert.match((await options.text(T('article-text'))) ?? '', /Officials said the council.*packword7/s);
      await press(options, 'Escape');
      await poll(() => options.evaluate(() => !document.querySelector('dialog')), { describe: () => 'the dialog closed' });

      for (const [file, said] of [
        [files.packs.truncated, /“options-truncated\.wcpack” is an incomplete corpus pack/],
        [files.packs.damaged, /“options-damaged\.bin” is a damaged corpus pack: its checksum does not match/],
      ] as const) {
        const refused = await chooseCorpusFiles(options, [file]);
        assert.match(refused, said);
        assert.match(refused, /Nothing was imported; your corpus is unchanged\./);
        assert.equal(await options.count(T('pack-refused')), 1);
        assert.equal(await corpusCount(options), 10 + files.packs.count);
      }
      await options.close();
    });
  });
}

// The dark theme: Firefox is launched dark (over WebDriver BiDi a page cannot be switched
// later); Chromium pages are switched by Playwright. Both pages keep readable contrast, with a
// corpus, a dialog and an error showing.
async function dark(page: E2EPage): Promise<E2EPage> {
  const raw = page.raw as { emulateMedia?: (o: { colorScheme: 'dark' }) => Promise<void> };
  await raw.emulateMedia?.({ colorScheme: 'dark' });
  assert.equal(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches), true, 'the page is in the dark theme');
  return page;
}

for (const { name, launch } of selectedBrowsers()) {
  describe(`options and welcome pages, dark: ${name}`, { timeout: 300_000 }, () => {
    const { s } = useSuite(name, launch, { server: false, launchOptions: { colorScheme: 'dark' } });

    test('welcome and options pass axe-core in the dark theme', async () => {
      const session = s();
      const welcome = await dark(await session.openExtensionPage('welcome.html'));
      await welcome.click(T('welcome-add-sample'));
      await welcome.waitForText(T('welcome-status'), /Added/, { timeout: 30_000 });
      const onWelcome = await axeViolations(welcome);
      assert.deepEqual(onWelcome, [], describeViolations(onWelcome));
      await session.screenshot(welcome, 'welcome-dark');
      await welcome.close();

      const options = await dark(await openOptions(session));
      await waitForCorpusCount(options, 2);
      await typeInto(options, T('never-check-input'), 'not a host');
      await options.click(T('never-check-add'));
      await options.waitFor(T('never-check-error'));
      await options.evaluate(() => window.scrollTo(0, 0));
      const onOptions = await axeViolations(options);
      assert.deepEqual(onOptions, [], describeViolations(onOptions));
      await session.screenshot(options, 'options-dark');
      await clickInRow(options, AP_FULL_TITLE, T('view-article'));
      await options.waitFor('dialog[open] [data-testid=article-text]');
      const onDialog = await axeViolations(options);
      assert.deepEqual(onDialog, [], describeViolations(onDialog));
      await options.close();
    });
  });
}
