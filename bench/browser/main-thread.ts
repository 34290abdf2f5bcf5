/**
 * Main-thread time Wirecheck adds to an article page: the 30 real pages of
 * ../shared/fixtures/pages, each loaded in a fresh tab while Chromium traces, once in a browser
 * with the extension and once in one without. Requests leaving 127.0.0.1 are refused, so a
 * saved page's ads and trackers cannot make it wait.
 *
 * The corpus holds every page's own article (extracted in Node, imported through the options
 * page), so each page gets a verdict and the in-page notice: the reader's worst case, where
 * the content script reads the page, receives the verdict and renders the notice.
 *
 * Scripts of the saved pages are removed (JSON-LD kept): they cannot reach their servers here, and their
 * retries and timers made the totals with and without the extension differ by hundreds of ms
 * either way, burying what Wirecheck adds. Wirecheck does not depend on them.
 *
 * Each page is loaded `runs` times with the extension (3 unless told), all pages once per run;
 * a page's figures are those of its median run.
 *
 * The trace window runs from navigation until the tab's badge is set and the notice has had
 * 500 ms to render (at least 2.5 s after load, the same as the baseline's window).
 * Wirecheck's share is counted two ways: tasks that ran its code (trace.ts, whole tasks), and
 * the difference between the page's total main-thread time with and without the extension.
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { extractFromHtml } from '../../src/extraction/node.ts';
import { sleep } from '../../test/e2e/helpers/common.ts';
import { importThroughOptions, tabState, waitForBadge, writeJsonLines } from './extension.ts';
import { type BenchBrowser, launchBench } from './launch.ts';
import { servePages } from './server.ts';
import { TRACE_CATEGORIES, type TaskSummary, type TraceEvent, summarizeTasks } from './trace.ts';

export const FIXTURE_PAGES = path.resolve(import.meta.dirname, '../../../shared/fixtures/pages');
const MIN_WINDOW_MS = 2_500;

export interface PageCost {
  page: string;
  elements: number;
  /** The load whose Wirecheck time is the median of the runs. */
  with: TaskSummary;
  /** Wirecheck's main-thread time in each run, ms. */
  withRunsMs: number[];
  without: TaskSummary;
  /**
   * What moving Readability off the page would cost the page instead: serialising
   * `document.documentElement.outerHTML` (median of 3, ms, without the extension), and the
   * characters it makes.
   */
  outerHtmlMs: number;
  outerHtmlChars: number;
  verdict: string;
}

/** Loads `url` in a new tab while Chromium traces, until `until` resolves and at least MIN_WINDOW_MS after load. */
export async function traced(b: BenchBrowser, url: string, until: (page: Page, tabId: number) => Promise<unknown>): Promise<{ events: TraceEvent[]; tabId: number; page: Page }> {
  const page = await b.context.newPage();
  const session = await b.context.newCDPSession(page);
  const events: TraceEvent[] = [];
  session.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
  const complete = new Promise((resolve) => session.once('Tracing.tracingComplete', resolve));
  await session.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: TRACE_CATEGORIES } } as never);
  // The tab id: the tab that appeared with this page (ids are visible to the extension only).
  const tabId = b.extensionId ? await newestTabId(b) : -1;
  await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
  const loaded = performance.now();
  await until(page, tabId);
  const left = MIN_WINDOW_MS - (performance.now() - loaded);
  if (left > 0) await sleep(left);
  await session.send('Tracing.end');
  await complete;
  await session.detach();
  return { events, tabId, page };
}

async function newestTabId(b: BenchBrowser): Promise<number> {
  return b.control.evaluate(async () => Math.max(...(await browser.tabs.query({})).map((t) => t.id ?? -1)));
}

