/**
 * The options page's Sites view, in each browser, on the real per-site record.
 *
 * Seven article pages are read on three sites, each a host name the browser resolves to the
 * fixture server (`launchOptions.localHosts`, as capture.e2e.ts does): the seed texts against
 * the two AP originals of the seed corpus, with and without a line crediting AP, and an
 * unrelated local story. The popup on a page of each site must say that site's counts; then
 * the Sites view must show each site's counts, sort by share of AP
 * copy and by uncredited rewrites (mouse and keyboard, aria-sort following), open a site with
 * its chart and articles (axe-core on the page), export CSV (the download intercepted and its
 * blob read back), clear one site, then all of them: nothing left, neither in the view nor in
 * the record's export, nor in the record's database.
 *
 * In Chromium it also captures the view with a site open, light and dark (`options-sites`,
 * `options-sites-dark`), which `npm run screenshots` copies to docs/screenshots/ for the README.
 *
 * The record names a site by its host and port (the fixture server's), as URL.host does.
 *
 * | site                      | page                                              | verdict   | credits AP |
 * | ---                       | ---                                               | ---       | ---        |
 * | copy-daily.test           | light rewrite (seed 000)                          | edited    | no         |
 * |                           | spun rewrite without its closing credit (seed 001) | rewritten | no         |
 * |                           | unrelated local story                             | none      | —          |
 * | www.wire-times.test       | the full AP story + "The Associated Press          | verbatim  | yes        |
 * |   (site: wire-times.test) |   contributed to this report." (seed 004)          |           |            |
 * |                           | spun rewrite with its credit line (seed 001)      | rewritten | yes        |
 * | own-gazette.test          | independent story reusing passages (seed 003)     | partial   | no         |
 * |                           | unrelated local story                             | none      | —          |
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { axeViolations, describeViolations } from './helpers/axe.ts';
import { selectedBrowsers } from './helpers/browsers.ts';
import { poll } from './helpers/common.ts';
import { SEED, corpusBothPath, readE2EFixture, readSeed } from './helpers/fixtures.ts';
import { T, press } from './helpers/options-page.ts';
import { articleFromText } from './helpers/server.ts';
import { useSuite } from './helpers/suite.ts';
import { parseCsv } from '../support/csv.ts';
import { openPopupUntil, waitForBadge } from './helpers/wirecheck.ts';
import type { E2EPage, ExtensionSession } from './helpers/types.ts';

const COPY = 'copy-daily.test';
const WIRE = 'www.wire-times.test';
const OWN = 'own-gazette.test';

const SPUN_CREDIT = /^Information for this article provided through .* of The Associated Press\.$/;

/** Which page each site serves (fixture article names), in the order they are read. */
const VISITS: [host: string, article: string][] = [
  [COPY, 'light'],
  [COPY, 'spun-bare'],
  [COPY, 'library'],
  [WIRE, 'full-credited'],
  [WIRE, 'spun'],
  [OWN, 'independent'],
  [OWN, 'library'],
];

interface Row {
  host: string;
  articles: string;
  apShare: string;
  credited: string;
  uncreditedRewrites: string;
}

interface Visit {
  host: string;
  url: string;
  verdict: string;
  credited: boolean;
}

type Reply<T> = { ok: true; value: T } | { ok: false; error: string };

/** A ui:* message to the background from the harness's extension page; its value. */
async function ask<T>(session: ExtensionSession, message: Record<string, unknown>): Promise<T> {
  const reply = await session.evaluateInExtension((m: Record<string, unknown>) => browser.runtime.sendMessage(m) as Promise<Reply<T>>, message);
  if (!reply?.ok) throw new Error(`${String(message.type)}: ${reply ? reply.error : 'no answer'}`);
  return reply.value;
}

async function rows(page: E2EPage): Promise<Row[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('[data-testid=sites-row]')].map((tr) => {
      const cell = (col: string) => tr.querySelector(`[data-col=${col}]`)?.textContent?.trim() ?? '';
      return { host: tr.getAttribute('data-host') ?? '', articles: cell('articles'), apShare: cell('apShare'), credited: cell('credited'), uncreditedRewrites: cell('uncreditedRewrites') };
    }),
  );
}

