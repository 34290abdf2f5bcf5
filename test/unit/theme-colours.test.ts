// The verdict colours of src/ui/theme.css: readable as text in both themes, and told apart by
// readers with deuteranopia or protanopia as well as by everyone else. (Each verdict also has
// its own shape and its name in words; the colours must not be the only difference, nor a
// confusing one.)
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { VERDICTS } from '../../src/core/types';

const css = readFileSync(new URL('../../src/ui/theme.css', import.meta.url), 'utf8');
const darkBlock = css.slice(css.indexOf('@media (prefers-color-scheme: dark)'));
const lightBlock = css.slice(0, css.indexOf('@media (prefers-color-scheme: dark)'));

function variable(block: string, name: string): string {
  const m = new RegExp(`--${name}:\\s*(#[0-9a-f]{6});`, 'i').exec(block);
  if (!m) throw new Error(`--${name} not found`);
  return m[1]!;
}

const channel = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const linear = (hex: string) => [1, 3, 5].map((i) => channel(parseInt(hex.slice(i, i + 2), 16) / 255));
const luminance = ([r, g, b]: number[]) => 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
/** WCAG 2 contrast ratio. */
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(linear(a)), luminance(linear(b))].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}
/** Viénot, Brettel and Mollon (1999), on linear RGB. */
const SIMULATIONS = {
  deuteranopia: [[0.29275, 0.70725, 0], [0.29275, 0.70725, 0], [-0.02234, 0.02234, 1]],
  protanopia: [[0.11238, 0.88762, 0], [0.11238, 0.88762, 0], [0.00401, -0.00401, 1]],
} as const;
function oklab([r, g, b]: number[]): number[] {
  const l = Math.cbrt(0.4122214708 * r! + 0.5363325363 * g! + 0.0514459929 * b!);
  const m = Math.cbrt(0.2119034982 * r! + 0.6806995451 * g! + 0.1073969566 * b!);
  const s = Math.cbrt(0.0883024619 * r! + 0.2817188376 * g! + 0.6299787005 * b!);
  return [0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s, 1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s, 0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s];
}
function seenAs(hex: string, vision: keyof typeof SIMULATIONS | 'normal'): number[] {
  const c = linear(hex);
  return oklab(vision === 'normal' ? c : SIMULATIONS[vision].map((row) => row[0] * c[0]! + row[1] * c[1]! + row[2] * c[2]!));
}
const distance = (a: number[], b: number[]) => Math.hypot(a[0]! - b[0]!, a[1]! - b[1]!, a[2]! - b[2]!);

const THEMES = [
  { name: 'light', block: lightBlock, minDistance: 0.12 },
  { name: 'dark', block: darkBlock, minDistance: 0.09 },
] as const;

describe.each(THEMES)('verdict colours, $name theme', ({ block, minDistance }) => {
  const colours = Object.fromEntries(VERDICTS.map((v) => [v, variable(block, `verdict-${v}`)]));
  const backgrounds = [variable(block, 'bg'), variable(block, 'surface')];

  it.each(VERDICTS)('%s reads as text at 4.5:1 or more on the page and on raised surfaces', (v) => {
    for (const bg of backgrounds) expect(contrast(colours[v]!, bg)).toBeGreaterThanOrEqual(4.5);
  });

  it.each(['normal', 'deuteranopia', 'protanopia'] as const)('every two verdicts differ for %s vision', (vision) => {
    for (let i = 0; i < VERDICTS.length; i++) {
      for (let j = i + 1; j < VERDICTS.length; j++) {
        const d = distance(seenAs(colours[VERDICTS[i]!]!, vision), seenAs(colours[VERDICTS[j]!]!, vision));
        expect(d, `${VERDICTS[i]} vs ${VERDICTS[j]}`).toBeGreaterThanOrEqual(minDistance);
      }
    }
  });

  it('keeps text, quiet text, links, errors and control borders readable', () => {
    for (const bg of backgrounds) {
      for (const name of ['fg', 'quiet', 'accent', 'error']) expect(contrast(variable(block, name), bg), name).toBeGreaterThanOrEqual(4.5);
      expect(contrast(variable(block, 'control-border'), bg)).toBeGreaterThanOrEqual(3);
    }
    expect(contrast(variable(block, 'on-accent'), variable(block, 'accent'))).toBeGreaterThanOrEqual(4.5);
  });
});
