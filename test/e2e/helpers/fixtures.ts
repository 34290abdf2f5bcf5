/**
 * Fixture files the e2e tests use: the shared seed texts and corpora in test/fixtures/seeds/,
 * the e2e-only texts in test/e2e/fixtures/, and files generated per run in .output/.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { E2E_FIXTURES_DIR, GENERATED_DIR, SEEDS_DIR, ensureDir } from './paths.ts';

export const SEED = {
  /** AP original, shorter later version: corpus id `ap-ties-short`. */
  apShort: '002_2af652c4d04ee126.txt',
  /** AP original, fuller version: corpus id `ap-ties-full`. */
  apFull: '004_017aadd92dbe6fea.txt',
  lightRewrite: '000_417f5b4f1c0cc618.txt',
  spunRewrite: '001_2b3f9f2055e0df11.txt',
  independentWithReuse: '003_97d4323494856c4c.txt',
} as const;

export const AP_FULL_TITLE = 'Russia and China show off deepening ties amid maneuvering over Ukraine';
export const AP_SHORT_TITLE = 'Russia, China show off ties amid maneuvering over Ukraine';

export function seedPath(file: string): string {
  const p = path.join(SEEDS_DIR, file);
  if (!existsSync(p)) {
    throw new Error(`Missing seed fixture ${path.relative(process.cwd(), p)} (the shared seed fixtures belong in test/fixtures/seeds/)`);
  }
  return p;
}

export function readSeed(file: string): Promise<string> {
  return readFile(seedPath(file), 'utf8');
}

/** JSON Lines of the two AP originals (`ap-ties-short`, `ap-ties-full`). */
export function corpusBothPath(): string {
  return seedPath('corpus-both.jsonl');
}

export function readE2EFixture(file: string): Promise<string> {
  return readFile(path.join(E2E_FIXTURES_DIR, file), 'utf8');
}

export const BROKEN_CORPUS_NAME = 'broken-corpus.jsonl';
export const BROKEN_CORPUS_BAD_LINE = 2;

/**
 * A corpus file whose line 1 is a valid article and line 2 is truncated JSON. The import must
 * fail as a whole, naming the file and line 2, and leave the corpus unchanged.
 */
export async function writeBrokenCorpus(): Promise<string> {
  const dir = await ensureDir(GENERATED_DIR);
  const file = path.join(dir, BROKEN_CORPUS_NAME);
  const valid = {
    id: 'e2e-valid-before-broken-line',
    title: 'A valid article that must not be imported on its own',
    url: 'https://example.invalid/e2e/valid',
    published: '2023-02-22',
    text: 'This line is valid JSON. The next line is not, so the file as a whole must be rejected.',
  };
  await writeFile(file, `${JSON.stringify(valid)}\n{"id": "e2e-broken", "title": "Truncated line\n`);
  return file;
}
