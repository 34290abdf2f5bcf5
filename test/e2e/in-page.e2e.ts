/**
 * The reader's tools inside the page, in each browser: the in-page notice (appears with the
 * verdict, passes axe-core in light and dark, Dismiss, keyboard, "don't show on this site"),
 * the highlights (marks appear; turning them off restores the article's markup exactly), and
 * pages that try to interfere (their own <wirecheck-notice> element, patched DOM prototypes,
 * styles aimed at our host).
 *
 * The notice lives in a CLOSED shadow root, so page scripts — and Playwright's locators, which
 * pierce open roots only — cannot see inside it. Measured: `host.shadowRoot` is null in the
 * page in both browsers, and a Playwright `text=Dismiss` locator finds nothing. The browsers'
 * automation protocols do see closed roots: Chromium's CDP `DOM.getDocument({pierce: true})`
 * lists it (shadowRootType "closed"), and WebDriver BiDi serialises the host with its
 * `shadowRoot` (mode "closed") in Firefox. `exposeNoticeRoots` uses them to hand the root to the
 * page's main world as the host's `shadowRoot` property — an expando in the main world only,
 * invisible to the content script's isolated world — so the usual page.evaluate, the harness's
 * text helpers and axe-core (which walks `.shadowRoot`) can read the real notice. Clicks are
 * real mouse clicks at the button's coordinates.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Page as PlaywrightPage } from 'playwright-core';
import type { Page as PuppeteerPage } from 'puppeteer-core';
import { axeViolations, describeViolations } from './helpers/axe.ts';
import { selectedBrowsers } from './helpers/browsers.ts';
import { poll, sleep } from './helpers/common.ts';
import { AP_FULL_TITLE, SEED, corpusBothPath, readSeed } from './helpers/fixtures.ts';
import type { FixtureServer } from './helpers/server.ts';
import { useSuite } from './helpers/suite.ts';
import type { E2EPage } from './helpers/types.ts';
import { SEL, openPopupUntil, verdictWords, waitForBadge } from './helpers/wirecheck.ts';

/** A host is ours when its name is this or this plus a suffix (used when a page took the name). */
const HOST_PREFIX = 'wirecheck-notice';
const NOTICE_TIMEOUT_MS = 15_000;

// ── reaching into the closed root ─────────────────────────────────────────────────────────

interface CdpNode {
  localName?: string;
  backendNodeId: number;
  children?: CdpNode[];
  shadowRoots?: (CdpNode & { shadowRootType?: string })[];
}

/**
 * Makes each notice host's closed root readable from the page's main world as
 * `host.shadowRoot`; returns the root modes seen (["closed"] for one notice).
 */
async function exposeNoticeRoots(page: E2EPage): Promise<string[]> {
  const expose = 'function () { Object.defineProperty(this.host, "shadowRoot", { configurable: true, get: () => this }); }';
  if (page.browserName === 'chromium') {
    const raw = page.raw as PlaywrightPage;
    const cdp = await raw.context().newCDPSession(raw);
    try {
      const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode };
      const modes: string[] = [];
      const visit = async (node: CdpNode): Promise<void> => {
        if (node.localName?.startsWith(HOST_PREFIX)) {
          for (const shadow of node.shadowRoots ?? []) {
            modes.push(shadow.shadowRootType ?? '?');
            const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: shadow.backendNodeId });
            await cdp.send('Runtime.callFunctionOn', { objectId: object.objectId!, functionDeclaration: expose });
          }
        }
        for (const child of node.children ?? []) await visit(child);
      };
      await visit(root);
      return modes;
    } finally {
      await cdp.detach().catch(() => {});
    }
  }
  const raw = page.raw as PuppeteerPage;
  const handles = await raw.$$(`html > *`);
  const modes: string[] = [];
  for (const handle of handles) {
    const remote = (handle as unknown as { remoteValue(): { value?: { localName?: string; shadowRoot?: { sharedId: string; value?: { mode?: string } } | null } } }).remoteValue();
    const value = remote.value;
    if (value?.localName?.startsWith(HOST_PREFIX) && value.shadowRoot) {
      modes.push(value.shadowRoot.value?.mode ?? '?');
      const frame = raw.mainFrame() as unknown as {
        browsingContext: { defaultRealm: { callFunction(fn: string, awaitPromise: boolean, options: object): Promise<unknown> } };
      };
      await frame.browsingContext.defaultRealm.callFunction(expose, false, { this: { sharedId: value.shadowRoot.sharedId } });
    }
    await handle.dispose();
  }
  return modes;
}

