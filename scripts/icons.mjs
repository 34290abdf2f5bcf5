#!/usr/bin/env node
// `npm run icons`: draws every icon size from the one source, assets/icon.svg, into
// public/icon/<size>.png, where WXT finds them for the manifest's `icons` (both browsers);
// wxt.config.ts names the toolbar's sizes. The PNGs are committed, so a build never runs this.
//
// Sizes: 16 and 32 for the toolbar (1× and 2×) and the pages' favicons, 48 and 96 for
// chrome://extensions and Firefox's add-ons manager (1× and 2×), 64 for addons.mozilla.org,
// 128 for the install dialog and the Chrome Web Store. The store asks for 96 px of artwork
// inside the 128 px square (16 px clear on every side), so 128 is drawn from the whole 128-unit
// square; every smaller size is cropped to the artwork (units 16..112), which fills it.
// Rasterised by resvg (@resvg/resvg-js): the same pixels on every machine, no browser needed.
//
// One toolbar icon for every verdict: the badge already says the verdict in a word and a
// colour (src/background/badge.ts) and covers the icon's lower half; a tinted or marked
// 16 px icon would repeat it, smaller, where the badge hides most of it. So the mark stays the
// same and the badge alone carries the verdict.
import { Resvg } from '@resvg/resvg-js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
export const ICON_SIZES = [16, 32, 48, 64, 96, 128];
const ARTWORK_VIEWBOX = '16 16 96 96';

export function renderIcon(svg, size) {
  const source = size < 128 ? svg.replace(/viewBox="[^"]*"/, `viewBox="${ARTWORK_VIEWBOX}"`) : svg;
  return new Resvg(source, { fitTo: { mode: 'width', value: size } }).render().asPng();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const svg = readFileSync(join(root, 'assets/icon.svg'), 'utf8');
  const out = join(root, 'public/icon');
  mkdirSync(out, { recursive: true });
  for (const size of ICON_SIZES) writeFileSync(join(out, `${size}.png`), renderIcon(svg, size));
  console.log(`wrote ${ICON_SIZES.map((s) => `public/icon/${s}.png`).join(', ')}`);
}
