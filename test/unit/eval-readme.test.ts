// The README's detection figures are generated from bench/eval/results.json (npm run eval -- --readme):
// rendering the committed results again must give exactly the README's section.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BEGIN, END, type EvalSummary, readmeSection, replaceReadmeSection } from '../../bench/eval/readme';

const root = join(import.meta.dirname, '../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const results = JSON.parse(readFileSync(join(root, 'bench/eval/results.json'), 'utf8')) as EvalSummary;

describe('README detection figures', () => {
  it('are the committed evaluation results, rendered', () => {
    const section = readmeSection(results);
    expect(readme).toContain(section);
  });

  it('come from a full run with the test part of the rewrite benchmark', () => {
    expect(results.options.small).toBe(false);
    expect(results.rewrites.splits.test?.n).toBeGreaterThan(50);
    expect(results.splits.heldout?.metrics.n).toBeGreaterThan(500);
  });

  it('replace only what lies between the markers, and refuse a README without them', () => {
    const doc = `before\n${BEGIN}\nold\n${END}\nafter`;
    expect(replaceReadmeSection(doc, `${BEGIN}\nnew\n${END}`)).toBe(`before\n${BEGIN}\nnew\n${END}\nafter`);
    expect(() => replaceReadmeSection('no markers', 'x')).toThrow(/markers/);
  });
});
