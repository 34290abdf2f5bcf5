// Page text and corpus text are untrusted: Wirecheck renders them as text, never as HTML.
// This test fails if our own code gains any way of writing HTML into a document, so the
// innerHTML warnings web-ext lint reports can only come from the libraries we bundle
// (scripts/lint-firefox.mjs accepts those and nothing else).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;
// Reading `outerHTML` (the content script serialises the page for the background to parse)
// writes nothing; assigning it would replace the element with parsed HTML.
const FORBIDDEN = /\b(innerHTML|insertAdjacentHTML|dangerouslySetInnerHTML|document\.write|createContextualFragment)\b|\bouterHTML\s*\+?=(?!=)/;

function sources(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return sources(path);
    return /\.(ts|tsx|mts|js|mjs|html)$/.test(name) ? [path] : [];
  });
}

describe('no HTML rendering in our own code', () => {
  const files = [...sources('src'), ...sources('entrypoints')];
  it('scans the extension and CLI sources', () => {
    expect(files.length).toBeGreaterThan(20);
  });
  it.each(files)('%s writes no HTML', (file) => {
    const offending = readFileSync(join(root, file), 'utf8')
      .split('\n')
      .map((line, i) => ({ line: i + 1, text: line }))
      .filter(({ text }) => FORBIDDEN.test(text) && !/^\s*(\*|\/\/)/.test(text));
    expect(offending, `render page and corpus text with textContent / JSX text, never as HTML`).toEqual([]);
  });
});
