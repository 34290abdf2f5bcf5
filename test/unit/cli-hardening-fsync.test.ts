// `wirecheck index` writes its pack durably: the temporary file is flushed to the disk (fsync)
// before it is renamed over the target, then the folder is flushed, so a crash never leaves a
// renamed but empty or partial pack. A disk flush cannot be observed from a test, so the file
// system calls are recorded (node:fs/promises wrapped, everything else real) and their order
// checked; runIndex runs in this process.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { seedCorpus } from './seeds';

const calls = vi.hoisted(() => [] as string[]);

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const open: typeof real.open = async (...args) => {
    const handle = await real.open(...args);
    const sync = handle.sync.bind(handle);
    handle.sync = async () => {
      calls.push(`sync ${String(args[0])}`);
      return sync();
    };
    return handle;
  };
  const rename: typeof real.rename = async (from, to) => {
    calls.push(`rename ${String(from)} -> ${String(to)}`);
    return real.rename(from, to);
  };
  return { ...real, open, rename, default: { ...real, open, rename } };
});

const { runIndex } = await import('../../src/cli/commands/index');
const { openPack } = await import('../../src/core/pack/pack');

const tmp = mkdtempSync(join(tmpdir(), 'wirecheck-fsync-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('wirecheck index: a durable write', () => {
  it('fsyncs the temporary file before renaming it over the old pack, then fsyncs the folder', async () => {
    const corpus = join(tmp, 'corpus.jsonl');
    writeFileSync(corpus, seedCorpus('both').map((a) => JSON.stringify(a)).join('\n') + '\n');
    const output = join(tmp, 'corpus.wcpack');
    writeFileSync(output, 'the old pack');
    const errors: string[] = [];
    const status = await runIndex({ corpus, output }, { out: () => {}, err: (l) => errors.push(l), color: false });
    expect(status).toBe(0);
    expect(errors).toEqual([expect.stringMatching(/^wirecheck: wrote .*corpus\.wcpack: 2 articles/)]);
    const temporary = `${output}.${process.pid}.part`;
    expect(calls).toEqual([`sync ${temporary}`, `rename ${temporary} -> ${output}`, `sync ${tmp}`]);
    expect(openPack(readFileSync(output)).articles).toHaveLength(2);
  });
});
