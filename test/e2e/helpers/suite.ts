/**
 * The setup most e2e suites share, registered once per `describe`: a fixture server with the
 * suite's articles, a fresh install of the extension in one browser, optionally a corpus
 * imported through the options page; then the install and the server closed after the last
 * test, and a screenshot of the last opened page after each failed test.
 *
 *     for (const { name, launch } of selectedBrowsers()) {
 *       describe(`…: ${name}`, { timeout: 300_000 }, () => {
 *         const { s, server } = useSuite(name, launch, {
 *           articles: { spun: () => readSeed(SEED.spunRewrite) },
 *           corpus: { files: [corpusBothPath()], count: 2 },
 *         });
 *         test('…', async () => { const { tabId } = await s().openUrl(server().articleUrl('spun')); … });
 *       });
 *     }
 *
 * The hooks are node:test's `before`, `after` and `afterEach` of the enclosing `describe`, so
 * `useSuite` is called in its body, before its tests. A suite that needs more setup registers
 * its own `before` after calling `useSuite`: hooks run in the order they were registered, so
 * the install and corpus are there by then. The accessors fail the test with "<browser> did
 * not launch" when the `before` hook did not get that far.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before } from 'node:test';
import type { BrowserEntry } from './browsers.ts';
import type { BrowserName } from './paths.ts';
import { type FixtureArticle, type FixtureServer, startFixtureServer } from './server.ts';
import type { ExtensionSession, LaunchOptions } from './types.ts';
import { chooseCorpusFiles, openOptions, screenshotOnFailure, waitForCorpusCount } from './wirecheck.ts';

export interface SuiteOptions {
  /**
   * The pages the fixture server serves, by name (`server().articleUrl(name)`): an article, or
   * a function reading one (text: headline on line 1, paragraphs split by blank lines), called
   * in the `before` hook.
   */
  articles?: Record<string, FixtureArticle | (() => Promise<string | FixtureArticle>)>;
  /** Corpus files imported in the options page before the first test; `count`: the corpus size to wait for. */
  corpus?: { files: readonly string[]; count?: number };
  /** Options of the browser's launch, or a function making them in the `before` hook (a server the browser must know of, started first). */
  launchOptions?: LaunchOptions | (() => Promise<LaunchOptions>);
  /** false: the suite serves no pages, and no fixture server is started. */
  server?: boolean;
}

export interface Suite {
  /** The extension session of this suite. */
  s(): ExtensionSession;
  /** The fixture server of this suite. */
  server(): FixtureServer;
}

export function useSuite(name: BrowserName, launch: BrowserEntry['launch'], options: SuiteOptions = {}): Suite {
  let session: ExtensionSession | undefined;
  let server: FixtureServer | undefined;

  before(async () => {
    if (options.server !== false) {
      server = await startFixtureServer();
      for (const [article, source] of Object.entries(options.articles ?? {})) {
        server.addArticle(article, typeof source === 'function' ? await source() : source);
      }
    }
    session = await launch(typeof options.launchOptions === 'function' ? await options.launchOptions() : options.launchOptions);
    if (options.corpus) {
      const page = await openOptions(session);
      assert.match(await chooseCorpusFiles(page, options.corpus.files), /Imported/);
      if (options.corpus.count !== undefined) await waitForCorpusCount(page, options.corpus.count);
      await page.close();
    }
  });
  after(async () => {
    await session?.close();
    await server?.close();
  });
  afterEach((t) => screenshotOnFailure(session, t));

  return {
    s: () => {
      assert.ok(session, `${name} did not launch`);
      return session;
    },
    server: () => {
      assert.ok(server, options.server === false ? 'this suite has no fixture server' : `the fixture server of ${name} did not start`);
      return server;
    },
  };
}
