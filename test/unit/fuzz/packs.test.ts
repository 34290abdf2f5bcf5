// Fuzzing corpus packs (src/core/pack): damaged and forged packs from pack-gen.ts through
// openPack, through the options page's import (importPackBytes on fake-indexeddb), and
// through `wirecheck check --corpus` in-process and as a few real processes.
// Settings and replay: fuzz.ts.
import 'fake-indexeddb/auto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { readDate } from '../../../src/core/corpus/dates';
import { checkArticleMetadata } from '../../../src/core/corpus/records';
import { DEFAULT_PARAMS, totalBands } from '../../../src/core/fingerprint/minhash';
import { PackCorpus } from '../../../src/core/pack/corpus';
import { type Pack, PackError, encodePack, openPack } from '../../../src/core/pack/pack';
import { CorpusStore } from '../../../src/storage';
import { importPackBytes } from '../../../src/ui/options/pack-import';
import { seedPage, seedPath } from '../seeds';
import { type CliRun, expectWellBehaved, runInProcess, runSpawned } from './cli-oracle';
import { type Rng, SEED_LABEL, ensure, expectNoFailures, runFuzz, share, spawnShare, timeoutFor } from './fuzz';
import { type PackCase, basePacks, generatePack, hostileRecordChange } from './pack-gen';

const FILE = 'test/unit/fuzz/packs.test.ts';
const PAGE = seedPath('004_017aadd92dbe6fea.txt');
const KINDS = new Set(['not-pack', 'truncated', 'damaged', 'version', 'params']);
const MARKUP = /<\/?[a-z][^<>]*>|<!--/i;
const BANDS = totalBands(DEFAULT_PARAMS);

let bases: Uint8Array[];
const tmp = mkdtempSync(join(tmpdir(), 'wirecheck-fuzz-pack-'));
beforeAll(async () => {
  bases = await basePacks();
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const describeCase = (c: PackCase) => `${c.forged ? 'forged' : 'damaged'} [${c.recipe.join(', ')}], ${c.bytes.length} bytes`;
const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/** openPack's outcome: the pack, or its PackError; anything else thrown fails the case. */
function open(bytes: Uint8Array): Pack | PackError {
  try {
    return openPack(bytes);
  } catch (e) {
    ensure(e instanceof PackError, () => `openPack threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}, not a PackError`);
    ensure(KINDS.has(e.kind) && e.message.length > 0 && !e.message.includes('\n'), () => `a PackError of kind ${e.kind}: ${JSON.stringify(e.message)}`);
    return e;
  }
}

function isHttp(url: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(url).protocol);
  } catch {
    return false;
  }
}

