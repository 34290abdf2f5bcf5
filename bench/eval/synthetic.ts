/**
 * Synthetic AP-style news articles, deterministic from a seed.
 *
 * What it does. A word-level Markov chain of order 2 is trained on real news sentences (by
 * default the English fixture pages in test/fixtures/pages). Before training, names are
 * abstracted: every run of capitalised words inside a sentence becomes an <ENT> slot and every
 * number a <NUM> slot, and quotation marks and parentheses are removed; so the chain learns
 * sentence shapes and the connective vocabulary of news copy, not the fixtures' own people.
 * A *topic* is an invented set of people (with roles), places, organisations and numbers;
 * generating a story fills the slots from its topic's set, so stories of one topic share
 * entities, places and numbers the way several agencies' reports of one event do, and quote
 * the same three remarks of the topic's people word for word (what was said at the press
 * conference) about half the time they quote, while their own sentences are drawn
 * independently. Stories are laid out as AP copy: a dateline paragraph
 * ("KORVALA, Dremia (AP) — ..."), short paragraphs of one or two sentences, about one sentence
 * in eight a direct quote with attribution ("..., said Mara Velnik, the port's director."),
 * 15–35 sentences.
 *
 * Why this way. The harness needs hundreds of originals, same-topic stories that are *not*
 * derived from each other (the false-flag test), and no licence problems. A Markov chain gives
 * realistic word statistics for the matcher's term weights; invented names guarantee that two
 * topics never collide by accident.
 *
 * Measured (seed 1, default training text; `npx tsx bench/eval/synthetic.ts` prints these):
 * see bench/eval/README.md. The chain mixes in order-1 transitions (BACKOFF) and rejects a
 * sentence that copies a long run of a training sentence, because with ~21,000 training words
 * a pure order-2 chain mostly replays the fixtures sentence by sentence.
 *
 * Every story is drawn from its own stream rngFor(seed, 'story', topic, story): generating
 * story 7 does not depend on whether story 6 was generated.
 */

import { sentences as segmentSentences } from '../../src/core/text/segment';
import type { Article } from '../../src/core/types';
import { hash32, type Rng, rngFor } from './prng';
import { fixturePageArticles } from './real-text';

export interface CorpusOptions {
  seed: number;
  /** Number of articles. */
  count: number;
  /** Number of topics; article i belongs to topic i mod topics. */
  topics: number;
  /** Training sentences for the chain; default: the English fixture pages. */
  model?: MarkovModel;
}

export interface Person {
  first: string;
  last: string;
  role: string;
}

export interface Topic {
  index: number;
  country: string;
  cities: string[];
  region: string;
  people: Person[];
  orgs: string[];
  numbers: string[];
  /** ISO date of the event. */
  date: string;
}

const ENT = '<ENT>';
const NUM = '<NUM>';
const BOS = '^';
const EOS = '$';
/** Probability of taking an order-1 transition instead of the order-2 one. */
const BACKOFF = 0.25;
/** A generated sentence may not repeat this many consecutive tokens of one training sentence. */
const MAX_COPIED_RUN = 8;
const MIN_WORDS = 8;
/**
 * Shares of direct quotes and of "..., Surname said." sentences. Quoted words make up 7–11% of
 * the seed AP stories and a median 8% of the English fixture pages; 0.12 gives synthetic
 * stories a median near 12% (measured with derive.ts quotedShare on 240 stories).
 */
const QUOTES = 0.12;
const INDIRECT = 0.1;
/** Chance that a direct quote is one of the topic's shared remarks (while any is unused). */
const SHARED_QUOTE = 0.5;
const MAX_WORDS = 40;

const KEEP_CAPITALISED = new Set(
  (
    'I Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July ' +
    'August September October November December'
  ).split(' '),
);

// ---------------------------------------------------------------------------------------------
// Training

export interface MarkovModel {
  order2: Map<string, string[]>;
  order1: Map<string, string[]>;
  /** Hashes of every MAX_COPIED_RUN-token window of the training sentences. */
  windows: Set<number>;
  sentenceCount: number;
  tokenCount: number;
}

