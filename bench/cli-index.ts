/**
 * `wirecheck index` timed as a user runs it, end to end:
 *
 *   npx tsx bench/cli-index.ts [--sizes 10000,100000] [--runs 3] [--save]
 *
 * For each size, the corpus is written first (untimed) as JSON Lines: bench/eval/synthetic.ts
 * `generateCorpus` stories (seed 1, 500 topics, ~3,100 characters), generated one at a time
 * in generateCorpus's order, FILE_ARTICLES to a file, so 100,000 articles are a folder of
 * several files (one corpus file may be at most 256 MB, src/cli/inputs.ts). Each run is a
 * child process, `node bin/wirecheck.mjs index <folder> -o <pack> --jobs J`, timed from spawn
 * to exit: starting Node and tsx, reading and parsing the corpus, fingerprinting, compressing
 * the texts, building the index, encoding and writing the pack. `--jobs 1` (one thread) and
 * `--jobs <cores>` (all cores) alternate run by run, so a change in the machine's load falls
 * on both; each row is the median of `--runs` runs.
 *
 * The machine is shared: the load average is sampled every second during the runs, and each
 * row's note records the 1- and 5-minute load at the start and at the end, the core count,
 * and "loaded machine" when the 1-minute load exceeded the core count at any sample; and the
 * CPU time each run's process spent (user + system, its worker threads included), which
 * other work on the machine changes less than the wall clock.
 * `--save` writes the rows into bench/results.json (bench/results.ts).
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateStory } from './eval/synthetic';
import { LoadWatch } from './load.ts';
import { type BenchRow, saveRows } from './results.ts';

/** Articles a corpus file: ~75 MB of JSON Lines, well under the 256 MB a file may hold. */
const FILE_ARTICLES = 25_000;
const SEED = 1;
const TOPICS = 500;
const GOALS = { one: 2_000, all: 3_500 } as const;

const root = fileURLToPath(new URL('../', import.meta.url));
const log = (s: string) => process.stderr.write(`${s}\n`);
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** Writes `count` stories as JSON Lines into `dir`, FILE_ARTICLES a file; returns the bytes written. */
function writeCorpus(dir: string, count: number): number {
  mkdirSync(dir, { recursive: true });
  let bytes = 0;
  for (let first = 0; first < count; first += FILE_ARTICLES) {
    const fd = openSync(path.join(dir, `part-${String(first / FILE_ARTICLES).padStart(3, '0')}.jsonl`), 'w');
    try {
      const lines: string[] = [];
      const flush = () => {
        const chunk = lines.join('');
        bytes += writeSync(fd, chunk);
        lines.length = 0;
      };
      for (let i = first; i < Math.min(count, first + FILE_ARTICLES); i++) {
        // generateCorpus's article i, without holding the corpus.
        lines.push(`${JSON.stringify(generateStory({ seed: SEED, topic: i % TOPICS, story: Math.floor(i / TOPICS) }))}\n`);
        if (lines.length === 1000) flush();
      }
      flush();
    } finally {
      closeSync(fd);
    }
  }
  return bytes;
}

/**
 * CPU seconds (user + system) of this process's finished children, from /proc/self/stat
 * (cutime + cstime, in clock ticks of 1/100 s): the difference across one run is the CPU the
 * `wirecheck index` child spent, its worker threads included, a figure that a loaded machine
 * distorts less than the wall clock. Undefined where /proc is missing.
 */
function childrenCpuSeconds(): number | undefined {
  if (!existsSync('/proc/self/stat')) return undefined;
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[13]) + Number(f[14])) / 100;
}

/** One `wirecheck index` run in a child process: wall milliseconds from spawn to exit, and the child's CPU seconds. */
function indexOnce(corpus: string, pack: string, jobs: number): Promise<{ ms: number; cpu: number | undefined }> {
  return new Promise((resolve, reject) => {
    const cpu0 = childrenCpuSeconds();
    const t = performance.now();
    const child = spawn(process.execPath, [path.join(root, 'bin/wirecheck.mjs'), 'index', corpus, '-o', pack, '--jobs', String(jobs)], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = performance.now() - t;
      const cpu1 = childrenCpuSeconds();
      if (code === 0) resolve({ ms, cpu: cpu0 === undefined || cpu1 === undefined ? undefined : cpu1 - cpu0 });
      else reject(new Error(`wirecheck index --jobs ${jobs} exited with ${code}: ${err.trim()}`));
    });
  });
}

