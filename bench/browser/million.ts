/**
 * A million articles in the extension, run end to end in headless Chromium:
 *
 *   node scripts/build-to.mjs .output/million
 *   npm run bench:million -- [--parts 10] [--measure-at 1,10] [--extension-dir .output/million/chrome-mv3] [--dir /tmp/wirecheck-million] [--save]
 *
 * The corpus is PACK_ARTICLES-article packs made by `wirecheck index` (million-packs.ts),
 * imported one after another through the options page's file input into one profile, as a
 * reader who follows AP accumulates them; each import is timed file chosen → table updated
 * (import.ts `importTimed`). After the parts named by --measure-at (1 = 100k, 10 = 1M), the
 * corpus is measured as the browser bench measures it (verdict.ts `measureLoaded`: warm and
 * cold verdicts, the cold start's split, the worker's memory), and its storage: the origin's
 * `navigator.storage.estimate()` usage and the profile's IndexedDB folder on disk, per
 * article, texts included. Then the quota: `estimate().quota` of the extension as built, and
 * of a copy whose manifest adds `unlimitedStorage` (the build itself is not changed).
 *
 * Each row's note holds the machine's load (bench/load.ts); `--save` writes them into
 * bench/results.json (bench/results.ts `saveRows`) under `browser.million.*`,
 * `browser.storage.*` and `browser.quota.*`, which `npm run bench`'s own rows never use.
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { LoadWatch, descendantTicks } from '../load.ts';
import { type BenchRow, saveRows } from '../results.ts';
import { type ImportRun, importTimed } from './import.ts';
import { type BenchBrowser, launchBench } from './launch.ts';
import { PACK_ARTICLES, makePacks, packPath, sampleArticles } from './million-packs.ts';
import { formatRows, quantile, verdictRows } from './run.ts';
import { servePages } from './server.ts';
import { PLAIN_PAGE, measureLoaded } from './verdict.ts';

const GOAL_BYTES_PER_ARTICLE = 2.5 * 1024;
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;
const log = (m: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${m}\n`);

/** Processes descended from this one (the browser and its helpers), by pid. */
const descendants = (): number[] => [...descendantTicks().keys()];


/** The browser's profile folder, from its command line. */
function profileDir(): string {
  for (const pid of descendants()) {
    try {
      const m = /--user-data-dir=([^\0]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
      if (m) return m[1]!;
    } catch {
      // gone
    }
  }
  throw new Error('no browser profile found');
}

/** Resident memory of the browser's processes, MB, by process type. */
function browserRss(): Record<string, number> {
  const out: Record<string, number> = { total: 0 };
  for (const pid of descendants()) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('chrom')) continue;
      const type = /--type=([a-z-]+)/.exec(cmd)?.[1] ?? 'browser';
      const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      out[type] = round((out[type] ?? 0) + kb / 1024);
      out.total = round(out.total! + kb / 1024);
    } catch {
      // gone
    }
  }
  return out;
}

const du = (dir: string) => Number(execFileSync('du', ['-sb', dir], { encoding: 'utf8' }).split('\t')[0]);

interface Storage {
  usage: number;
  quota: number;
  indexedDbBytes: number;
  detail: string;
}

async function storageOf(b: BenchBrowser): Promise<Storage> {
  const est = await b.control.evaluate(async () => {
    const e = (await navigator.storage.estimate()) as StorageEstimate & { usageDetails?: Record<string, number> };
    return { usage: e.usage ?? 0, quota: e.quota ?? 0, details: e.usageDetails ?? {} };
  });
  const idb = path.join(profileDir(), 'Default', 'IndexedDB');
  const entries = await readdir(idb).catch(() => [] as string[]);
  const ours = entries.filter((e) => e.includes(b.extensionId));
  const bytes = ours.reduce((n, e) => n + du(path.join(idb, e)), 0);
  return { usage: est.usage, quota: est.quota, indexedDbBytes: bytes, detail: `${ours.join(', ')}; usage details ${JSON.stringify(est.details)}` };
}

