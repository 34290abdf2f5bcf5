/**
 * `npm run figures`: rewrites every generated block of README.md and docs/ARCHITECTURE.md
 * from the committed results: the speed and scale figures from bench/results.json
 * (render.ts) and the detection figures from bench/eval/results.json (bench/eval/readme.ts).
 * `-- --check` writes nothing, names each block that differs from its render and exits 1.
 * test/unit/figures.test.ts and test/unit/eval-readme.test.ts make the same comparison
 * inside `npm test`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { BEGIN, END, type EvalSummary, readmeSection } from '../eval/readme';
import { readResults } from '../results.ts';
import { type Block, BLOCKS, replaceBlock } from './render';

const root = new URL('../../', import.meta.url);
const check = process.argv.includes('--check');
const results = readResults();
if (!results) throw new Error('bench/results.json is missing: run `npm run bench`');
const evalResults = JSON.parse(readFileSync(new URL('bench/eval/results.json', root), 'utf8')) as EvalSummary;

const detection: Block = { file: 'README.md', begin: BEGIN, end: END, render: () => readmeSection(evalResults) };
const files = new Map<string, string>();
const stale: string[] = [];
for (const block of [detection, ...BLOCKS]) {
  const doc = files.get(block.file) ?? readFileSync(new URL(block.file, root), 'utf8');
  const next = replaceBlock(doc, block, block.render(results));
  if (next !== doc) stale.push(`${block.file}: ${block.begin}`);
  files.set(block.file, next);
}
if (check) {
  for (const s of stale) console.error(`differs from its results: ${s}`);
  if (stale.length) process.exitCode = 1;
  else console.log('every generated block matches its results');
} else {
  for (const [file, text] of files) if (text !== readFileSync(new URL(file, root), 'utf8')) writeFileSync(new URL(file, root), text);
  console.log(stale.length ? `rewrote ${stale.length} block(s):\n  ${stale.join('\n  ')}` : 'every generated block already matches its results');
}