async function measureSize(size: number, runs: number, work: string): Promise<BenchRow[]> {
  const corpus = path.join(work, `corpus-${size}`);
  log(`Writing ${size.toLocaleString('en-US')} articles as JSON Lines…`);
  const bytes = writeCorpus(corpus, size);
  const files = Math.ceil(size / FILE_ARTICLES);
  const cores = os.cpus().length;
  const settings = [
    { id: 'cli.index.e2e.1-thread', jobs: 1, goal: GOALS.one, label: '1 thread' },
    { id: 'cli.index.e2e.all-cores', jobs: cores, goal: GOALS.all, label: `all cores (--jobs ${cores})` },
  ];
  const times = settings.map(() => [] as number[]);
  const cpus = settings.map(() => [] as number[]);
  const pack = path.join(work, `corpus-${size}.wcpack`);
  const watch = new LoadWatch();
  for (let run = 0; run < runs; run++) {
    for (const [k, s] of settings.entries()) {
      const { ms, cpu } = await indexOnce(corpus, pack, s.jobs);
      times[k]!.push(ms);
      if (cpu !== undefined) cpus[k]!.push(cpu);
      log(`  ${size.toLocaleString('en-US')} --jobs ${s.jobs}: ${(ms / 1000).toFixed(2)} s (${Math.round(size / (ms / 1000)).toLocaleString('en-US')}/s), CPU ${cpu?.toFixed(2) ?? '?'} s; load ${os.loadavg()[0]!.toFixed(1)}`);
    }
  }
  const load = watch.stop();
  const packMB = statSync(pack).size / 2 ** 20;
  rmSync(corpus, { recursive: true, force: true });
  rmSync(pack, { force: true });
  return settings.map((s, k) => {
    const ms = median(times[k]!);
    const value = Math.round(size / (ms / 1000));
    const secs = times[k]!.map((x) => (x / 1000).toFixed(2)).join(', ');
    const cpu = cpus[k]!.length ? `; CPU (user + system, worker threads included) median ${median(cpus[k]!).toFixed(2)} s, ${Math.round(size / median(cpus[k]!)).toLocaleString('en-US')} articles per CPU second (runs ${cpus[k]!.map((x) => x.toFixed(2)).join(', ')} s)` : '';
    return {
      id: s.id,
      measure: `\`wirecheck index\`, end to end, ${s.label}`,
      corpus: size,
      value,
      unit: 'articles/s',
      goal: `≥ ${GOALS[k === 0 ? 'one' : 'all'].toLocaleString('en-US')}/s`,
      met: value >= s.goal,
      note:
        `median of ${runs} runs of \`node bin/wirecheck.mjs index <folder> -o <pack> --jobs ${s.jobs}\`, spawn to exit: ${(ms / 1000).toFixed(2)} s (runs ${secs} s)${cpu}; ` +
        `${files} JSON Lines file(s), ${(bytes / 2 ** 20).toFixed(0)} MB, of generateCorpus stories (seed ${SEED}, ${TOPICS} topics); pack ${packMB.toFixed(1)} MB; ${load}`,
    };
  });
}

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '3' },
    save: { type: 'boolean', default: false },
  },
});
const sizes = values.sizes.split(',').map(Number);
const runs = Number(values.runs);
if (sizes.some((n) => !Number.isInteger(n) || n < 1) || !Number.isInteger(runs) || runs < 1) throw new Error('--sizes needs whole numbers, --runs a whole number ≥ 1');

const work = mkdtempSync(path.join(os.tmpdir(), 'wirecheck-bench-index-'));
const rows: BenchRow[] = [];
try {
  for (const size of sizes) rows.push(...(await measureSize(size, runs, work)));
} finally {
  rmSync(work, { recursive: true, force: true });
}
for (const r of rows) log(`${r.id} @ ${r.corpus}: ${r.value.toLocaleString('en-US')} ${r.unit} (goal ${r.goal}${r.met ? '' : ', missed'}); ${r.note}`);
if (values.save) {
  saveRows(rows, `npx tsx bench/cli-index.ts --sizes ${sizes.join(',')} --runs ${runs} --save`);
  log('saved to bench/results.json');
}
