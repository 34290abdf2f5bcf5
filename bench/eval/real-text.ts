/**
 * Real news text shipped in the repository, as articles.
 *
 * - The English pages among the extraction fixtures (test/fixtures/pages/<name>/expected.html:
 *   Readability's extraction of real newspaper pages), stripped to paragraphs, titled from
 *   expected-metadata.json. Pages without a declared language are kept when most of their
 *   words are common English function words.
 * - The two AP originals of the seed story (test/fixtures/seeds/corpus-both.jsonl).
 * - The seed cases (cases.json), run as they are against their named corpora.
 */

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import type { Article, PageArticle, Verdict } from '../../src/core/types';

export const REPO_ROOT = new URL('../../', import.meta.url).pathname;
const PAGES_DIR = join(REPO_ROOT, 'test/fixtures/pages');
const SEEDS_DIR = join(REPO_ROOT, 'test/fixtures/seeds');

const BLOCKS = 'p, h1, h2, h3, h4, h5, h6, li, blockquote, pre';
const ENGLISH_MARKERS = new Set('the of and to in a is that for on was with as by it at from he said his are be'.split(' '));

/** Paragraph texts of an HTML fragment: innermost block elements, whitespace collapsed. */
export function htmlParagraphs(html: string): string[] {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const out: string[] = [];
  for (const el of document.querySelectorAll(BLOCKS)) {
    if (el.querySelector(BLOCKS)) continue; // its inner blocks are taken instead
    const text = (el.textContent ?? '').replace(/\s+/g, ' ').trim();
    if (text) out.push(text);
  }
  return out;
}

export function looksEnglish(text: string): boolean {
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  if (words.length < 50) return false;
  const hits = words.filter((w) => ENGLISH_MARKERS.has(w)).length;
  return hits / words.length > 0.2;
}

/** The English fixture pages as articles (ids `page-<folder>`), sorted by id. */
export function fixturePageArticles(): Article[] {
  if (!existsSync(PAGES_DIR)) return [];
  const out: Article[] = [];
  for (const name of readdirSync(PAGES_DIR).sort()) {
    const dir = join(PAGES_DIR, name);
    const htmlFile = join(dir, 'expected.html');
    const metaFile = join(dir, 'expected-metadata.json');
    if (!existsSync(htmlFile) || !existsSync(metaFile)) continue;
    const meta = JSON.parse(readFileSync(metaFile, 'utf8')) as { title?: string; lang?: string | null; publishedTime?: string | null };
    const text = htmlParagraphs(readFileSync(htmlFile, 'utf8')).join('\n\n');
    const lang = meta.lang?.toLowerCase();
    const english = lang ? lang.startsWith('en') : looksEnglish(text);
    if (!english || !looksEnglish(text)) continue;
    out.push({ id: `page-${name}`, title: (meta.title ?? name).trim(), url: '', published: meta.publishedTime ?? '', text });
  }
  return out;
}

export function readJsonl(path: string): Article[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as Article);
}

/** The AP originals of the seed story: two versions of one story. */
export function seedOriginals(): Article[] {
  return readJsonl(join(SEEDS_DIR, 'corpus-both.jsonl'));
}

export interface SeedCase {
  name: string;
  corpus: string;
  query: string;
  source: string | string[];
  verdict: Verdict[];
}

export interface SeedCases {
  cases: SeedCase[];
  order: string;
}

export function seedCases(): SeedCases {
  return JSON.parse(readFileSync(join(SEEDS_DIR, 'cases.json'), 'utf8')) as SeedCases;
}

export function seedCorpus(name: string): Article[] {
  return readJsonl(join(SEEDS_DIR, `corpus-${name}.jsonl`));
}

/** A seed file as a page: headline on line 1, body after. */
export function seedPage(file: string): PageArticle {
  const [title = '', ...rest] = readFileSync(join(SEEDS_DIR, file), 'utf8').split('\n');
  return { title: title.trim(), text: rest.join('\n').trim(), lang: 'en' };
}
