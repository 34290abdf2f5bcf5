/**
 * From an original to the pages made of it: the benchmark's labelled copies.
 *
 * Each function takes the original and its own seeded stream and returns the page text; none
 * reads another page's stream, so every page is reproducible alone. What each level does:
 *
 * - verbatim: the original as a newspaper site republishes it: a photo caption after the lead,
 *   one or two "Related:" promos (headlines of other corpus stories), a newsletter sign-up line
 *   and the AP copyright line; half the time the last paragraph is cut for space.
 * - edited: synonyms for ~10% of content words (quotes left alone), 2–3 sentences
 *   lose their trailing clause, typography changed (curly ↔ straight quotes, em dash → "--"),
 *   one sentence dropped.
 * - rewritten at strength s: the spinner replaces s of eligible words everywhere (quotes too),
 *   half the sentences that allow it are rephrased (attribution turned round, a closing time
 *   phrase fronted), 1–2 paragraph pairs swap places, 1–2 long sentences are split, 1–2 pairs merged, and about
 *   one sentence in ten is dropped. The structural edits are the same at every strength, so the
 *   strength is what orders the rewrites.
 * - condensed: the lead plus ~60% of the other sentences, clauses shortened (parenthetical
 *   ", which ...," / ", who ...," removed, long sentences cut at their last comma), half of
 *   them rephrased, spun at 40%.
 * - partial: another story (not in the index) with a block of 3–6 consecutive source sentences,
 *   at least three of them narrative (not quotes), lightly edited, inserted after its 1st–4th
 *   paragraph.
 */

import { sentences as segmentSentences } from '../../src/core/text/segment';
import type { Article } from '../../src/core/types';
import type { Rng } from './prng';
import { spin } from './spinner';
import type { Thesaurus } from './wordnet';

/** Paragraphs of sentences. */
export type Doc = string[][];

export function toDoc(text: string): Doc {
  return text
    .split(/\n\s*\n|\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => segmentSentences(p))
    .filter((p) => p.length > 0);
}

export function fromDoc(doc: Doc): string {
  return doc
    .filter((p) => p.length > 0)
    .map((p) => p.join(' '))
    .join('\n\n');
}

function countWords(s: string): number {
  return s.split(/\s+/).filter((w) => /\p{L}|\p{N}/u.test(w)).length;
}

/** Share of a sentence's words inside double quotes (curly or straight). */
export function quotedShare(s: string): number {
  const parts = s.replace(/[“”]/g, '"').split('"');
  let inside = 0;
  for (let i = 1; i < parts.length; i += 2) inside += countWords(parts[i]!);
  const total = countWords(s);
  return total ? inside / total : 0;
}

export function isNarrative(s: string): boolean {
  return countWords(s) >= 5 && quotedShare(s) < 0.5;
}

/** Positions of sentences as [paragraph, sentence], in reading order. */
function positions(doc: Doc): [number, number][] {
  const out: [number, number][] = [];
  doc.forEach((p, i) => p.forEach((_, j) => out.push([i, j])));
  return out;
}

function dropSentences(doc: Doc, rng: Rng, count: number): Doc {
  const pos = positions(doc).slice(1); // never the lead
  const drop = new Set(rng.sample(pos.length, Math.min(count, Math.max(0, pos.length - 3))).map((i) => pos[i]!.join(':')));
  return doc.map((p, i) => p.filter((_, j) => !drop.has(`${i}:${j}`))).filter((p) => p.length > 0);
}

