#!/usr/bin/env node
// `npm run screenshots`: runs the seed-case and options e2e in Chromium and copies its screenshots to
// docs/screenshots/, where the README shows them. Run it after changing anything visible.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
execFileSync(process.execPath, ['--test', '--test-concurrency=1', 'test/e2e/seed-screenshots.e2e.ts', 'test/e2e/options.e2e.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, WIRECHECK_E2E_BROWSERS: 'chromium' },
});
const from = join(root, '.output/e2e-screenshots');
const to = join(root, 'docs/screenshots');
rmSync(to, { recursive: true, force: true });
mkdirSync(to, { recursive: true });
const files = readdirSync(from).filter((f) => /^chromium-(case-\d+-(popup|page|compare|options)|welcome|welcome-verdict|options|options-article)\.png$/.test(f));
for (const f of files) copyFileSync(join(from, f), join(to, f.replace(/^chromium-/, '')));
console.log(`copied ${files.length} screenshots to docs/screenshots/`);
