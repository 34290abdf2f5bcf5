// The seed story (../shared/fixtures/seeds, copied to test/fixtures/seeds) as test data.
import { readFileSync } from 'node:fs';
import type { Article, Verdict } from '../../src/core/types';

const dir = new URL('../fixtures/seeds/', import.meta.url);

export interface SeedCase {
  name: string;
  corpus: string;
  query: string;
  source: string | string[];
  verdict: Verdict[];
}

export const seedCases: { corpora: Record<string, { id: string; file: string; title: string }[]>; cases: SeedCase[]; order: string } =
  JSON.parse(readFileSync(new URL('cases.json', dir), 'utf8'));

export function seedText(file: string): string {
  return readFileSync(new URL(file, dir), 'utf8');
}

export function seedPath(file: string): string {
  return new URL(file, dir).pathname;
}

/** A seed file as a page: headline on line 1, body after. */
export function seedPage(file: string) {
  const [title = '', ...rest] = seedText(file).split('\n');
  return { title: title.trim(), text: rest.join('\n').trim() };
}

export function seedCorpus(name: string): Article[] {
  return readFileSync(new URL(`corpus-${name}.jsonl`, dir), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Article);
}

export const seedCorpusPath = (name: string) => new URL(`corpus-${name}.jsonl`, dir).pathname;