/** What the page's own scripts can see of the notice: its host, with no shadow root. */
function hostsAsThePageSeesThem(page: E2EPage): Promise<{ name: string; shadowRoot: boolean; rect: number[] }[]> {
  return page.evaluate((prefix: string) =>
    Array.from(document.documentElement.children)
      .filter((e) => e.localName.startsWith(prefix))
      .map((e) => {
        const r = e.getBoundingClientRect();
        return { name: e.localName, shadowRoot: Object.getOwnPropertyDescriptor(e, 'shadowRoot') ? true : e.shadowRoot !== null, rect: [r.x, r.y, r.width, r.height] };
      }),
  HOST_PREFIX);
}

/** Waits for the notice host, exposes its root, and returns the notice's text. */
async function waitForNotice(page: E2EPage): Promise<{ text: string; modes: string[] }> {
  await poll(async () => (await hostsAsThePageSeesThem(page)).length > 0, { timeout: NOTICE_TIMEOUT_MS, describe: () => `a <${HOST_PREFIX}> on ${page.openedUrl}` });
  const modes = await exposeNoticeRoots(page);
  const text = await poll(
    () =>
      page.evaluate((prefix: string) => {
        const host = Array.from(document.documentElement.children).find((e) => e.localName.startsWith(prefix));
        const aside = host?.shadowRoot?.querySelector('aside');
        return aside?.textContent?.replace(/\s+/g, ' ').trim() || undefined;
      }, HOST_PREFIX),
    { timeout: NOTICE_TIMEOUT_MS, describe: () => 'the notice rendered' },
  );
  return { text, modes };
}

function noticeGone(page: E2EPage): Promise<boolean> {
  return page.evaluate((prefix: string) => !Array.from(document.documentElement.children).some((e) => e.localName.startsWith(prefix)), HOST_PREFIX);
}

/** Centre of the notice button whose text matches, in viewport coordinates. */
async function buttonCentre(page: E2EPage, label: string): Promise<{ x: number; y: number }> {
  const centre = await page.evaluate(
    ([prefix, wanted]: [string, string]) => {
      const host = Array.from(document.documentElement.children).find((e) => e.localName.startsWith(prefix));
      const button = Array.from(host?.shadowRoot?.querySelectorAll('button') ?? []).find((b) => b.textContent?.includes(wanted));
      if (!button) return null;
      const r = button.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
    },
    [HOST_PREFIX, label] as [string, string],
  );
  assert.ok(centre, `a notice button "${label}"`);
  return centre;
}

/** A real (trusted) mouse click, through whichever driver runs the page. */
async function clickAt(page: E2EPage, { x, y }: { x: number; y: number }): Promise<void> {
  await (page.raw as { mouse: { click(x: number, y: number): Promise<void> } }).mouse.click(x, y);
}

async function press(page: E2EPage, key: string): Promise<void> {
  await (page.raw as { keyboard: { press(key: string): Promise<void> } }).keyboard.press(key);
}

/**
 * Emulates prefers-color-scheme; false where the driver cannot. Puppeteer does it over CDP only,
 * and WebDriver BiDi (Firefox 153) has no colour-scheme emulation, so Firefox is checked in its
 * default light scheme; the dark scheme is the same stylesheet, checked in Chromium.
 */
