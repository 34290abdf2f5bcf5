/**
 * Every e2e suite, imported in one process, where they run one after another and share one
 * running browser per kind among the suites that launch with the default options
 * (helpers/browsers.ts: each still gets a fresh install and checked-empty storage). Which
 * browsers: select.ts.
 *
 * The imports are static so that every suite and hook is registered before the first test
 * starts (node:test starts a test as soon as it is registered). A suite file missing
 * here fails the run.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import './select.ts';
import '../capture.e2e.ts';
import '../compare.e2e.ts';
import '../corpus-and-verdict.e2e.ts';
import '../fingerprint-engines.e2e.ts';
import '../follow.e2e.ts';
import '../full-disk.e2e.ts';
import '../hardening.e2e.ts';
import '../in-page.e2e.ts';
import '../killed-workers.e2e.ts';
import '../navigation.e2e.ts';
import '../options.e2e.ts';
import '../popup.e2e.ts';
import '../seed-screenshots.e2e.ts';
import '../sites-view.e2e.ts';
import '../smoke.e2e.ts';
import '../subscriptions.e2e.ts';

const IMPORTED = [
  'capture',
  'compare',
  'corpus-and-verdict',
  'fingerprint-engines',
  'follow',
  'full-disk',
  'hardening',
  'in-page',
  'killed-workers',
  'navigation',
  'options',
  'popup',
  'seed-screenshots',
  'sites-view',
  'smoke',
  'subscriptions',
].map((name) => `${name}.e2e.ts`);

const e2eDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const missing = readdirSync(e2eDir).filter((f) => f.endsWith('.e2e.ts') && !IMPORTED.includes(f));
if (missing.length) throw new Error(`test/e2e/run/suites.ts does not import ${missing.join(', ')}`);
