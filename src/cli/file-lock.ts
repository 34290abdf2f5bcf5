/**
 * One process at a time on a file: `wirecheck follow` takes `<pack>.follow.lock` before it
 * reads the pack. Two runs on one pack (a cron job started while a long backfill still runs)
 * would each keep the pace on their own, asking the site twice as often, and each overwrite
 * the other's pack and state.
 *
 * The lock file is created exclusively (O_EXCL) and holds the owner's process id. A lock left
 * by a process that no longer runs (killed, crashed, the machine restarted) is taken over:
 * `process.kill(pid, 0)` tells whether it runs. A process id reused since by another program
 * makes a stale lock look held; the message names the file, which the reader can delete.
 */

import { readFileSync, rmSync } from 'node:fs';
import { open, readFile, rm } from 'node:fs/promises';

export class LockHeld extends Error {
  constructor(
    readonly path: string,
    readonly pid: number,
  ) {
    super(`another wirecheck (process ${pid}) is updating it; wait for it to finish (or delete ${path} if no such process runs)`);
    this.name = 'LockHeld';
  }
}

export class FileLock {
  private constructor(readonly path: string) {}

  /** Takes the lock, or throws LockHeld (another process holds it) or the file system's error. */
  static async take(path: string): Promise<FileLock> {
    for (let attempt = 0; ; attempt++) {
      try {
        const handle = await open(path, 'wx');
        try {
          await handle.writeFile(`${process.pid}\n`);
        } finally {
          await handle.close();
        }
        return new FileLock(path);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw e;
      }
      const owner = (await readFile(path, 'utf8').catch(() => '')).trim();
      const pid = Number(owner);
      if (Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && running(pid)) throw new LockHeld(path, pid);
      // Stale: removed unless another process took it over meanwhile.
      if ((await readFile(path, 'utf8').catch(() => '')).trim() === owner) await rm(path, { force: true });
    }
  }

  /** Gives the lock up (synchronous, so an exit in a signal handler can call it too). */
  release(): void {
    try {
      if (readFileSync(this.path, 'utf8').trim() === String(process.pid)) rmSync(this.path, { force: true });
    } catch {
      // Already gone: nothing to give up.
    }
  }
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it runs, as another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
