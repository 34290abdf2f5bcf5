// Synthetic corpora for the storage tests and the 100,000-article measurement: deterministic
// (seeded), with titles in mixed case and accents, dates, and texts of a chosen length, and a
// way to write them straight into a database when a test is about queries, not imports.
import { type IDBPDatabase, openDB } from 'idb';
import { seededRandom } from '../../src/core/fingerprint/hash';
import { DEFAULT_PARAMS, totalBands } from '../../src/core/fingerprint/minhash';
import { CorpusIndex, type IndexEntry } from '../../src/core/index/corpus-index';
import type { Article } from '../../src/core/types';
import { CorpusStore, type WirecheckDB } from '../../src/storage';
import { SNAPSHOT_KEY } from '../../src/storage/schema';
import { type IndexTx, writeWholeIndex } from '../../src/storage/index-shards';
import { contentHashOf, summaryOf } from '../../src/storage/records';
import { compressedText } from '../../src/storage/text-codec';

const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'su', 'ta', 'ri', 'vo', 'de', 'pa', 'gu', 'ze', 'bi', 'ho', 'fa', 'ju'];
const COMMON = ['the', 'a', 'of', 'and', 'to', 'in', 'said', 'on', 'for', 'was', 'with', 'officials', 'government', 'week', 'city', 'after'];
const TITLE_WORDS = ['Ukraine', 'talks', 'Zürich', 'México', 'storm', 'Election', 'market', 'court', 'Émigrés', 'river', 'vote', 'budget', 'strike', 'Senate', 'harbor', 'apple', 'Banana', 'cherry'];

/** Uniform in [0, 1), from the core's seeded generator (the same sequence as before it was shared). */
function random(seed: number): () => number {
  const next = seededRandom(seed);
  return () => next() / 2 ** 32;
}

function word(next: () => number): string {
  if (next() < 0.5) return COMMON[Math.floor(next() * COMMON.length)]!;
  const n = 2 + Math.floor(next() * 3);
  let w = '';
  for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(next() * SYLLABLES.length)];
  return w;
}

/** `count` articles of about `words` words each; article i has the marker word `mark<i>x` in its text only. */
export function syntheticArticles(count: number, opts: { words?: number; seed?: number; prefix?: string } = {}): Article[] {
  const next = random(opts.seed ?? 1);
  const words = opts.words ?? 40;
  const prefix = opts.prefix ?? 'syn';
  const out: Article[] = [];
  for (let i = 0; i < count; i++) {
    const titleWords = Array.from({ length: 3 + Math.floor(next() * 4) }, () => TITLE_WORDS[Math.floor(next() * TITLE_WORDS.length)]!);
    const sentences: string[] = [];
    let n = 0;
    while (n < words) {
      const len = 8 + Math.floor(next() * 14);
      const s = Array.from({ length: len }, () => word(next));
      s[0] = s[0]!.charAt(0).toUpperCase() + s[0]!.slice(1);
      sentences.push(`${s.join(' ')}.`);
      n += len;
    }
    sentences.splice(Math.floor(next() * sentences.length), 0, `The mark${i}x report was filed.`);
    const year = 2000 + Math.floor(next() * 25);
    const month = String(1 + Math.floor(next() * 12)).padStart(2, '0');
    const day = String(1 + Math.floor(next() * 28)).padStart(2, '0');
    out.push({
      id: `${prefix}-${String(i).padStart(6, '0')}`,
      title: `${titleWords.join(' ')} ${i % 7 === 0 ? `Story ${i % 100}` : ''}`.trim(),
      url: `https://apnews.example/${prefix}/${i}`,
      published: next() < 0.05 ? '' : `${year}-${month}-${day}`,
      text: sentences.join(' '),
    });
  }
  return out;
}

/**
 * Writes articles as if imported, without fingerprinting them (queries do not need real band
 * keys; the index snapshot is built from the stand-in keys made here). addedAt and wordCount are
 * made up deterministically.
 */
export async function seedDatabase(name: string, articles: readonly Article[], batch = 2_000, opts: { plainText?: boolean } = {}): Promise<void> {
  const store = await CorpusStore.open(name); // creates the schema
  store.close();
  const db: IDBPDatabase<WirecheckDB> = await openDB<WirecheckDB>(name);
  const bands = totalBands(DEFAULT_PARAMS);
  const entries: IndexEntry[] = [];
  try {
    for (let from = 0; from < articles.length; from += batch) {
      const slice = articles.slice(from, from + batch);
      // Texts compressed as the store writes them since version 4 (plainText: as before it).
      const compressed = opts.plainText ? [] : slice.map((a) => compressedText(a.text));
      const tx = db.transaction(['articles', 'summaries'], 'readwrite');
      for (const [k, a] of slice.entries()) {
        const i = from + k;
        const record = { ...a, addedAt: 1_700_000_000_000 + ((i * 7919) % articles.length) * 1000, wordCount: a.text.split(/\s+/).length };
        const { text: _, ...rest } = record;
        void tx.objectStore('articles').put(opts.plainText ? record : { ...rest, ...compressed[k]!, contentHash: contentHashOf(a) });
        void tx.objectStore('summaries').put(summaryOf(record));
        const bandKeys = new Uint32Array(bands);
        for (let b = 0; b < bands; b++) bandKeys[b] = (Math.imul(i + 1, 2654435761) ^ Math.imul(b + 1, 40503)) >>> 0;
        entries.push({ id: a.id, bandKeys });
      }
      await tx.done;
    }
    // The index of the stand-in keys, saved in shards as a commit saves it (band keys live only there).
    const tx = db.transaction(['indexShards', 'indexIds', 'snapshots'], 'readwrite');
    const directory = await writeWholeIndex(tx as unknown as IndexTx, CorpusIndex.build(DEFAULT_PARAMS, entries), 0);
    void tx.objectStore('snapshots').put({ key: SNAPSHOT_KEY, generation: 1, directory });
    await tx.done;
    await db.put('meta', { key: 'generation', value: 1 });
    await db.put('meta', { key: 'summaries-generation', value: 1 }); // written with the summaries, as a commit does
  } finally {
    db.close();
  }
}

export function jsonLines(articles: readonly object[]): string {
  return articles.map((a) => `${JSON.stringify(a)}\n`).join('');
}
