/**
 * Text normalisation: make two copies of the same words compare equal.
 *
 * Republished copy differs from the wire original in typography more than in words: curly
 * versus straight quotes, em dashes versus hyphens, non-breaking spaces, ligatures, full-width
 * forms in CJK pages. NFKC folds compatibility forms (ﬁ → fi, full-width → ASCII); the tables
 * below fold the punctuation that NFKC leaves alone. Case is folded with toLocaleLowerCase
 * only when a language is known, because the Turkish dotless i would otherwise break matches.
 */

const QUOTES = /[\u2018\u2019\u201A\u201B\u2032\u0060\u00B4]/g; // ‘ ’ ‚ ‛ ′ ` ´ → '
const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB\u301D\u301E]/g; // “ ” „ ‟ ″ « » → "
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g; // hyphens, en/em dashes, minus → -
const SPACES = /[\s\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]+/g;
const INVISIBLE = /[\u00AD\u200B-\u200D\u2060\uFEFF]/g; // soft hyphen, zero-width characters

/** Typography only: quotes, dashes, spaces, compatibility forms. Keeps case. */
export function normalizeTypography(text: string): string {
  return text
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(QUOTES, "'")
    .replace(DOUBLE_QUOTES, '"')
    .replace(DASHES, '-')
    .replace(SPACES, ' ')
    .trim();
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
