/**
 * First run and auto-capture, in each browser.
 *
 * - Installing the extension opens the welcome page by itself, once.
 * - Auto-capture is off until the reader turns it on in the options page; then an article
 *   read on apnews.com joins the corpus as an original, under its canonical URL and with its
 *   publication date, and a later version of the same story replaces it instead of adding a
 *   second copy. Pages on other sites are never captured.
 *
 * apnews.com is resolved to the local fixture server by the browser itself (Chromium's
 * `--host-resolver-rules`, Firefox's `network.dns.localDomains`), so the content script and
 * the background see a real `http://apnews.com:<port>/…` page and nothing leaves the machine.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { selectedBrowsers } from './helpers/browsers.ts';
import { poll } from './helpers/common.ts';
import { useSuite } from './helpers/suite.ts';
import type { E2EPage } from './helpers/types.ts';
import { openOptions, waitForBadge } from './helpers/wirecheck.ts';

const T = (id: string) => `[data-testid=${id}]`;

interface StoredRow {
  id: string;
  title: string;
  url: string;
  published: string;
}

const PARAGRAPHS = [
  'Harbor officials in the coastal city said Tuesday that the main shipping channel would reopen next week after divers cleared debris left by the storm.',
  'The closure had stranded more than forty cargo ships offshore and forced the port authority to divert container traffic to two smaller terminals up the coast.',
  'Engineers surveyed the channel floor over the weekend and found that the breakwater had held, the authority said in a statement released after the survey.',
  'Dockworkers who had been sent home during the closure will return in shifts starting Monday, according to the union that represents them at the port.',
];
const UPDATE = 'Later Tuesday the authority said the first ships would be allowed in on Sunday, a day earlier than planned, once a final sonar sweep is complete.';

/** Every stored article, read from the extension's own IndexedDB. */
async function storedArticles(page: E2EPage): Promise<StoredRow[]> {
  return page.evaluate(
    () =>
      new Promise<StoredRow[]>((resolve, reject) => {
        const open = indexedDB.open('wirecheck');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('articles').objectStore('articles').getAll();
          get.onsuccess = () => {
            open.result.close();
            resolve((get.result as StoredRow[]).map(({ id, title, url, published }) => ({ id, title, url, published })));
          };
          get.onerror = () => reject(get.error);
        };
      }),
  );
}

for (const { name, launch } of selectedBrowsers()) {
  describe(`first run and auto-capture: ${name}`, { timeout: 300_000 }, () => {
    const { s, server } = useSuite(name, launch, {
      launchOptions: { localHosts: ['apnews.com'], keepWelcomeTab: true },
      articles: {
        'harbor-reopens': {
          headline: 'Harbor channel to reopen after storm',
          paragraphs: PARAGRAPHS,
          canonical: 'https://apnews.com/article/harbor-reopens',
          publishedTime: '2024-03-05T14:02:00Z',
        },
      },
    });
    const apUrl = (slug: string, query = '') => `http://apnews.com:${new URL(server().origin).port}/article/${slug}${query}`;

    test('installing Wirecheck opens the welcome page once', async () => {
      // Extension pages in tabs are visible to each other through getViews.
      const welcomeTabs = () =>
        s().evaluateInExtension(() => browser.extension.getViews({ type: 'tab' }).filter((w) => (w as unknown as { location: Location }).location.pathname === '/welcome.html').length);
      await poll(async () => (await welcomeTabs()) === 1, { describe: () => 'a welcome tab opened on install' });
    });

    test('auto-capture is off by default: reading apnews.com adds nothing', async () => {
      const { page, tabId } = await s().openUrl(apUrl('harbor-reopens'));
      // The page was read and checked (empty corpus: no source), so the policy was applied.
      await poll(async () => (await s().evaluateInExtension((id: number) => browser.action.getTitle({ tabId: id }), tabId)) === 'Wirecheck: no source in your corpus', {
        describe: () => 'the page checked against the empty corpus',
        timeout: 15_000,
      });
      const options = await openOptions(s());
      await options.waitFor(T('auto-capture'));
      assert.equal(await options.evaluate(() => (document.querySelector('[data-testid=auto-capture]') as HTMLInputElement).checked), false);
      assert.deepEqual(await storedArticles(options), []);
      await options.close();
      await page.close();
    });

    test('when on, an apnews.com article joins the corpus under its canonical URL, and an update replaces it', async () => {
      const options = await openOptions(s());
      await options.waitFor(T('auto-capture'));
      await options.click(T('auto-capture'));
      await options.waitForText(T('settings-status'), 'Saved.');

      // Tracking parameters differ from the canonical URL; the story's id is the canonical one.
      const first = await s().openUrl(apUrl('harbor-reopens', '?utm_source=feed'));
      await poll(async () => (await storedArticles(options)).length === 1, { describe: () => 'the article captured', timeout: 20_000 });
      assert.deepEqual(await storedArticles(options), [
        {
          id: 'https://apnews.com/article/harbor-reopens',
          title: 'Harbor channel to reopen after storm',
          url: 'https://apnews.com/article/harbor-reopens',
          published: '2024-03-05T14:02:00Z',
        },
      ]);
      await first.page.close();

      // The same story, updated: one more paragraph, same canonical URL.
      server().addArticle('harbor-reopens', {
        headline: 'Harbor channel to reopen early after storm',
        paragraphs: [...PARAGRAPHS, UPDATE],
        canonical: 'https://apnews.com/article/harbor-reopens',
        publishedTime: '2024-03-05T14:02:00Z',
      });
      const second = await s().openUrl(apUrl('harbor-reopens', '?utm_source=homepage'));
      await poll(async () => (await storedArticles(options))[0]?.title === 'Harbor channel to reopen early after storm', {
        describe: () => 'the update replaced the earlier version',
        timeout: 20_000,
      });
      assert.equal((await storedArticles(options)).length, 1);
      await second.page.close();

      // The same article on another site is checked, not captured.
      const copyUrl = server().addArticle('harbor-copy', { headline: 'Harbor to reopen', paragraphs: PARAGRAPHS });
      const copy = await s().openUrl(copyUrl);
      const badge = await waitForBadge(s(), copy.tabId);
      assert.equal(badge, 'AP', 'the copy is recognised from the captured original');
      assert.equal((await storedArticles(options)).length, 1);
      await copy.page.close();
      await options.close();
    });
  });
}
