// An import's progress ends with the import (src/ui/options/import-run.ts): when reading fails
// while chunks handed to the import workers are still being staged, those chunks finish after
// the outcome is known, and none of them reports progress then. (Passed on, such a report put
// the options page back on "Reading files…" for good, in place of the failure.)
import { describe, expect, it } from 'vitest';
import type { ImportFile, ImportProgress, ImportTarget } from '../../src/ui/options/import-run';
import { commitPending, importFiles } from '../../src/ui/options/import-run';
import { jsonLines, syntheticArticles } from './storage-synthetic';

const SLICE = 4096;

/** A file whose slices after the first cannot be read (a file changed on disk after it was chosen). */
function fileUnreadableAfter(content: string, readable: number): ImportFile {
  const bytes = new TextEncoder().encode(content);
  return {
    name: 'changed.jsonl',
    size: bytes.length,
    slice: (start = 0, end = bytes.length) => ({
      arrayBuffer: () =>
        start >= readable && end - start > 1024
          ? Promise.reject(new DOMException('The requested file could not be read.', 'NotReadableError'))
          : Promise.resolve(bytes.slice(start, end).buffer),
    }),
  };
}

/** A target whose odd chunks are staged slowly (the second worker), until `release()`. */
function slowTarget() {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const staged: number[] = [];
  const target = {
    params: {},
    openImport: async () => ({ key: 'k' }),
    stageChunk: async (_key: string, chunk: number) => {
      if (chunk % 2 === 1) await released;
      staged.push(chunk);
      return { reused: false };
    },
    finishStaging: async () => ({ key: 'k' }),
    commitImport: async (_key: string, opts: { onProgress?: (done: number, total: number) => void } = {}) => {
      opts.onProgress?.(1, 2);
      return { added: 2, updated: 0, unchanged: 0 };
    },
    discardImport: async () => undefined,
    importPack: async () => {
      throw new Error('no packs here');
    },
  } as unknown as ImportTarget;
  return { target, release, staged };
}

describe('import progress', () => {
  it('stops when the import ends, though chunks handed over before a failure are staged after it', async () => {
    const articles = syntheticArticles(40, { words: 30, seed: 11, prefix: 'late' });
    const { target, release, staged } = slowTarget();
    const seen: { progress: ImportProgress; afterEnd: boolean }[] = [];
    let ended = false;
    const outcome = await importFiles(target, [fileUnreadableAfter(jsonLines(articles), SLICE)], {
      chunkSize: 4,
      sliceBytes: SLICE,
      onProgress: (progress) => seen.push({ progress, afterEnd: ended }),
    });
    ended = true;
    expect(outcome).toMatchObject({ kind: 'error', message: 'The requested file could not be read.' });
    expect(seen.length).toBeGreaterThan(0);

    release();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(staged.some((chunk) => chunk % 2 === 1)).toBe(true);
    expect(seen.filter((s) => s.afterEnd)).toEqual([]);
  });

  it('of a commit is reported while it runs', async () => {
    const { target } = slowTarget();
    const seen: ImportProgress[] = [];
    const outcome = await commitPending(target, { key: 'k', sources: [{}], articles: 2, problems: 0 }, { onProgress: (p) => seen.push(p) });
    expect(outcome).toMatchObject({ kind: 'imported', added: 2 });
    expect(seen.map((p) => [p.phase, p.saved, p.toSave])).toEqual([
      ['saving', 0, 0],
      ['saving', 1, 2],
    ]);
  });
});
