#!/usr/bin/env node
// The `wirecheck` command. Runs the TypeScript CLI straight from src/ through tsx's loader,
// so the command works in a fresh checkout right after `npm install`, with no build step.
// Plain JavaScript on purpose: this file must load before any TypeScript support exists.
import { fileURLToPath } from 'node:url';

// tsx's ESM hooks need module.register (Node ≥ 20.6). The check comes before tsx is
// imported, so an old Node gets this sentence rather than a loader stack trace.
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 6)) {
  process.stderr.write(`wirecheck: needs Node 20.6 or later (this is ${process.version})\n`);
  process.exit(1);
}

const { register } = await import('tsx/esm/api');
// The repository's own tsconfig whatever the working directory, so `npx wirecheck` compiles
// the sources the same way from any folder of the checkout.
register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });

const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
