// Builds both browsers' extensions into another folder than `.output/` (for people and
// tools working side by side in one checkout): `node scripts/build-to.mjs .output/mine`,
// then `WIRECHECK_E2E_OUTPUT_DIR=.output/mine` points the e2e harness at that build.
import { build } from 'wxt';

const outDir = process.argv[2];
if (!outDir) {
  console.error('usage: node scripts/build-to.mjs <folder>');
  process.exit(2);
}
for (const browser of ['chrome', 'firefox']) await build({ browser, outDir });
