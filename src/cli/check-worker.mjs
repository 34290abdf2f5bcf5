// The entry of a `wirecheck check` worker thread when the command runs from the sources (the
// bundle made by bin/cli-bundle.mjs has its own check-worker.mjs). Plain JavaScript for the
// same reason as bin/wirecheck.mjs: a worker starts with no TypeScript support, whatever its
// parent registered, so it registers tsx itself before loading the TypeScript worker.
import { fileURLToPath } from 'node:url';

const { register } = await import('tsx/esm/api');
register({ tsconfig: fileURLToPath(new URL('../../tsconfig.json', import.meta.url)) });
await import('./check-worker.ts');
