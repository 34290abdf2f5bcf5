// Builds the preset dictionary that article texts are deflated with (src/core/pack/text-dictionary.ts):
//
//   npx tsx bench/text-dictionary.ts            # writes src/core/pack/text-dictionary.ts
//   npx tsx bench/text-dictionary.ts --check    # fails if the file is not what this builds
//
// The training text is what the repository ships: Readability's extraction of the English
// pages among test/fixtures/pages (real newspaper articles) and the AP originals of
// test/fixtures/seeds. Deflate with a preset dictionary starts every text with a 32 KB window
// already full of that text, so the phrases news English repeats across articles (" said
// the ", " according to ", "(AP) — ", " percent of ", month and weekday names) are
// back-references from the first sentence on, which matters for texts of a few KB, where a
// plain deflate spends most of its output learning its own vocabulary.
//
// The dictionary: word n-grams (1 to 6 words, with their leading space, as they appear),
// counted in how many training texts they occur (a phrase of one article repeated many times
// is that article's, not news English) and how often, scored by the bytes a back-reference
// would save; the best are taken greedily, skipping any already inside a chosen one, up to
// DICTIONARY_BYTES (16 KB: see src/core/pack/deflate.ts for why not 32), and written best LAST (deflate's distance codes are shorter for the
// nearest bytes). Deterministic: the same training text gives the same bytes.
//
// Changing the training text, the size or this procedure changes the bytes: give the result a
// new TEXT_DICTIONARY_ID (texts stored with the old one must still read, so the old
// dictionary stays in src/core/pack/ under its id).
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { extractFromHtml } from '../src/extraction/node';
import { REPO_ROOT, looksEnglish, seedOriginals } from './eval/real-text';
import { readdirSync, existsSync } from 'node:fs';

export const DICTIONARY_BYTES = 16 * 1024;
const MAX_WORDS = 6;

/** The training texts, in a fixed order: the English fixture pages, then the seed originals. */
export function trainingTexts(): { name: string; text: string }[] {
  const dir = join(REPO_ROOT, 'test/fixtures/pages');
  const out: { name: string; text: string }[] = [];
  for (const d of readdirSync(dir).sort()) {
    const f = join(dir, d, 'source.html');
    if (!existsSync(f)) continue;
    const a = extractFromHtml(readFileSync(f, 'utf8'));
    if (a && looksEnglish(a.text)) out.push({ name: d, text: a.text });
  }
  for (const a of seedOriginals()) out.push({ name: a.id, text: a.text });
  return out;
}

/** The dictionary for these texts, at most `bytes` of UTF-8. */
export function buildDictionary(texts: readonly string[], bytes = DICTIONARY_BYTES): string {
  const docs = new Map<string, number>();
  const counts = new Map<string, number>();
  for (const text of texts) {
    const seen = new Set<string>();
    const words = text.split(/(?=\s)/u).filter((w) => w.trim() !== '');
    for (let i = 0; i < words.length; i++) {
      let gram = '';
      for (let n = 1; n <= MAX_WORDS && i + n <= words.length; n++) {
        gram += words[i + n - 1];
        const g = gram.startsWith(' ') ? gram : ` ${gram}`;
        counts.set(g, (counts.get(g) ?? 0) + 1);
        if (!seen.has(g)) {
          seen.add(g);
          docs.set(g, (docs.get(g) ?? 0) + 1);
        }
      }
    }
  }
  const encoder = new TextEncoder();
  const scored: { gram: string; score: number; size: number }[] = [];
  for (const [gram, df] of docs) {
    if (df < 2) continue; // in one text only: that article's, not the language's
    const size = encoder.encode(gram).length;
    if (size < 4) continue; // shorter than a back-reference is worth
    // Bytes saved: each later occurrence becomes a ~3-byte reference instead of literals,
    // weighted by how many texts share it (so one long repeated quote does not win).
    const count = counts.get(gram)!;
    scored.push({ gram, score: df * Math.min(count, 4 * df) * (size - 3), size });
  }
  scored.sort((a, b) => b.score - a.score || (a.gram < b.gram ? -1 : a.gram > b.gram ? 1 : 0));
  const chosen: string[] = [];
  let used = 0;
  let joined = '';
  for (const s of scored) {
    if (used + s.size > bytes) continue;
    if (joined.includes(s.gram)) continue;
    chosen.push(s.gram);
    joined += `\u0000${s.gram}`;
    used += s.size;
    if (used >= bytes - 4) break;
  }
  // Best last: nearest to the text, shortest distances.
  return chosen.reverse().join('');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { check: { type: 'boolean', default: false } } });
  const training = trainingTexts();
  const dictionary = buildDictionary(training.map((t) => t.text));
  const sha = createHash('sha256').update(dictionary).digest('hex').slice(0, 16);
  const file = join(REPO_ROOT, 'src/core/pack/text-dictionary.ts');
  const source = `// Generated by \`npx tsx bench/text-dictionary.ts\` from ${training.length} texts (the English pages of
// test/fixtures/pages and the seed originals); do not edit. ${new TextEncoder().encode(dictionary).length} bytes of UTF-8, sha256 ${sha}….
// Texts deflated with it are stored with TEXT_DICTIONARY_ID: a different dictionary needs a new id.

export const TEXT_DICTIONARY_ID = 'news-en-1';

export const TEXT_DICTIONARY = ${JSON.stringify(dictionary)};
`;
  if (values.check) {
    if (readFileSync(file, 'utf8') !== source) {
      console.error(`${file} is not what bench/text-dictionary.ts builds; a new dictionary needs a new TEXT_DICTIONARY_ID`);
      process.exit(1);
    }
    console.log('text dictionary up to date');
  } else {
    writeFileSync(file, source);
    console.log(`wrote ${file}: ${training.length} texts, ${dictionary.length} characters`);
  }
}