async function setColorScheme(page: E2EPage, scheme: 'light' | 'dark'): Promise<boolean> {
  if (page.browserName !== 'chromium') return false;
  await (page.raw as PlaywrightPage).emulateMedia({ colorScheme: scheme });
  return true;
}

// ── a server for hostile pages ────────────────────────────────────────────────────────────

/**
 * The fixture server's article page with a hostile script and stylesheet added to its <head>.
 * Runs on its own port, so it is another origin with the same host name (127.0.0.1).
 */
const HOSTILE_HEAD = `<style>
  wirecheck-notice, [data-wxt-shadow-root] { display: none !important; position: static !important; }
  mark { background: black !important; color: black !important; }
</style>
<script>
  // A page that took our element's name first, and attaches its own root to it.
  const attach = Element.prototype.attachShadow;
  customElements.define('wirecheck-notice', class extends HTMLElement {
    constructor() { super(); attach.call(this, { mode: 'open' }).textContent = 'the page owns this element'; }
  });
  // Page-world prototype patches: the content script's isolated world must not care.
  Node.prototype.appendChild = function () { throw new Error('hostile appendChild'); };
  Node.prototype.insertBefore = function () { throw new Error('hostile insertBefore'); };
  Element.prototype.attachShadow = function () { throw new Error('hostile attachShadow'); };
  Text.prototype.splitText = function () { throw new Error('hostile splitText'); };
  document.createElement = function () { throw new Error('hostile createElement'); };
</script>`;

