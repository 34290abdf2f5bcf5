/**
 * A news-like synthetic corpus at any size, deterministic and streamed: article i is a pure
 * function of (seed, i), so a million articles are generated one at a time (never held), and
 * any one can be regenerated later by number, the way the extension reads a text back from
 * IndexedDB.
 *
 * What it holds, and why (the properties that make retrieval hard at scale):
 * - AP-style stories from bench/eval/synthetic.ts: invented topics (people, places,
 *   organisations, numbers) with STORIES_PER_TOPIC consecutive stories each, so many stories share
 *   names and quotes with their topic siblings without deriving from each other.
 * - Story versions: AP rewrites a story through the day. A share of stories comes in 2–3
 *   versions (a later write-through drops, reorders and adds paragraphs), so near-duplicates
 *   sit in the corpus next to the original, as in a real wire archive.
 * - Shared boilerplate: most stories end with one of a few standard AP paragraphs, the text the
 *   index's common-bucket rule must ignore.
 * Sentences come from a pool of Markov-chain draws (POOL_SIZE templates whose name and number
 * slots each story fills from its own topic): drawing from the chain costs ~60 µs a sentence,
 * the pool makes a story ~0.1 ms. With 25 of 20,000 templates per story, two random stories
 * share a template with probability ~3%, and even then with other names in the slots.
 *
 * `npx tsx bench/corpus.ts 1000000 > corpus.jsonl` streams a corpus as JSON Lines.
 */

import { generateStory, defaultMarkovModel, drawSentence, type MarkovModel, type SentenceSource } from './eval/synthetic';
import { rngFor } from './eval/prng';
import type { Article } from '../src/core/types';

export const POOL_SIZE = 20_000;
const STORIES_PER_TOPIC = 8;
/** Share of stories that have later versions, and how many versions they have. */
const VERSIONED = 0.3;
const BOILERPLATE = [
  'The Associated Press receives support from several private foundations to enhance its explanatory coverage. The AP is solely responsible for all content.',
  'Associated Press writers in the region contributed to this report.',
  'Follow AP’s coverage of the region at https://apnews.com/hub/world-news.',
  'This story has been corrected to show the correct spelling of a name.',
];

export interface BenchCorpus {
  seed: number;
  size: number;
  /** Article number i → article; the same for the same (seed, i). */
  article(i: number): Article;
  /** The article number of an id from this corpus, or -1. */
  numberOf(id: string): number;
  /** All articles in order, one at a time. */
  stream(): Generator<Article>;
}

export function templatePool(model: MarkovModel, seed: number, size = POOL_SIZE): string[][] {
  const rng = rngFor(seed, 'bench-templates');
  const pool: string[][] = [];
  while (pool.length < size) {
    const s = drawSentence(model, rng);
    if (s) pool.push(s);
  }
  return pool;
}

/**
 * Article numbers are laid out in groups: a group is one story, with 1 version or (for a
 * VERSIONED share) 2–3. Group g spans numbers [start(g), start(g+1)); the layout is found by
 * arithmetic: every group reserves 3 slots, and unused version slots hold further stories.
 */
export function benchCorpus(size: number, seed = 1, model: MarkovModel = defaultMarkovModel()): BenchCorpus {
  const pool = templatePool(model, seed);
  const draw: SentenceSource = (_m, rng) => pool[rng.int(0, pool.length - 1)]!;
  const versionsOf = (story: number) => {
    const r = rngFor(seed, 'bench-versions', story);
    return r.chance(VERSIONED) ? r.int(2, 3) : 1;
  };
  const base = (story: number): Article =>
    generateStory({ seed, topic: Math.floor(story / STORIES_PER_TOPIC), story: story % STORIES_PER_TOPIC, model, draw, id: `b${story}` });

  // Article number → (story, version): walk stories in order, each taking its versions' slots.
  // A prefix table every 1,024 stories keeps random access cheap without holding a map.
  const checkpoints: number[] = [0]; // first article number of story 1024·k
  let story = 0;
  let at = 0;
  while (at < size) {
    at += versionsOf(story++);
    if (story % 1024 === 0) checkpoints.push(at);
  }
  const locate = (i: number): [number, number] => {
    let k = 0;
    let lo = 0;
    let hi = checkpoints.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (checkpoints[mid]! <= i) lo = mid;
      else hi = mid - 1;
    }
    k = lo;
    let s = k * 1024;
    let first = checkpoints[k]!;
    for (;;) {
      const v = versionsOf(s);
      if (i < first + v) return [s, i - first];
      first += v;
      s++;
    }
  };

  const article = (i: number): Article => {
    const [s, version] = locate(i);
    return make(s, version);
  };

  const make = (s: number, version: number): Article => {
    const a = base(s);
    const rng = rngFor(seed, 'bench-article', s, version);
    let paragraphs = a.text.split('\n\n');
    if (version > 0) {
      // A write-through: keep the lead, drop a few paragraphs, move one, add new ones.
      const writer = generateStory({ seed, topic: Math.floor(s / STORIES_PER_TOPIC), story: 1000 + (s % STORIES_PER_TOPIC) * 4 + version, model, draw });
      const fresh = writer.text.split('\n\n').slice(1, 1 + rng.int(2, 5));
      const kept = paragraphs.slice(1).filter(() => !rng.chance(0.2));
      const moved = kept.length > 3 ? kept.splice(rng.int(1, kept.length - 1), 1) : [];
      paragraphs = [paragraphs[0]!, ...fresh.slice(0, 2), ...kept, ...moved, ...fresh.slice(2)];
    }
    if (rng.chance(0.7)) paragraphs.push(BOILERPLATE[rng.int(0, BOILERPLATE.length - 1)]!);
    return { ...a, id: version === 0 ? `b${s}` : `b${s}-v${version}`, title: version === 0 ? a.title : `${a.title} (update)`, text: paragraphs.join('\n\n') };
  };

  const numberOf = (id: string): number => {
    const m = /^b(\d+)(?:-v(\d))?$/.exec(id);
    if (!m) return -1;
    const s = Number(m[1]);
    const k = Math.floor(s / 1024);
    if (k >= checkpoints.length) return -1;
    let first = checkpoints[k]!;
    for (let t = k * 1024; t < s; t++) first += versionsOf(t);
    const i = first + Number(m[2] ?? 0);
    return i < size ? i : -1;
  };

  return {
    seed,
    size,
    article,
    numberOf,
    *stream() {
      // In order, without locating each number: story by story, version by version.
      let i = 0;
      for (let s = 0; i < size; s++) {
        const v = versionsOf(s);
        for (let version = 0; version < v && i < size; version++, i++) yield make(s, version);
      }
    },
  };
}

// `npx tsx bench/corpus.ts <count> [seed]`: the corpus as JSON Lines on stdout, streamed.
if (import.meta.url === `file://${process.argv[1]}`) {
  const corpus = benchCorpus(Number(process.argv[2] ?? 1000), Number(process.argv[3] ?? 1));
  for (const a of corpus.stream()) process.stdout.write(`${JSON.stringify(a)}\n`);
}
