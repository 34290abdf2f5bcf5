/**
 * A rewrite of a news story as a copy desk elsewhere might publish it: every sentence said
 * another way, its names and numbers kept. The e2e tests serve it from the fixture server to
 * see the followed original recognised behind it.
 *
 * Sentence by sentence: an attribution moves to the front of its quote ("“…,” said A, B." →
 * "A, B, put it this way: “….”"); an opening phrase moves to the end of its sentence ("On
 * Monday, the board approved …" → "The board approved … on Monday"); a tail attribution is
 * reworded ("officials said" → "according to officials"); and common verbs, adjectives and
 * nouns of news prose give way to synonyms. The dateline and "(AP)" go, as a paper that
 * rewrites wire copy drops them. What it keeps is what the checker's rewrite sketch reads
 * (names, numbers and topic words), so the copy reads as reworded, not as copied.
 *
 * Measured with `wirecheck check` on the stand-in's stories (seeds 1–3, 12 stories each,
 * the stand-in's own stories as the corpus): every rewrite is found, its source the story it
 * came from, with the verdict "rewritten" or "edited".
 */

const SYNONYMS: Record<string, string> = {
  approved: 'signed off on',
  blocked: 'stopped',
  rejected: 'turned down',
  criticized: 'faulted',
  audited: 'reviewed the books of',
  delayed: 'put off',
  funded: 'paid for',
  questioned: 'raised doubts about',
  defended: 'stood by',
  studied: 'looked into',
  challenged: 'disputed',
  endorsed: 'backed',
  mapped: 'charted',
  inspected: 'examined',
  scrapped: 'abandoned',
  revived: 'brought back',
  subpoenaed: 'demanded records on',
  overhauled: 'revamped',
  appraised: 'valued',
  denounced: 'condemned',
  praised: 'applauded',
  toured: 'visited',
  'sued over': 'went to court over',
  'bid on': 'made an offer for',
  'lobbied for': 'pushed for',
  fought: 'battled',
  paused: 'halted',
  expanded: 'enlarged',
  downsized: 'shrank',
  renamed: 'gave a new name to',
  insured: 'took out coverage on',
  leased: 'rented',
  surveyed: 'assessed',
  priced: 'put a price on',
  monitored: 'kept watch on',
  publicized: 'drew attention to',
  resisted: 'pushed back against',
  welcomed: 'embraced',
  doubted: 'cast doubt on',
  rebranded: 'renamed',
  financed: 'bankrolled',
  licensed: 'granted a license to',
  vetoed: 'struck down',
  ratified: 'formally adopted',
  contested: 'fought',
  documented: 'recorded',
  investigated: 'probed',
  photographed: 'took pictures of',
  tallied: 'counted',
  reworked: 'revised',
  'long-delayed': 'much-delayed',
  unfinished: 'incomplete',
  aging: 'old',
  shuttered: 'closed',
  proposed: 'planned',
  overcrowded: 'packed',
  'half-built': 'partly built',
  crumbling: 'decaying',
  temporary: 'stopgap',
  underused: 'little-used',
  abandoned: 'deserted',
  makeshift: 'improvised',
  leaky: 'leaking',
  volunteers: 'unpaid helpers',
  parents: 'mothers and fathers',
  insurers: 'insurance companies',
  auditors: 'accountants',
  developers: 'builders',
  deadline: 'cutoff',
  complaints: 'grievances',
  'public notice': 'any announcement',
  'little debate': 'scant discussion',
  'a tight budget': 'scarce money',
  'a small crowd of protesters': 'a handful of demonstrators',
  'by a wide margin': 'overwhelmingly',
  'objections of neighbors': 'protests of nearby residents',
  'questions about its cost': 'doubts over the price',
  'promised a report': 'pledged to report back',
};

/** A tail attribution said another way (the sentence's end, after a comma). */
const TAILS: [RegExp, string][] = [
  [/, officials said\.$/, ', according to officials.'],
  [/, records show\.$/, ', according to records.'],
  [/, the newspaper reported\.$/, ', according to the newspaper.'],
  [/, according to minutes of the meeting\.$/, ', the meeting’s minutes show.'],
  [/, two people familiar with the talks said\.$/, ', according to two people close to the talks.'],
  [/, a move critics called premature\.$/, ', which critics said came too soon.'],
];

const SYNONYM_PATTERN = new RegExp(
  `\\b(${Object.keys(SYNONYMS)
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|')})\\b`,
  'g',
);

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
/** Lower-cases a sentence's first word unless it is a name (a capital inside the word or a known opener word). */
const uncapitalise = (s: string) => (/^(The|A|An|On|In|By|For|Since|Last|Two|Before|Until|Within|At|Over|Meanwhile|Separately|Earlier|According|As|Late)\b/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s);

/** One sentence said another way. */
export function rewriteSentence(sentence: string): string {
  const s = sentence.trim();
  // A quote with its attribution after it.
  const quote = /^“(.+),” said ([^,]+), (.+)\.$/.exec(s);
  if (quote) return `${quote[2]}, ${quote[3]}, put it this way: “${quote[1]}.”`;
  let out = s;
  // An opening phrase ("On Monday,", "In a statement,") goes to the end (after a comma when it attributes).
  const opener = /^([A-Z][^,“”]{2,60}), (.+)\.$/.exec(out);
  if (opener && !/ said$/.test(opener[1]!)) {
    const rest = opener[2]!;
    const moved = `${/^According\b/.test(opener[1]!) ? ',' : ''} ${uncapitalise(opener[1]!)}`;
    const tail = /^(.*?)(, [^,]+)$/.exec(rest);
    out = tail && TAILS.some(([re]) => re.test(`${tail[2]}.`)) ? `${capitalise(tail[1]!)}${moved}${tail[2]}.` : `${capitalise(rest)}${moved}.`;
  }
  for (const [re, to] of TAILS) out = out.replace(re, to);
  out = out.replace(SYNONYM_PATTERN, (w) => SYNONYMS[w] ?? w);
  return capitalise(out);
}

/** Sentences of a paragraph: ends at ".", "?" or "!" (and a closing quote), before a space and a capital or an opening quote. */
function sentencesOf(paragraph: string): string[] {
  return paragraph.split(/(?<=[.?!]”?)\s+(?=[A-Z“])/).filter(Boolean);
}

/** The story rewritten: every sentence of every paragraph, the dateline dropped. */
export function rewriteStory(paragraphs: readonly string[]): string[] {
  return paragraphs.map((p) =>
    sentencesOf(p.replace(/^[A-Z][A-Z .,'’a-z]*\(AP\) — /, ''))
      .map(rewriteSentence)
      .join(' '),
  );
}

/** A headline said another way: its words kept, its verb and order changed where it can. */
export function rewriteHeadline(headline: string): string {
  return capitalise(headline.replace(SYNONYM_PATTERN, (w) => SYNONYMS[w] ?? w)) + ', officials say';
}
