#!/usr/bin/env node
/**
 * `npm run screenshots`: every Wirecheck page as a reader sees it, light and dark, from the
 * built extension in headless Chromium, for the README (docs/screenshots/) and the two stores
 * (store/screenshots/).
 *
 * 1. Builds the Chrome extension when the build is missing or older than its sources
 *    (`--build` always builds) into `.output/`, or WIRECHECK_E2E_OUTPUT_DIR.
 * 2. Runs test/e2e/seed-screenshots.e2e.ts (every seed case, its verdict asserted) and copies
 *    its popup, page, comparison and options images to docs/screenshots/case-<n>-*.png, and
 *    test/e2e/sites-view.e2e.ts (pages read on three sites, their counts asserted) and copies
 *    its Sites view to docs/screenshots/options-sites.png and options-sites-dark.png
 *    (`--pages-only` skips both and keeps those images).
 * 3. Installs the extension with the e2e harness (test/e2e/helpers), adds the sample corpus
 *    from the welcome page as a new reader would, opens the spun rewrite of the seed story
 *    (verdict asserted: rewritten), and captures the welcome page (first run, a first verdict),
 *    the options page (and an article opened from it), the page with its notice, the popup at
 *    the size the browser gives it, and the comparison page, each with prefers-color-scheme
 *    light and dark: docs/screenshots/<page>.png and <page>-dark.png. Pages are 1280×800.
 * 4. Composes the store images at the size both stores take, 1280×800 (Chrome Web Store:
 *    1280×800 or 640×400; addons.mozilla.org: 1280×800, or any 1.6:1), opaque PNGs (the
 *    Chrome Web Store refuses an alpha channel): the popup open over the article under a
 *    toolbar showing the icon and its badge, in light and dark, and the comparison, options
 *    and welcome pages; and the Chrome Web Store's small promotional tile, 440×280.
 *
 * A browser screenshot is opaque RGB already; the composed images are laid out as an HTML page
 * in the same browser and captured, so no image library is needed.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

process.env.WIRECHECK_E2E_BROWSERS = 'chromium';
const { selectedBrowsers } = await import('../test/e2e/helpers/browsers.ts');
const { SEED, readSeed } = await import('../test/e2e/helpers/fixtures.ts');
const { T, clickInRow } = await import('../test/e2e/helpers/options-page.ts');
const { BUILD_DIR, REPO_ROOT, SCREENSHOT_DIR } = await import('../test/e2e/helpers/paths.ts');
const { startFixtureServer } = await import('../test/e2e/helpers/server.ts');
const { SEL, openPopupUntil, verdictWords, waitForBadge } = await import('../test/e2e/helpers/wirecheck.ts');
type E2EPage = import('../test/e2e/helpers/types.ts').E2EPage;

const DOCS_DIR = path.join(REPO_ROOT, 'docs/screenshots');
const STORE_DIR = path.join(REPO_ROOT, 'store/screenshots');
// Written here first and moved into place at the end, so a failed run leaves the old images.
const DOCS = path.join(REPO_ROOT, '.output/screenshots/docs');
const STORE = path.join(REPO_ROOT, '.output/screenshots/store');
const PAGE_SIZE = { width: 1280, height: 800 };
/** Chrome's largest popup; Firefox's is about the same. */
const POPUP_MAX = { width: 800, height: 600 };
const SCHEMES = ['light', 'dark'] as const;
type Scheme = (typeof SCHEMES)[number];

// 1. The build.
function newestChange(entry: string): number {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(entry).map((name) => newestChange(path.join(entry, name))));
}
const manifest = path.join(BUILD_DIR, 'chrome-mv3/manifest.json');
const sources = ['src', 'entrypoints', 'public', 'wxt.config.ts', 'package.json'].map((p) => path.join(REPO_ROOT, p));
if (process.argv.includes('--build') || !existsSync(manifest) || Math.max(...sources.map(newestChange)) > statSync(manifest).mtimeMs) {
  console.log(`building the Chrome extension into ${path.relative(REPO_ROOT, BUILD_DIR)}/chrome-mv3`);
  const { build } = await import('wxt');
  await build({ browser: 'chrome', outDir: BUILD_DIR });
}

// 2. The seed cases, from their e2e test.
for (const dir of [DOCS, STORE]) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
}
const CASE_IMAGE = /^(chromium-)?(case-\d+-(popup|page|compare|options)|options-sites(-dark)?)\.png$/;
if (process.argv.includes('--pages-only')) {
  // Keeps the seed cases' images as they are (a quicker run while working on one page).
  for (const f of readdirSync(DOCS_DIR).filter((f) => CASE_IMAGE.test(f))) copyFileSync(path.join(DOCS_DIR, f), path.join(DOCS, f));
} else {
  execFileSync(process.execPath, ['--test', '--test-concurrency=1', 'test/e2e/seed-screenshots.e2e.ts', 'test/e2e/sites-view.e2e.ts'], { cwd: REPO_ROOT, stdio: 'inherit' });
  const cases = readdirSync(SCREENSHOT_DIR).filter((f) => f.startsWith('chromium-') && CASE_IMAGE.test(f));
  for (const f of cases) copyFileSync(path.join(SCREENSHOT_DIR, f), path.join(DOCS, f.replace(/^chromium-/, '')));
  console.log(`${cases.length} seed-case and Sites view screenshots`);
}

