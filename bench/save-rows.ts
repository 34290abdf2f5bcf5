// Saves rows a bench printed as JSON (`npm run bench:browser -- --json FILE`) into
// bench/results.json, as bench/results.ts's saveRows does for the small benches:
//
//   npx tsx bench/save-rows.ts FILE "the command that measured them"
//
// Rows replace the rows of the same ids (at every corpus size); every other row stays.
import { readFileSync } from 'node:fs';
import { type BenchRow, saveRows } from './results.ts';

const [file, command] = process.argv.slice(2);
if (!file || !command) throw new Error('usage: npx tsx bench/save-rows.ts FILE "command"');
const rows = JSON.parse(readFileSync(file, 'utf8')) as BenchRow[];
if (!Array.isArray(rows) || rows.some((r) => typeof r?.id !== 'string')) throw new Error(`${file} holds no rows`);
saveRows(rows, command);
console.log(`saved ${rows.length} rows from ${file}`);
