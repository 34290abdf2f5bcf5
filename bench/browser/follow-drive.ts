/**
 * Driving the extension's Follow AP and pack subscriptions from the bench, as a reader drives
 * them: the bench build (the follower's pace lowered at build time), the host permission granted
 * as a reader grants it, the background's `ui:` messages sent from an extension page.
 *
 * The build: entrypoints/background.ts hands the follower `WXT_FOLLOW_PACE_MS` as its pace
 * when the build sets it (a month of AP at the product's one request a second is two hours);
 * nothing else differs from the shipped build, which sets none. It goes to a folder of its own
 * (.output/bench-follow/chrome-mv3), never over `npm run build`'s.
 *
 * The permission: chrome://extensions' site access for the host, then the extension's own
 * `permissions.request` from a click on its page (test/e2e/helpers/permissions.ts says why a
 * headless Chromium needs both).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { poll } from '../../test/e2e/helpers/common.ts';
import { REPO_ROOT } from '../../test/e2e/helpers/paths.ts';
import type { BenchBrowser } from './launch.ts';

export const BENCH_BUILD_DIR = path.join(REPO_ROOT, '.output/bench-follow');
export const benchExtensionDir = (): string => path.join(BENCH_BUILD_DIR, 'chrome-mv3');

/** Builds the Chromium extension with the follower's pace set to `paceMs` (WXT's JS API, in a process of its own); returns its folder. */
export async function buildBenchExtension(paceMs: number): Promise<string> {
  const script = `import { build } from 'wxt'; await build({ browser: 'chrome', outDir: ${JSON.stringify(BENCH_BUILD_DIR)} });`;
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: REPO_ROOT,
      env: { ...process.env, WXT_FOLLOW_PACE_MS: String(paceMs) },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`the bench build exited with ${code}`))));
  });
  return benchExtensionDir();
}

/** Grants the extension the host permission of `origin` as a reader does (see the note above). */
export async function grantHost(b: BenchBrowser, origin: string): Promise<void> {
  const pattern = `${new URL(origin).protocol}//${new URL(origin).hostname}/*`;
  const page = await b.context.newPage();
  try {
    await page.goto('chrome://extensions', { waitUntil: 'load' });
    const answer = await page.evaluate(
      ({ id, p }) =>
        new Promise<string>((resolve) => {
          const c = (globalThis as unknown as { chrome: { developerPrivate: { addHostPermission(id: string, host: string, done: () => void): void }; runtime: { lastError?: { message?: string } } } }).chrome;
          c.developerPrivate.addHostPermission(id, p, () => resolve(c.runtime.lastError?.message ?? 'ok'));
        }),
      { id: b.extensionId, p: pattern },
    );
    if (answer !== 'ok') throw new Error(`chrome://extensions did not grant ${pattern}: ${answer}`);
  } finally {
    await page.close();
  }
  await b.control.evaluate((p) => {
    const button = document.createElement('button');
    button.id = 'bench-grant';
    button.textContent = 'allow';
    button.onclick = () =>
      void browser.permissions.request({ origins: [p] }).then(
        (ok) => (document.body.dataset.granted = String(ok)),
        (e: unknown) => (document.body.dataset.granted = `error ${String(e)}`),
      );
    document.body.append(button);
  }, pattern);
  await b.control.click('#bench-grant');
  const granted = await poll(() => b.control.evaluate(() => document.body.dataset.granted), { timeout: 10_000, describe: () => `the grant of ${pattern}` });
  if (granted !== 'true') throw new Error(`permissions.request(${pattern}) answered ${granted}`);
}

/** Sends a `ui:` message from the control page: its answer, and the round trip in ms timed there. */
export async function send<T>(b: BenchBrowser, message: object): Promise<{ ms: number; value: T }> {
  const reply = await b.control.evaluate(async (m) => {
    const t = performance.now();
    const r = (await browser.runtime.sendMessage(m)) as { ok: boolean; value?: unknown; error?: string };
    return { ms: performance.now() - t, ...r };
  }, message);
  if (!reply.ok) throw new Error(`${(message as { type: string }).type} refused: ${reply.error}`);
  return { ms: reply.ms, value: reply.value as T };
}

/** IndexedDB's share of the extension origin's storage (navigator.storage.estimate), bytes. */
export function storageUsed(b: BenchBrowser): Promise<number> {
  return b.control.evaluate(async () => {
    const e = (await navigator.storage.estimate()) as StorageEstimate & { usageDetails?: { indexedDB?: number } };
    return e.usageDetails?.indexedDB ?? e.usage ?? 0;
  });
}

/**
 * The service worker's memory as verdict.ts measures it (CDP Runtime.getHeapUsage: JS heap +
 * array buffers), MB; `gc` forces a collection first. A worker that restarted is attached again.
 */
export async function workerMemory(b: BenchBrowser): Promise<(gc?: boolean) => Promise<number>> {
  let sid = await b.workerSession();
  return async (gc = false) => {
    try {
      if (gc) await b.cdp.send('HeapProfiler.collectGarbage', {}, sid);
      const h = await b.cdp.send<{ usedSize: number; backingStorageSize?: number }>('Runtime.getHeapUsage', {}, sid);
      return (h.usedSize + (h.backingStorageSize ?? 0)) / 2 ** 20;
    } catch {
      sid = await b.workerSession();
      return 0;
    }
  };
}
