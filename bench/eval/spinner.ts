/**
 * A synonym spinner, the cheap rewriting tool behind much "unique content".
 *
 * It does what SpinBot-style tools do: walk the text and swap a share of the words for
 * dictionary synonyms, with no idea of sense or grammar. The share is of *eligible* words:
 * lower-case alphabetic words of three letters or more that are not function words and that
 * the thesaurus has a synonym for. Capitalised words (names, places, sentence starts) and
 * numbers are never touched, and neither are words inside double quotes when `keepQuotes` is
 * set (human editors leave quotations alone; spinners do not). Exactly round(strength × eligible)
 * words are replaced (or round(strength × content words) with basis 'content', for the light
 * edit that is specified as a share of content words), chosen by the seeded stream, so two runs with one seed spin identically.
 * "a"/"an" before a replaced word is corrected, as a spinner's clean-up pass would.
 */

import type { Rng } from './prng';
import type { Thesaurus } from './wordnet';

export interface SpinOptions {
  /** Share of eligible words to replace, 0–1. */
  strength: number;
  /** Leave words inside double quotes alone. */
  keepQuotes?: boolean;
  /**
   * What `strength` is a share of: eligible words (default), or all content words (words
   * that are not function words, names and numbers included), capped at the eligible ones.
   */
  basis?: 'eligible' | 'content';
}

export interface SpinResult {
  text: string;
  eligible: number;
  changed: number;
  replacements: { from: string; to: string }[];
}

/** Words a spinner leaves alone: function words, modals, and the verbs of attribution. */
const KEEP = new Set(
  (
    'a an the and or but nor if of to in on at by for with from as is are was were be been being am ' +
    'has have had having do does did done will would can could may might must shall should ought ' +
    'that this these those it its he she they them his her hers their theirs we us our you your ' +
    'i me my mine not no yes than then there here who whom whose which what when where why how all ' +
    'any both each few more most other some such only own same so too very just also into onto ' +
    'over under about after before between through during up down out off again further once ' +
    'said says say told tell according while because although though since until unless whether ' +
    'against among within without upon per via'
  ).split(' '),
);

const TOKEN = /\p{L}[\p{L}\p{M}'’-]*|\p{N}[\p{N},.]*\p{N}|\p{N}|\s+|[^\s\p{L}\p{N}]/gu;
const ELIGIBLE_SHAPE = /^[a-z]{3,}$/;

export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** Indices of the tokens the spinner may replace, and whether each sits inside quotes. */
export function eligibleTokens(tokens: readonly string[], thesaurus: Thesaurus, keepQuotes = false): number[] {
  const out: number[] = [];
  let quoted = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t === '\u201C') quoted = true;
    else if (t === '\u201D') quoted = false;
    else if (t === '"') quoted = !quoted;
    else if (t.includes('\n')) quoted = false; // a quotation never runs past its paragraph
    if (keepQuotes && quoted) continue;
    if (!ELIGIBLE_SHAPE.test(t) || KEEP.has(t)) continue;
    if (thesaurus.synonyms(t).length === 0) continue;
    out.push(i);
  }
  return out;
}

export function spin(text: string, thesaurus: Thesaurus, rng: Rng, opts: SpinOptions): SpinResult {
  const tokens = tokenize(text);
  const eligible = eligibleTokens(tokens, thesaurus, opts.keepQuotes);
  const strength = Math.max(0, Math.min(1, opts.strength));
  const base = opts.basis === 'content' ? contentWordCount(tokens) : eligible.length;
  const k = Math.min(eligible.length, Math.round(strength * base));
  const chosen = rng.sample(eligible.length, k).map((i) => eligible[i]!);
  const replacements: SpinResult['replacements'] = [];
  for (const i of chosen) {
    const from = tokens[i]!;
    const to = rng.pick(thesaurus.synonyms(from));
    tokens[i] = to;
    replacements.push({ from, to });
    fixArticle(tokens, i);
  }
  return { text: tokens.join(''), eligible: eligible.length, changed: chosen.length, replacements };
}

/** Words that are not function words: names and numbers included. */
export function contentWordCount(tokens: readonly string[]): number {
  let n = 0;
  for (const t of tokens) if (/^[\p{L}\p{N}]/u.test(t) && !KEEP.has(t.toLowerCase())) n++;
  return n;
}

function fixArticle(tokens: string[], i: number): void {
  let j = i - 1;
  while (j >= 0 && /^\s+$/.test(tokens[j]!)) j--;
  const article = tokens[j];
  if (article === undefined || !/^(a|an|A|An)$/.test(article)) return;
  const vowel = /^[aeiou]/i.test(tokens[i]!);
  const lower = article.toLowerCase();
  if (vowel && lower === 'a') tokens[j] = article === 'A' ? 'An' : 'an';
  if (!vowel && lower === 'an') tokens[j] = article === 'An' ? 'A' : 'a';
}