const hostsOf = async (page: E2EPage) => (await rows(page)).map((r) => r.host);

async function waitForHosts(page: E2EPage, expected: string[], what: string): Promise<void> {
  let last: string[] = [];
  await poll(
    async () => {
      last = await hostsOf(page);
      return JSON.stringify(last) === JSON.stringify(expected);
    },
    { describe: () => `${what}: ${expected.join(', ')} (was ${last.join(', ')})` },
  );
}

/** The aria-sort of the sorted column: [its sort button's test id, ascending|descending]. */
async function sorted(page: E2EPage): Promise<[string, string][]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('[data-testid=sites-table] thead th[aria-sort]')].map((th) => [th.querySelector('button')?.getAttribute('data-testid') ?? '', th.getAttribute('aria-sort') ?? ''] as [string, string]),
  );
}

/** Makes the page's <a download> record what it would save instead of saving it; `read` gets the last one's name and text. */
async function interceptDownloads(page: E2EPage): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { e2eDownloads: { href: string; name: string }[] };
    w.e2eDownloads = [];
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      if (this.hasAttribute('download')) w.e2eDownloads.push({ href: this.href, name: this.download });
    };
  });
}

async function download(page: E2EPage, count: number): Promise<{ name: string; text: string }> {
  const last = await poll(
    () => page.evaluate((n: number) => (window as unknown as { e2eDownloads: { href: string; name: string }[] }).e2eDownloads[n - 1], count),
    { describe: () => `download ${count}` },
  );
  const text = await page.evaluate(async (href: string) => (await fetch(href)).text(), last.href);
  return { name: last.name, text };
}

/** Every record of every object store in the record's own database ('wirecheck-sites'); 0 when it does not exist. */
async function recordsLeft(session: ExtensionSession): Promise<number> {
  return session.evaluateInExtension(
    () =>
      new Promise<number>((resolve, reject) => {
        void indexedDB.databases().then((list) => {
          if (!list.some((d) => d.name === 'wirecheck-sites')) return resolve(0);
          const open = indexedDB.open('wirecheck-sites');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const db = open.result;
            const names = [...db.objectStoreNames];
            if (!names.length) return (db.close(), resolve(0));
            const tx = db.transaction(names);
            let total = 0;
            for (const name of names) {
              const count = tx.objectStore(name).count();
              count.onsuccess = () => (total += count.result);
            }
            tx.oncomplete = () => (db.close(), resolve(total));
            tx.onerror = () => reject(tx.error);
          };
        }, reject);
      }),
  );
}

/** Chromium's page only (Playwright): a viewport size and a colour scheme for the screenshots. */
interface PlaywrightPage {
  setViewportSize(size: { width: number; height: number }): Promise<void>;
  emulateMedia(options: { colorScheme: 'light' | 'dark' }): Promise<void>;
}

