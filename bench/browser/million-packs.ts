/**
 * The packs a million-article run imports (million.ts): the corpus is written and packed in
 * parts, so no step holds more than FILE_ARTICLES articles, and no file is over the 256 MB a
 * corpus file may be (src/cli/inputs.ts).
 *
 * Part k (PACK_ARTICLES articles) is FILES_PER_PACK JSON Lines files of FILE_ARTICLES
 * synthetic articles (~700 words, test/unit/storage-synthetic.ts, as the browser bench's
 * corpus), file g seeded 5 + g with ids `m<g>-<n>`, then `wirecheck index <folder> -o
 * part-k.wcpack` in a child process, timed from spawn to exit; the JSON Lines are deleted once
 * packed. A few articles of each file are kept (queries.json) to derive the pages to check.
 * A part whose pack is already there is skipped, so an interrupted run resumes.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Article } from '../../src/core/types.ts';
import { syntheticArticles } from '../../test/unit/storage-synthetic.ts';
import { writeJsonLines } from './extension.ts';

export const FILE_ARTICLES = 25_000;
export const FILES_PER_PACK = 4;
export const PACK_ARTICLES = FILE_ARTICLES * FILES_PER_PACK;
/** Articles of each file kept to derive the pages to check. */
const SAMPLE_PER_FILE = 6;

const root = fileURLToPath(new URL('../../', import.meta.url));

export interface PackPart {
  file: string;
  bytes: number;
  /** spawn → exit of `wirecheck index`, seconds (0 when the pack was already there). */
  indexSeconds: number;
  /** CPU seconds of that process (user + system, its threads included). */
  indexCpuSeconds: number;
}

export const packPath = (dir: string, k: number) => path.join(dir, `part-${String(k).padStart(2, '0')}.wcpack`);
const samplePath = (dir: string, k: number) => path.join(dir, `part-${String(k).padStart(2, '0')}.queries.json`);

/** The kept articles of parts [0, parts). */
export function sampleArticles(dir: string, parts: number): Article[] {
  const out: Article[] = [];
  for (let k = 0; k < parts; k++) out.push(...(JSON.parse(readFileSync(samplePath(dir, k), 'utf8')) as Article[]));
  return out;
}

function runIndex(folder: string, output: string, jobs: number): Promise<{ seconds: number; cpuSeconds: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(
      process.execPath,
      ['-e', `process.on('exit',()=>{const u=require('node:process').resourceUsage();require('node:fs').writeSync(2,'\\nCPU '+((u.userCPUTime+u.systemCPUTime)/1e6)+'\\n')});import(${JSON.stringify(path.join(root, 'bin/wirecheck.mjs'))})`, 'x', 'index', folder, '-o', output, '--jobs', String(jobs)],
      { cwd: root, stdio: ['ignore', 'inherit', 'pipe'] },
    );
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const seconds = (performance.now() - t0) / 1000;
      const cpu = Number(/CPU ([\d.]+)/.exec(err)?.[1] ?? Number.NaN);
      if (code !== 0) reject(new Error(`wirecheck index exited ${code}: ${err.slice(-2000)}`));
      else resolve({ seconds, cpuSeconds: cpu });
    });
  });
}

/**
 * Writes and packs parts [0, parts) into `dir`, one after another, skipping those already
 * packed; each part's promise settles as soon as that part is ready, so a caller can import
 * part k while part k + 1 is made.
 */
export function makePacks(dir: string, parts: number, opts: { jobs: number; log: (m: string) => void }): Promise<PackPart>[] {
  mkdirSync(dir, { recursive: true });
  const out: Promise<PackPart>[] = [];
  let previous: Promise<unknown> = Promise.resolve();
  for (let k = 0; k < parts; k++) {
    const part = previous.then(() => makePack(dir, k, opts));
    out.push(part);
    previous = part;
  }
  return out;
}

async function makePack(dir: string, k: number, opts: { jobs: number; log: (m: string) => void }): Promise<PackPart> {
  {
    const file = packPath(dir, k);
    if (existsSync(file) && existsSync(samplePath(dir, k))) return { file, bytes: statSync(file).size, indexSeconds: 0, indexCpuSeconds: 0 };
    const folder = path.join(dir, `part-${k}-jsonl`);
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder);
    const sample: Article[] = [];
    for (let f = 0; f < FILES_PER_PACK; f++) {
      const g = k * FILES_PER_PACK + f;
      const articles = syntheticArticles(FILE_ARTICLES, { words: 700, seed: 5 + g, prefix: `m${String(g).padStart(2, '0')}` });
      for (let i = 0; i < SAMPLE_PER_FILE; i++) sample.push(articles[(i * 4099 + 17) % FILE_ARTICLES]!);
      await writeJsonLines(path.join(folder, `${f}.jsonl`), articles);
    }
    opts.log(`  part ${k}: ${PACK_ARTICLES.toLocaleString('en-US')} articles written; wirecheck index --jobs ${opts.jobs}…`);
    const timed = await runIndex(folder, file, opts.jobs);
    rmSync(folder, { recursive: true, force: true });
    writeFileSync(samplePath(dir, k), JSON.stringify(sample));
    const bytes = statSync(file).size;
    opts.log(`  part ${k}: ${(bytes / 2 ** 20).toFixed(0)} MB pack in ${timed.seconds.toFixed(0)} s (${(PACK_ARTICLES / timed.seconds).toFixed(0)}/s, CPU ${timed.cpuSeconds.toFixed(0)} s)`);
    return { file, bytes, indexSeconds: timed.seconds, indexCpuSeconds: timed.cpuSeconds };
  }
}
