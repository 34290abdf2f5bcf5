/**
 * The rewrite benchmark: real news text rewritten by a language model, one text per prompt.
 *
 * Each text in `texts/` is `<source id>--<style>.txt` (headline, blank line, paragraphs). The
 * sources are the English fixture pages and the fuller AP version of the seed story
 * (real-text.ts); each text was written by a separate helper model from the source text alone,
 * following `PROMPT.md` for its style. `independent` texts are not rewrites: they are stories on
 * the same event written as another outlet would, from the source's core facts only, and serve
 * as hard negatives (same names, numbers, sometimes a quote).
 *
 * Split by source, so that every style of one source is on the same side: `test` (≈40%) is
 * never looked at while tuning; `dev` is.
 */

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Article, Verdict } from '../../../src/core/types';
import { hash32 } from '../prng';
import { fixturePageArticles, REPO_ROOT, seedOriginals } from '../real-text';

export const TEXTS_DIR = join(REPO_ROOT, 'bench/eval/rewrites/texts');

export const STYLES = ['light-edit', 'full-rewrite', 'condensed', 'added-context', 'casual', 'listicle', 'lead-only', 'independent'] as const;
export type RewriteStyle = (typeof STYLES)[number];

/** The verdict each style should get: what `test/fixtures/seeds/README.md` says the levels mean. */
export const STYLE_LEVEL: Record<RewriteStyle, Verdict> = {
  'light-edit': 'edited',
  'full-rewrite': 'rewritten',
  condensed: 'rewritten',
  'added-context': 'rewritten',
  casual: 'rewritten',
  listicle: 'rewritten',
  'lead-only': 'rewritten',
  independent: 'none',
};

/** How strongly each style rewords its source, for the rank correlation with paraphraseScore. */
export const STYLE_STRENGTH: Partial<Record<RewriteStyle, number>> = { 'light-edit': 1, 'lead-only': 2, 'full-rewrite': 2, 'added-context': 2, condensed: 3, listicle: 3, casual: 3 };

export type RewriteSplit = 'dev' | 'test';

export function rewriteSplit(sourceId: string): RewriteSplit {
  return hash32(`wirecheck-rewrites-split:${sourceId}`) % 100 < 60 ? 'dev' : 'test';
}

export interface RewritePage {
  id: string;
  sourceId: string;
  /** Sources that count as right (the seed story's two AP versions are one story). */
  accept: string[];
  style: RewriteStyle;
  level: Verdict;
  split: RewriteSplit;
  title: string;
  text: string;
}

/** Every source a rewrite can derive from, plus the seed story's other version. */
export function rewriteCorpus(): Article[] {
  return [...fixturePageArticles(), ...seedOriginals()];
}

export function parseRewriteFile(name: string, content: string): Omit<RewritePage, 'accept' | 'split' | 'level'> & { level: Verdict } {
  const m = /^(.+)--([a-z-]+)\.txt$/.exec(name);
  if (!m || !(STYLES as readonly string[]).includes(m[2]!)) throw new Error(`${name}: not <source>--<style>.txt with a known style`);
  const style = m[2] as RewriteStyle;
  const text = content.replace(/\r\n?/g, '\n').trim();
  const nl = text.indexOf('\n');
  if (nl < 0) throw new Error(`${name}: a headline line, then the text`);
  return { id: `${m[1]}~${style}`, sourceId: m[1]!, style, level: STYLE_LEVEL[style], title: text.slice(0, nl).trim(), text: text.slice(nl + 1).trim() };
}

export function loadRewrites(dir = TEXTS_DIR): RewritePage[] {
  if (!existsSync(dir)) return [];
  const seeds = seedOriginals().map((a) => a.id);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => {
      const p = parseRewriteFile(f, readFileSync(join(dir, f), 'utf8'));
      const accept = seeds.includes(p.sourceId) ? seeds : [p.sourceId];
      return { ...p, accept, split: rewriteSplit(p.sourceId) };
    });
}
