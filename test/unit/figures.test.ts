// The speed and scale tables of README.md and docs/ARCHITECTURE.md are generated from
// bench/results.json (npm run figures): rendering the committed results again must give
// exactly each document's block, so a figure edited by hand, or results committed without
// `npm run figures`, fail here.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BLOCKS, formatValue, replaceBlock, ROW_IDS, sizeLabel } from '../../bench/report/render';
import { type BenchResults, readResults, saveRows } from '../../bench/results';

const root = join(import.meta.dirname, '../..');
const results = JSON.parse(readFileSync(join(root, 'bench/results.json'), 'utf8')) as BenchResults;

describe('generated figures', () => {
  for (const block of BLOCKS) {
    it(`${block.file} holds the committed results, rendered (${block.begin.slice(5, 30)}…)`, () => {
      const doc = readFileSync(join(root, block.file), 'utf8');
      expect(doc).toContain(block.render(results));
    });
  }

  it('come from results that hold every row the documents quote, and the run of every corpus size', () => {
    const ids = new Set(results.rows.map((r) => r.id));
    expect(ROW_IDS.filter((id) => !ids.has(id))).toEqual([]);
    const sizes = new Set(results.rows.filter((r) => r.corpus !== undefined && r.bench === undefined).map((r) => r.corpus));
    const covered = new Set((results.runs ?? []).flatMap((r) => r.sizes));
    expect([...sizes].filter((n) => !covered.has(n!))).toEqual([]);
  });

  it('replace only what lies between the markers, and refuse a document without them', () => {
    const block = { file: 'doc.md', begin: '<!-- b -->', end: '<!-- e -->' };
    const doc = `before\n${block.begin}\nold\n${block.end}\nafter`;
    expect(replaceBlock(doc, block, `${block.begin}\nnew\n${block.end}`)).toBe(`before\n${block.begin}\nnew\n${block.end}\nafter`);
    expect(() => replaceBlock('no markers', block, 'x')).toThrow(/markers/);
    expect(() => replaceBlock(`${doc}\n${block.begin}`, block, 'x')).toThrow(/twice/);
  });

  it('say which machine measured a row saved on another one than the rest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wc-figures-'));
    try {
      const url = pathToFileURL(join(dir, 'results.json'));
      writeFileSync(url, JSON.stringify(results));
      const p50 = results.rows.find((r) => r.id === 'browser.mainthread.p50')!;
      const here = { ...results.machine };
      saveRows([{ ...p50, value: 11.1 }], 'same machine', url, here);
      expect(readResults(url)!.rows.find((r) => r.id === p50.id)).not.toHaveProperty('machine');
      saveRows([{ ...p50, value: 22.2 }], 'npm run bench:browser -- --pages-only', url, { ...here, cpuModel: 'Other CPU' });
      const saved = readResults(url)!;
      expect(saved.rows.filter((r) => r.id === p50.id)).toEqual([expect.objectContaining({ value: 22.2, machine: `${here.cpus}-core Other CPU` })]);
      expect(saved.machine).toEqual(results.machine);
      const readme = BLOCKS.find((b) => b.file === 'README.md')!.render(saved);
      expect(readme).toContain(`p50 22.2 ms (goal ≤ 10 ms, missed)`);
      expect(readme).toContain(`\`npm run bench:browser -- --pages-only\` on a ${here.cpus}-core Other CPU`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('format each unit one way', () => {
    expect([formatValue(9.85, 'ms'), formatValue(0.218, 'ms'), formatValue(323.2, 'ms'), formatValue(32, 'ms')]).toEqual(['9.8 ms', '0.22 ms', '323 ms', '32 ms']);
    expect([formatValue(2909, 'articles/s'), formatValue(926.9, 'MB'), formatValue(99.7, '%'), formatValue(100, '%')]).toEqual(['2,909/s', '927 MB', '99.7%', '100%']);
    expect([sizeLabel(10_000), sizeLabel(1_000_000), sizeLabel(2_500)]).toEqual(['10k', '1M', '2,500']);
  });
});
