/**
 * How long the service worker takes to answer `content:hello` (the page policy: one settings
 * read) when it runs, and when it was stopped: starting it, evaluating background.js and
 * opening the database, the part of a cold verdict that does not depend on the corpus.
 * Seven tabs, each asks twice, then once after the worker is stopped (verdict.ts stopWorker).
 *
 *   npm run build && npx tsx bench/browser/worker-start.ts [extension folder]
 */
import { contentWorld } from './extension.ts';
import { launchBench } from './launch.ts';
import { servePages } from './server.ts';
import { PLAIN_PAGE, stopWorker } from './verdict.ts';
const server = await servePages();
const url = server.add('plain', PLAIN_PAGE);
const b = await launchBench(process.argv[2] ? { extensionDir: process.argv[2] } : {});
const hello = async (world: Awaited<ReturnType<typeof contentWorld>>) => {
  const r = (await world.session.send('Runtime.evaluate', { expression: `(async () => { const t = performance.now(); await chrome.runtime.sendMessage({ type: 'content:hello', url: location.href }); return performance.now() - t; })()`, contextId: world.contextId, awaitPromise: true, returnByValue: true })) as { result: { value: number } };
  return r.result.value;
};
const cold: number[] = [], warm: number[] = [];
for (let i = 0; i < 7; i++) {
  const { page } = await b.openTab(url);
  const world = await contentWorld(b, page);
  await hello(world);
  warm.push(await hello(world));
  await stopWorker(b, world.session);
  cold.push(await hello(world));
  await page.close();
}
const med = (x: number[]) => [...x].sort((a, c) => a - c)[x.length >> 1]!.toFixed(1);
console.log(`hello: warm p50 ${med(warm)} ms; after stop p50 ${med(cold)} ms; runs ${cold.map((x) => x.toFixed(0)).join(' ')}`);
await b.close();
await server.close();
