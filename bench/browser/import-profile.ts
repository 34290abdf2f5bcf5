/**
 * Where the options page's import spends its time: one import of N synthetic articles
 * (the bench's corpus, ~700 words each) through the options page's file input, with the V8
 * CPU profiler on the options page (and on its dedicated workers, when it has any), the long
 * tasks it had (PerformanceObserver, with their start times) and when the status line moved
 * from reading to saving to done.
 *
 *   npm run build && npx tsx bench/browser/import-profile.ts --size 10000 [--top 25] [--save page.cpuprofile] [--extension-dir DIR]
 *
 * Prints, per thread: self time by function (top N) and inclusive time of the functions that
 * name the import's stages, plus the phases and every long task.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { syntheticArticles } from '../../test/unit/storage-synthetic.ts';
import { IMPORT_INPUT, IMPORT_STATUS, writeJsonLines } from './extension.ts';
import { launchBench } from './launch.ts';
import { type Profile, summariseProfile } from './cpu-profile.ts';

const STAGES = [
  'eachLine',
  'parseCorpusFile',
  'stageChunk',
  'fingerprintText',
  'fingerprintAll',
  'compressText',
  'textsCompressed',
  'contentHashOf',
  'commitImport',
  'withChanges',
  'sortTables',
  'toSnapshot',
  'snapshotChecksum',
  'put',
  'get',
  'loadTable',
  'postMessage',
];

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { size: { type: 'string', default: '10000' }, top: { type: 'string', default: '25' }, save: { type: 'string' }, 'extension-dir': { type: 'string' } } });
  const size = Number(values.size);
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'wirecheck-import-profile-'));
  const file = path.join(tmp, 'corpus.jsonl');
  await writeJsonLines(file, syntheticArticles(size, { words: 700, seed: 5 }));
  const b = await launchBench(values['extension-dir'] ? { extensionDir: values['extension-dir'] } : {});
  try {
    const page = await b.context.newPage();
    await page.goto(`${b.origin}/options.html`, { waitUntil: 'load' });
    await page.waitForSelector(IMPORT_INPUT, { state: 'attached' });
    const session = await b.context.newCDPSession(page);
    // Dedicated workers the page starts: attach, profile them too.
    const workers: { sessionId: string; url: string }[] = [];
    session.on('Target.attachedToTarget', (e: { sessionId: string; targetInfo: { url: string; type: string } }) => {
      if (e.targetInfo.type !== 'worker') return;
      workers.push({ sessionId: e.sessionId, url: e.targetInfo.url });
      void (async () => {
        const send = (method: string, params: object = {}) => session.send('Target.sendMessageToTarget' as never, { sessionId: e.sessionId, message: JSON.stringify({ id: Math.floor(Math.random() * 1e9), method, params }) } as never);
        await send('Runtime.enable');
        await send('Profiler.enable');
        await send('Profiler.setSamplingInterval', { interval: 500 });
        await send('Profiler.start');
        await send('Runtime.runIfWaitingForDebugger');
      })();
    });
    const workerProfiles = new Map<string, Profile>();
    const waiting = new Map<number, string>();
    session.on('Target.receivedMessageFromTarget', (e: { sessionId: string; message: string }) => {
      const m = JSON.parse(e.message) as { id?: number; method?: string; params?: { args?: { value?: unknown; description?: string }[] }; result?: { profile?: Profile } };
      if (m.method === 'Runtime.consoleAPICalled') console.log(`  [worker ${e.sessionId.slice(0, 6)}] ${(m.params?.args ?? []).map((a) => a.value ?? a.description).join(' ')}`);
      if (m.id !== undefined && waiting.has(m.id) && m.result?.profile) workerProfiles.set(waiting.get(m.id)!, m.result.profile);
    });
    await session.send('Target.setAutoAttach' as never, { autoAttach: true, waitForDebuggerOnStart: true, flatten: false } as never);
    await session.send('Profiler.enable');
    await session.send('Profiler.setSamplingInterval', { interval: 500 });
    await session.send('Profiler.start');
    await page.evaluate(() => {
      // The page ends its import worker when the import is done; keep it (idle) so its
      // profile can still be collected.
      Worker.prototype.terminate = function () {};
      const post = Worker.prototype.postMessage;
      Worker.prototype.postMessage = function (this: Worker, message: unknown, ...rest: unknown[]) {
        if ((message as { type?: string } | null)?.type === 'close') return;
        return (post as (...a: unknown[]) => void).call(this, message, ...rest);
      } as typeof post;
      const w = window as unknown as { __long: [number, number][] };
      w.__long = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__long.push([e.startTime, e.duration]);
      }).observe({ type: 'longtask' });
      // Long animation frames name the scripts (callbacks, promise resolvers) inside them.
      const l = window as unknown as { __loaf: string[] };
      l.__loaf = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as unknown as { startTime: number; duration: number; blockingDuration: number; renderStart: number; styleAndLayoutStart: number; scripts: { invoker: string; duration: number; sourceFunctionName: string; forcedStyleAndLayoutDuration: number }[] }[]) {
          if (e.blockingDuration < 50) continue;
          const scripts = e.scripts.map((x) => `${x.invoker || x.sourceFunctionName} ${x.duration.toFixed(0)} ms`).join('; ');
          l.__loaf.push(`${e.duration.toFixed(0)} ms frame (blocking ${e.blockingDuration.toFixed(0)}) at ${(e.startTime / 1000).toFixed(1)} s: ${scripts || 'no script'}; render ${(e.duration - (e.renderStart ? e.renderStart - e.startTime : e.duration)).toFixed(0)} ms`);
        }
      }).observe({ type: 'long-animation-frame', buffered: true });
    });
    const t0 = await page.evaluate(() => performance.now());
    const start = Date.now();
    await page.setInputFiles(IMPORT_INPUT, file);
    const phases: [string, number][] = [];
    let last = '';
    for (;;) {
      const status = (await page.textContent(IMPORT_STATUS)) ?? '';
      const phase = /imported|failed|problem/i.test(status) && !/saving|reading/i.test(status) ? 'done' : /sav/i.test(status) ? 'saving' : 'reading';
      if (phase !== last) {
        phases.push([phase, (Date.now() - start) / 1000]);
        last = phase;
      }
      if (phase === 'done') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const seconds = (Date.now() - start) / 1000;
    const tDone = await page.evaluate(() => performance.now());
    // What follows the outcome (the table refreshed on the new corpus) is the page's too.
    await new Promise((r) => setTimeout(r, 3000));
    const { profile } = (await session.send('Profiler.stop')) as { profile: Profile };
    if (values.save) await writeFile(values.save, JSON.stringify(profile));
    for (const w of workers) {
      const id = Math.floor(Math.random() * 1e9);
      waiting.set(id, `${w.url} (${w.sessionId.slice(0, 6)})`);
      await session.send('Target.sendMessageToTarget' as never, { sessionId: w.sessionId, message: JSON.stringify({ id, method: 'Profiler.stop' }) } as never).catch(() => {});
    }
    await new Promise((r) => setTimeout(r, 1000));
    const long = await page.evaluate(() => (window as unknown as { __long: [number, number][] }).__long);
    console.log(`${size} articles in ${seconds.toFixed(1)} s: ${(size / seconds).toFixed(0)}/s; ${(await page.textContent(IMPORT_STATUS))?.slice(0, 120)}`);
    console.log(`phases (s from start): ${phases.map(([p, s]) => `${p} ${s.toFixed(1)}`).join(', ')}`);
    const after = long.filter(([t]) => t >= tDone);
    console.log(`in the 3 s after the outcome: ${after.length} long tasks, longest ${Math.max(0, ...after.map(([, d]) => d)).toFixed(0)} ms`);
    console.log(`long tasks: ${long.length}; ≥ 100 ms: ${long.filter(([, d]) => d >= 100).map(([s, d]) => `${d.toFixed(0)} ms at ${((s - t0) / 1000).toFixed(1)} s`).join(', ') || 'none'}; longest ${Math.max(0, ...long.map(([, d]) => d)).toFixed(0)} ms`);
    for (const f of await page.evaluate(() => (window as unknown as { __loaf: string[] }).__loaf)) console.log(`  ${f}`);
    console.log(`(times above are from the page's origin; the import started at ${(t0 / 1000).toFixed(1)} s)`);
    console.log('options page main thread:');
    console.log(summariseProfile(profile, Number(values.top), STAGES));
    for (const [url, p] of workerProfiles) {
      console.log(`worker ${url.split('/').pop()}:`);
      console.log(summariseProfile(p, Number(values.top), STAGES));
    }
  } finally {
    await b.close();
    await rm(tmp, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
