// Development probe: per (page, aligned candidate), the measures the decision weighs. Dev split only.
import { writeFileSync } from 'node:fs';
import { MemoryCorpus } from '../../../src/core/corpus/memory';
import { alignSentences, prepareSentences } from '../../../src/core/match/align';
import { documentEvidence } from '../../../src/core/match/evidence';
import { pageBody, substitutions } from '../../../src/core/match/matcher';
import { score } from '../../../src/core/match/verdict';
import { contentTerms } from '../../../src/core/fingerprint/terms';
import { words } from '../../../src/core/text/tokens';
function bag(a: string, b: string) { const p = contentTerms(words(a)); const s = contentTerms(words(b)); const c = new Map<string, number>(); for (const t of s) c.set(t, (c.get(t) ?? 0) + 1); let k = 0; for (const t of p) { const n = c.get(t) ?? 0; if (n > 0) { k++; c.set(t, n - 1); } } return p.length + s.length ? 100 * (1 - (2 * k) / (p.length + s.length)) : 0; }
import { buildBenchmark } from '../benchmark';
import { loadWordNet } from '../wordnet';
import { generateCorpus } from '../synthetic';
import { loadRewrites, rewriteCorpus } from './load';

const rows: unknown[] = [];
async function run(pages: { id: string; title: string; text: string; accept: string[]; level: string; kind: string }[], corpus: MemoryCorpus) {
  for (const p of pages) {
    const { toAlign } = corpus.retrieve(p);
    const ps = prepareSentences(pageBody(p));
    for (const id of toAlign) {
      const a = corpus.get(id)!;
      const ss = prepareSentences(`${a.title}\n\n${a.text}`);
      const al = alignSentences(ps, ss);
      const ev = documentEvidence(ps, ss);
      const s = score(al, ev, substitutions(al.pairs).reduce((n, x) => n + x.count, 0));
      const narrative = al.pairs.filter((x) => !x.quote);
      const nw = narrative.reduce((n, x) => n + words(x.pageSentence).length, 0); const bagScore = nw ? narrative.reduce((n, x) => n + words(x.pageSentence).length * bag(x.pageSentence, x.sourceSentence), 0) / nw : null;
      rows.push({ bagScore, page: p.id, kind: p.kind, level: p.level, cand: id, right: p.accept.includes(id), ...s, pairs: narrative.length, strong: narrative.filter((x) => x.similarity >= 0.6).length, swaps: substitutions(al.pairs).reduce((n, x) => n + x.count, 0), ...ev });
    }
  }
}
const rw = loadRewrites().filter((p) => p.split === 'dev');
await run(rw.map((p) => ({ ...p, kind: p.style })), new MemoryCorpus([...rewriteCorpus(), ...generateCorpus({ seed: 1, count: 240, topics: 48 })]));
const bench = buildBenchmark({ seed: 1, synthetic: 240, topics: 48, editor: loadWordNet('first'), spinner: loadWordNet('any') });
await run(bench.pages.filter((p) => p.split === 'dev').map((p) => ({ ...p, kind: p.variant })), new MemoryCorpus(bench.indexed));
writeFileSync('/tmp/wc/features.jsonl', rows.map((r) => JSON.stringify(r)).join('\n'));
console.log(rows.length);
