// Development tool: each rewrite of one split with its verdict, source rank and measures.
//   npx tsx bench/eval/rewrites/probe.ts dev      (tune on dev only; the test part is for reporting)
import { MemoryCorpus } from '../../../src/core/corpus/memory';
import { generateCorpus } from '../synthetic';
import { loadRewrites, rewriteCorpus } from './load';
const split = process.argv[2] ?? 'dev';
const pages = loadRewrites().filter((p) => p.split === split);
const corpus = new MemoryCorpus([...rewriteCorpus(), ...generateCorpus({ seed: 1, count: 240, topics: 48 })]);
for (const p of pages) {
  const r = await corpus.check(p);
  const ok = r.source ? p.accept.includes(r.source.id) : false;
  const rank = r.candidates.findIndex((c) => p.accept.includes(c.id));
  console.log([p.style.padEnd(13), p.sourceId.padEnd(24), r.verdict.padEnd(9), p.level === r.verdict ? 'OK ' : 'bad', ok ? 'src' : '---', `rank=${rank}`, `cov=${r.coverage}`, `reuse=${r.sourceReuse}`, `score=${r.paraphraseScore}`, `pairs=${r.alignedPairs.length}`].join(' '));
}
