/**
 * Does a page name AP as the source of its story? A credited copy is syndication, which the
 * per-site record shows apart from copy that hides where it came from.
 *
 * A credit is a line the publisher writes about the story as a whole, in a few set forms:
 * - byline: Readability's byline naming AP ("By Jane Doe, Associated Press", "Jane Doe | AP"),
 *   or a line of the text doing so in the story's first or last lines ("By JANE DOE Associated
 *   Press", a bare "The Associated Press" under the story as apnews.com prints it);
 * - dateline: "WASHINGTON (AP) —", "KYIV, Ukraine (AP) --" opening one of the first lines;
 * - contributed: "The Associated Press contributed to this report", "Associated Press writers
 *   … contributed", "Information from The Associated Press was used", "With files from The
 *   Associated Press", "Contributing: The Associated Press";
 * - source-line: "Source: AP" (AP a whole item of the list: "Source: Reuters, AP"), "© 2026
 *   The Associated Press", a closing "— AP".
 * The strongest signal found is reported, in that order.
 *
 * Why only set forms: AP is named in many stories that are not AP's. A reporter's source
 * ("told The Associated Press", "records obtained by The Associated Press", "an AP
 * investigation found") attributes one fact or quote, not the story: AP's own copy is full
 * of these, so every rewrite of an AP interview carries one, and counting them as credit
 * would file the disguise this record is about as syndication. "AP" as another word (AP
 * Stylebook, AP exams, the AP Top 25, "AP Photo" captions, "(John Minchillo / AP)") credits a
 * picture or names something else. A story about AP names it anywhere; its title naming AP
 * makes a bare "The Associated Press" line (a heading or a logo's caption there) count for
 * nothing. Credit lines sit at the story's edges, so lines are read from the first
 * HEAD_LINES and the last TAIL_LINES only, and must be short (a credit is a line, not a
 * sentence in a paragraph of reporting).
 *
 * Measured (bench/credit.ts; labels in test/fixtures/credit-labels.json, made by reading the
 * pages): on the 30 fixture pages (one credited, by its dateline) and the 5 seed texts (two
 * credited: AP's own page by its closing byline, the spun copy by its contribution line),
 * precision and recall are 100%, every signal as labelled. The naive reading this replaces
 * (any "(AP)" or "Associated Press") has precision 60% there: it credits the light rewrite
 * for its "told The Associated Press" and a fixture page for its "(AP)" photo captions. Three
 * positives are few, so the forms above are each pinned by constructed cases too
 * (test/unit/sites-credit.test.ts).
 */

import type { Credit, CreditSignal } from './types';

/** Lines read from the start of the text for bylines and datelines. */
const HEAD_LINES = 8;
/** Lines read from the end of the text for bylines, contribution and source lines. */
const TAIL_LINES = 10;
/** Longest line read as a byline or a source line; a contribution line may be longer. */
const MAX_SHORT_LINE = 160;
const MAX_CREDIT_LINE = 400;

// "The Associated Press", "Associated Press", never followed by what makes it something else.
const NOT_THE_STORY = String.raw`(?!\s*(?:Photo|photographer|Stylebook|style|Top\s+25|poll|Images|Video|[-–]\s*NORC))`;
const AP_NAME = String.raw`(?:[Tt]he\s+)?Associated\s+Press${NOT_THE_STORY}`;
// The name, or "AP" as a word of its own (not AP's, AP-style, AP Photo, AP exams, AP Biology).
const AP_ORG = String.raw`(?:${AP_NAME}|\bAP\b(?![-’'.]\w)${NOT_THE_STORY}(?!\s+(?:exams?|Calculus|Biology|Chemistry|Physics|History|English|classes|courses|credits?|tests?|scores?)\b))`;
const AP_ORG_ONLY = new RegExp(String.raw`^${AP_ORG}\.?$`);

const BYLINE_FIELD = new RegExp(String.raw`\b${AP_NAME}|(?:^|[\s,|/–—-])AP\s*\.?$`);
// Lines spell the name in every case ("THE ASSOCIATED PRESS"); the patterns read it one way.
const ANY_CASE_NAME = /\b(the\s+)?associated\s+press\b/gi;

function normalise(line: string): string {
  return line.replace(/\s+/g, ' ').trim().replace(ANY_CASE_NAME, (_, the: string | undefined) => `${the ? 'The ' : ''}Associated Press`);
}

// A person's name, or several: capitalised words, initials, "and", commas.
const NAMES = String.raw`[\p{Lu}][\p{L}\p{M}'’.-]*(?:(?:\s+|,\s*|\s+and\s+)[\p{Lu}][\p{L}\p{M}'’.-]*){0,11}`;
const AP_STAFF = String.raw`(?:\s+(?:Writers?|Reporters?|Correspondents?|Staff(?:\s+Writer)?))?`;
// "By Jane Doe, AP", "By JANE DOE Associated Press Writer", "Jane Doe, The Associated Press"
// (without "By" only with the full name and a comma or bar: "Evan Vucci / AP" credits a photo).
const BYLINE_LINE = new RegExp(
  String.raw`^(?:By\s+${NAMES}\s*(?:,|\||/|–|—|-|\bof\b)?\s*(?:${AP_NAME}|AP)${AP_STAFF}|${NAMES}\s*(?:,|\|)\s*${AP_NAME}${AP_STAFF}|(?:By\s+)?${AP_NAME}|By\s+AP)\s*\.?$`,
  'u',
);
// The bare name on a line of its own: AP's own page, or a heading in a story about AP.
const BARE_NAME_LINE = new RegExp(String.raw`^(?:By\s+)?${AP_NAME}\s*\.?$`);

