/**
 * Text normalisation: make two copies of the same words compare equal.
 *
 * Republished copy differs from the wire original in typography more than in words: curly
 * versus straight quotes, em dashes versus hyphens, non-breaking spaces, ligatures, full-width
 * forms in CJK pages. NFKC folds compatibility forms (ﬁ → fi, full-width → ASCII); the tables
 * below fold the punctuation that NFKC leaves alone. Case is folded with toLocaleLowerCase
 * only when a language is known, because the Turkish dotless i would otherwise break matches.
 *
 * `foldCodePoint` applies the same tables one code point at a time, for a caller that must
 * know where each folded character came from (the in-page highlights map folded page text
 * back to its text nodes). Per code point, NFKC cannot compose across characters, a case fold
 * that changes the length ("İ" → "i̇") is left out so the map stays one to one, and control
 * characters other than whitespace are dropped.
 */

const QUOTES = /[\u2018\u2019\u201A\u201B\u2032\u0060\u00B4]/g; // ‘ ’ ‚ ‛ ′ ` ´ → '
const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB\u301D\u301E]/g; // “ ” „ ‟ ″ « » → "
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g; // hyphens, en/em dashes, minus → -
const SPACE = /[\s\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]/;
// Runs of spaces, except the single ASCII space, which already is what a run becomes: the same
// result as replacing every run, without replacing each space of a sentence by itself, which
// doubles normalizeTypography's time on news sentences (1.8 against 3.5 µs a sentence, Node).
const SPACES = new RegExp(`${SPACE.source}{2,}|(?! )${SPACE.source}`, 'g');
const INVISIBLE_CHAR = /[\u00AD\u200B-\u200D\u2060\uFEFF]/; // soft hyphen, zero-width characters
const INVISIBLE = new RegExp(INVISIBLE_CHAR.source, 'g');

/** Quotes and dashes only: what NFKC leaves alone. */
function foldPunctuation(text: string): string {
  return text.replace(QUOTES, "'").replace(DOUBLE_QUOTES, '"').replace(DASHES, '-');
}

/** Typography only: quotes, dashes, spaces, compatibility forms. Keeps case. */
export function normalizeTypography(text: string): string {
  return foldPunctuation(text.normalize('NFKC').replace(INVISIBLE, '')).replace(SPACES, ' ').trim();
}

/** Typography plus case: the form every comparison works on. */
export function normalizeText(text: string, lang?: string): string {
  const typographic = normalizeTypography(text);
  if (!lang) return typographic.toLowerCase();
  try {
    return typographic.toLocaleLowerCase(lang);
  } catch {
    // An invalid language tag from a hostile page must not stop the check.
    return typographic.toLowerCase();
  }
}

const foldCache = new Map<string, string>();
const FOLD_CACHE_SIZE = 10_000;

/**
 * One code point → its folded form: '' (invisible or a control character), ' ' (any space),
 * or one or more characters, lowercase.
 */
export function foldCodePoint(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code < 0x80) {
    if (code <= 0x20 || code === 0x7f) return code === 0x20 || (code >= 0x09 && code <= 0x0d) ? ' ' : '';
    if (code === 0x60) return "'";
    return code >= 0x41 && code <= 0x5a ? String.fromCharCode(code + 32) : ch;
  }
  let folded = foldCache.get(ch);
  if (folded === undefined) {
    if (INVISIBLE_CHAR.test(ch)) folded = '';
    else if (SPACE.test(ch)) folded = ' ';
    else {
      const nfkc = foldPunctuation(ch.normalize('NFKC'));
      const lower = nfkc.toLowerCase();
      folded = lower.length === nfkc.length ? lower : nfkc;
      if (SPACE.test(folded)) folded = ' ';
    }
    if (foldCache.size < FOLD_CACHE_SIZE) foldCache.set(ch, folded);
  }
  return folded;
}
