/**
 * Where a warm verdict's time goes in the service worker: N synthetic articles imported
 * through the options page, then Q warm checks of pages derived from them (as verdict.ts
 * sends them: `content:page` from the content script's world, one tab each) while the V8 CPU
 * profiler samples the service worker. Prints the round trips, the worker's busy time per
 * check, self time by function and the inclusive time of the check's stages.
 *
 *   npx tsx bench/browser/verdict-profile.ts --size 10000 [--queries 20] [--top 30] [--settle 8000] [--save profile.cpuprofile] [--extension-dir DIR]
 *
 * Function names are readable only in an unminified build (`vite: () => ({ build: { minify:
 * false } })` in a `wxt` build's inline config, into another folder, given as --extension-dir).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { syntheticArticles } from '../../test/unit/storage-synthetic.ts';
import { type Profile, summariseProfile } from './cpu-profile.ts';
import { contentWorld, importThroughOptions, sendArticle, writeJsonLines } from './extension.ts';
import { launchBench } from './launch.ts';
import { servePages } from './server.ts';
import { PLAIN_PAGE, derivedPage } from './verdict.ts';

const STAGES = [
  'handlePage',
  'readPageHtml',
  'parseHTML',
  'readArticle',
  'parse',
  'checkPage',
  'retrieveFrom',
  'pageFingerprints',
  'fingerprintText',
  'candidates',
  'shardsFor',
  'alignAll',
  'align',
  'getTexts',
  'decompressText',
  'inflateText',
  'showBadge',
  'noticeFor',
  'setTabState',
];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      size: { type: 'string', default: '10000' },
      queries: { type: 'string', default: '20' },
      top: { type: 'string', default: '30' },
      settle: { type: 'string', default: '8000' },
      save: { type: 'string' },
      'extension-dir': { type: 'string' },
    },
  });
  const size = Number(values.size);
  const queries = Number(values.queries);
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'wirecheck-verdict-profile-'));
  const articles = syntheticArticles(size, { words: 700, seed: 5 });
  const file = path.join(tmp, 'corpus.jsonl');
  await writeJsonLines(file, articles);
  const server = await servePages();
  const pageUrl = server.add('plain', PLAIN_PAGE);
  const b = await launchBench(values['extension-dir'] ? { extensionDir: values['extension-dir'] } : {});
  try {
    const imported = await importThroughOptions(b, file, size, 600_000);
    console.log(`imported ${size} articles: ${imported.status}`);
    const ask = async (k: number): Promise<number> => {
      const { page } = await b.openTab(pageUrl);
      const world = await contentWorld(b, page);
      const ms = await sendArticle(world, derivedPage(articles[(k * 7919 + 13) % articles.length]!, k));
      await page.close();
      return ms;
    };
    // Warm-up checks, then time for the background's preload of a small index to finish
    // (corpus-checker.ts), so the profile is of checks in their steady state.
    for (let k = 0; k < 3; k++) await ask(k);
    await new Promise((r) => setTimeout(r, Number(values.settle)));
    const sid = await b.workerSession();
    await b.cdp.send('Profiler.enable', {}, sid);
    await b.cdp.send('Profiler.setSamplingInterval', { interval: 200 }, sid);
    await b.cdp.send('Profiler.start', {}, sid);
    const times: number[] = [];
    for (let k = 3; k < 3 + queries; k++) times.push(await ask(k));
    const { profile } = await b.cdp.send<{ profile: Profile }>('Profiler.stop', {}, sid);
    if (values.save) await writeFile(values.save, JSON.stringify(profile));
    const sorted = [...times].sort((x, y) => x - y);
    console.log(`round trips (ms): p50 ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)}; ${times.map((t) => t.toFixed(0)).join(' ')}`);
    console.log(`service worker, ${queries} checks:`);
    console.log(summariseProfile(profile, Number(values.top), STAGES));
  } finally {
    await b.close();
    await server.close();
    await rm(tmp, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
