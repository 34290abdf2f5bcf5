/**
 * The images the README and the stores rely on exist, at the sizes they must have: every image
 * the README shows or links to; every icon size, square, as named; the store screenshots at
 * 1280×800 and the small promotional tile at 440×280, without an alpha channel (the Chrome Web
 * Store refuses one). `npm run icons` and `npm run screenshots` make them.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Width, height and colour type (2: RGB, 6: RGBA) from a PNG's IHDR chunk. */
function pngHeader(file: string): { width: number; height: number; colourType: number } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(1, 4).toString('latin1'), `${file} is a PNG`).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), colourType: bytes[25]! };
}

describe('README images', () => {
  const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const images = [...readme.matchAll(/\]\(((?:docs|store|public|bench)\/[^)\s]+\.(?:png|svg|jpe?g))\)|src="((?:docs|store|public|bench)\/[^"]+)"/g)].map((m) => (m[1] ?? m[2])!);

  test('the README shows images', () => {
    expect(images.length).toBeGreaterThan(0);
  });

  test.each([...new Set(images)])('%s exists', (image) => {
    expect(existsSync(path.join(ROOT, image))).toBe(true);
  });
});

describe('icons', () => {
  const dir = path.join(ROOT, 'public/icon');
  test.each([16, 32, 48, 96, 128])('public/icon/%i.png is %i px square', (size) => {
    const { width, height } = pngHeader(path.join(dir, `${size}.png`));
    expect([width, height]).toEqual([size, size]);
  });
});

describe('store screenshots', () => {
  const dir = path.join(ROOT, 'store/screenshots');
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.png')) : [];

  test('there are screenshots and a small promotional tile', () => {
    expect(files.filter((f) => !f.startsWith('promo-')).length).toBeGreaterThanOrEqual(1);
    expect(files.filter((f) => !f.startsWith('promo-')).length).toBeLessThanOrEqual(5);
    expect(files).toContain('promo-small-440x280.png');
  });

  test.each(files)('%s has the store size and no alpha channel', (file) => {
    const { width, height, colourType } = pngHeader(path.join(dir, file));
    expect([width, height]).toEqual(file.startsWith('promo-small') ? [440, 280] : [1280, 800]);
    expect(colourType).toBe(2);
  });
});
