// The CLI run as a real process, the way `npx wirecheck …` runs it from the repository root.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const bin = join(root, 'bin/wirecheck.mjs');

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  /** stderr split into lines, empty lines dropped. */
  errors: string[];
}

/** Runs the CLI; `timeoutMs` ends a command that hangs (what some tests guard against). */
export function runWirecheck(args: readonly string[], timeoutMs = 60_000): Run {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined }, timeout: timeoutMs });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, errors: r.stderr.split('\n').filter(Boolean) };
}

/** Writes `content` to `name` under `dir` (folders made as needed) and returns its path. */
export function writeTemp(dir: string, name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content);
  return path;
}

/** Articles as a JSON Lines corpus file's text. */
export const toJsonl = (articles: object[]) => articles.map((a) => JSON.stringify(a)).join('\n') + '\n';
