/**
 * Main-thread tasks of one page from a Chromium trace, and which of them are Wirecheck's.
 *
 * A task is a top-level `RunTask` on the page renderer's main thread (CrRendererMain of the
 * process that ran the page). A task counts as Wirecheck's, whole, when anything inside it
 * ran the extension's content script: a trace event naming a script of the extension
 * (EvaluateScript, v8.compile, FunctionCall, … with `chrome-extension://<id>/`), or a V8 CPU
 * profiler sample whose stack holds one of its frames (this catches promise continuations
 * and message listeners, which run as microtasks without a FunctionCall event of their own).
 * Whole tasks are charged, not just the extension's frames inside them, so the figure is
 * an upper bound: style, layout and GC that a Wirecheck task triggers are Wirecheck's too.
 */

export interface TraceEvent {
  name: string;
  cat?: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  id?: string;
  args?: Record<string, unknown>;
}

export interface TaskSummary {
  /** Sum of the main thread's top-level tasks, ms. */
  totalMs: number;
  tasks: number;
  /** Sum and longest of the tasks that ran Wirecheck code, ms. */
  wirecheckMs: number;
  wirecheckLongestMs: number;
  wirecheckTasks: number;
  /** Each Wirecheck task's duration in order, ms (evaluation, reads, the notice…). */
  wirecheckTaskMs: number[];
}

export const TRACE_CATEGORIES = [
  'toplevel',
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'v8.execute',
  'v8',
  'disabled-by-default-v8.cpu_profiler',
];

interface ProfileNode {
  id: number;
  parent?: number;
  callFrame: { url?: string };
}

/** Timestamps (µs, trace clock) of CPU samples, per "pid:tid", whose stack holds an extension frame. */
function extensionSamples(events: readonly TraceEvent[], marker: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  // Profiles are keyed by id; their chunks carry nodes (cumulatively) and samples with time deltas.
  const profiles = new Map<string, { thread: string; time: number; nodes: Map<number, ProfileNode>; ext: Map<number, boolean> }>();
  for (const e of events) {
    if (e.name === 'Profile' && e.id) {
      const data = e.args?.data as { startTime?: number } | undefined;
      profiles.set(`${e.pid}:${e.id}`, { thread: `${e.pid}:${e.tid}`, time: data?.startTime ?? e.ts, nodes: new Map(), ext: new Map() });
    }
  }
  for (const e of events) {
    if (e.name !== 'ProfileChunk' || !e.id) continue;
    const p = profiles.get(`${e.pid}:${e.id}`);
    if (!p) continue;
    const data = e.args?.data as { cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] }; timeDeltas?: number[] } | undefined;
    for (const n of data?.cpuProfile?.nodes ?? []) p.nodes.set(n.id, n);
    const samples = data?.cpuProfile?.samples ?? [];
    const deltas = data?.timeDeltas ?? [];
    const isExt = (id: number): boolean => {
      const known = p.ext.get(id);
      if (known !== undefined) return known;
      const node = p.nodes.get(id);
      const value = !!node && ((node.callFrame.url ?? '').includes(marker) || (node.parent !== undefined && isExt(node.parent)));
      p.ext.set(id, value);
      return value;
    };
    samples.forEach((id, i) => {
      p.time += deltas[i] ?? 0;
      if (isExt(id)) {
        const list = out.get(p.thread) ?? [];
        list.push(p.time);
        out.set(p.thread, list);
      }
    });
  }
  return out;
}

function mentions(e: TraceEvent, marker: string): boolean {
  return !!e.args && JSON.stringify(e.args).includes(marker);
}

/**
 * Tasks of the page's main thread: the CrRendererMain that parsed the page's HTML.
 */
export function summarizeTasks(events: readonly TraceEvent[], opts: { pageUrl: string; extensionOrigin?: string }): TaskSummary {
  const marker = opts.extensionOrigin ? `${opts.extensionOrigin}/` : null;
  const thread = pageThread(events, opts.pageUrl);
  if (!thread) throw new Error(`no main thread found for ${opts.pageUrl}`);
  const onThread = events.filter((e) => `${e.pid}:${e.tid}` === thread);
  const tasks = onThread.filter((e) => e.ph === 'X' && e.name === 'RunTask' && (e.dur ?? 0) > 0).sort((a, b) => a.ts - b.ts);
  // Keep top-level tasks only (a nested RunTask is inside its parent's time already).
  const top: TraceEvent[] = [];
  for (const t of tasks) {
    const last = top.at(-1);
    if (last && t.ts < last.ts + (last.dur ?? 0)) continue;
    top.push(t);
  }
  const hits: number[] = [];
  if (marker) {
    for (const e of onThread) if (e.name !== 'RunTask' && mentions(e, marker)) hits.push(e.ts);
    hits.push(...(extensionSamples(events, marker).get(thread) ?? []));
    hits.sort((a, b) => a - b);
  }
  let totalMs = 0;
  let wirecheckMs = 0;
  let wirecheckLongestMs = 0;
  let wirecheckTasks = 0;
  const wirecheckTaskMs: number[] = [];
  let h = 0;
  for (const t of top) {
    const end = t.ts + (t.dur ?? 0);
    const ms = (t.dur ?? 0) / 1000;
    totalMs += ms;
    while (h < hits.length && hits[h]! < t.ts) h++;
    if (h < hits.length && hits[h]! <= end) {
      wirecheckMs += ms;
      wirecheckTasks++;
      wirecheckTaskMs.push(ms);
      wirecheckLongestMs = Math.max(wirecheckLongestMs, ms);
    }
  }
  return { totalMs, tasks: top.length, wirecheckMs, wirecheckLongestMs, wirecheckTasks, wirecheckTaskMs };
}

function pageThread(events: readonly TraceEvent[], pageUrl: string): string | null {
  const names = new Map<string, string>();
  for (const e of events) if (e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, String((e.args as { name?: string })?.name));
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (names.get(key) !== 'CrRendererMain') continue;
    if (e.name === 'ParseHTML' && mentions(e, pageUrl)) return key;
  }
  return null;
}
