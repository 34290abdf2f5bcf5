// Distinct article-like texts for storage tests and benches (bench/follow-batches.ts): no
// vitest import, so a script run with `npx tsx` can use them too.
import type { Article } from '../../src/core/types';
import { seedCorpus } from './seeds';

/** Distinct article-like texts made of seed sentences plus words no other filler shares. */
export function fillers(count: number, prefix = 'filler'): Article[] {
  const sentences = seedCorpus('both').flatMap((a) => a.text.split(/(?<=\.)\s+/));
  let s = 7;
  const next = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
  return Array.from({ length: count }, (_, i) => ({
    id: `${prefix}-${i}`,
    title: `${prefix} story ${i}`,
    url: `https://example.org/${prefix}/${i}`,
    published: '2024-01-01',
    text: Array.from({ length: 12 }, (_, k) => `${sentences[Math.floor(next() * sentences.length)]} ${prefix}${i}marker${k}`).join(' '),
  }));
}
