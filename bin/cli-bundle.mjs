// The command's JavaScript, bundled once from src/ and kept until a source changes.
//
// What it does: `cliBundle()` gives the folder of an esbuild bundle of the CLI (main.mjs, and
// index-worker.mjs and check-worker.mjs beside it, where the CLI's worker threads look for
// them), building it when no bundle of the current sources exists yet. The bundle's folder is
// named by a hash of every source file's path, size and modification time (and of this file
// and the TypeScript configuration), so an edited source gets a new bundle on the next run
// and an unchanged checkout reuses the old one. Packages stay outside the bundle, loaded from
// node_modules as before. A bundle is built in a folder of its own and renamed into place, so
// two commands starting at once never read a half-written one.
//
// Why: loading the TypeScript sources through tsx transpiles them on every start, in every
// worker thread. Measured on a two-core Intel Xeon: `wirecheck --version` takes 0.9–1.6 s
// through tsx (0.7–1.0 s of CPU) and 0.2–0.3 s from the bundle; building the bundle adds
// ~0.4 s to the first run. End to end (`npx tsx bench/cli-index.ts --sizes 10000 --runs 5`,
// WIRECHECK_FROM_SOURCE=1 for tsx), 10,000 articles take 10.1 s through tsx and 9.5 s from
// the bundle on one thread, 6.4 s and 6.0 s on two (medians of 5).
//
// When the bundle cannot be made (no esbuild, a read-only checkout), `cliBundle()` returns
// null and the command runs from the sources through tsx, as it always can.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The CLI's entry points, as the bundle names them. */
const ENTRIES = { main: 'src/cli/main.ts', 'index-worker': 'src/cli/index-worker.ts', 'check-worker': 'src/cli/check-worker.ts' };
/** Bundles older than this, of sources since changed, are removed when a new one is built. */
const KEEP_OLD_MS = 24 * 60 * 60 * 1000;

/** A hash of every file under `dirs` (path, size, modification time) and of `files`. */
export function sourceStamp(root, dirs, files) {
  const hash = createHash('sha256');
  const add = (file) => {
    const s = statSync(file);
    hash.update(`${path.relative(root, file)}\0${s.size}\0${s.mtimeMs}\n`);
  };
  for (const dir of dirs) {
    const names = readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => path.join(d.parentPath ?? d.path, d.name))
      .sort();
    for (const file of names) add(file);
  }
  for (const file of files) add(path.join(root, file));
  return hash.digest('hex').slice(0, 16);
}

/**
 * The folder of a bundle of the current sources of the checkout at `root`, built into
 * `cacheDir` if need be; null when it cannot be built.
 */
export async function cliBundle({ root = ROOT, cacheDir = path.join(root, 'node_modules/.cache/wirecheck-cli') } = {}) {
  try {
    const stamp = sourceStamp(root, ['src'], ['tsconfig.json', 'package.json', 'bin/cli-bundle.mjs']);
    const dir = path.join(cacheDir, stamp);
    if (existsDir(dir)) return dir;
    const { build } = await import('esbuild');
    mkdirSync(cacheDir, { recursive: true });
    const building = path.join(cacheDir, `.building-${process.pid}-${Math.random().toString(36).slice(2)}`);
    try {
      await build({
        absWorkingDir: root,
        entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([name, file]) => [name, path.join(root, file)])),
        outdir: building,
        outExtension: { '.js': '.mjs' },
        bundle: true,
        splitting: true,
        format: 'esm',
        platform: 'node',
        target: 'node20',
        packages: 'external',
        tsconfig: path.join(root, 'tsconfig.json'),
        logLevel: 'silent',
      });
      writeFileSync(path.join(building, 'package.json'), '{"type":"module"}\n');
      try {
        renameSync(building, dir);
      } catch (e) {
        // Another command renamed its bundle of the same sources into place first.
        if (!existsDir(dir)) throw e;
      }
    } finally {
      rmSync(building, { recursive: true, force: true });
    }
    removeOld(cacheDir, stamp);
    return dir;
  } catch {
    return null;
  }
}

function existsDir(dir) {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/** Removes bundles of earlier sources, once a day old (a command may still be running from one). */
function removeOld(cacheDir, keep) {
  const now = Date.now();
  for (const d of readdirSync(cacheDir, { withFileTypes: true })) {
    if (!d.isDirectory() || d.name === keep) continue;
    const at = path.join(cacheDir, d.name);
    try {
      if (now - statSync(at).mtimeMs > KEEP_OLD_MS) rmSync(at, { recursive: true, force: true });
    } catch {
      // Removed by another command meanwhile.
    }
  }
}
