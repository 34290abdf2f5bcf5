/**
 * The options page's import in Firefox ESR (the e2e harness's driver, WebDriver BiDi), timed
 * to the status line as bench/browser/extension.ts times it in Chromium. No long-task figure:
 * Firefox has no PerformanceObserver('longtask').
 *
 *   npm run build && npx tsx bench/browser/import-firefox.ts --size 10000
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { syntheticArticles } from '../../test/unit/storage-synthetic.ts';
import { selectedBrowsers } from '../../test/e2e/helpers/browsers.ts';
import { poll } from '../../test/e2e/helpers/common.ts';
import { SEL, openOptions } from '../../test/e2e/helpers/wirecheck.ts';
import { writeJsonLines } from './extension.ts';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { size: { type: 'string', default: '10000' } } });
  const size = Number(values.size);
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'wirecheck-import-firefox-'));
  const file = path.join(tmp, 'corpus.jsonl');
  await writeJsonLines(file, syntheticArticles(size, { words: 700, seed: 5 }));
  const firefox = selectedBrowsers().find((b) => b.name === 'firefox');
  if (!firefox) throw new Error('Firefox is not among the selected browsers (WIRECHECK_E2E_BROWSERS)');
  const session = await firefox.launch();
  try {
    const page = await openOptions(session);
    await page.waitFor(SEL.corpusFileInput);
    const before = await page.text(SEL.importStatus);
    const start = Date.now();
    await page.setInputFiles(SEL.corpusFileInput, [file]);
    let status: string | null = null;
    await poll(
      async () => {
        status = await page.text(SEL.importStatus);
        return status !== before && status !== null && /imported|failed/i.test(status);
      },
      { timeout: size * 50, interval: 100, describe: () => `the import (status ${JSON.stringify(status)})` },
    );
    const seconds = (Date.now() - start) / 1000;
    console.log(`Firefox: ${size} articles in ${seconds.toFixed(1)} s, ${Math.round(size / seconds)}/s; ${String(status).slice(0, 100)}`);
  } finally {
    await session.close();
    await rm(tmp, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
