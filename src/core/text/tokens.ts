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

import { foldCodePoint, normalizeText } from './normalize';

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const TOKEN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[\p{L}\p{M}\p{N}]+(?:['.,][\p{L}\p{M}\p{N}]+)*/gu;

/** Normalised, lower-cased tokens of a text (punctuation and spaces dropped). */
export function words(text: string, lang?: string): string[] {
  return tokenize(normalizeText(text, lang));
}

/** Tokens of text that is already normalised. */
export function tokenize(normalized: string): string[] {
  if (ASCII_ONLY.test(normalized)) return tokenizeAscii(normalized);
  // String.match with a global regex returns the strings alone, without building a match
  // object per token as matchAll does.
  const found = normalized.match(TOKEN);
  if (!found) return [];
  let out: string[] | undefined;
  for (let i = 0; i < found.length; i++) {
    const t = found[i]!;
    // A Latin run glued to a CJK character ("ABC公司") still splits at the script change.
    if (t.length > 1 && mayHoldCjk(t) && CJK.test(t)) {
      out ??= found.slice(0, i);
      for (const part of t.split(/(?=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])|(?<=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])/u)) out.push(part);
    } else {
      out?.push(t);
    }
  }
  return out ?? found;
}

// eslint-disable-next-line no-control-regex -- the whole ASCII range, NUL included
const ASCII_ONLY = /^[\x00-\x7f]*$/;

/** [\p{L}\p{M}\p{N}] restricted to ASCII. */
function isAlnum(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
}

/**
 * The TOKEN regex by hand for ASCII text, most of an English corpus: a char-code loop is about
 * four times faster than the Unicode-property regex, and unit tests check it against the regex.
 */
function tokenizeAscii(text: string): string[] {
  const out: string[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!isAlnum(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    for (;;) {
      while (i < n && isAlnum(text.charCodeAt(i))) i++;
      const c = text.charCodeAt(i);
      // ' . , join two runs only when an alphanumeric follows.
      if ((c === 39 || c === 46 || c === 44) && i + 1 < n && isAlnum(text.charCodeAt(i + 1))) i++;
      else break;
    }
    out.push(text.slice(start, i));
  }
  return out;
}

/** Exported for the tests that hold tokenizeAscii to the regex. */
export function tokenizeWithRegex(normalized: string): string[] {
  return [...normalized.matchAll(TOKEN)].map((m) => m[0]);
}

/** Han, kana and everything CJK starts at U+2E80: a char-code scan spares most tokens the regex. */
function mayHoldCjk(t: string): boolean {
  for (let i = 0; i < t.length; i++) if (t.charCodeAt(i) >= 0x2e80) return true;
  return false;
}

export function isCjkToken(token: string): boolean {
  return token.length === 1 && CJK.test(token);
}

/** Where one matching token sits in the text it came from: `text.slice(start, end)` as written. */
export interface WrittenSpan {
  start: number;
  end: number;
}

const INITIALISM = /^(?:\p{L}\.)+\p{L}$/u;

/**
 * The tokens of `words(text, lang)`, each with where it sits in `text` as the writer wrote it
 * (case, curly quotes, full-width forms), so that a change found on normalised tokens can be
 * shown in the page's own spelling: "U.S." where matching compares "u.s". An initialism's
 * closing period belongs to the written form ("U.S."), though the token stops before it.
 *
 * The text is folded one code point at a time (foldCodePoint), which keeps a map back to the
 * original, and tokenised with the same rules. Where the fold differs from the whole-text
 * normalisation (NFKC composing across code points, locale case rules), a token gets no span
 * (null) and is shown in its normalised form. The tokens returned are always exactly
 * `words(text, lang)` (a caller that has them already passes them in), so matching never
 * depends on this.
 */
export function writtenTokens(text: string, lang?: string, tokens: string[] = words(text, lang)): { tokens: string[]; spans: (WrittenSpan | null)[] } {
  const parts: string[] = [];
  const from: number[] = [];
  const to: number[] = [];
  for (let i = 0; i < text.length; ) {
    const code = text.charCodeAt(i);
    // A surrogate pair is one code point; a lone surrogate is folded on its own.
    const width = code >= 0xd800 && code <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
    const f = foldCodePoint(width === 1 ? text[i]! : text.slice(i, i + 2));
    parts.push(f);
    for (let k = 0; k < f.length; k++) {
      from.push(i);
      to.push(i + width);
    }
    i += width;
  }
  const folded = parts.join('');
  const found = tokenize(folded);
  const spans: (WrittenSpan | null)[] = new Array<WrittenSpan | null>(tokens.length).fill(null);
  if (found.length !== tokens.length) return { tokens, spans };
  let cursor = 0;
  for (let t = 0; t < found.length; t++) {
    const token = found[t]!;
    const at = folded.indexOf(token, cursor);
    if (at < 0) break;
    cursor = at + token.length;
    if (token !== tokens[t] && token.normalize('NFKC') !== tokens[t]) continue;
    let end = to[cursor - 1]!;
    if (text[end] === '.' && INITIALISM.test(token)) end++;
    spans[t] = { start: from[at]!, end };
  }
  return { tokens, spans };
}