// "WASHINGTON (AP) —", "KYIV, Ukraine (AP) --", "(AP) —": a place, maybe a region, the dash.
const DATELINE = new RegExp(
  String.raw`^(?:[\p{Lu}][\p{L}\p{M} .'’-]{0,40}?(?:,\s*[\p{L}\p{M} .'’-]{2,40}?)?\s*)?\((?:AP|${AP_NAME})\)\s*(?:—|–|--|-|:)`,
  'u',
);

const CONTRIBUTED = [
  // "The Associated Press contributed to this report", "Associated Press writers … contributed".
  new RegExp(String.raw`\b${AP_NAME}(?:\s+(?:writers?|reporters?|correspondents?|staff|journalists?|photographer|videographer))?\b[^"“”]{0,240}?\bcontribut`, 'i'),
  new RegExp(String.raw`\bAP\s+(?:writers?|reporters?|correspondents?|staff|journalists?)\b[^"“”]{0,240}?\bcontribut`),
  // "Information from The Associated Press was used", "With files from …", "… provided through X of …".
  new RegExp(String.raw`\b(?:information|material|reporting|files|content|details|wire\s+reports?|reports?)\b[^"“”.!?]{0,100}?\b(?:from|by|through|of|via)\s+${AP_ORG}`, 'i'),
  // "Contributing: The Associated Press", "Contributors: Jane Doe, The Associated Press".
  new RegExp(String.raw`^(?:Contributing|Contributors?|Contributed\s+by)\s*[:：]?[^"“”]{0,160}?${AP_ORG}`, 'i'),
];
// A reporter's source, not the story's: told, obtained, reviewed or found by AP, an AP poll.
const REPORTING_ON = /\b(?:told|obtained|reviewed|found|analy[sz]\w*|investigation|survey|poll|tally|count|according|interview\w*|said|says)\b/i;

const SOURCE_LABEL = /^(?:Sources?|Credits?|Via|Text|Story|Quelle|Fuente|Fonte)\s*[:：]\s*/i;
const COPYRIGHT_LINE = new RegExp(String.raw`(?:©|\(c\)|Copyright)(?:\s*©)?\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*,?\s*)?${AP_NAME}`, 'i');
// A story that closes on its source: "… the ministry said. — AP", a last line "(AP)" or "AP".
const CLOSING_SOURCE = /(?:^|\s)(?:—|–|--)\s*\(?AP\)?\s*\.?$|^\(?AP\)?\.?$/;

/** "Source: Reuters, AP": AP a whole item of the list after the label. */
function isSourceLine(line: string): boolean {
  const label = SOURCE_LABEL.exec(line);
  if (!label) return false;
  return line
    .slice(label[0].length)
    .split(/\s*(?:[,;/&+]|\band\b)\s*/)
    .some((item) => AP_ORG_ONLY.test(item.trim()));
}

function bylineNamesAp(byline: string): boolean {
  return byline.length <= MAX_SHORT_LINE && !/\bAP\s+Photo/i.test(byline) && BYLINE_FIELD.test(byline);
}

/** The credit the page gives AP (see the note above). */
export function detectCredit(page: { text: string; byline?: string | null; title?: string }): Credit {
  const lines = page.text
    .split(/\n+/)
    .map(normalise)
    .filter((l) => l.length > 0);
  const head = lines.slice(0, HEAD_LINES);
  const tail = lines.slice(Math.max(HEAD_LINES, lines.length - TAIL_LINES));
  const edges = [...head, ...tail];
  const aboutAp = page.title !== undefined && new RegExp(AP_ORG).test(normalise(page.title));
  const found = (signal: CreditSignal): Credit => ({ credited: true, signal });

  const byline = normalise(page.byline ?? '');
  if (byline && bylineNamesAp(byline)) return found('byline');
  if (edges.some((line) => line.length <= MAX_SHORT_LINE && BYLINE_LINE.test(line) && !(aboutAp && BARE_NAME_LINE.test(line)))) return found('byline');
  if (head.some((line) => DATELINE.test(line))) return found('dateline');
  if (edges.some((line) => line.length <= MAX_CREDIT_LINE && CONTRIBUTED.some((re) => re.test(line)) && !REPORTING_ON.test(line))) return found('contributed');
  if (edges.some((line) => (line.length <= MAX_SHORT_LINE && isSourceLine(line)) || (line.length <= MAX_CREDIT_LINE && COPYRIGHT_LINE.test(line)))) return found('source-line');
  const last = lines[lines.length - 1];
  if (last && last.length <= MAX_CREDIT_LINE && CLOSING_SOURCE.test(last)) return found('source-line');
  return { credited: false };
}
