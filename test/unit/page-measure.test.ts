// The content script sizes a page up with the selector engine (checkPageSize) instead of walking
// it in script; its element count and its verdict on the limits must be the walk's (walkPage)
// on every page, real or made up.
import { readFileSync, readdirSync } from 'node:fs';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/core/fingerprint/hash';
import { checkPageSize, walkPage } from '../../src/content/page-reader';
import { MAX_PAGE_DEPTH, MAX_PAGE_ELEMENTS } from '../../src/core/limits';

/** What the walk says: its element count, and the limit it passed, if any. */
function walked(page: Document, limits = { elements: MAX_PAGE_ELEMENTS, depth: MAX_PAGE_DEPTH }) {
  const w = walkPage(page, limits);
  return { elements: w.elements, tooBig: w.elements > limits.elements ? 'too-many-elements' : w.depth > limits.depth ? 'too-deep' : null };
}

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
      expect(checkPageSize(page), d.name).toEqual(walked(page));
    }
  });

  it('gives the walk’s figures on random trees, at the limits and past them, and with templates', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const page = doc(randomTree(20 + seed * 7, seed));
      expect(checkPageSize(page)).toEqual(walked(page));
    }
    const nested = (n: number) => doc(`<html><body>${'<div>'.repeat(n)}${'</div>'.repeat(n)}</body></html>`);
    for (const n of [0, 1, 14, 15, 16, 17, 31, 32, 33, 100, 248, 249, 250, 251, 300]) {
      expect(checkPageSize(nested(n)), `${n} divs`).toEqual(walked(nested(n)));
    }
    // html, body, then the divs: the deepest of n divs has n + 1 ancestors.
    expect(checkPageSize(nested(MAX_PAGE_DEPTH - 1))).toEqual({ elements: MAX_PAGE_DEPTH + 1, tooBig: null });
    expect(checkPageSize(nested(MAX_PAGE_DEPTH)).tooBig).toBe('too-deep');
    const limits = { elements: 40, depth: 5 };
    for (const n of [3, 4, 5, 6]) expect(checkPageSize(nested(n), limits)).toEqual(walked(nested(n), limits));
    const wide = (n: number) => doc(`<html><body>${'<i></i>'.repeat(n)}</body></html>`);
    for (const n of [37, 38, 39, 45]) expect(checkPageSize(wide(n), limits)).toEqual(walked(wide(n), limits));
    const template = doc('<html><body><template><div><div><p>x</p></div></div></template><p>y</p></body></html>');
    expect(checkPageSize(template)).toEqual(walked(template));
    expect(checkPageSize(doc(''))).toEqual(walked(doc('')));
  });
});
