/**
 * Replacing a file atomically, as `wirecheck index -o` writes its pack and `wirecheck follow`
 * its pack and state file: the bytes go to a temporary file beside the target
 * (`<path>.<pid>.part`), flushed to the disk (fsync) and only then renamed over the target,
 * and the folder is flushed too. A crash or power cut leaves the old file or the new one under
 * the target's name, never a renamed but empty or half-written one; a failed write removes the
 * temporary file and leaves the target as it was.
 *
 * A signal is the caller's: `guard` wraps the write and the rename, so a caller can remove the
 * temporary file if its process is stopped meanwhile (`wirecheck index` at once, `wirecheck
 * follow` on a second signal, after the first lets its writes finish).
 */

import { open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface AtomicWriteOptions {
  /** Runs `write` (the temporary file written, flushed and renamed, or removed when that fails) while `temporary` may exist. */
  guard?: (temporary: string, write: () => Promise<void>) => Promise<void>;
}

/** Writes `bytes` to `path` atomically and durably; rejects with the file system's error, the target untouched. */
export async function writeFileAtomically(path: string, bytes: Uint8Array, opts: AtomicWriteOptions = {}): Promise<void> {
  const temporary = `${path}.${process.pid}.part`;
  const write = async () => {
    try {
      await writeDurably(temporary, bytes);
      await rename(temporary, path);
    } catch (e) {
      await rm(temporary, { force: true });
      throw e;
    }
  };
  await (opts.guard ? opts.guard(temporary, write) : write());
  await syncFolder(dirname(path));
}

/** Writes the whole file and flushes it to the disk (fsync) before it is closed. */
async function writeDurably(path: string, bytes: Uint8Array): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Flushes a folder's entries (the rename) to the disk; where folders cannot be opened (Windows), nothing to do. */
async function syncFolder(path: string): Promise<void> {
  let handle;
  try {
    handle = await open(path, 'r');
    await handle.sync();
  } catch {
    // Best effort: the file is complete under its name either way.
  } finally {
    await handle?.close().catch(() => {});
  }
}