// 3. Every page, light and dark.
const raw = (page: E2EPage) => page.raw as Page;

/** Lets a colour-scheme switch and late layout land before a capture. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() => document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))));
  await page.waitForTimeout(150);
}

/** Captures `page` in both schemes (docs/screenshots/<name>.png, <name>-dark.png); returns the PNGs. */
async function capture(page: E2EPage, name: string): Promise<Record<Scheme, Buffer>> {
  const shots = {} as Record<Scheme, Buffer>;
  for (const scheme of SCHEMES) {
    await raw(page).emulateMedia({ colorScheme: scheme });
    await settle(raw(page));
    shots[scheme] = await raw(page).screenshot({ path: path.join(DOCS, scheme === 'light' ? `${name}.png` : `${name}-${scheme}.png`) });
  }
  await raw(page).emulateMedia({ colorScheme: 'light' });
  return shots;
}

/** Sizes the page as the browser sizes a popup: to its content, up to the popup's largest size. */
async function asPopup(page: Page): Promise<{ width: number; height: number }> {
  await page.setViewportSize(POPUP_MAX);
  await settle(page);
  // The browser gives a popup its content's preferred width: the body's shrink-to-fit width.
  const width = await page.evaluate(() => {
    const body = document.body;
    const style = getComputedStyle(body);
    const saved = body.style.width;
    body.style.width = 'fit-content';
    const fit = body.getBoundingClientRect().width + parseFloat(style.marginLeft) + parseFloat(style.marginRight);
    body.style.width = saved;
    return Math.ceil(fit);
  });
  await page.setViewportSize({ width: Math.min(POPUP_MAX.width, width), height: POPUP_MAX.height });
  const height = await page.evaluate(() => Math.ceil(document.documentElement.scrollHeight));
  const size = { width: Math.min(POPUP_MAX.width, width), height: Math.min(POPUP_MAX.height, height) };
  await page.setViewportSize(size);
  return size;
}

