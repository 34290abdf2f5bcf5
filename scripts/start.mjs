#!/usr/bin/env node
// `npm start`: build Wirecheck and run it in Chromium with the bundled sample corpus.
//
// 1. builds the extension (.output/chrome-mv3),
// 2. launches the system Chromium (CHROMIUM_BIN, /usr/bin/chromium, or google-chrome) with it,
// 3. imports assets/sample-corpus.jsonl through the options page, as a reader would,
// 4. serves the founding seed pages on http://127.0.0.1 and opens the spun rewrite,
// 5. prints the badge and the popup's verdict.
// With a display the browser stays open for you to explore (Ctrl-C to quit); without one
// (or with --headless) it saves screenshots under .output/start/ and exits.
/* global browser, chrome -- the functions given to page.evaluate and worker.evaluate run in the extension's own pages */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const root = new URL('..', import.meta.url).pathname;
const headless = process.argv.includes('--headless') || !process.env.DISPLAY;

function findChromium() {
  const found = [process.env.CHROMIUM_BIN, '/usr/bin/chromium', '/usr/bin/google-chrome', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));
  if (!found) {
    console.error('wirecheck start: no Chromium found. Install it (Debian: apt-get install chromium) or set CHROMIUM_BIN.');
    process.exit(1);
  }
  return found;
}

const escape = (s) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
function articlePage(file) {
  const [title, ...body] = readFileSync(join(root, 'test/fixtures/seeds', file), 'utf8').split('\n');
  const paragraphs = body.join('\n').split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title></head>
<body><header><nav><a href="/">Demo News</a></nav></header><main><article><h1>${escape(title)}</h1>
${paragraphs.map((p) => `<p>${escape(p)}</p>`).join('\n')}</article></main><footer>Demo page served by npm start</footer></body></html>`;
}

const pages = {
  '/spun': '001_2b3f9f2055e0df11.txt',
  '/light': '000_417f5b4f1c0cc618.txt',
  '/syndicated': '004_017aadd92dbe6fea.txt',
  '/independent': '003_97d4323494856c4c.txt',
};

console.log('Building the extension…');
execFileSync('npx', ['wxt', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
const extension = join(root, '.output/chrome-mv3');

const server = createServer((req, res) => {
  const file = pages[req.url ?? ''];
  if (!file) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><title>Wirecheck demo</title><h1>Wirecheck demo pages</h1><ul>${Object.keys(pages)
      .map((p) => `<li><a href="${p}">${p.slice(1)}</a></li>`)
      .join('')}</ul></html>`);
    return;
  }
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(articlePage(file));
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

const profile = mkdtempSync(join(tmpdir(), 'wirecheck-start-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: findChromium(),
  headless,
  args: [
    `--disable-extensions-except=${extension}`,
    `--load-extension=${extension}`,
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
  ],
});
const cleanup = async () => {
  await context.close().catch(() => {});
  server.close();
  rmSync(profile, { recursive: true, force: true });
};
process.on('SIGINT', () => void cleanup().then(() => process.exit(0)));

try {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  // URL.origin is "null" for chrome-extension: URLs in Node; take scheme and host by hand.
  const origin = `chrome-extension://${worker.url().split('/')[2]}`;

  const options = await context.newPage();
  await options.goto(`${origin}/options.html`);
  await options.getByRole('button', { name: 'Add the sample corpus' }).click();
  await options.waitForSelector('[data-testid=import-status]:has-text("Imported")', { timeout: 30_000 });
  console.log(`Sample corpus: ${(await options.textContent('[data-testid=import-status]'))?.trim()}`);

  const article = await context.newPage();
  await article.goto(`${base}/spun`);
  // Without the `tabs` permission tab URLs are hidden; the background knows which tab shows what.
  const findTab = (url) =>
    options.evaluate(async (url) => {
      for (const tab of await browser.tabs.query({})) {
        const reply = await browser.runtime.sendMessage({ type: 'ui:get-tab-state', tabId: tab.id });
        if (reply?.ok && reply.value.url === url && reply.value.status === 'checked') return tab.id;
      }
      return undefined;
    }, url);
  let tabId;
  for (let i = 0; i < 60 && tabId === undefined; i++) {
    tabId = await findTab(`${base}/spun`);
    if (tabId === undefined) await new Promise((r) => setTimeout(r, 250));
  }
  if (tabId === undefined) throw new Error('the demo article was not checked within 15 s');
  const badge = await worker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
  const popup = await context.newPage();
  await popup.goto(`${origin}/popup.html?tab=${tabId}`);
  await popup.waitForSelector('[data-testid=verdict]', { timeout: 15_000 });
  console.log(`Demo article ${base}/spun → badge "${badge}", popup: ${(await popup.textContent('[data-testid=verdict]'))?.trim()} — source “${(await popup.textContent('[data-testid=source-title]'))?.trim()}”, paraphrase score ${await popup.textContent('[data-testid=paraphrase-score]')}/100`);

  if (headless) {
    const out = join(root, '.output/start');
    mkdirSync(out, { recursive: true });
    await options.screenshot({ path: join(out, 'options.png') });
    await popup.setViewportSize({ width: 400, height: 900 });
    await popup.screenshot({ path: join(out, 'popup.png'), fullPage: true });
    console.log(`No display: screenshots saved in ${out}. Run with a display to explore the extension yourself.`);
    await cleanup();
  } else {
    await article.bringToFront();
    console.log(`Chromium is open with Wirecheck loaded. Other demo pages: ${base}/  — press Ctrl-C to quit.`);
  }
} catch (e) {
  console.error(`wirecheck start failed: ${e instanceof Error ? e.message : e}`);
  await cleanup();
  process.exit(1);
}
