/**
 * Where the end-to-end harness finds the built extension and writes what it produces.
 *
 * Everything the e2e tests write (screenshots, generated corpus files) stays under `.output/`,
 * which is git-ignored and already holds the build. Browser profiles are scratch directories in
 * the OS temp dir and are deleted when the browser closes.
 *
 * Generated files go to a directory of the test process's own, removed when it exits. Chromium
 * and Firefox run the same suites in two processes side by side (`npm run test:e2e`), and each
 * suite writes its files in its `before`: in one shared directory, one browser's suite would
 * rewrite a file while the other browser's options page reads it, and a file chosen in a page
 * cannot be read once it changes on disk (Chromium: NotReadableError from the next slice read;
 * the import then fails), even with the same bytes.
 */
import { existsSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** `.output/` by default; WIRECHECK_E2E_OUTPUT_DIR points the harness at another build. */
export const BUILD_DIR = process.env.WIRECHECK_E2E_OUTPUT_DIR
  ? path.resolve(process.env.WIRECHECK_E2E_OUTPUT_DIR)
  : path.join(REPO_ROOT, '.output');

export const OUTPUT_DIR = path.join(REPO_ROOT, '.output');
export const SCREENSHOT_DIR = path.join(OUTPUT_DIR, 'e2e-screenshots');
/** Files the tests generate (for example a deliberately broken corpus): this process's own, created by `ensureDir`. */
export const GENERATED_DIR = path.join(OUTPUT_DIR, 'e2e-generated', `process-${process.pid}`);
process.once('exit', () => rmSync(GENERATED_DIR, { recursive: true, force: true }));

export const FIXTURES_DIR = path.join(REPO_ROOT, 'test/fixtures');
/** The shared seed texts and corpora; WIRECHECK_E2E_SEEDS_DIR overrides (other fixture sets). */
export const SEEDS_DIR = process.env.WIRECHECK_E2E_SEEDS_DIR
  ? path.resolve(process.env.WIRECHECK_E2E_SEEDS_DIR)
  : path.join(FIXTURES_DIR, 'seeds');
export const E2E_FIXTURES_DIR = path.join(REPO_ROOT, 'test/e2e/fixtures');

export type BrowserName = 'chromium' | 'firefox';

const BUILD_SUBDIR: Record<BrowserName, string> = {
  chromium: 'chrome-mv3',
  firefox: 'firefox-mv3',
};

/** The built, unpacked extension for a browser; fails with the command that makes it. */
export function builtExtensionDir(browser: BrowserName): string {
  const dir = path.join(BUILD_DIR, BUILD_SUBDIR[browser]);
  if (!existsSync(path.join(dir, 'manifest.json'))) {
    throw new Error(
      `No built extension at ${dir}. Run \`npm run build\` first (it builds Chrome and Firefox).`,
    );
  }
  return dir;
}

export async function ensureDir(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  return dir;
}