const chromium = selectedBrowsers().find((b) => b.name === 'chromium');
assert.ok(chromium, 'Chromium is one of the e2e browsers');
const session = await chromium.launch();
const server = await startFixtureServer();
const shots: Record<string, Record<Scheme, Buffer>> = {};
let popupSize = { width: 0, height: 0 };
try {
  const welcome = await session.openExtensionPage('welcome.html');
  await raw(welcome).setViewportSize(PAGE_SIZE);
  await welcome.waitFor(T('welcome-add-sample'));
  shots.welcome = await capture(welcome, 'welcome');
  await welcome.click(T('welcome-add-sample'));
  await welcome.waitForText(T('welcome-status'), /Added/, { timeout: 30_000 });
  await welcome.click(T('welcome-try-example'));
  await welcome.click(T('welcome-try-check'));
  await welcome.waitForText(T('welcome-try-result'), /Paraphrase score/, { timeout: 15_000 });
  await welcome.evaluate(() => document.querySelector('[data-testid=welcome-try-result]')?.scrollIntoView({ block: 'end' }));
  shots['welcome-verdict'] = await capture(welcome, 'welcome-verdict');
  await welcome.close();

  const options = await session.openExtensionPage('options.html');
  await raw(options).setViewportSize(PAGE_SIZE);
  await options.waitFor(SEL.corpusRow);
  shots.options = await capture(options, 'options');
  await clickInRow(options, (await options.text(SEL.corpusRow))?.slice(0, 30) ?? '', T('view-article'));
  await options.waitFor('dialog[open] [data-testid=article-text]');
  shots['options-article'] = await capture(options, 'options-article');
  await options.close();

  server.addArticle('spun-rewrite', await readSeed(SEED.spunRewrite));
  const { page: article, tabId } = await session.openUrl(server.articleUrl('spun-rewrite'));
  await raw(article).setViewportSize(PAGE_SIZE);
  await waitForBadge(session, tabId);
  const { page: popup } = await openPopupUntil(session, tabId, [SEL.verdict]);
  assert.deepEqual(await verdictWords(popup), ['rewritten'], 'the demo article is a rewrite');
  popupSize = await asPopup(raw(popup));
  shots.popup = await capture(popup, 'popup');
  await popup.close();
  await article.evaluate(() => window.scrollTo(0, 0));
  shots.page = await capture(article, 'page');

  const compare = await session.openExtensionPage(`compare.html?tab=${tabId}`);
  await raw(compare).setViewportSize(PAGE_SIZE);
  await compare.waitFor('[data-testid=compare-verdict]', { timeout: 15_000 });
  shots.compare = await capture(compare, 'compare');
  await compare.close();

  console.log(`wrote ${Object.keys(shots).length * SCHEMES.length} page screenshots to docs/screenshots/ (popup ${popupSize.width}×${popupSize.height})`);

  // 4. The store's images, laid out as pages in the same browser.
  const layout = await raw(article).context().newPage();
  const dataUrl = (png: Buffer) => `data:image/png;base64,${png.toString('base64')}`;
  const icon = dataUrl(readFileSync(path.join(REPO_ROOT, 'public/icon/32.png')));
  const render = async (file: string, size: { width: number; height: number }, html: string) => {
    await layout.setViewportSize(size);
    await layout.setContent(`<!doctype html><html><body style="margin:0">${html}</body></html>`, { waitUntil: 'load' });
    await settle(layout);
    await layout.screenshot({ path: path.join(STORE, file) });
  };
  const badge = await session.evaluateInExtension((id: number) => browser.action.getBadgeText({ tabId: id }), tabId);
  const badgeColour = await session.evaluateInExtension(
    (id: number) => browser.action.getBadgeBackgroundColor({ tabId: id }).then((c) => `rgb(${c[0]},${c[1]},${c[2]})`),
    tabId,
  );
  const toolbar = { light: { bar: '#f1f3f4', field: '#ffffff', text: '#3c4043' }, dark: { bar: '#35363a', field: '#202124', text: '#e8eaed' } };
  const popupOverPage = (scheme: Scheme) => {
    const c = toolbar[scheme];
    return `<div style="position:relative;width:1280px;height:800px;overflow:hidden;font:13px system-ui,sans-serif">
  <div style="height:40px;background:${c.bar};display:flex;align-items:center;gap:12px;padding:0 14px;box-sizing:border-box">
    <div style="flex:1;height:28px;border-radius:14px;background:${c.field};color:${c.text};display:flex;align-items:center;padding:0 14px">news.example/world/russia-china-ties</div>
    <div style="position:relative;width:28px;height:28px;display:grid;place-items:center">
      <img src="${icon}" width="16" height="16" alt="">
      <span style="position:absolute;right:-6px;bottom:1px;background:${badgeColour};color:#fff;font:700 9px/12px system-ui,sans-serif;padding:0 3px;border-radius:3px">${badge}</span>
    </div>
  </div>
  <img src="${dataUrl(shots.page![scheme])}" style="display:block" alt="">
  <img src="${dataUrl(shots.popup![scheme])}" style="position:absolute;right:10px;top:40px;border-radius:0 0 8px 8px;box-shadow:0 6px 24px rgba(0,0,0,.35)" alt="">
</div>`;
  };
  const page = (name: string, scheme: Scheme) => `<img src="${dataUrl(shots[name]![scheme])}" style="display:block" alt="">`;
  await render('1-popup-on-article.png', PAGE_SIZE, popupOverPage('light'));
  await render('2-comparison.png', PAGE_SIZE, page('compare', 'light'));
  await render('3-options.png', PAGE_SIZE, page('options', 'light'));
  await render('4-welcome-first-verdict.png', PAGE_SIZE, page('welcome-verdict', 'light'));
  await render('5-popup-on-article-dark.png', PAGE_SIZE, popupOverPage('dark'));
  const mark = dataUrl(readFileSync(path.join(REPO_ROOT, 'public/icon/128.png')));
  await render(
    'promo-small-440x280.png',
    { width: 440, height: 280 },
    `<div style="width:440px;height:280px;box-sizing:border-box;padding:36px;background:#eef2f7;color:#14213d;display:flex;align-items:center;gap:18px;font-family:system-ui,sans-serif;border-bottom:8px solid #0f766e">
  <img src="${mark}" width="112" height="112" alt="" style="margin:-8px">
  <div><div style="font-size:34px;font-weight:700;letter-spacing:-0.5px">Wirecheck</div>
  <div style="font-size:17px;line-height:1.35;margin-top:8px;color:#334155">Is this story rewritten AP copy? Find out as you read, on your own machine.</div></div>
</div>`,
  );
  await layout.close();
} finally {
  await session.close();
  await server.close();
}
for (const [from, to] of [[DOCS, DOCS_DIR], [STORE, STORE_DIR]] as const) {
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, { recursive: true });
}
console.log(`docs/screenshots/: ${readdirSync(DOCS_DIR).length} images; store/screenshots/: ${readdirSync(STORE_DIR).length} images`);
