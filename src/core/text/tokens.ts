/**
 * Word tokens for matching: the same tokens in every JavaScript engine.
 *
 * Fingerprints are stored (by the CLI, by one browser) and compared later (by another), so
 * the tokens they are made of must not depend on the engine. Intl.Segmenter does: each engine
 * ships its own ICU, and measured here Chromium 156 splits "U.S." into "u" + "s" where Node 22
 * keeps "u.s", and Firefox 153 cuts the same Chinese sentence into other dictionary words than
 * Node. So matching uses this tokenizer, defined by one regular expression over Unicode
 * properties, and Intl.Segmenter keeps the jobs where engine differences cannot corrupt
 * stored data: sentence boundaries and words for display (segment.ts).
 *
 * A token is a run of letters, marks and digits, joined across "." "'" "," between two of them
 * ("u.s", "don't", "3.5", "1,000"), but not across hyphens: "scorched-earth" and "scorched
 * earth" should match. Scripts written without spaces (Han, Hiragana, Katakana) give one
 * token per character; content terms pair them into bigrams (terms.ts), the usual unit for
 * CJK retrieval.
 */

import { normalizeText } from './normalize';

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const TOKEN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[\p{L}\p{M}\p{N}]+(?:['.,][\p{L}\p{M}\p{N}]+)*/gu;

/** Normalised, lower-cased tokens of a text (punctuation and spaces dropped). */
export function words(text: string, lang?: string): string[] {
  return tokenize(normalizeText(text, lang));
}

/** Tokens of text that is already normalised. */
export function tokenize(normalized: string): string[] {
  const out: string[] = [];
  for (const m of normalized.matchAll(TOKEN)) {
    // A Latin run glued to a CJK character ("ABC公司") still splits at the script change.
    const t = m[0];
    if (t.length > 1 && CJK.test(t)) {
      for (const part of t.split(/(?=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])|(?<=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])/u)) out.push(part);
    } else {
      out.push(t);
    }
  }
  return out;
}

export function isCjkToken(token: string): boolean {
  return token.length === 1 && CJK.test(token);
}