/** What an accepted pack promises: metadata a JSON Lines line could hold, and an index of its articles. */
async function checkOpened(pack: Pack, rng?: Rng): Promise<void> {
  const n = pack.articles.length;
  ensure(n === pack.header.articleCount, `${n} articles, header says ${pack.header.articleCount}`);
  const ids = new Set<string>();
  for (const a of pack.articles) {
    const where = `article ${JSON.stringify(a.id.slice(0, 40))}`;
    const again = checkArticleMetadata({ ...a });
    ensure(typeof again !== 'string', () => `${where}: accepted metadata that JSON Lines refuses (${again as string})`);
    ensure(again.id === a.id && again.title === a.title && again.url === a.url && again.published === a.published, `${where}: metadata not in its cleaned form`);
    ensure(a.url === '' || isHttp(a.url), `${where}: url ${JSON.stringify(a.url.slice(0, 80))}`);
    ensure(!MARKUP.test(a.title), `${where}: markup in the title`);
    const date = readDate(a.published);
    ensure(date.ok && date.iso === a.published, `${where}: published ${JSON.stringify(a.published)} does not read back as itself`);
    ensure(Number.isSafeInteger(a.wordCount) && a.wordCount >= 0 && typeof a.contentHash === 'string', `${where}: wordCount ${a.wordCount}, contentHash ${typeof a.contentHash}`);
    ensure(!ids.has(a.id), `${where}: id twice`);
    ids.add(a.id);
  }
  ensure(pack.index.size === n && pack.articles.every((a) => pack.index.has(a.id)), `an index of ${pack.index.size} articles for ${n}`);
  for (let i = 0; i < Math.min(n, 3); i++) {
    ensure(pack.bandKeysOf(i).length === BANDS, `article ${i} has ${pack.bandKeysOf(i).length} band keys`);
    try {
      ensure(typeof (await pack.text(i)) === 'string', `text ${i} is not a string`);
    } catch (e) {
      // decompressText's documented failure: a TypeError naming the damage.
      ensure(e instanceof TypeError, () => `text ${i} failed with ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    }
  }
  if (n > 0 && rng?.chance(0.3)) {
    try {
      await new PackCorpus(pack).check(seedPage('004_017aadd92dbe6fea.txt'));
    } catch (e) {
      // A text that does not inflate, or not to UTF-8: decompressText's TypeError, passed on.
      ensure(e instanceof TypeError, () => `a check against the pack threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    }
  }
}

let stores = 0;
async function withStore<T>(work: (store: CorpusStore) => Promise<T>): Promise<T> {
  const store = await CorpusStore.open(`wirecheck-fuzz-pack-${++stores}`);
  try {
    return await work(store);
  } finally {
    store.close();
  }
}

/** `check --corpus <pack>`: refused packs exit 1 with nothing on stdout; used ones answer or name the failure. */
function expectPackCheck(run: CliRun, opened: Pack | PackError, corpus: string): void {
  expectWellBehaved(run, [0, 1]);
  if (opened instanceof PackError || opened.articles.length === 0) {
    ensure(run.status === 1 && run.stdout === '', () => `a refused or empty pack gave status ${run.status}, stdout ${JSON.stringify(run.stdout.slice(0, 100))}`);
    ensure(run.stderr.includes(`wirecheck: ${corpus}: `), () => `the refusal does not name the pack: ${JSON.stringify(run.stderr.slice(0, 300))}`);
  } else if (run.status === 0) {
    ensure(run.stdout.split('\n').filter(Boolean).length === 1 && run.stderr === '', () => `exit 0 without exactly one result: ${JSON.stringify(run.stdout.slice(0, 200))} ${JSON.stringify(run.stderr.slice(0, 200))}`);
  } else {
    ensure(run.stdout === '' && run.stderr.includes(`wirecheck: ${PAGE}: `), () => `exit 1 on a pack that opens, without naming the page: ${JSON.stringify(run.stderr.slice(0, 300))}`);
  }
}

describe(`fuzz: corpus packs (${SEED_LABEL})`, () => {
  const openCases = share(0.18);
  it(`openPack: ${openCases} damaged or forged packs, a PackError or a pack that keeps every promise`, async () => {
    expectNoFailures(
      await runFuzz({
        name: 'pack-open',
        file: FILE,
        count: openCases,
        generate: (rng) => generatePack(rng, bases),
        boundMs: 2_000,
        describe: describeCase,
        save: (c) => c.bytes,
        check: async (c, rng) => {
          const opened = open(c.bytes);
          if (!c.forged && !bases.some((b) => same(b, c.bytes))) ensure(opened instanceof PackError, 'a damaged pack (CRC not made right) was accepted');
          if (!(opened instanceof PackError)) await checkOpened(opened, rng);
        },
      }),
    );
  }, timeoutFor(openCases, 40));

  const hostileCases = share(0.06);
  it(`hostile metadata through the real writer: ${hostileCases} packs refused with a message, never imported`, async () => {
    const from = openPack(bases[3]!);
    const texts = from.articles.map((_, i) => from.compressedText(i));
    const bandKeys = new Uint32Array(from.articles.flatMap((_, i) => [...from.bandKeysOf(i)]));
    expectNoFailures(
      await runFuzz({
        name: 'pack-hostile',
        file: FILE,
        count: hostileCases,
        generate: (rng) => {
          const records = from.articles.map((a) => ({ ...a }) as Record<string, unknown>);
          const ids = records.map((r) => String(r.id));
          const recipe = Array.from({ length: rng.range(1, 3) }, () => hostileRecordChange(rng, rng.pick(records), ids));
          return { records, recipe };
        },
        boundMs: 5_000,
        describe: ({ records, recipe }) => `[${recipe.join(', ')}] ${JSON.stringify(records.map(({ id, title, url, published }) => ({ id, title, url, published }))).slice(0, 400)}`,
        check: async ({ records }) => {
          // What the writer keeps of each record (encodePack picks these fields).
          const kept = records.map(({ id, title, url, published, wordCount, contentHash }) => JSON.parse(JSON.stringify({ id, title, url, published, wordCount, contentHash })) as Record<string, unknown>);
          const bad = kept.some((r) => typeof checkArticleMetadata(r) === 'string' || typeof r.contentHash !== 'string' || !Number.isSafeInteger(r.wordCount) || (r.wordCount as number) < 0);
          const bytes = encodePack({ params: DEFAULT_PARAMS, articles: records as never, bandKeys, texts, snapshot: from.index.toSnapshot(), createdAt: '2024-05-01T00:00:00Z' });
          const opened = open(bytes);
          if (bad) ensure(opened instanceof PackError && opened.kind === 'damaged', () => `a pack with a record JSON Lines refuses was ${opened instanceof PackError ? `refused as ${opened.kind}` : 'accepted'}`);
          if (!(opened instanceof PackError)) return checkOpened(opened);
          const outcome = await withStore(async (store) => {
            const result = await importPackBytes(store, bytes);
            return { result, count: await store.count() };
          });
          ensure(outcome.result.kind === 'refused' && outcome.count === 0, () => `the options page's import gave ${JSON.stringify(outcome.result).slice(0, 200)} and stored ${outcome.count} articles`);
        },
      }),
    );
  }, timeoutFor(hostileCases, 200));

  const importCases = share(0.04);
  it(`the options page's import: ${importCases} packs, refused exactly when openPack refuses, never half imported`, async () => {
    expectNoFailures(
      await runFuzz({
        name: 'pack-import',
        file: FILE,
        count: importCases,
        generate: (rng) => generatePack(rng, bases),
        boundMs: 5_000,
        describe: describeCase,
        save: (c) => c.bytes,
        check: async (c) => {
          const opened = open(c.bytes);
          await withStore(async (store) => {
            let result;
            try {
              result = await importPackBytes(store, c.bytes);
            } catch (e) {
              ensure(false, `importPackBytes threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
            }
            const count = await store.count();
            if (opened instanceof PackError) {
              ensure(result!.kind === 'refused' && result!.reason === opened.kind && count === 0, () => `openPack refuses (${opened.kind}) but the import gave ${JSON.stringify(result)}, ${count} stored`);
              return;
            }
            ensure(result!.kind === 'imported' && count === opened.articles.length, () => `an import of ${opened.articles.length} articles gave ${JSON.stringify(result)}, ${count} stored`);
            const listed = await store.listArticles();
            for (const s of listed) {
              ensure(typeof checkArticleMetadata({ ...s }) !== 'string' && !MARKUP.test(s.title), () => `stored metadata JSON Lines refuses: ${JSON.stringify(s).slice(0, 200)}`);
            }
            ensure((await store.loadIndex()).size === count, 'the stored index does not hold every stored article');
          });
        },
      }),
    );
  }, timeoutFor(importCases, 300));

  const cliCases = share(0.04);
  it(`the CLI in-process: ${cliCases} packs as --corpus`, async () => {
    expectNoFailures(
      await runFuzz({
        name: 'pack-cli',
        file: FILE,
        count: cliCases,
        generate: (rng, i) => ({ c: generatePack(rng, bases), index: rng.chance(0.15), i }),
        boundMs: 10_000,
        describe: ({ c, index }) => `${index ? 'index' : 'check'} ${describeCase(c)}`,
        save: ({ c }) => c.bytes,
        check: async ({ c, index, i }) => {
          const corpus = join(tmp, `in-${i}.wcpack`);
          writeFileSync(corpus, c.bytes);
          if (index) {
            const out = join(tmp, `in-${i}-again.wcpack`);
            const run = await runInProcess(['index', corpus, '-o', out]);
            expectWellBehaved(run, [1]);
            ensure(!existsSync(out), 'index wrote a pack from a pack');
            return;
          }
          expectPackCheck(await runInProcess(['check', '--corpus', corpus, '--json', PAGE]), open(c.bytes), corpus);
        },
      }),
    );
  }, timeoutFor(cliCases, 300));

  const spawned = spawnShare(0.5);
  it(`the CLI as a process: ${spawned} packs as --corpus, no crash, no hang, no exit 0 on a refused pack`, async () => {
    expectNoFailures(
      await runFuzz({
        name: 'pack-spawn',
        file: FILE,
        count: spawned,
        generate: (rng, i) => ({ c: generatePack(rng, bases), i }),
        describe: ({ c }) => describeCase(c),
        save: ({ c }) => c.bytes,
        check: ({ c, i }) => {
          const corpus = join(tmp, `sp-${i}.wcpack`);
          writeFileSync(corpus, c.bytes);
          expectPackCheck(runSpawned(['check', '--corpus', corpus, '--json', PAGE]), open(c.bytes), corpus);
        },
      }),
    );
  }, timeoutFor(spawned, 1_500));
});
