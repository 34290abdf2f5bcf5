// The command runs from a bundle of its sources (bin/cli-bundle.mjs): built once into a cache
// folder named by the sources' stamp, reused while they are unchanged, remade when one
// changes, never read half-written by a second command starting at once; and the command
// still runs from the sources through tsx when asked to.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { cliBundle, sourceStamp } from '../../bin/cli-bundle.mjs';
import packageJson from '../../package.json' with { type: 'json' };

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const node = process.execPath;
const temps: string[] = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'wc-bundle-'));
  temps.push(dir);
  return dir;
};
/** A cache folder of this test's own, inside the checkout: the bundle finds its packages in node_modules from there, as the real one does. */
const cache = () => {
  mkdirSync(join(root, 'node_modules/.cache'), { recursive: true });
  const dir = mkdtempSync(join(root, 'node_modules/.cache/wc-bundle-test-'));
  temps.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe('the sources’ stamp', () => {
  it('stays while nothing changes, and changes with an edit, a new file or a touched one', () => {
    const at = temp();
    mkdirSync(join(at, 'src/a'), { recursive: true });
    writeFileSync(join(at, 'src/a/x.ts'), 'export const x = 1;\n');
    writeFileSync(join(at, 'src/y.ts'), 'export const y = 2;\n');
    writeFileSync(join(at, 'tsconfig.json'), '{}\n');
    const stamp = () => sourceStamp(at, ['src'], ['tsconfig.json']);
    const first = stamp();
    expect(stamp()).toBe(first);
    writeFileSync(join(at, 'src/a/x.ts'), 'export const x = 10;\n');
    const edited = stamp();
    expect(edited).not.toBe(first);
    writeFileSync(join(at, 'src/a/z.ts'), '');
    const added = stamp();
    expect(added).not.toBe(edited);
    const later = new Date(Date.now() + 5_000);
    utimesSync(join(at, 'tsconfig.json'), later, later);
    expect(stamp()).not.toBe(added);
  });
});

describe('the bundle', () => {
  it('is built once, runs the command, and is reused while the sources are unchanged', async () => {
    const cacheDir = cache();
    const dir = await cliBundle({ cacheDir });
    if (!dir) throw new Error('no bundle');
    expect(dir).toBe(join(cacheDir, sourceStamp(root, ['src'], ['tsconfig.json', 'package.json', 'bin/cli-bundle.mjs'])));
    expect(readdirSync(dir)).toEqual(expect.arrayContaining(['main.mjs', 'index-worker.mjs', 'check-worker.mjs', 'package.json']));
    const script = `const { main } = await import(${JSON.stringify(pathToFileURL(join(dir, 'main.mjs')).href)}); process.exitCode = await main(['--version']);`;
    const { stdout } = await run(node, ['--input-type=module', '-e', script]);
    expect(stdout.trim()).toBe(packageJson.version);
    const built = statSync(join(dir, 'main.mjs')).mtimeMs;
    expect(await cliBundle({ cacheDir })).toBe(dir);
    expect(statSync(join(dir, 'main.mjs')).mtimeMs).toBe(built);
    expect(readdirSync(cacheDir)).toEqual([readdirSync(cacheDir)[0]]); // one bundle, nothing half-built left
  });

  it('two commands starting at once end with one whole bundle', async () => {
    const cacheDir = cache();
    const [a, b] = await Promise.all([cliBundle({ cacheDir }), cliBundle({ cacheDir })]);
    expect(a).toBe(b);
    expect(readdirSync(cacheDir)).toHaveLength(1);
    expect(readdirSync(a!)).toContain('main.mjs');
  });

  it('is null where it cannot be built, and the command then runs from the sources', async () => {
    const blocked = join(temp(), 'file');
    writeFileSync(blocked, ''); // a file where the cache folder would go
    expect(await cliBundle({ cacheDir: join(blocked, 'cache') })).toBeNull();
    const { stdout } = await run(node, [join(root, 'bin/wirecheck.mjs'), '--version'], { env: { ...process.env, WIRECHECK_FROM_SOURCE: '1' } });
    expect(stdout.trim()).toBe(packageJson.version);
  });
});