/** Cut a long sentence at its last comma outside quotes: "X, which Y." → "X." */
export function trimClause(s: string): string {
  if (countWords(s) < 14 || /["“”]/.test(s)) return s;
  const cut = s.lastIndexOf(', ');
  if (cut < 0) return s;
  const head = s.slice(0, cut);
  if (countWords(head) < 8) return s;
  return `${head}.`;
}

/** Remove a parenthetical relative clause: "X, which Y, Z." → "X Z." */
function dropParenthetical(s: string): string {
  const m = /, (?:which|who|whose|where|when|including|according to) [^,“”"]+,/.exec(s);
  if (!m || countWords(s) - countWords(m[0]) < 8) return s;
  return s.slice(0, m.index) + s.slice(m.index + m[0].length - 1).replace(/^,/, '');
}

function mapSentences(doc: Doc, rng: Rng, count: number, f: (s: string) => string, eligible: (s: string) => boolean = () => true): Doc {
  const pos = positions(doc).filter(([i, j]) => eligible(doc[i]![j]!));
  const chosen = new Set(rng.sample(pos.length, count).map((k) => pos[k]!.join(':')));
  return doc.map((p, i) => p.map((s, j) => (chosen.has(`${i}:${j}`) ? f(s) : s)));
}

/** Curly quotes become straight ones, em dashes double hyphens (or the reverse). */
export function retype(text: string, rng: Rng): string {
  if (/[“”’]/.test(text) || rng.chance(0.5)) {
    return text.replace(/[“”]/g, '"').replace(/’/g, "'").replace(/ — /g, ' -- ');
  }
  return text
    .replace(/"([^"\n]*)"/g, '“$1”')
    .replace(/'/g, '’')
    .replace(/ -- /g, ' — ');
}

const SPLIT_AT = /, (and|but|while|as|after|because) /;
const LOWERABLE = /^(The|A|An|He|She|It|They|This|That|These|Those|But|And|In|On|At|Its|Their|His|Her|There|We|Some|Many|Most|Other|Officials)\b/;

function splitSentence(s: string): string[] {
  const m = SPLIT_AT.exec(s);
  if (!m || /["“”]/.test(s)) return [s];
  const head = s.slice(0, m.index);
  const tail = s.slice(m.index + 2);
  if (countWords(head) < 5 || countWords(tail) < 5) return [s];
  const word = m[1]!;
  const rest = tail.slice(word.length + 1);
  const second = word === 'and' || word === 'but' ? `${word.charAt(0).toUpperCase()}${word.slice(1)} ${rest}` : `${rest.charAt(0).toUpperCase()}${rest.slice(1)}`;
  return [`${head}.`, second];
}

function mergeSentences(a: string, b: string): string {
  const first = a.replace(/[.]$/, '');
  const second = LOWERABLE.test(b) && !/^I\b/.test(b) ? b.charAt(0).toLowerCase() + b.slice(1) : b;
  return `${first}, and ${second}`;
}

const NAME = String.raw`\p{Lu}[\p{L}'’.-]*(?: \p{Lu}[\p{L}'’.-]*){0,2}`;
const SAID_NAME = new RegExp(`, said (${NAME})([.,])`, 'u');
const NAME_SAID = new RegExp(`, (${NAME}) said([.,])`, 'u');
const TRAILING_TIME = /^(.{20,}?),? ((?:on|late|early) (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|this (?:week|month|year)|last (?:week|month|year)|in recent (?:days|weeks|months)|on \w+ \d{1,2})\.$/u;

/**
 * Rewording inside a sentence, as people paraphrase: "..., said Lavrov." ↔ "..., Lavrov said.",
 * and a closing time phrase moved to the front ("... this week." → "This week, ...").
 */
export function rephrase(s: string): string {
  const said = SAID_NAME.exec(s);
  if (said) return s.replace(SAID_NAME, `, ${said[1]} said${said[2]}`);
  const nameSaid = NAME_SAID.exec(s);
  if (nameSaid && !/^(?:He|She|It|They|We|I)$/.test(nameSaid[1]!)) return s.replace(NAME_SAID, `, said ${nameSaid[1]}${nameSaid[2]}`);
  const time = TRAILING_TIME.exec(s);
  if (time && !/["“”]/.test(s)) {
    const head = time[1]!;
    const lowered = LOWERABLE.test(head) ? head.charAt(0).toLowerCase() + head.slice(1) : head;
    return `${time[2]!.charAt(0).toUpperCase()}${time[2]!.slice(1)}, ${lowered}.`;
  }
  return s;
}

function restructure(doc: Doc, rng: Rng): Doc {
  let d = doc.map((p) => p.map((s) => (rng.chance(0.5) ? rephrase(s) : s)));
  // Paragraph swaps (never the dateline paragraph).
  for (let k = rng.int(1, 2); k > 0 && d.length > 3; k--) {
    const i = rng.int(1, d.length - 2);
    [d[i], d[i + 1]] = [d[i + 1]!, d[i]!];
  }
  // Splits.
  const splittable = positions(d).filter(([i, j]) => splitSentence(d[i]![j]!).length === 2);
  const splits = new Set(rng.sample(splittable.length, rng.int(1, 2)).map((k) => splittable[k]!.join(':')));
  d = d.map((p, i) => p.flatMap((s, j) => (splits.has(`${i}:${j}`) ? splitSentence(s) : [s])));
  // Merges of two short neighbours in one paragraph, or of a one-sentence paragraph into the next.
  for (let k = rng.int(1, 2); k > 0; k--) {
    const i = rng.int(1, Math.max(1, d.length - 2));
    const p = d[i];
    const q = d[i + 1];
    if (!p || !q) continue;
    const a = p[p.length - 1]!;
    const b = q[0]!;
    if (/["“”]/.test(a + b) || countWords(a) + countWords(b) > 45) continue;
    p[p.length - 1] = mergeSentences(a, b);
    q.shift();
    if (q.length === 0) d.splice(i + 1, 1);
  }
  const total = positions(d).length;
  return dropSentences(d, rng, Math.max(1, Math.round(total * 0.1)));
}

export interface DeriveContext {
  /** Synonyms an editor would pick (first sense): light edits. */
  editor: Thesaurus;
  /** Synonyms a spinner picks (any sense): rewrites. */
  spinner: Thesaurus;
  /** Headlines of other stories, for "Related:" promos. */
  relatedTitles: readonly string[];
  /** A year for the copyright line. */
  year: number;
}

export interface Derived {
  title: string;
  text: string;
  /** Share of eligible words the spinner changed (0 when not spun). */
  spun: number;
}

const PHOTOGRAPHERS = ['Evan Vucci', 'Jae C. Hong', 'Dar Yasin', 'Emilio Morenatti', 'Felipe Dana', 'Hussein Malla', 'Lefteris Pitarakis', 'Rebecca Blackwell'];
const MONTHS = ['Jan.', 'Feb.', 'March', 'April', 'May', 'June', 'July', 'Aug.', 'Sept.', 'Oct.', 'Nov.', 'Dec.'];
const NEWSLETTER = [
  'Sign up for our newsletter to get the day’s top stories in your inbox every morning.',
  'Sign up for our Essential California newsletter for news, features and recommendations.',
  'Get our breaking news alerts: sign up for the newsletter here.',
];

export function verbatim(article: Article, rng: Rng, ctx: DeriveContext): Derived {
  let doc = toDoc(article.text);
  if (doc.length > 6 && rng.chance(0.5)) doc = doc.slice(0, -1);
  const names = article.text.match(/\b\p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+\b/u);
  const caption = `FILE - ${names ? names[0] : 'A view of the scene'} is seen in this photo taken ${rng.pick(MONTHS)} ${rng.int(1, 28)}, ${ctx.year - 1}. (AP Photo/${rng.pick(PHOTOGRAPHERS)}, File)`;
  const out: Doc = [doc[0] ?? [], [caption], ...doc.slice(1)];
  const promos = Math.min(rng.int(1, 2), ctx.relatedTitles.length);
  for (let k = 0; k < promos; k++) {
    const at = rng.int(3, Math.max(3, out.length - 1));
    out.splice(at, 0, [`Related: ${rng.pick(ctx.relatedTitles)}`]);
  }
  out.splice(Math.max(2, out.length - rng.int(0, 2)), 0, [rng.pick(NEWSLETTER)]);
  out.push([`Copyright ${ctx.year} The Associated Press. All rights reserved.`]);
  return { title: article.title, text: fromDoc(out), spun: 0 };
}

export function edited(article: Article, rng: Rng, ctx: DeriveContext): Derived {
  let doc = toDoc(article.text);
  doc = mapSentences(doc, rng, rng.int(2, 3), trimClause, (s) => trimClause(s) !== s);
  doc = dropSentences(doc, rng, 1);
  const s = spin(fromDoc(doc), ctx.editor, rng, { strength: 0.1, keepQuotes: true, basis: 'content' });
  return { title: article.title, text: retype(s.text, rng), spun: s.eligible ? s.changed / s.eligible : 0 };
}

export function rewritten(article: Article, rng: Rng, ctx: DeriveContext, strength: number): Derived {
  const doc = restructure(toDoc(article.text), rng);
  const s = spin(fromDoc(doc), ctx.spinner, rng, { strength });
  const title = spin(article.title, ctx.spinner, rng, { strength }).text;
  return { title, text: s.text, spun: s.eligible ? s.changed / s.eligible : 0 };
}

export function condensed(article: Article, rng: Rng, ctx: DeriveContext): Derived {
  const doc = toDoc(article.text);
  const pos = positions(doc);
  const keep = new Set(['0:0', ...rng.sample(pos.length - 1, Math.round((pos.length - 1) * 0.6)).map((k) => pos[k + 1]!.join(':'))]);
  let d: Doc = doc.map((p, i) => p.filter((_, j) => keep.has(`${i}:${j}`))).filter((p) => p.length > 0);
  d = d.map((p) => p.map((s) => (rng.chance(0.5) ? rephrase(dropParenthetical(s)) : dropParenthetical(s))));
  d = mapSentences(d, rng, Math.ceil(positions(d).length / 3), trimClause, (s) => trimClause(s) !== s);
  // Condensed copy runs as fewer, longer paragraphs.
  const merged: Doc = [];
  for (const p of d) {
    const last = merged[merged.length - 1];
    if (last && merged.length > 1 && last.length < 3 && rng.chance(0.5)) last.push(...p);
    else merged.push([...p]);
  }
  const s = spin(fromDoc(merged), ctx.spinner, rng, { strength: 0.4 });
  const title = spin(article.title, ctx.spinner, rng, { strength: 0.4 }).text;
  return { title, text: s.text, spun: s.eligible ? s.changed / s.eligible : 0 };
}

export interface Embedded extends Derived {
  /** Index of the first embedded source sentence in the source's sentence list, and how many. */
  block: { start: number; length: number; sentences: string[] };
}

/** Sentences of an article in reading order (as toDoc splits them). */
export function articleSentences(article: Article): string[] {
  return toDoc(article.text).flat();
}

/**
 * A block of 3–6 consecutive source sentences, at least three of them narrative, or null when
 * the source has no such block.
 */
export function pickBlock(source: string[], rng: Rng): { start: number; length: number } | null {
  for (let length = rng.int(3, 6); length >= 3; length--) {
    const starts: number[] = [];
    for (let i = 1; i + length <= source.length; i++) {
      if (source.slice(i, i + length).filter(isNarrative).length >= 3) starts.push(i);
    }
    if (starts.length > 0) return { start: rng.pick(starts), length };
  }
  return null;
}

export function partial(source: Article, host: Article, rng: Rng, ctx: DeriveContext): Embedded | null {
  const sents = articleSentences(source);
  const block = pickBlock(sents, rng);
  if (!block) return null;
  const taken = sents.slice(block.start, block.start + block.length);
  const light = retype(spin(taken.join('\n'), ctx.editor, rng, { strength: 0.1, keepQuotes: true }).text, rng).split('\n');
  const hostDoc = toDoc(host.text);
  const at = rng.int(1, Math.min(4, Math.max(1, hostDoc.length - 1)));
  const blockParagraphs: Doc = [];
  for (let i = 0; i < light.length; i += 2) blockParagraphs.push(light.slice(i, i + 2));
  const doc = [...hostDoc.slice(0, at), ...blockParagraphs, ...hostDoc.slice(at)];
  return { title: host.title, text: fromDoc(doc), spun: 0.1, block: { ...block, sentences: taken } };
}
