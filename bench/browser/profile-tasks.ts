/**
 * What fills Wirecheck's main-thread tasks, for a few fixture pages (not a bench: no peer, no
 * figures kept). Loads each page with the built extension (`npm run build` first) and a corpus
 * of those pages' own articles, as main-thread.ts does, traces it, and prints each task that
 * ran Wirecheck code with its trace events by total time and its CPU samples by leaf function
 * (native calls such as outerHTML, sendMessage or i18n.getMessage show up as their JS caller).
 *
 *   npx tsx bench/browser/profile-tasks.ts [--extension-dir DIR] [page names…]     (default: the first five pages)
 *
 * `--extension-dir` profiles another build, such as one made without minifying (`wxt`'s
 * `build({ outDir, vite: () => ({ build: { minify: false } }) })`), so samples name functions.
 *
 * It shows, for instance, that a page's first browser.i18n.getMessage is a synchronous fetch
 * of the message bundle, which is why the notice's sentences come from the background.
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sleep } from '../../test/e2e/helpers/common.ts';
import { importThroughOptions, waitForBadge, writeJsonLines } from './extension.ts';
import { launchBench } from './launch.ts';
import { fixtureArticles, fixturePages, traced, withoutScripts } from './main-thread.ts';
import { servePages } from './server.ts';
import type { TraceEvent } from './trace.ts';

const { values, positionals: want } = parseArgs({ options: { 'extension-dir': { type: 'string' } }, allowPositionals: true });
const all = await fixturePages();
const pages = want.length ? all.filter((p) => want.includes(p.name)) : all.slice(0, 5);
const server = await servePages();
const urls = pages.map((p) => server.add(p.name, withoutScripts(p.html)));
const corpus = fixtureArticles(pages, urls);
const tmp = await mkdtemp(path.join(os.tmpdir(), 'wc-prof-'));
const file = path.join(tmp, 'c.jsonl');
await writeJsonLines(file, corpus);
const b = await launchBench(values['extension-dir'] ? { extensionDir: values['extension-dir'] } : {});
await b.context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (r) => r.abort());
await importThroughOptions(b, file, corpus.length, 120_000);
const marker = `${b.origin}/`;
for (const [i, url] of urls.entries()) {
  const { events, page } = await traced(b, url, async (_page, tabId) => {
    await waitForBadge(b, tabId);
    await sleep(1500);
  });
  await page.close();
  // main thread
  const names = new Map<string, string>();
  for (const e of events) if (e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, String((e.args as { name?: string })?.name));
  const thread = events.find((e) => names.get(`${e.pid}:${e.tid}`) === 'CrRendererMain' && e.name === 'ParseHTML' && JSON.stringify(e.args).includes(url));
  if (!thread) continue;
  const key = `${thread.pid}:${thread.tid}`;
  const on = events.filter((e) => `${e.pid}:${e.tid}` === key);
  // samples with stacks
  const nodes = new Map<number, { id: number; parent?: number; callFrame: { url?: string; functionName?: string; lineNumber?: number } }>();
  const samples: { ts: number; node: number }[] = [];
  const profs = new Map<string, number>();
  for (const e of events) if (e.name === 'Profile' && e.id && `${e.pid}:${e.tid}` === key) profs.set(e.id, (e.args?.data as { startTime?: number })?.startTime ?? e.ts);
  for (const e of events) {
    if (e.name !== 'ProfileChunk' || !e.id || !profs.has(e.id) || e.pid !== thread.pid) continue;
    const d = e.args?.data as { cpuProfile?: { nodes?: never[]; samples?: number[] }; timeDeltas?: number[] };
    for (const n of (d.cpuProfile?.nodes ?? []) as { id: number; parent?: number; callFrame: { url?: string } }[]) nodes.set(n.id, n);
    let t = profs.get(e.id)!;
    (d.cpuProfile?.samples ?? []).forEach((s, j) => { t += d.timeDeltas?.[j] ?? 0; samples.push({ ts: t, node: s }); });
    profs.set(e.id, t);
  }
  const isExt = (id: number | undefined): boolean => { while (id !== undefined) { const n = nodes.get(id); if (!n) return false; if ((n.callFrame.url ?? '').includes(marker)) return true; id = n.parent; } return false; };
  const tasks = on.filter((e) => e.ph === 'X' && e.name === 'RunTask').sort((a, b) => a.ts - b.ts);
  const top: TraceEvent[] = [];
  for (const t of tasks) { const l = top.at(-1); if (l && t.ts < l.ts + (l.dur ?? 0)) continue; top.push(t); }
  console.log(`\n== ${pages[i]!.name}`);
  for (const t of top) {
    const end = t.ts + (t.dur ?? 0);
    const inside = on.filter((e) => e.ts >= t.ts && e.ts <= end && e !== t);
    const ext = inside.some((e) => e.args && JSON.stringify(e.args).includes(marker)) || samples.some((s) => s.ts >= t.ts && s.ts <= end && isExt(s.node));
    if (!ext) continue;
    const byName = new Map<string, number>();
    for (const e of inside) if (e.ph === 'X' && e.dur) byName.set(e.name, (byName.get(e.name) ?? 0) + e.dur / 1000);
    const self = new Map<string, number>();
    let prev = t.ts;
    for (const s of samples.filter((s) => s.ts >= t.ts && s.ts <= end)) {
      const n = nodes.get(s.node);
      const k = n ? `${n.callFrame.functionName || '(anon)'} ${(n.callFrame.url ?? '').replace(/^.*\//, '')}:${n.callFrame.lineNumber ?? ''}` : '?';
      self.set(k, (self.get(k) ?? 0) + (s.ts - prev) / 1000);
      prev = s.ts;
    }
    const fmt = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${k}=${v.toFixed(1)}`).join(', ');
    console.log(`task ${((t.ts - top[0]!.ts) / 1000).toFixed(0)}ms +${((t.dur ?? 0) / 1000).toFixed(1)} ms | events: ${fmt(byName, 12)}\n    samples: ${fmt(self, 10)}`);
  }
}
await b.close();
await server.close();
