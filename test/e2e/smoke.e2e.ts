/**
 * Proves the harness itself against whatever build is in .output/: each browser loads the
 * extension, the harness finds its id, extension APIs answer, local pages open with a tab id,
 * and file inputs on extension pages take files. Needs nothing from the UI.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { isProbablyReaderable, Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { runsBrowserFreeSuites, selectedBrowsers } from './helpers/browsers.ts';
import { PROBE_FILE_INPUT, poll } from './helpers/common.ts';
import { EXTENSION_UUID } from './helpers/firefox.ts';
import { readE2EFixture } from './helpers/fixtures.ts';
import { E2E_FIXTURES_DIR, builtExtensionDir } from './helpers/paths.ts';
import { startFixtureServer } from './helpers/server.ts';
import type { FixtureServer } from './helpers/server.ts';
import { useSuite } from './helpers/suite.ts';
import type { LaunchOptions } from './helpers/types.ts';
import { badgeText, tabState } from './helpers/wirecheck.ts';

const LIBRARY_HEADLINE = 'Riverton library reopens after two-year renovation with longer hours';

// Needs no browser: the runner (run/suites.ts) runs it in one of its two processes only.
if (runsBrowserFreeSuites()) {
  describe('fixture server', () => {
    let server: FixtureServer;
    before(async () => {
      server = await startFixtureServer();
      server.addArticle('library', await readE2EFixture('unrelated-library.txt'));
    });
    after(() => server.close());

    async function documentAt(url: string) {
      const response = await fetch(url);
      assert.equal(response.status, 200, url);
      return parseHTML(await response.text()).document as unknown as Document;
    }

    test('article and SPA pages are readerable and extract to the article', async () => {
      for (const url of [server.articleUrl('library'), server.spaUrl('library')]) {
        const document = await documentAt(url);
        assert.equal(document.documentElement.getAttribute('lang'), 'en');
        assert.ok(isProbablyReaderable(document), `${url} should be readerable`);
        const parsed = new Readability(document.cloneNode(true) as Document).parse();
        assert.equal(parsed?.title, LIBRARY_HEADLINE);
        assert.match(parsed?.textContent ?? '', /Marisol Okafor/);
      }
    });

    test('the section front is not readerable; unknown paths are 404', async () => {
      assert.equal(isProbablyReaderable(await documentAt(server.notAnArticleUrl)), false);
      assert.equal((await fetch(server.url('/article/nope'))).status, 404);
    });
  });
}

for (const { name, launch } of selectedBrowsers()) {
  describe(`harness smoke: ${name}`, { timeout: 180_000 }, () => {
    const timedLaunch = async (options?: LaunchOptions) => {
      const started = Date.now();
      const session = await launch(options);
      console.log(`[e2e] ${name}: launched with the extension in ${Date.now() - started} ms (${session.extensionOrigin})`);
      return session;
    };
    const { s, server } = useSuite(name, timedLaunch, { articles: { library: () => readE2EFixture('unrelated-library.txt') } });

    test('loads the built extension and knows its id', async () => {
      const built = JSON.parse(await readFile(path.join(builtExtensionDir(name), 'manifest.json'), 'utf8')) as {
        name: string;
        version: string;
      };
      if (name === 'chromium') assert.match(s().extensionId, /^[a-p]{32}$/);
      else assert.equal(s().extensionId, EXTENSION_UUID);
      const seen = await s().evaluateInExtension(() => ({
        origin: location.origin,
        runtimeUrl: browser.runtime.getURL('/'),
        // The manifest names a message; the browser resolves it from _locales (Chrome's
        // getManifest() returns the raw "__MSG_extName__", Firefox's the resolved name).
        name: (browser.i18n.getMessage as (key: string) => string)('extName'),
        version: browser.runtime.getManifest().version,
      }));
      assert.equal(seen.origin, s().extensionOrigin);
      assert.equal(seen.runtimeUrl, `${s().extensionOrigin}/`);
      assert.equal(built.name, '__MSG_extName__');
      assert.equal(seen.name, 'Wirecheck');
      assert.equal(seen.version, built.version);
    });

    test('reads the toolbar badge from an extension page', async () => {
      const global = await s().evaluateInExtension(() => browser.action.getBadgeText({}));
      assert.equal(typeof global, 'string');
      if (name === 'chromium') {
        assert.ok(s().evaluateInBackground, 'Chromium exposes the service worker');
        const fromWorker = await s().evaluateInBackground!(() => browser.action.getBadgeText({}));
        assert.equal(fromWorker, global);
      } else {
        assert.equal(s().evaluateInBackground, undefined);
      }
    });

    test('opens a locally served article in a tab whose id the extension knows', async () => {
      const url = server().articleUrl('library');
      const { page, tabId } = await s().openUrl(url);
      assert.ok(Number.isInteger(tabId) && tabId >= 0, `tab id ${tabId}`);
      assert.equal(await page.text('h1'), LIBRARY_HEADLINE);
      assert.ok(server().requests.includes('/article/library'));

      const tab = await s().evaluateInExtension((id: number) => browser.tabs.get(id).then((t) => ({ id: t.id, status: t.status })), tabId);
      assert.equal(tab.id, tabId);
      assert.equal(typeof (await badgeText(s(), tabId)), 'string');

      // The content script's matches cover the page: it reads the article and the background checks it.
      const state = await poll(async () => {
        const st = await tabState(s(), tabId);
        return st.status === 'checked' ? st : undefined;
      }, { timeout: 10_000, interval: 50, describe: () => 'the served article checked' });
      assert.equal(state.url, url);
      await s().screenshot(page, 'smoke-article');
      await page.close();
    });

    test('the SPA page swaps its article with history.pushState', async () => {
      server().addArticle('second', { headline: 'Second story', paragraphs: ['Short paragraph.'] });
      const { page } = await s().openUrl(server().spaUrl('library'));
      assert.equal(await page.text('h1'), LIBRARY_HEADLINE);
      const after = await page.evaluate(() => {
        const before = history.length;
        (window as unknown as { spaNavigate(name: string): void }).spaNavigate('second');
        return { path: location.pathname, h1: document.querySelector('h1')?.textContent, grew: history.length > before };
      });
      assert.deepEqual(after, { path: '/spa/second', h1: 'Second story', grew: true });
      assert.ok(!server().requests.includes('/spa/second'), 'no page load for an SPA navigation');
      await page.close();
    });

    test('file inputs on extension pages take files (as the options page needs)', async () => {
      const page = await s().openExtensionPage('wirecheck-e2e.html');
      const files = [path.join(E2E_FIXTURES_DIR, 'unrelated-library.txt'), path.join(E2E_FIXTURES_DIR, 'README.md')];
      await page.setInputFiles(PROBE_FILE_INPUT, files);
      const seen = await page.evaluate(() => ({ changes: document.body.dataset.changeEvents, names: document.body.dataset.fileNames }));
      assert.deepEqual(seen, { changes: '1', names: 'unrelated-library.txt,README.md' });
      await s().screenshot(page, 'smoke-extension-page');
      await page.close();
    });
  });
}
