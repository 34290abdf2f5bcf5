#!/usr/bin/env node
// The `wirecheck` command. Runs the CLI from a bundle of the TypeScript sources, built on the
// first run after a change (bin/cli-bundle.mjs), or, when no bundle can be built, straight
// from src/ through tsx's loader; either way the command works in a fresh checkout right
// after `npm install`, with no build step.
// Plain JavaScript on purpose: this file must load before any TypeScript support exists.
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

// tsx's ESM hooks need module.register (Node ≥ 20.6), and the bundle targets the same Node.
// The check comes before either is loaded, so an old Node gets this sentence rather than a
// loader stack trace.
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 6)) {
  process.stderr.write(`wirecheck: needs Node 20.6 or later (this is ${process.version})\n`);
  process.exit(1);
}

const { cliBundle } = await import('./cli-bundle.mjs');
const bundle = process.env.WIRECHECK_FROM_SOURCE ? null : await cliBundle();
let main;
if (bundle) {
  ({ main } = await import(pathToFileURL(path.join(bundle, 'main.mjs')).href));
} else {
  const { register } = await import('tsx/esm/api');
  // The repository's own tsconfig whatever the working directory, so `npx wirecheck` compiles
  // the sources the same way from any folder of the checkout.
  register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