async function startHostileServer(source: FixtureServer): Promise<{ url(name: string): string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/hostile\//, ''));
    fetch(source.articleUrl(name))
      .then(async (r) => {
        const html = (await r.text()).replace('</head>', `${HOSTILE_HEAD}\n</head>`);
        res.writeHead(r.status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
        res.end(html);
      })
      .catch(() => {
        res.writeHead(502);
        res.end();
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: (name) => `http://127.0.0.1:${port}/hostile/${encodeURIComponent(name)}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ── the tests ─────────────────────────────────────────────────────────────────────────────

for (const { name, launch } of selectedBrowsers()) {
  describe(`In-page notice and highlights: ${name}`, { timeout: 300_000 }, () => {
    const { s, server } = useSuite(name, launch, {
      articles: { 'spun-rewrite': () => readSeed(SEED.spunRewrite), 'spun-again': () => readSeed(SEED.spunRewrite) },
      corpus: { files: [corpusBothPath()], count: 2 },
    });
    let hostile: Awaited<ReturnType<typeof startHostileServer>>;
    before(async () => {
      hostile = await startHostileServer(server());
    });
    after(() => hostile?.close());

    test('a spun page shows the notice: verdict, source, score, coverage; closed root; axe-clean in light and dark', async () => {
      const { page, tabId } = await s().openUrl(server().articleUrl('spun-rewrite'));
      await waitForBadge(s(), tabId);
      const hosts = await poll(async () => {
        const found = await hostsAsThePageSeesThem(page);
        return found.length ? found : undefined;
      }, { timeout: NOTICE_TIMEOUT_MS, describe: () => 'the notice host' });
      assert.deepEqual(
        hosts.map((h) => [h.name, h.shadowRoot]),
        [['wirecheck-notice', false]],
        'the page sees the host and no shadow root',
      );
      const { text, modes } = await waitForNotice(page);
      assert.deepEqual(modes, ['closed'], 'the automation protocol reports a closed root');
      assert.match(text, /^Wirecheck: this article is AP copy, rewritten/);
      assert.ok(text.includes(AP_FULL_TITLE), `the source title in ${JSON.stringify(text)}`);
      assert.match(text, /Paraphrase score \d+\/100/);
      assert.match(text, /\d+% of this page derives from it/);

      // Small, in the bottom-right corner, inside the viewport.
      const [x, y, w, h] = (await hostsAsThePageSeesThem(page))[0]!.rect as [number, number, number, number];
      const viewport = await page.evaluate(() => [innerWidth, innerHeight]);
      assert.ok(w > 200 && w <= 360, `width ${w}`);
      assert.ok(h > 40 && h < viewport[1]! / 2, `height ${h}`);
      assert.ok(Math.abs(viewport[0]! - (x + w) - 16) <= 20, `right edge ${x + w} of ${viewport[0]}`);
      assert.ok(Math.abs(viewport[1]! - (y + h) - 16) <= 20, `bottom edge ${y + h} of ${viewport[1]}`);
      // It floats above the page, whatever the page's stacking.
      const topmost = await page.evaluate(([cx, cy]: [number, number]) => document.elementFromPoint(cx, cy)?.localName, [x + w / 2, y + h / 2] as [number, number]);
      assert.equal(topmost, 'wirecheck-notice');

      await s().screenshot(page, 'notice-rewritten');
      const light = await axeViolations(page, HOST_PREFIX);
      assert.deepEqual(light, [], describeViolations(light));

      if (await setColorScheme(page, 'dark')) {
        const background = await page.evaluate((prefix: string) => {
          const host = Array.from(document.documentElement.children).find((e) => e.localName.startsWith(prefix));
          return getComputedStyle(host!.shadowRoot!.querySelector('aside')!).backgroundColor;
        }, HOST_PREFIX);
        assert.equal(background, 'rgb(22, 25, 29)', 'the dark theme applies');
        await s().screenshot(page, 'notice-rewritten-dark');
        const dark = await axeViolations(page, HOST_PREFIX);
        assert.deepEqual(dark, [], describeViolations(dark));
        await setColorScheme(page, 'light');
      }
      await page.close();
    });

    test('Dismiss hides the notice, and it does not come back in the same page view', async () => {
      const { page, tabId } = await s().openUrl(server().articleUrl('spun-rewrite'));
      await waitForBadge(s(), tabId);
      await waitForNotice(page);
      await clickAt(page, await buttonCentre(page, 'Dismiss'));
      await poll(() => noticeGone(page), { describe: () => 'the notice to go after Dismiss' });

      // The popup asks the page again (restart path); the re-check must not reopen the notice.
      await s().evaluateInExtension((id: number) => browser.runtime.sendMessage({ type: 'ui:check-tab', tabId: id }), tabId);
      const { page: popup } = await openPopupUntil(s(), tabId, [SEL.verdict]);
      assert.deepEqual(await verdictWords(popup), ['rewritten']);
      await popup.close();
      await sleep(1_000);
      assert.ok(await noticeGone(page), 'no notice after the re-check');
      await page.close();
    });

    test('the notice is reachable and usable with the keyboard (Tab, visible focus, Enter)', async () => {
      const { page, tabId } = await s().openUrl(server().articleUrl('spun-rewrite'));
      await waitForBadge(s(), tabId);
      await waitForNotice(page);
      // From the page's last link, Tab moves into the notice (it sits at the end of the document).
      await page.evaluate(() => (Array.from(document.querySelectorAll('a')).pop() as HTMLElement).focus());
      await press(page, 'Tab');
      const focused = await page.evaluate((prefix: string) => {
        const host = Array.from(document.documentElement.children).find((e) => e.localName.startsWith(prefix));
        const inner = host?.shadowRoot?.activeElement as HTMLElement | null | undefined;
        return {
          outer: document.activeElement?.localName,
          inner: inner?.textContent ?? null,
          outline: inner ? getComputedStyle(inner).outlineStyle : null,
        };
      }, HOST_PREFIX);
      assert.deepEqual(focused, { outer: 'wirecheck-notice', inner: 'Dismiss', outline: 'solid' });
      await s().screenshot(page, 'notice-keyboard-focus');
      await press(page, 'Enter');
      await poll(() => noticeGone(page), { describe: () => 'the notice to go after Enter on Dismiss' });
      await page.close();
    });

    test('highlights: marks appear in the page, and turning them off restores the article exactly', async (t) => {
      const { page, tabId } = await s().openUrl(server().articleUrl('spun-rewrite'));
      await waitForBadge(s(), tabId);
      await waitForNotice(page);
      const snapshot = () =>
        page.evaluate(() => {
          const article = document.querySelector('article')!;
          let textNodes = 0;
          const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
          while (walker.nextNode()) textNodes++;
          return { html: article.innerHTML, textNodes, bodyHtml: document.body.innerHTML };
        });
      const before = await snapshot();

      const reply = await s().evaluateInExtension((id: number) => browser.runtime.sendMessage({ type: 'ui:highlight', tabId: id, on: true }), tabId);
      assert.deepEqual(reply, { ok: true, value: null });
      const marks = await poll(async () => {
        const n = await page.count('mark[data-wirecheck-mark]');
        return n > 0 ? n : undefined;
      }, { describe: () => 'highlight marks' });
      assert.ok(marks > 10, `${marks} marks`);
      const bands = await page.evaluate(() => Array.from(document.querySelectorAll('mark[data-wirecheck-mark]'), (m) => m.getAttribute('data-wirecheck-mark')));
      assert.ok(bands.includes('rewritten'), `bands ${JSON.stringify([...new Set(bands)])}`);
      const inArticle = await page.count('article mark[data-wirecheck-mark]');
      assert.equal(inArticle, marks, 'every mark is in the article');
      const title = await page.attribute('mark[data-wirecheck-mark]', 'title');
      assert.match(title ?? '', /^Wirecheck: /);
      await page.evaluate(() => document.querySelector('article p:nth-of-type(3)')?.scrollIntoView({ block: 'start' }));
      await s().screenshot(page, 'highlights-on');

      await s().evaluateInExtension((id: number) => browser.runtime.sendMessage({ type: 'ui:highlight', tabId: id, on: false }), tabId);
      await poll(async () => (await page.count('mark[data-wirecheck-mark]')) === 0, { describe: () => 'marks to go' });
      const restored = await snapshot();
      assert.equal(restored.html, before.html, 'the article innerHTML is restored exactly');
      assert.equal(restored.textNodes, before.textNodes, 'and its number of text nodes');
      assert.equal(restored.bodyHtml, before.bodyHtml, 'and the whole body');

      // On, then on again: the second set replaces the first (no nested or doubled marks).
      await s().evaluateInExtension((id: number) => browser.runtime.sendMessage({ type: 'ui:highlight', tabId: id, on: true }), tabId);
      await poll(async () => (await page.count('mark[data-wirecheck-mark]')) === marks, { describe: () => 'marks again' });
      await s().evaluateInExtension((id: number) => browser.runtime.sendMessage({ type: 'ui:highlight', tabId: id, on: true }), tabId);
      await sleep(300);
      assert.equal(await page.count('mark[data-wirecheck-mark]'), marks);
      assert.equal(await page.count('mark[data-wirecheck-mark] mark'), 0);
      await s().evaluateInExtension((id: number) => browser.runtime.sendMessage({ type: 'ui:highlight', tabId: id, on: false }), tabId);
      await poll(async () => (await page.count('mark[data-wirecheck-mark]')) === 0, { describe: () => 'marks to go again' });
      assert.equal((await snapshot()).html, before.html);

      // Every passage the background aligned is found in the page: the content script answers
      // a highlight message with what it marked (the background does not pass that on).
      const counts = await s().evaluateInExtension(async (id: number) => {
        type Pair = { pageSentence: string; paraphraseScore: number; quote: boolean };
        const reply = (await browser.runtime.sendMessage({ type: 'ui:get-comparison', tabId: id })) as { ok: boolean; value?: { result: { alignedPairs: Pair[] } } };
        const passages = (reply.value?.result.alignedPairs ?? []).map((p) => ({ text: p.pageSentence, paraphraseScore: p.paraphraseScore, quote: p.quote }));
        const marked = await browser.tabs.sendMessage(id, { type: 'background:highlight', on: true, passages });
        await browser.tabs.sendMessage(id, { type: 'background:highlight', on: false, passages: [] });
        return { passages: passages.length, marked: marked as { marks: number; found: number; missed: number } };
      }, tabId);
      t.diagnostic(`${name}: ${counts.passages} aligned passages, ${JSON.stringify(counts.marked)}`);
      assert.ok(counts.passages > 10, `${counts.passages} aligned passages`);
      assert.deepEqual(counts.marked, { marks: marks, found: counts.passages, missed: 0 });
      assert.equal((await snapshot()).html, before.html);
      await page.close();
    });

    test('a hostile page (our element name taken, DOM prototypes patched, styles aimed at us) still gets the notice and highlights', async (t) => {
      const { page, tabId } = await s().openUrl(hostile.url('spun-rewrite'));
      const patched = await page.evaluate(() => ({
        element: customElements.get('wirecheck-notice') !== undefined,
        appendChild: String(Node.prototype.appendChild).includes('hostile'),
      }));
      assert.deepEqual(patched, { element: true, appendChild: true }, 'the hostile script ran');
      await waitForBadge(s(), tabId);
      const { text } = await waitForNotice(page);
      assert.match(text, /^Wirecheck: this article is AP copy, rewritten/);
      const hosts = await hostsAsThePageSeesThem(page);
      assert.equal(hosts.length, 1, JSON.stringify(hosts));
      t.diagnostic(`${name}: notice host <${hosts[0]!.name}>`);
      // Measured in both browsers: the page's definition upgrades the element the content
      // script creates, its constructor takes the root, so the suffixed name is used.
      assert.match(hosts[0]!.name, /^wirecheck-notice-[a-z0-9]+$/);
      const [, , w, h] = hosts[0]!.rect as [number, number, number, number];
      assert.ok(w > 200 && h > 40, `the page's styles did not hide or shrink it: ${JSON.stringify(hosts[0])}`);
      await s().screenshot(page, 'notice-hostile-page');

      const before = await page.evaluate(() => document.querySelector('article')!.innerHTML);
      await s().evaluateInExtension((id: number) => browser.runtime.sendMessage({ type: 'ui:highlight', tabId: id, on: true }), tabId);
      await poll(async () => (await page.count('mark[data-wirecheck-mark]')) > 10, { describe: () => 'marks on the hostile page' });
      await s().evaluateInExtension((id: number) => browser.runtime.sendMessage({ type: 'ui:highlight', tabId: id, on: false }), tabId);
      await poll(async () => (await page.count('mark[data-wirecheck-mark]')) === 0, { describe: () => 'marks to go' });
      assert.equal(await page.evaluate(() => document.querySelector('article')!.innerHTML), before);
      await clickAt(page, await buttonCentre(page, 'Dismiss'));
      await poll(() => noticeGone(page), { describe: () => 'the notice to go' });
      await page.close();
    });

    // Last: muting is per host name, and every page here is served from 127.0.0.1.
    test('"Don’t show on this site" hides the notice; another page on the host gets none, the badge still shows', async () => {
      const { page, tabId } = await s().openUrl(server().articleUrl('spun-rewrite'));
      await waitForBadge(s(), tabId);
      await waitForNotice(page);
      await clickAt(page, await buttonCentre(page, 'show on this site'));
      await poll(() => noticeGone(page), { describe: () => 'the notice to go after muting' });

      const second = await s().openUrl(server().articleUrl('spun-again'));
      const badge = await waitForBadge(s(), second.tabId);
      assert.notEqual(badge.trim(), '');
      const { page: popup } = await openPopupUntil(s(), second.tabId, [SEL.verdict]);
      assert.deepEqual(await verdictWords(popup), ['rewritten'], 'the page is still checked');
      await popup.close();
      await sleep(1_500);
      assert.ok(await noticeGone(second.page), 'no notice on a muted host');
      await s().screenshot(second.page, 'notice-muted-host');
      await second.page.close();
      await page.close();
    });
  });
}