for (const { name, launch } of selectedBrowsers()) {
  describe(`options Sites view: ${name}`, { timeout: 300_000 }, () => {
    const { s, server } = useSuite(name, launch, {
      launchOptions: { localHosts: [COPY, WIRE, OWN] },
      corpus: { files: [corpusBothPath()], count: 2 },
      articles: {
        light: () => readSeed(SEED.lightRewrite),
        spun: () => readSeed(SEED.spunRewrite),
        'spun-bare': async () => {
          const a = articleFromText(await readSeed(SEED.spunRewrite));
          const paragraphs = a.paragraphs.filter((p) => !SPUN_CREDIT.test(p));
          assert.equal(paragraphs.length, a.paragraphs.length - 1, 'the spun rewrite closes with its credit line');
          return { ...a, paragraphs };
        },
        'full-credited': async () => {
          const a = articleFromText(await readSeed(SEED.apFull));
          return { ...a, paragraphs: [...a.paragraphs, 'The Associated Press contributed to this report.'] };
        },
        independent: () => readSeed(SEED.independentWithReuse),
        library: () => readE2EFixture('unrelated-library.txt'),
      },
    });
    const port = () => new URL(server().origin).port;
    const url = (host: string, article: string) => `http://${host}:${port()}/article/${encodeURIComponent(article)}`;
    /** The sites as the record names them: the host with its port, lower case, without a leading "www.". */
    const SITE = {
      get copy() { return `${COPY}:${port()}`; },
      get wire() { return `wire-times.test:${port()}`; },
      get own() { return `${OWN}:${port()}`; },
    };
    let options: E2EPage | undefined;
    const page = () => {
      assert.ok(options, 'the options page is open');
      return options;
    };

    test('pages read on three sites are recorded, each under its site', async () => {
      for (const [host, article] of VISITS) {
        const { page: tab } = await s().openUrl(url(host, article));
        // One page at a time: each is recorded before the next opens (the record keeps its order).
        const before = VISITS.findIndex(([h, a]) => h === host && a === article);
        let seen = 0;
        await poll(
          async () => {
            const list = await ask<{ sites: { articles: number }[] }>(s(), { type: 'ui:sites-list' });
            seen = list.sites.reduce((n, x) => n + x.articles, 0);
            return seen === before + 1;
          },
          { timeout: 30_000, interval: 250, describe: () => `${before + 1} pages in the record after ${url(host, article)} (was ${seen})` },
        );
        await tab.close();
      }
      const visits = await ask<Visit[]>(s(), { type: 'ui:sites-export' });
      const got = visits.map((v) => `${v.host} ${new URL(v.url).pathname} ${v.verdict} ${v.credited ? 'credited' : 'uncredited'}`).sort();
      assert.deepEqual(got, [
        `${SITE.copy} /article/library none uncredited`,
        `${SITE.copy} /article/light edited uncredited`,
        `${SITE.copy} /article/spun-bare rewritten uncredited`,
        `${SITE.own} /article/independent partial uncredited`,
        `${SITE.own} /article/library none uncredited`,
        `${SITE.wire} /article/full-credited verbatim credited`,
        `${SITE.wire} /article/spun rewritten credited`,
      ]);
    });

    test('the popup on a page of each site says that site’s counts', async () => {
      const expected: [host: string, article: string, counts: Record<string, string>, words: string][] = [
        [COPY, 'light', { articles: '3', apCopy: '2', uncreditedRewrites: '2' }, 'On this site: 2 of the 3 articles you read were AP copy (2 rewritten without credit)'],
        [WIRE, 'full-credited', { articles: '2', apCopy: '2', uncreditedRewrites: '0' }, 'On this site: 2 of the 2 articles you read were AP copy'],
        [OWN, 'independent', { articles: '2', apCopy: '1', uncreditedRewrites: '0' }, 'On this site: 1 of the 2 articles you read was AP copy'],
      ];
      for (const [host, article, counts, words] of expected) {
        // The page is read again: its record is replaced, not added to.
        const { page: tab, tabId } = await s().openUrl(url(host, article));
        await waitForBadge(s(), tabId);
        const { page: popup } = await openPopupUntil(s(), tabId, ['[data-testid=site-line]']);
        let got: Record<string, string> = {};
        await poll(
          async () => {
            got = await popup.evaluate(() => {
              const line = document.querySelector('[data-testid=site-line]');
              return {
                articles: line?.getAttribute('data-articles') ?? '',
                apCopy: line?.getAttribute('data-ap-copy') ?? '',
                uncreditedRewrites: line?.getAttribute('data-uncredited-rewrites') ?? '',
              };
            });
            return JSON.stringify(got) === JSON.stringify(counts);
          },
          { timeout: 15_000, describe: () => `the popup on ${host}: ${JSON.stringify(counts)} (was ${JSON.stringify(got)})` },
        );
        const text = (await popup.text('[data-testid=site-line]'))?.replace(/\s+/g, ' ').trim() ?? '';
        assert.ok(text.startsWith(words), `the popup on ${host} says “${words}” (said “${text}”)`);
        assert.match((await popup.attribute('[data-testid=site-line-all]', 'href')) ?? '', /\/options\.html#sites$/);
        await popup.close();
        await tab.close();
      }
    });

    test('the Sites view shows each site’s counts, by share of AP copy first', async () => {
      options = await s().openExtensionPage('options.html#sites');
      await page().waitFor(T('sites-table'), { timeout: 15_000 });
      await waitForHosts(page(), [SITE.wire, SITE.copy, SITE.own], 'the sites by share of AP copy');
      assert.deepEqual(await rows(page()), [
        { host: SITE.wire, articles: '2', apShare: '2 (100%)', credited: '2', uncreditedRewrites: '0' },
        { host: SITE.copy, articles: '3', apShare: '2 (67%)', credited: '0', uncreditedRewrites: '2' },
        { host: SITE.own, articles: '2', apShare: '1 (50%)', credited: '0', uncreditedRewrites: '0' },
      ]);
      assert.deepEqual(await sorted(page()), [['sites-sort-apShare', 'descending']]);
      assert.equal(await page().text(T('sites-count')), '3 sites');
      // #sites brought the view into sight.
      assert.ok(await page().evaluate(() => document.getElementById('sites')!.getBoundingClientRect().top < innerHeight), 'the Sites view is in view');
    });

    test('sorts by uncredited rewrites with the mouse, and by site with the keyboard', async () => {
      await page().click(T('sites-sort-uncreditedRewrites'));
      // Ties (0 and 0 over 2 articles each) go by name.
      await waitForHosts(page(), [SITE.copy, SITE.own, SITE.wire], 'the sites by uncredited rewrites');
      assert.deepEqual(await sorted(page()), [['sites-sort-uncreditedRewrites', 'descending']]);
      await page().click(T('sites-sort-uncreditedRewrites'));
      // The other way; ties still go by name.
      await waitForHosts(page(), [SITE.own, SITE.wire, SITE.copy], 'the other way');
      assert.deepEqual(await sorted(page()), [['sites-sort-uncreditedRewrites', 'ascending']]);

      await page().evaluate(() => (document.querySelector('[data-testid=sites-sort-host]') as HTMLElement).focus());
      await press(page(), 'Enter');
      await waitForHosts(page(), [SITE.copy, SITE.own, SITE.wire], 'the sites by name');
      assert.deepEqual(await sorted(page()), [['sites-sort-host', 'ascending']]);
      // ' ': Puppeteer over WebDriver BiDi knows no key named "Space"; both drivers take the character.
      await press(page(), ' ');
      await waitForHosts(page(), [SITE.wire, SITE.own, SITE.copy], 'the sites by name, Z to A');
      assert.deepEqual(await sorted(page()), [['sites-sort-host', 'descending']]);
      await page().click(T('sites-sort-apShare'));
      await waitForHosts(page(), [SITE.wire, SITE.copy, SITE.own], 'back to the share');
    });

    test('a site opens with its figures, an accessible chart and its articles; the page passes axe-core', async () => {
      await page().click(`[data-host="${SITE.copy}"] ${T('sites-open')}`);
      await page().waitFor(`${T('site-detail')}[data-host="${SITE.copy}"] ${T('site-articles')}`, { timeout: 15_000 });
      const facts = await page().evaluate(() =>
        Object.fromEntries([...document.querySelectorAll('[data-testid=site-facts] dd[data-fact]')].map((dd) => [dd.getAttribute('data-fact'), dd.textContent?.trim()])),
      );
      assert.deepEqual(facts, { articles: '3', apCopy: '2 (67%)', credited: '0', uncredited: '2', uncreditedRewrites: '2' });
      assert.equal(await page().attribute(T('site-chart-svg'), 'role'), 'img');
      assert.match((await page().attribute(T('site-chart-svg'), 'aria-label')) ?? '', /in all 3 articles checked, 2 AP copy, 2 without credit/);
      const weeks = await page().evaluate(() =>
        [...document.querySelectorAll('[data-testid=site-chart-table] tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => Number(td.textContent))),
      );
      assert.deepEqual(
        weeks.reduce((sum, w) => sum.map((n, i) => n + w[i]!), [0, 0, 0]),
        [3, 2, 2],
        'the chart’s figures add up to the site’s',
      );
      assert.ok((await page().count(`${T('site-chart-svg')} rect.bar`)) >= 3, 'the chart has bars');

      const articles = await page().evaluate(() =>
        [...document.querySelectorAll('[data-testid=site-article]')].map((tr) => ({
          verdict: tr.getAttribute('data-verdict'),
          href: tr.querySelector('a')?.getAttribute('href') ?? null,
          credit: tr.querySelector('[data-testid=site-article-credit]')?.textContent?.trim(),
        })),
      );
      assert.deepEqual(articles.map((a) => a.verdict).sort(), ['edited', 'none', 'rewritten']);
      assert.deepEqual(articles.map((a) => a.href).sort(), ['library', 'light', 'spun-bare'].map((a) => url(COPY, a)));
      assert.deepEqual(articles.filter((a) => a.verdict !== 'none').map((a) => a.credit), ['No credit', 'No credit']);

      const violations = await axeViolations(page());
      assert.deepEqual(violations, [], describeViolations(violations));

      if (name === 'chromium') {
        const raw = page().raw as PlaywrightPage;
        await raw.setViewportSize({ width: 1280, height: 800 });
        await page().evaluate(() => document.getElementById('sites')!.scrollIntoView());
        await s().screenshot(page(), 'options-sites');
        await raw.emulateMedia({ colorScheme: 'dark' });
        const dark = await axeViolations(page(), '#sites');
        assert.deepEqual(dark, [], describeViolations(dark));
        await s().screenshot(page(), 'options-sites-dark');
        await raw.emulateMedia({ colorScheme: 'light' });
      }
    });

    test('exports every site, and one site, as CSV', async () => {
      await interceptDownloads(page());
      await page().click(T('sites-export-csv'));
      const all = await download(page(), 1);
      assert.match(all.name, /^wirecheck-sites-\d{4}-\d{2}-\d{2}\.csv$/);
      const [header, ...lines] = parseCsv(all.text);
      assert.deepEqual(header!.slice(0, 3), ['host', 'url', 'title']);
      const col = (n: string) => header!.indexOf(n);
      assert.equal(lines.length, 7);
      const count = (host: string) => lines.filter((l) => l[col('host')] === host).length;
      assert.deepEqual([count(SITE.copy), count(SITE.wire), count(SITE.own)], [3, 2, 2]);
      assert.deepEqual(lines.filter((l) => l[col('host')] === SITE.wire).map((l) => l[col('credited')]), ['true', 'true']);
      assert.match((await page().text(T('sites-export-status'))) ?? '', /Exported 7 articles/);

      await page().click(T('site-export-csv'));
      const one = await download(page(), 2);
      assert.ok(one.name.startsWith(`wirecheck-sites-${SITE.copy.replace(':', '_')}-`) && one.name.endsWith('.csv'), one.name);
      const [, ...mine] = parseCsv(one.text);
      assert.deepEqual(mine.map((l) => l[col('host')]), [SITE.copy, SITE.copy, SITE.copy]);
    });

    test('clears one site after a confirmation', async () => {
      await page().click(T('site-clear'));
      await page().waitFor('dialog[open] [data-testid=confirm-delete]');
      assert.ok((await page().text('dialog[open]'))?.includes(SITE.copy), 'the dialog names the site');
      await page().click(T('confirm-delete'));
      await waitForHosts(page(), [SITE.wire, SITE.own], 'the sites left');
      assert.equal(await page().count(T('site-detail')), 0);
      await page().waitForText(T('sites-feedback'), `${SITE.copy} is no longer in the record.`);
      const left = await ask<Visit[]>(s(), { type: 'ui:sites-export' });
      assert.deepEqual([...new Set(left.map((v) => v.host))].sort(), [SITE.own, SITE.wire]);
      assert.equal(left.length, 4);
    });

    test('clears every site after a confirmation, leaving nothing behind', async () => {
      await page().click(T('sites-clear-all'));
      await page().waitFor('dialog[open] [data-testid=confirm-delete]');
      assert.match((await page().text('dialog[open]')) ?? '', /Clear the record of 2 sites\?/);
      await page().click(T('confirm-delete'));
      await page().waitFor(T('sites-empty'));
      assert.equal(await page().count(T('sites-table')), 0);
      assert.deepEqual(await ask<Visit[]>(s(), { type: 'ui:sites-export' }), []);
      assert.deepEqual((await ask<{ sites: unknown[] }>(s(), { type: 'ui:sites-list' })).sites, []);
      assert.equal(await recordsLeft(s()), 0, 'no record left in the wirecheck-sites database');
      await page().close();
      options = undefined;
    });
  });
}