export async function fixturePages(): Promise<{ name: string; html: string }[]> {
  const names = (await readdir(FIXTURE_PAGES, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  return Promise.all(names.map(async (name) => ({ name, html: await readFile(path.join(FIXTURE_PAGES, name, 'source.html'), 'utf8') })));
}

/**
 * The page's summary whose Wirecheck time is the median of the runs (the lower middle one
 * for an even count), so its task list, longest task and totals belong to one real load.
 */
function medianRun(runs: readonly TaskSummary[]): TaskSummary {
  const s = [...runs].sort((a, b) => a.wirecheckMs - b.wirecheckMs);
  return s[(s.length - 1) >> 1]!;
}

export async function measureMainThread(opts: { tmpDir: string; log: (m: string) => void; /** Loads of each page with the extension; the median load's figures are kept. 3 unless told. */ runs?: number }): Promise<{ pages: PageCost[]; browserVersion: string; runs: number }> {
  const runs = Math.max(1, opts.runs ?? 3);
  const pages = await fixturePages();
  const server = await servePages();
  const urls = pages.map((p) => server.add(p.name, withoutScripts(p.html)));
  const corpus = fixtureArticles(pages, urls);
  const corpusFile = path.join(opts.tmpDir, 'fixture-corpus.jsonl');
  await writeJsonLines(corpusFile, corpus);

  const without: TaskSummary[] = [];
  const serialised: { ms: number; chars: number }[] = [];
  const withExt: { summary: TaskSummary; verdict: string; elements: number; runsMs: number[] }[] = [];
  let browserVersion = '';
  {
    const b = await launchBench({ withExtension: false });
    browserVersion = b.browserVersion;
    try {
      await b.context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (r) => r.abort());
      for (const [i, url] of urls.entries()) {
        const t = await traced(b, url, async () => {});
        without.push(summarizeTasks(t.events, { pageUrl: url }));
        serialised.push(
          await t.page.evaluate(() => {
            const times: number[] = [];
            let chars = 0;
            for (let i = 0; i < 3; i++) {
              const t0 = performance.now();
              chars = document.documentElement.outerHTML.length;
              times.push(performance.now() - t0);
            }
            return { ms: times.sort((a, b) => a - b)[1]!, chars };
          }),
        );
        await t.page.close();
        opts.log(`  without extension ${pages[i]!.name}: ${without.at(-1)!.totalMs.toFixed(0)} ms main thread`);
      }
    } finally {
      await b.close();
    }
  }
  {
    const b = await launchBench();
    try {
      await b.context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (r) => r.abort());
      const imported = await importThroughOptions(b, corpusFile, corpus.length, 120_000);
      opts.log(`  fixture corpus: ${imported.status}`);
      // Run by run over all pages, so a burst of load on the machine falls on several pages once
      // rather than on one page every time.
      const summaries: TaskSummary[][] = urls.map(() => []);
      const verdicts: string[] = [];
      const counts: number[] = [];
      for (let run = 0; run < runs; run++) {
        for (const [i, url] of urls.entries()) {
          const t = await traced(b, url, async (_page, tabId) => {
            await waitForBadge(b, tabId);
            await sleep(500); // the notice renders after the verdict arrives
          });
          const state = await tabState(b, t.tabId);
          verdicts[i] = state.status === 'checked' ? state.result.verdict : state.status;
          counts[i] = await t.page.evaluate(() => document.getElementsByTagName('*').length);
          const s = summarizeTasks(t.events, { pageUrl: url, extensionOrigin: b.origin });
          summaries[i]!.push(s);
          await t.page.close();
          opts.log(`  with extension ${pages[i]!.name} (run ${run + 1}/${runs}): Wirecheck ${s.wirecheckMs.toFixed(1)} ms in ${s.wirecheckTasks} tasks (longest ${s.wirecheckLongestMs.toFixed(1)}; ${s.wirecheckTaskMs.map((x) => x.toFixed(1)).join(' + ')}), verdict ${verdicts[i]}`);
        }
      }
      for (const [i, s] of summaries.entries()) withExt.push({ summary: medianRun(s), verdict: verdicts[i]!, elements: counts[i]!, runsMs: s.map((x) => x.wirecheckMs) });
    } finally {
      await b.close();
      await server.close();
    }
  }
  return {
    browserVersion,
    runs,
    pages: pages.map((p, i) => ({ page: p.name, elements: withExt[i]!.elements, with: withExt[i]!.summary, withRunsMs: withExt[i]!.runsMs, without: without[i]!, verdict: withExt[i]!.verdict, outerHtmlMs: serialised[i]!.ms, outerHtmlChars: serialised[i]!.chars })),
  };
}

/** Each page's own article, extracted in Node as the background would, for a corpus that gives every page a verdict. */
export function fixtureArticles(pages: readonly { name: string; html: string }[], urls: readonly string[]) {
  return pages.flatMap((p, i) => {
    const a = extractFromHtml(withoutScripts(p.html), { url: urls[i] });
    return a ? [{ id: `fixture-${p.name}`, title: a.title || p.name, url: `https://apnews.example/${p.name}`, published: '2020-01-01', text: a.text }] : [];
  });
}

export function withoutScripts(html: string): string {
  // JSON-LD stays: Readability reads metadata from it.
  return html.replace(/<script\b(?![^>]*application\/ld\+json)[\s\S]*?<\/script\s*>/gi, '');
}
