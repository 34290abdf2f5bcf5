/**
 * Publisher boilerplate: lines that are neither the story nor evidence about it.
 *
 * Republished pages wrap wire copy in furniture: copyright and credit lines, "Related:"
 * promos, newsletter and comment prompts, photo credits. Left in, they dilute coverage (a
 * verbatim copy with a long comment form looks "partial") or, when the corpus shares them,
 * pose as evidence of copying. Churnalism and SuperFastMatch dropped such text by frequency;
 * the LSH index skips buckets shared by many articles (index/corpus-index.ts), and these
 * patterns catch the furniture of a single page that no corpus frequency can see, and the
 * lines every AP story carries (bylines, "MOSCOW (AP) —" datelines, "Follow AP's coverage")
 * so that sharing them is never evidence. Measured on the seed story: the spun copy's comment
 * form and the LA Times copy's "Feb. 21, 2023" promo dates are the lines they remove.
 */

const PATTERNS: readonly RegExp[] = [
  /\ball rights reserved\b/i,
  /^(?:copyright|©)\s/i,
  // Promos stand alone or end in a colon: "Related: …", "Read more", "Advertisement".
  /^(?:related(?: stories| story| coverage| articles?| content)?|read more|more from [\p{L} ]{1,30}|recommended|see also|watch|listen|advertisement)\s*(?::|$)/iu,
  /\b(?:sign up for|subscribe to) (?:our|the)\b.*\b(?:newsletter|updates|alerts)\b/i,
  /\bleave a comment\b|\byour email address will not be published\b|\brequired fields are marked\b/i,
  /\bfollow (?:us|the ap['’]?s coverage)\b/i,
  /\((?:ap|afp|reuters|getty)(?: photo)?\s*\/[^)]*\)/i,
  /^(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.? \d{1,2}, \d{4}\.?$/i,
  /^(?:the )?associated press\.?$/i,
  // Bylines: "By JIM HEINTZ and DASHA LITVINOVA Associated Press", "By Jane Doe, AP".
  /^by [\p{L} .,'’-]{2,80}(?:,\s*|\s+)(?:the )?(?:associated press|ap)(?: writers?)?\.?$/iu,
];

/** "MOSCOW (AP) — " and "WASHINGTON, D.C. (AP) - ": every AP story opens with one. */
const DATELINE = /^[\p{Lu}][\p{Lu}\p{M} .,'’-]{1,60}\((?:AP|Reuters|AFP)\)\s*[-—–]\s*/u;

export function isBoilerplate(sentence: string): boolean {
  const s = sentence.trim();
  return PATTERNS.some((p) => p.test(s));
}

/** The sentence without an opening dateline, which thousands of stories share. */
export function withoutDateline(sentence: string): string {
  return sentence.replace(DATELINE, '');
}