/** The extension's quota as built and with `unlimitedStorage` added to a copy's manifest. */
async function quotas(extensionDir: string): Promise<{ built: Storage; unlimited: Storage; permissions: string[] }> {
  const manifest = JSON.parse(await readFile(path.join(extensionDir, 'manifest.json'), 'utf8')) as { permissions?: string[]; optional_permissions?: string[] };
  const built = await launchBench({ extensionDir });
  let builtStorage: Storage;
  try {
    builtStorage = await storageOf(built);
  } finally {
    await built.close();
  }
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'wirecheck-unlimited-'));
  try {
    const copy = path.join(tmp, 'ext');
    await cp(extensionDir, copy, { recursive: true });
    await writeFile(path.join(copy, 'manifest.json'), JSON.stringify({ ...manifest, permissions: [...(manifest.permissions ?? []), 'unlimitedStorage'] }));
    const b = await launchBench({ extensionDir: copy });
    try {
      return { built: builtStorage, unlimited: await storageOf(b), permissions: [...(manifest.permissions ?? []), ...(manifest.optional_permissions ?? []).map((p) => `optional ${p}`)] };
    } finally {
      await b.close();
    }
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

const GB = 2 ** 30;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      parts: { type: 'string', default: '10' },
      'measure-at': { type: 'string', default: '1,10' },
      'extension-dir': { type: 'string', default: '.output/million/chrome-mv3' },
      dir: { type: 'string', default: path.join(os.tmpdir(), 'wirecheck-million') },
      jobs: { type: 'string', default: String(os.cpus().length) },
      warm: { type: 'string', default: '25' },
      cold: { type: 'string', default: '5' },
      'skip-quota': { type: 'boolean', default: false },
      save: { type: 'boolean', default: false },
    },
  });
  const parts = Number(values.parts);
  const measureAt = new Set(values['measure-at'].split(',').map(Number));
  const extensionDir = path.resolve(values['extension-dir']);
  const command = ['npm run bench:million', '--', ...process.argv.slice(2).filter((a) => a !== '--save')].join(' ').replace(/ --$/, '');

  log(`Packs of ${PACK_ARTICLES.toLocaleString('en-US')} articles in ${values.dir}…`);
  const packWatch = new LoadWatch();
  // Part k + 1 is made while part k is imported.
  const making = makePacks(values.dir, parts, { jobs: Number(values.jobs), log });
  for (const m of making) m.catch(() => undefined);

  const rows: BenchRow[] = [];
  const server = await servePages();
  const pageUrl = server.add('plain', PLAIN_PAGE);
  const b = await launchBench({ extensionDir });
  const imports: { run: ImportRun; load: string; corpus: number; rss: Record<string, number> }[] = [];
  try {
    log(`Chromium ${b.browserVersion}; profile ${profileDir()}`);
    for (let k = 0; k < parts; k++) {
      const before = k * PACK_ARTICLES;
      const corpus = before + PACK_ARTICLES;
      const watch = new LoadWatch();
      await making[k];
      const run = await importTimed(b, packPath(values.dir, k), PACK_ARTICLES, { before, timeoutMs: 4 * 3600_000 });
      const load = watch.stop();
      const rss = browserRss();
      imports.push({ run, load, corpus, rss });
      log(
        `  part ${k + 1}/${parts} → ${corpus.toLocaleString('en-US')}: ${run.seconds.toFixed(1)} s (${Math.round(run.perSecond)}/s; read + stage ${run.stagedSeconds.toFixed(1)} s, commit ${run.commitSeconds.toFixed(1)} s, table ${run.tableSeconds.toFixed(1)} s); ` +
          `CPU s ${Object.entries(run.cpu).map(([x, v]) => `${x} ${v.toFixed(0)}`).join(', ')}; browser RSS ${JSON.stringify(rss)}; ${load}`,
      );
      if (!measureAt.has(k + 1)) continue;
      const storage = await storageOf(b);
      log(`  storage at ${corpus.toLocaleString('en-US')}: usage ${(storage.usage / GB).toFixed(2)} GB (${Math.round(storage.usage / corpus)} B/article), IndexedDB folder ${(storage.indexedDbBytes / GB).toFixed(2)} GB (${Math.round(storage.indexedDbBytes / corpus)} B/article), quota ${(storage.quota / GB).toFixed(1)} GB`);
      log(`  verdicts at ${corpus.toLocaleString('en-US')}…`);
      const vWatch = new LoadWatch();
      let m;
      try {
        m = await measureLoaded(b, { articles: sampleArticles(values.dir, k + 1), pageUrl, log, warm: Number(values.warm), cold: Number(values.cold) });
      } catch (e) {
        // The imports go on: a failed measure at one size must not lose the larger ones.
        vWatch.stop();
        log(`  verdicts at ${corpus} failed: ${(e as Error).stack ?? String(e)}`);
        continue;
      }
      const vLoad = vWatch.stop();
      const measured = verdictRows(m, corpus, vLoad, 'browser.million');
      const rssAfter = browserRss();
      const imported = imports.map((x) => `${Math.round(x.run.seconds)}`).join(', ');
      const sizeNote = (x: ImportRun) => `read + stage ${x.stagedSeconds.toFixed(1)} s, commit ${x.commitSeconds.toFixed(1)} s, table ${x.tableSeconds.toFixed(1)} s; CPU s ${Object.entries(x.cpu).map(([r, v]) => `${r} ${v.toFixed(0)}`).join(', ')}`;
      measured.push(
        {
          id: 'browser.million.import.part',
          measure: `import of one ${PACK_ARTICLES.toLocaleString('en-US')}-article pack into the extension (options page), file chosen → table updated, the part that reached this size`,
          corpus,
          value: Math.round(run.perSecond),
          unit: 'articles/s',
          note: `${run.seconds.toFixed(1)} s into ${before.toLocaleString('en-US')} articles: ${sizeNote(run)}; browser RSS after, MB ${JSON.stringify(rss)}; ${load}`,
        },
        {
          id: 'browser.million.import.total',
          measure: `every pack imported in turn up to this size (options page, ${PACK_ARTICLES.toLocaleString('en-US')} articles a pack), total`,
          corpus,
          value: round(imports.reduce((n, x) => n + x.run.seconds, 0) / 60),
          unit: 'min',
          note: `seconds per part ${imported}; packs ${Math.round((await Promise.all(making.slice(0, k + 1))).reduce((n, p) => n + p.bytes, 0) / 2 ** 20)} MB; loaded machine during ${imports.filter((x) => x.load.includes('loaded machine')).length} of ${imports.length} imports`,
        },
        {
          id: 'browser.storage.per-article',
          measure: "the extension's storage per article, text included (navigator.storage.estimate() usage / articles)",
          corpus,
          value: Math.round(storage.usage / corpus),
          unit: 'bytes/article',
          goal: '≤ 2,560 bytes/article (2.5 KB)',
          met: storage.usage / corpus <= GOAL_BYTES_PER_ARTICLE,
          note: `usage ${(storage.usage / GB).toFixed(2)} GB; ${storage.detail}`,
        },
        {
          id: 'browser.storage.disk-per-article',
          measure: "the profile's IndexedDB folder of the extension on disk, per article, text included",
          corpus,
          value: Math.round(storage.indexedDbBytes / corpus),
          unit: 'bytes/article',
          goal: '≤ 2,560 bytes/article (2.5 KB)',
          met: storage.indexedDbBytes / corpus <= GOAL_BYTES_PER_ARTICLE,
          note: `${(storage.indexedDbBytes / GB).toFixed(2)} GB (du -sb); browser RSS after the verdicts, MB ${JSON.stringify(rssAfter)}`,
        },
      );
      rows.push(...measured);
      log(`\n${formatRows(measured)}\n`);
      // saveRows replaces every row of an id: the rows of every size measured so far, each time.
      if (values.save) saveRows(rows, command);
    }
  } finally {
    await b.close();
    await server.close();
  }

  const packs = await Promise.all(making);
  const packLoad = packWatch.stop();
  const built = packs.filter((p) => p.indexSeconds > 0);
  if (built.length > 0) {
    const rate = quantile(built.map((p) => PACK_ARTICLES / p.indexSeconds), 0.5);
    const packRow: BenchRow = {
      id: 'browser.million.pack-build',
      measure: `\`wirecheck index\` of one ${PACK_ARTICLES.toLocaleString('en-US')}-article part (~700-word synthetic articles), spawn → exit, median of the parts`,
      corpus: PACK_ARTICLES,
      value: Math.round(rate),
      unit: 'articles/s',
      note: `--jobs ${values.jobs}; seconds per part ${built.map((p) => Math.round(p.indexSeconds)).join(', ')}; CPU s ${built.map((p) => Math.round(p.indexCpuSeconds)).join(', ')}; ${Math.round(packs[0]!.bytes / 2 ** 20)} MB a pack; ${packLoad}`,
    };
    rows.push(packRow);
    if (values.save) saveRows([packRow], command);
  }

  if (!values['skip-quota']) {
    log('Quota as built, and with unlimitedStorage…');
    const q = await quotas(extensionDir);
    const perArticle = rows.find((r) => r.id === 'browser.storage.per-article' && r.corpus === Math.max(...rows.filter((x) => x.id === 'browser.storage.per-article').map((x) => x.corpus!)));
    const fits = (quota: number) => (perArticle ? ` (${Math.floor(quota / perArticle.value).toLocaleString('en-US')} articles at ${perArticle.value.toLocaleString('en-US')} B each)` : '');
    const disk = Number(execFileSync('df', ['-B1', '--output=size,avail', os.tmpdir()], { encoding: 'utf8' }).trim().split('\n')[1]!.trim().split(/\s+/)[1]);
    const quotaRows: BenchRow[] = [
      {
        id: 'browser.quota.default',
        measure: "the extension's storage quota as built (navigator.storage.estimate().quota)",
        value: round(q.built.quota / GB),
        unit: 'GB',
        note: `manifest permissions: ${q.permissions.join(', ')}${fits(q.built.quota)}; ${(disk / GB).toFixed(0)} GB free on the profile's disk`,
      },
      {
        id: 'browser.quota.unlimited-storage',
        measure: 'the same with `unlimitedStorage` added to the manifest (a copy of the build)',
        value: round(q.unlimited.quota / GB),
        unit: 'GB',
        note: `${fits(q.unlimited.quota).trim()}; ${(disk / GB).toFixed(0)} GB free on the profile's disk`,
      },
    ];
    rows.push(...quotaRows);
    log(`\n${formatRows(quotaRows)}\n`);
    if (values.save) saveRows(quotaRows, command);
  }
  console.log(formatRows(rows));
}

main().catch((e: unknown) => {
  console.error(e);
  // A LoadWatch still sampling would keep the process alive.
  process.exit(1);
});
