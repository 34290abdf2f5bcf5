// The content script measures a page with the selector engine (measurePage) instead of walking
// it in script; the figures must be the walk's (walkPage) on every page, real or made up.
import { readFileSync, readdirSync } from 'node:fs';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/core/fingerprint/hash';
import { measurePage, walkPage } from '../../src/content/page-reader';

const pagesDir = new URL('../fixtures/pages/', import.meta.url);
const doc = (html: string) => parseHTML(html).document as unknown as Document;

/** A random tree of `count` elements, each under a random earlier one (deep and wide ones both). */
function randomTree(count: number, seed: number): string {
  const next = seededRandom(seed);
  const children: number[][] = [[]];
  for (let i = 1; i < count; i++) {
    const parent = next() % 4 === 0 ? i - 1 : next() % i;
    children.push([]);
    children[parent]!.push(i);
  }
  const html = (i: number): string => `<div>${children[i]!.map(html).join('')}</div>`;
  return `<html><head><title>t</title></head><body>${html(0)}</body></html>`;
}

describe('measuring a page', () => {
  it('gives the walk’s figures on the fixture pages', () => {
    for (const d of readdirSync(pagesDir, { withFileTypes: true }).filter((x) => x.isDirectory())) {
      const page = doc(readFileSync(new URL(`${d.name}/source.html`, pagesDir), 'utf8'));
      expect(measurePage(page), d.name).toEqual(walkPage(page));
    }
  });

  it('gives the walk’s figures on random trees, at the limits and past them, and with templates', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const page = doc(randomTree(20 + seed * 7, seed));
      expect(measurePage(page)).toEqual(walkPage(page));
    }
    const nested = (n: number) => doc(`<html><body>${'<div>'.repeat(n)}${'</div>'.repeat(n)}</body></html>`);
    for (const n of [0, 1, 14, 15, 16, 17, 31, 32, 33, 100, 248, 249, 250, 251, 300]) {
      expect(measurePage(nested(n)), `${n} divs`).toEqual(walkPage(nested(n)));
    }
    const limits = { elements: 40, depth: 5 };
    for (const n of [3, 4, 5, 6]) expect(measurePage(nested(n), limits)).toEqual(walkPage(nested(n), limits));
    const wide = (n: number) => doc(`<html><body>${'<i></i>'.repeat(n)}</body></html>`);
    for (const n of [37, 38, 39, 45]) expect(measurePage(wide(n), limits)).toEqual(walkPage(wide(n), limits));
    const template = doc('<html><body><template><div><div><p>x</p></div></div></template><p>y</p></body></html>');
    expect(measurePage(template)).toEqual(walkPage(template));
    expect(measurePage(doc(''))).toEqual(walkPage(doc('')));
  });
});
