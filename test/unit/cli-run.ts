// The CLI run as a real process, the way `npx wirecheck …` runs it from the repository root.
import { type ChildProcess, execFileSync, spawnSync } from 'node:child_process';
import { closeSync, constants, existsSync, mkdirSync, openSync, readSync, writeFileSync } from 'node:fs';
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

/**
 * Signals a running `wirecheck index` while it writes its temporary file: the file
 * (`<out>.<pid>.part`, its name known from the child's pid) is made a named pipe before the
 * command reaches it, so the command blocks writing into it with the file present; the first
 * byte read says it is writing. A real disk write is too quick to interrupt reliably. Returns
 * once the temporary file is gone or the child has exited.
 */
export async function signalWhileWriting(
  child: ChildProcess,
  part: string,
  signal: NodeJS.Signals,
  state: { exited(): boolean; stderr(): string },
): Promise<void> {
  execFileSync('mkfifo', [part]);
  // Read end opened without blocking; the first byte that arrives says the command is writing.
  const fd = openSync(part, constants.O_RDWR | constants.O_NONBLOCK);
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        if (readSync(fd, Buffer.alloc(1)) > 0) break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      }
      if (state.exited() || Date.now() > deadline) throw new Error(`index never wrote its temporary file: ${state.stderr()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill(signal);
    while (existsSync(part) && !state.exited()) await new Promise((r) => setTimeout(r, 10));
  } finally {
    // Closing the read end lets a write still blocked in the pipe fail, so the child can end.
    closeSync(fd);
  }
}
