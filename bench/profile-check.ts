/**
 * `node --cpu-prof --import tsx bench/profile-check.ts [size] [pages]`: the whole check (page +
 * windows fingerprinted → candidates → alignment) on the bench corpus, for a CPU profile. Prints
 * the time split between retrieval and the rest, and the candidates per page.
 */
import { checkPage, retrieve } from '../src/core/check';
import { articleFingerprintText } from '../src/core/corpus/memory';
import { fingerprintText } from '../src/core/fingerprint/minhash';
import { DEFAULT_PARAMS } from '../src/core/fingerprint/minhash';
import { CorpusIndex, type IndexEntry } from '../src/core/index/corpus-index';
import { benchCorpus } from './corpus';
import { defaultMarkovModel, generateStory } from './eval/synthetic';

const size = Number(process.argv[2] ?? 10_000);
const count = Number(process.argv[3] ?? 120);
const model = defaultMarkovModel();
const corpus = benchCorpus(size, 1, model);
const entries: IndexEntry[] = [];
for (const a of corpus.stream()) entries.push({ id: a.id, bandKeys: fingerprintText(articleFingerprintText(a)).bandKeys });
const index = CorpusIndex.build(DEFAULT_PARAMS, entries);
entries.length = 0;
const pages = Array.from({ length: count }, (_, q) => {
  const src = corpus.article(Math.floor(((q + 0.5) * size) / count));
  const other = generateStory({ seed: 4242, topic: 100_000 + q, story: 0, model });
  const paras = src.text.split('\n\n');
  const host = other.text.split('\n\n');
  return [src, { title: other.title, text: [...host.slice(0, 4), ...paras.slice(2, 8), ...host.slice(4)].join('\n\n') }, other][q % 3]!;
});
let retrieveMs = 0;
let checkMs = 0;
let found = 0;
for (const page of pages) {
  let t0 = performance.now();
  const r = retrieve(page, index);
  retrieveMs += performance.now() - t0;
  found += index.queryChannels([fingerprintText(page.text)]).length;
  const texts = new Map(r.toAlign.map((id) => [id, corpus.article(corpus.numberOf(id))] as const));
  t0 = performance.now();
  await checkPage(page, { index, loadArticles: (ids) => ids.flatMap((id) => texts.get(id) ?? []) });
  checkMs += performance.now() - t0;
}
console.log(`${size} articles, ${count} pages: retrieve ${(retrieveMs / count).toFixed(2)} ms/page, whole check ${(checkMs / count).toFixed(2)} ms/page, ${(found / count).toFixed(0)} candidates/page (whole page alone)`);