const TRAIN_TOKEN = /\p{L}[\p{L}\p{M}.-]*(?:[’'](?!s\b)\p{L}+)*\.?|[’']s\b|\$?\p{N}[\p{N},.]*\p{N}%?|\p{N}%?|[,;:.?!—–-]/gu;

function trainingTokens(sentence: string): string[] | null {
  const cleaned = sentence
    .replace(/\([^)]*\)|\[[^\]]*\]/g, ' ')
    .replace(/[“”"‘«»]|(^|\s)'|'(?=\s|$)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
  if (!/[.?!]$/.test(cleaned)) return null;
  const letters = cleaned.replace(/[^\p{L}]/gu, '');
  if (letters.length < 20 || letters.replace(/\P{Lu}/gu, '').length > letters.length * 0.3) return null; // headlines, shouting
  const raw = cleaned.match(TRAIN_TOKEN) ?? [];
  // A word ending in a period mid-sentence is an abbreviation ("U.S."); at the end it is the stop.
  const last = raw[raw.length - 1];
  if (last && /\p{L}\.$/u.test(last) && !/^(?:\p{L}\.)+$/u.test(last)) raw.splice(raw.length - 1, 1, last.slice(0, -1), '.');
  const out: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    let t = raw[i]!;
    if (/^[’']s$/.test(t)) t = "'s";
    if (/^\$?\p{N}/u.test(t)) {
      if (t.startsWith('$')) out.push('$');
      out.push(NUM);
      if (t.endsWith('%')) out.push('percent');
      continue;
    }
    const capitalised = /^\p{Lu}/u.test(t);
    const start = out.length === 0;
    if (capitalised && !KEEP_CAPITALISED.has(t) && !(start && /^\p{Lu}\p{Ll}+$/u.test(t) && COMMON_STARTS.has(t.toLowerCase()))) {
      if (out[out.length - 1] !== ENT) out.push(ENT);
      continue;
    }
    out.push(start && capitalised && !KEEP_CAPITALISED.has(t) ? t.toLowerCase() : t);
  }
  const words = out.filter((t) => /\p{L}|<NUM>|<ENT>/u.test(t)).length;
  if (words < MIN_WORDS || words > MAX_WORDS + 10) return null;
  if (!/[.?!]/.test(out[out.length - 1] ?? '')) return null;
  return out;
}

/** Words that open sentences as ordinary words, not names (filled from the training text). */
const COMMON_STARTS = new Set<string>();

function windowHash(tokens: readonly string[], i: number): number {
  return hash32(tokens.slice(i, i + MAX_COPIED_RUN).join(' '));
}

export function trainModel(texts: readonly string[]): MarkovModel {
  COMMON_STARTS.clear();
  for (const text of texts) for (const w of text.match(/(?<![.?!]\s)\b\p{Ll}+\b/gu) ?? []) COMMON_STARTS.add(w);
  const order2 = new Map<string, string[]>();
  const order1 = new Map<string, string[]>();
  const windows = new Set<number>();
  const add = (m: Map<string, string[]>, k: string, v: string) => {
    const list = m.get(k);
    if (list) list.push(v);
    else m.set(k, [v]);
  };
  let sentenceCount = 0;
  let tokenCount = 0;
  for (const text of texts) {
    for (const paragraph of text.split(/\n+/)) {
      for (const s of segmentSentences(paragraph)) {
        const tokens = trainingTokens(s);
        if (!tokens) continue;
        sentenceCount++;
        tokenCount += tokens.length;
        const seq = [BOS, BOS, ...tokens, EOS];
        for (let i = 2; i < seq.length; i++) {
          add(order2, `${seq[i - 2]} ${seq[i - 1]}`, seq[i]!);
          add(order1, seq[i - 1]!, seq[i]!);
        }
        for (let i = 0; i + MAX_COPIED_RUN <= tokens.length; i++) windows.add(windowHash(tokens, i));
      }
    }
  }
  return { order2, order1, windows, sentenceCount, tokenCount };
}

let defaultModel: MarkovModel | undefined;

/** The chain trained on the English fixture pages, built once per process. */
export function defaultMarkovModel(): MarkovModel {
  defaultModel ??= trainModel(fixturePageArticles().map((a) => a.text));
  return defaultModel;
}

function wordCount(tokens: readonly string[]): number {
  let n = 0;
  for (const t of tokens) if (t === ENT || t === NUM || /\p{L}/u.test(t)) n++;
  return n;
}

/** One sentence of slot-bearing tokens, or null after too many rejected draws. */
export function drawSentence(model: MarkovModel, rng: Rng): string[] | null {
  for (let attempt = 0; attempt < 50; attempt++) {
    const out: string[] = [];
    let a = BOS;
    let b = BOS;
    while (out.length < MAX_WORDS + 15) {
      const choices = (a !== BOS && rng.chance(BACKOFF) ? model.order1.get(b) : undefined) ?? model.order2.get(`${a} ${b}`) ?? model.order1.get(b);
      if (!choices) break;
      const next = rng.pick(choices);
      if (next === EOS) break;
      out.push(next);
      a = b;
      b = next;
    }
    const n = wordCount(out);
    if (n < MIN_WORDS || n > MAX_WORDS || !/^[.?!]$/.test(out[out.length - 1] ?? '')) continue;
    if (/^[,;:.?!—–-]$/.test(out[0] ?? '')) continue;
    let copied = false;
    for (let i = 0; i + MAX_COPIED_RUN <= out.length && !copied; i++) copied = model.windows.has(windowHash(out, i));
    if (copied) continue;
    return out;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Invented names

const ONSETS = ['b', 'br', 'd', 'dr', 'f', 'g', 'gr', 'h', 'j', 'k', 'kr', 'l', 'm', 'n', 'p', 'r', 's', 'st', 't', 'tr', 'v', 'z', 'sh', 'ch', 'v', 'l', 'm'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'a', 'e', 'o', 'ai', 'ei', 'ia', 'ou'];
const CODAS = ['', '', '', 'n', 'r', 'l', 's', 'k', 'm', 'nd', 'st', 'v'];
const SURNAME_ENDS = ['', 'son', 'ov', 'ez', 'ski', 'ani', 'elli', 'berg', 'ton', 'ic', 'ado', 'ev'];
const PLACE_ENDS = ['', 'a', 'ia', 'ovo', 'grad', 'burg', 'ville', 'port', 'stad', 'ara', 'ek', 'ford'];
const COUNTRY_ENDS = ['ia', 'ania', 'istan', 'land', 'ovia', 'eria', 'ar'];
const ORG_KINDS = ['Interior Ministry', 'Health Ministry', 'Port Authority', 'Electoral Commission', 'Supreme Court', 'Workers Union', 'Chamber of Commerce', 'Water Board', 'Transport Agency', 'National Police', 'Red Crescent', 'Central Bank', 'Farmers Association', 'University'];
const ROLES = [
  'the country’s interior minister',
  'a spokesperson for the {org}',
  'the mayor of {city}',
  'a professor at {city} University',
  'a resident of {city}',
  'the head of the {org}',
  'an opposition lawmaker',
  'a senior official at the {org}',
  'a lawyer for the families',
  'a regional governor',
];

function syllables(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += rng.pick(ONSETS) + rng.pick(VOWELS) + (i === n - 1 ? rng.pick(CODAS) : '');
  return s;
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function name(rng: Rng, ends: readonly string[], min = 1, max = 2): string {
  return capital(syllables(rng, rng.int(min, max)) + rng.pick(ends));
}

/** The entity set of one topic: deterministic from (seed, index). */
export function makeTopic(seed: number, index: number): Topic {
  const rng = rngFor(seed, 'topic', index);
  const country = name(rng, COUNTRY_ENDS, 1, 2);
  const cities = [name(rng, PLACE_ENDS, 2, 2), name(rng, PLACE_ENDS, 1, 2), name(rng, PLACE_ENDS, 1, 2)];
  const region = `${name(rng, PLACE_ENDS, 2, 2)} province`;
  const orgs = [`${country} ${rng.pick(ORG_KINDS)}`, `${cities[0]} ${rng.pick(ORG_KINDS)}`, `National ${rng.pick(ORG_KINDS)}`];
  const people: Person[] = [];
  for (let i = rng.int(4, 6); i > 0; i--) {
    const role = rng.pick(ROLES).replace('{org}', rng.pick(orgs)).replace('{city}', rng.pick(cities));
    people.push({ first: name(rng, ['', 'a', 'o', 'el', 'in'], 1, 2), last: name(rng, SURNAME_ENDS, 1, 2), role });
  }
  const numbers = [
    String(rng.int(3, 60)),
    String(rng.int(100, 900)),
    `${rng.int(1, 9)},${String(rng.int(0, 999)).padStart(3, '0')}`,
    `${rng.int(1, 9)}.${rng.int(1, 9)}`,
    String(rng.int(1990, 2025)),
  ];
  const month = rng.int(1, 12);
  const day = rng.int(1, 28);
  const date = `2026-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return { index, country, cities, region, people, orgs, numbers, date };
}

// ---------------------------------------------------------------------------------------------
// Stories

const PLACE_PREPOSITIONS = new Set(['in', 'at', 'from', 'near', 'outside', 'across', 'to', 'into', 'toward', 'towards', 'around', 'throughout']);
const SPEECH_VERBS = new Set(['said', 'says', 'told', 'added', 'explained', 'wrote', 'argued', 'noted']);

/** What someone said at the event: every story of the topic may quote it, word for word. */
interface TopicQuote {
  speaker: Person;
  words: string;
}

/** Three remarks per topic, drawn from their own stream: the press-conference quotes. */
function topicQuotes(seed: number, topic: Topic, model: MarkovModel): TopicQuote[] {
  const rng = rngFor(seed, 'topic-quotes', topic.index);
  const writer = new StoryWriter(topic, rng, []);
  return [0, 1, 2].map(() => ({ speaker: rng.pick(topic.people), words: writer.sentence(model).replace(/[.]$/, '') }));
}

class StoryWriter {
  private readonly mentioned = new Set<Person>();
  private readonly unusedQuotes: TopicQuote[];

  constructor(
    private readonly topic: Topic,
    private readonly rng: Rng,
    quotes: readonly TopicQuote[],
    private readonly draw: SentenceSource = drawSentence,
  ) {
    this.unusedQuotes = [...quotes];
  }

  personName(p: Person): string {
    if (this.mentioned.has(p)) return p.last;
    this.mentioned.add(p);
    return `${p.first} ${p.last}`;
  }

  fill(tokens: readonly string[]): string {
    const out: string[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      const prev = (tokens[i - 1] ?? '').toLowerCase();
      const next = (tokens[i + 1] ?? '').toLowerCase();
      if (t === NUM) {
        out.push(this.rng.chance(0.6) ? this.rng.pick(this.topic.numbers) : String(this.rng.int(2, 400)));
      } else if (t === ENT) {
        if (PLACE_PREPOSITIONS.has(prev)) out.push(this.rng.chance(0.75) ? this.rng.pick(this.topic.cities) : this.topic.country);
        else if (SPEECH_VERBS.has(next) || SPEECH_VERBS.has(prev)) out.push(this.personName(this.rng.pick(this.topic.people)));
        else {
          const r = this.rng.next();
          if (r < 0.45) out.push(this.personName(this.rng.pick(this.topic.people)));
          else if (r < 0.75) out.push(this.rng.pick(this.topic.orgs));
          else out.push(this.rng.chance(0.3) ? this.topic.country : this.rng.pick(this.topic.cities));
        }
      } else out.push(t);
    }
    return detokenize(out);
  }

  /** A plain narrative sentence. */
  sentence(model: MarkovModel): string {
    const tokens = this.draw(model, this.rng) ?? [ENT, 'said', 'the', 'situation', 'remained', 'unclear', 'on', 'Monday', '.'];
    return this.fill(tokens);
  }

  quote(model: MarkovModel): string {
    let body: string;
    let p: Person;
    if (this.unusedQuotes.length > 0 && this.rng.chance(SHARED_QUOTE)) {
      const [q] = this.unusedQuotes.splice(this.rng.int(0, this.unusedQuotes.length - 1), 1);
      body = q!.words;
      p = q!.speaker;
    } else {
      body = this.sentence(model).replace(/[.]$/, '');
      p = this.rng.pick(this.topic.people);
    }
    const firstMention = !this.mentioned.has(p);
    const who = this.personName(p);
    const mark = /[?!]$/.test(body) ? '' : ',';
    if (firstMention) return `“${body}${mark}” said ${who}, ${p.role}.`;
    return this.rng.chance(0.5) ? `“${body}${mark}” ${who} said.` : `${who} said: “${body.replace(/,$/, '')}.”`;
  }

  attributed(model: MarkovModel): string {
    const body = this.sentence(model).replace(/[.?!]$/, '');
    const p = this.rng.pick(this.topic.people);
    return `${body}, ${this.personName(p)} said.`;
  }
}

export function detokenize(tokens: readonly string[]): string {
  let s = '';
  for (const t of tokens) {
    if (s === '') s = t;
    else if (/^[,;:.?!]$/.test(t) || t === "'s" || /\$$/.test(s)) s += t;
    else s += ` ${t}`;
  }
  s = s.replace(/\s+([—–-])\s+/g, ' — ');
  return capital(s.replace(/\s+/g, ' ').trim());
}

/** Where a story's sentences (slot-bearing tokens) come from: the chain, or a pool of its draws. */
export type SentenceSource = (model: MarkovModel, rng: Rng) => string[] | null;

export interface StoryOptions {
  seed: number;
  topic: number;
  story: number;
  id?: string;
  model?: MarkovModel;
  /**
   * Default: a fresh draw from the chain (about 60 µs a sentence). The scale benchmark passes
   * a pool of pre-drawn templates (bench/corpus.ts): a million stories in minutes, not hours.
   */
  draw?: SentenceSource;
}

// A topic and its shared remarks cost as much as a few sentences; consecutive stories of one
// topic reuse them. Bounded, and a pure cache: the same (model, seed, topic) gives the same values.
const topicCache = new WeakMap<MarkovModel, Map<string, { topic: Topic; quotes: TopicQuote[] }>>();
function cachedTopic(seed: number, index: number, model: MarkovModel): { topic: Topic; quotes: TopicQuote[] } {
  let byModel = topicCache.get(model);
  if (!byModel) topicCache.set(model, (byModel = new Map()));
  const key = `${seed}:${index}`;
  let found = byModel.get(key);
  if (!found) {
    const topic = makeTopic(seed, index);
    found = { topic, quotes: topicQuotes(seed, topic, model) };
    if (byModel.size > 4096) byModel.clear();
    byModel.set(key, found);
  }
  return found;
}

/** One story of one topic. Originals use story 0, 1, 2...; fresh same-topic stories any other number. */
export function generateStory(opts: StoryOptions): Article {
  const model = opts.model ?? defaultMarkovModel();
  const { topic, quotes } = cachedTopic(opts.seed, opts.topic, model);
  const rng = rngFor(opts.seed, 'story', opts.topic, opts.story);
  const w = new StoryWriter(topic, rng, quotes, opts.draw);
  const n = rng.int(15, 35);
  const dateline = `${rng.pick(topic.cities).toUpperCase()}, ${topic.country} (AP) — `;
  const lead = w.sentence(model);
  const paragraphs: string[] = [dateline + lead];
  let made = 1;
  while (made < n) {
    const inParagraph = made + 1 < n && rng.chance(0.3) ? 2 : 1;
    const parts: string[] = [];
    for (let i = 0; i < inParagraph; i++) {
      const r = rng.next();
      parts.push(r < QUOTES ? w.quote(model) : r < QUOTES + INDIRECT ? w.attributed(model) : w.sentence(model));
    }
    paragraphs.push(parts.join(' '));
    made += inParagraph;
  }
  const headline = w.sentence(model).replace(/[.?!]$/, '').split(/,|;| — /)[0]!.split(' ').slice(0, 12).join(' ');
  const date = new Date(`${topic.date}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + (opts.story % 30));
  const id = opts.id ?? `syn-t${opts.topic}-s${opts.story}`;
  const slug = headline.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
  return {
    id,
    title: headline,
    url: `https://apnews.example/article/${slug}-${hash32(`${opts.seed}:${id}`).toString(16)}`,
    published: date.toISOString().slice(0, 10),
    text: paragraphs.join('\n\n'),
  };
}

/** `count` stories over `topics` topics: article i is story ⌊i / topics⌋ of topic i mod topics. */
export function generateCorpus(opts: CorpusOptions): Article[] {
  const topics = Math.max(1, Math.floor(opts.topics));
  const out: Article[] = [];
  for (let i = 0; i < opts.count; i++) {
    out.push(generateStory({ seed: opts.seed, topic: i % topics, story: Math.floor(i / topics), model: opts.model }));
  }
  return out;
}

/** The topic of a synthetic id, or null for other ids. */
export function topicOf(id: string): number | null {
  const m = /^syn-t(\d+)-/.exec(id);
  return m ? Number(m[1]) : null;
}

// `npx tsx bench/eval/synthetic.ts [seed]`: a sample story and the chain's statistics.
if (import.meta.url === `file://${process.argv[1]}`) {
  const seed = Number(process.argv[2] ?? 1);
  const model = defaultMarkovModel();
  console.log(`training: ${model.sentenceCount} sentences, ${model.tokenCount} tokens, ${model.order2.size} order-2 states`);
  const a = generateStory({ seed, topic: 0, story: 0, model });
  console.log(`\n${a.title}\n${a.published} ${a.url}\n\n${a.text}`);
}
