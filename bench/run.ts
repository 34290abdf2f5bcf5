/**
 * `npm run bench`: every Node-side speed and scale measure, peers side by side in the same
 * process, written to bench/results.json (rows of bench/results.ts; `npm run figures` renders
 * the README's and ARCHITECTURE's tables from it), drawn in bench/results.svg, printed as a
 * table. `-- --full` adds the 1M-article rows (over ten minutes on a shared 2-core machine);
 * `-- --sizes 10000,100000` picks sizes; `-- --no-browser` skips bench/browser/run.ts;
 * `-- --keep-other-sizes` keeps the rows of sizes not measured in this run.
 *
 * Corpus: bench/corpus.ts (seeded, streamed; story versions and boilerplate). Per size:
 * - build: generate (untimed) → fingerprint → CorpusIndex.build, single thread;
 * - index size: the snapshot's typed arrays + ids, per article (article text excluded);
 * - query: a page (verbatim copy, edited copy, passage embedded in another story, or an
 *   unrelated story) → checkPage → verdict, the same core as the CLI; the candidates' texts
 *   are served from memory (regenerated beforehand), so the time is the core's, not a disk's;
 * - recall vs exhaustive search (the detection issue's definition, made affordable at 1M): the
 *   exhaustive reference is the source that alignment (`matchPage`, the function that decides
 *   every verdict) picks when it is given, instead of our candidates, the EXHAUSTIVE_TOP
 *   articles with the highest true MinHash estimate against the page or any of its windows in
 *   each channel (verbatim, reworded), and the EXHAUSTIVE_TOP sharing the most word 3-grams
 *   with the page (exact counts), found by scanning every article (ExhaustiveScan). The
 *   3-gram list covers a page embedding a short passage whose source is outside both sketch
 *   lists. Recall = share of derived pages with an exhaustive pick whose pick is among the
 *   articles our check aligned. 400 pages per size (300 derived), so one miss moves recall by
 *   a third of a point. A sibling version of the story counts only if alignment itself picks
 *   it: no epsilon. `--validate N` checks the shortlist at the smallest size: for N derived
 *   pages, alignment against every article of the corpus must pick the same source.
 *   Also reported: the true source (or a version of the same story) aligned, and whether the
 *   single article with the best sketch estimate is aligned, which counts a sibling version
 *   that edges out the source on the sketch as a miss.
 * - LSH vs the `minhash` package's LshIndex: the raw band lookup on both, the same banding
 *   (our verbatim channel, 32 bands × 4 rows of the same 128-value signature, vs
 *   LshIndex({ bandSize: 4 }) holding those signatures), both returning the articles that share
 *   ≥ 1 band (ours as ids too), band keys computed beforehand for both, alternating runs;
 *   the answers are compared set by set. The full three-channel query is a separate row.
 */

import { existsSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import minhashPackage from 'minhash';
import { checkPage, pageFingerprints as fingerprintsOf, retrieve } from '../src/core/check';
import { articleFingerprintText } from '../src/core/corpus/memory';
import { DEFAULT_PARAMS, FINGERPRINT_FORMAT_VERSION, type Fingerprint, channelBandKeys, fingerprintWords, shingleHashes, totalBands } from '../src/core/fingerprint/minhash';
import { words as segmentWords } from '../src/core/text/tokens';
import { CorpusIndex } from '../src/core/index/corpus-index';
import { matchPage, pageBody } from '../src/core/match/matcher';
import type { Article, PageArticle } from '../src/core/types';
import { benchCorpus } from './corpus';
import { defaultMarkovModel, generateStory } from './eval/synthetic';
import { type BenchResults, type BenchRow, type BenchRun, readResults, thisMachine, writeResults } from './results.ts';
import { signaturePeer } from './signature-peer';

const { values } = parseArgs({
  options: {
    full: { type: 'boolean', default: false },
    sizes: { type: 'string' },
    queries: { type: 'string', default: '400' },
    'no-browser': { type: 'boolean', default: false },
    validate: { type: 'string', default: '0' },
    'keep-other-sizes': { type: 'boolean', default: false },
  },
});
const sizes = values.sizes ? values.sizes.split(',').map(Number) : values.full ? [10_000, 100_000, 1_000_000] : [10_000, 100_000];
const QUERIES = Number(values.queries);
const PEER_LSH_MAX = 100_000;
/** Articles per channel the exhaustive reference aligns (the best by true sketch estimate). */
const EXHAUSTIVE_TOP = 30;
const VALIDATE = Number(values.validate);
const rows: BenchRow[] = [];
const log = (s: string) => process.stderr.write(`${s}\n`);
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;
const model = defaultMarkovModel();

type Kind = 'verbatim' | 'edited' | 'partial' | 'unrelated';
const KINDS: Kind[] = ['verbatim', 'edited', 'partial', 'unrelated'];

function makePage(kind: Kind, source: Article, q: number): PageArticle {
  const other = generateStory({ seed: 4242, topic: 100_000 + q, story: 0, model });
  const paras = source.text.split('\n\n');
  if (kind === 'verbatim') return { title: source.title, text: source.text };
  if (kind === 'edited') return { title: source.title, text: paras.filter((_, i) => i % 4 !== 3).map((p) => p.replace(/\bsaid\b/g, 'stated')).join('\n\n') };
  if (kind === 'partial') {
    const host = other.text.split('\n\n');
    return { title: other.title, text: [...host.slice(0, 4), ...paras.slice(2, 8), ...host.slice(4)].join('\n\n') };
  }
  return { title: other.title, text: other.text };
}

const pageFingerprints = (page: PageArticle): Fingerprint[] => fingerprintsOf(page, DEFAULT_PARAMS);

async function measureSize(size: number): Promise<void> {
  log(`\n— ${size.toLocaleString('en-US')} articles`);
  const corpus = benchCorpus(size, 1, model);
  // Query sources spread over the corpus; pages made before the build so the exhaustive
  // search can score every article against them while the corpus streams past.
  const sources = Array.from({ length: QUERIES }, (_, q) => Math.floor(((q + 0.5) * size) / QUERIES));
  const pages = sources.map((i, q) => ({ kind: KINDS[q % KINDS.length]!, page: makePage(KINDS[q % KINDS.length]!, corpus.article(i), q), source: corpus.article(i).id }));
  const pageFps = pages.map((p) => pageFingerprints(p.page));
  const exhaustive = pages.map(() => ({ id: '', score: 0 }));
  const shortlist = pages.map(() => [new TopK(EXHAUSTIVE_TOP), new TopK(EXHAUSTIVE_TOP), new TopK(EXHAUSTIVE_TOP)] as const);
  const scan = new ExhaustiveScan(pages.map((p) => p.page), pageFps);
  const validating = VALIDATE > 0 && size === Math.min(...sizes) && size <= 20_000;
  const everything: Article[] = [];

  const bandCount = totalBands(DEFAULT_PARAMS);
  const flatKeys = new Uint32Array(size * bandCount);
  const ids: string[] = [];
  // The peer is filled after our build is timed: its millions of band strings on the heap made
  // every large allocation during the build wait for a full garbage collection.
  const peer = size <= PEER_LSH_MAX ? new minhashPackage.LshIndex({ bandSize: 4 }) : null;
  const peerSignatures = peer ? new Uint32Array(size * 128) : null;
  let fingerprintMs = 0;
  let words = 0;
  for (const a of corpus.stream()) {
    const text = articleFingerprintText(a);
    const t0 = performance.now();
    const tokens = segmentWords(text);
    const fp = fingerprintWords(tokens);
    fingerprintMs += performance.now() - t0;
    words += fp.wordCount;
    flatKeys.set(fp.bandKeys, ids.length * bandCount);
    ids.push(a.id);
    peerSignatures?.set(fp.verbatim, (ids.length - 1) * 128);
    if (validating) everything.push(a);
    scan.score(fp, shingleHashes(tokens, 'words3'), (q, v, r, shared) => {
      shortlist[q]![0].offer(a.id, v);
      shortlist[q]![1].offer(a.id, r);
      shortlist[q]![2].offer(a.id, shared);
      if (Math.max(v, r) > exhaustive[q]!.score) exhaustive[q] = { id: a.id, score: Math.max(v, r) };
    });
  }
  const heapBefore = process.memoryUsage();
  const t1 = performance.now();
  const index = CorpusIndex.buildFlat(DEFAULT_PARAMS, ids, flatKeys);
  const buildMs = performance.now() - t1;
  const rate = size / ((fingerprintMs + buildMs) / 1000);
  log(`  fingerprint ${(fingerprintMs / 1000).toFixed(1)} s, index build ${(buildMs / 1000).toFixed(2)} s: ${rate.toFixed(0)} articles/s (${(words / size).toFixed(0)} words/article)`);
  rows.push({ id: 'cli.build.rate', measure: 'build the index (fingerprint + index build), 1 thread', corpus: size, value: Math.round(rate), unit: 'articles/s', goal: '≥ 2,000 articles/s', met: rate >= 2000, note: `fingerprint ${(fingerprintMs / size).toFixed(3)} ms/article, index build ${(buildMs / 1000).toFixed(2)} s; ${(words / size).toFixed(0)} words/article` });

  if (peer && peerSignatures) for (let d = 0; d < ids.length; d++) peer.insert(ids[d]!, { hashvalues: Array.from(peerSignatures.subarray(d * 128, (d + 1) * 128)) });
  const snapshot = index.toSnapshot();
  const idBytes = snapshot.ids.reduce((n, id) => n + Buffer.byteLength(id) + 1, 0);
  const perArticle = (snapshot.tableKeys.byteLength + snapshot.tableDocs.byteLength + idBytes) / size;
  rows.push({ id: 'index.bytes-per-article', measure: 'index snapshot size, article text excluded', corpus: size, value: Math.round(perArticle), unit: 'bytes/article', goal: '≤ 1,024 bytes/article', met: perArticle <= 1024, note: '128 bands: sorted keys 512 B + 24-bit article numbers 384 B + ids; the only copy of the band keys (the extension keeps no other)' });
  const memMB = (index.tableBytes + idBytes) / 2 ** 20;
  rows.push({ id: 'index.memory', measure: 'index in memory (tables, directory, ids)', corpus: size, value: Math.round(memMB * 10) / 10, unit: 'MB', note: `process RSS ${(heapBefore.rss / 2 ** 20).toFixed(0)} MB while building (corpus keys and peer index included)` });

  // Queries: page → candidates → verdict, texts served from memory.
  const story = (id: string) => id.replace(/-v\d$/, '');
  const times: number[] = [];
  let recallHits = 0;
  let recallTotal = 0;
  let sameSource = 0;
  let sketchHits = 0;
  let sketchTotal = 0;
  let sourceHits = 0;
  let storyHits = 0;
  let derived = 0;
  let shortlistSize = 0;
  const misses: string[] = [];
  let validated = 0;
  let validateAgree = 0;
  for (let q = 0; q < pages.length; q++) {
    const { page, kind, source } = pages[q]!;
    const r = retrieve(page, index);
    const texts = new Map(r.toAlign.map((id) => [id, corpus.article(corpus.numberOf(id))] as const));
    const access = { index, loadArticles: (ids: readonly string[]) => ids.flatMap((id) => texts.get(id) ?? []) };
    await checkPage(page, access); // warm
    const t0 = performance.now();
    const result = await checkPage(page, access);
    times.push(performance.now() - t0);
    if (kind === 'unrelated') continue;
    derived++;
    if (r.toAlign.includes(source)) sourceHits++;
    if (r.toAlign.some((id) => story(id) === story(source))) storyHits++;
    if (exhaustive[q]!.id) {
      sketchTotal++;
      if (r.toAlign.includes(exhaustive[q]!.id)) sketchHits++;
    }
    // The exhaustive reference: alignment over the best EXHAUSTIVE_TOP of each channel.
    const listed = [...new Set(shortlist[q]!.flatMap((list) => list.ids))];
    shortlistSize += listed.length;
    const pick = matchPage(page, listed.map((id) => corpus.article(corpus.numberOf(id)))).source?.id ?? null;
    if (validating && validated < VALIDATE) {
      validated++;
      if ((matchPage(page, everything).source?.id ?? null) === pick) validateAgree++;
    }
    if (pick === null) continue;
    recallTotal++;
    if (r.toAlign.includes(pick)) recallHits++;
    else misses.push(`${kind} ${source}: exhaustive ${pick}, aligned ${r.toAlign.join(' ')}`);
    if (result.source?.id === pick) sameSource++;
  }
  const p50 = quantile(times, 0.5);
  const p95 = quantile(times, 0.95);
  const byKind = KINDS.map((k) => {
    const ts = times.filter((_, q) => pages[q]!.kind === k);
    return `${k} ${quantile(ts, 0.5).toFixed(1)}/${quantile(ts, 0.95).toFixed(1)}`;
  }).join(', ');
  log(`  query p50/p95 by kind (ms): ${byKind}`);
  const goal = size >= 1_000_000 ? 60 : 20;
  log(`  query p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms; recall vs exhaustive alignment ${recallHits}/${recallTotal} (same source named ${sameSource}), true source aligned ${sourceHits}/${derived}, a version of it ${storyHits}/${derived}; best-sketch article aligned ${sketchHits}/${sketchTotal}; shortlist ${(shortlistSize / Math.max(1, derived)).toFixed(0)} articles/page`);
  for (const m of misses) log(`    miss: ${m}`);
  if (validating) log(`  exhaustive shortlist vs alignment against all ${size} articles: same pick ${validateAgree}/${validated}`);
  rows.push({ id: 'cli.query.p50', measure: 'query: page text → candidates → verdict, p50', corpus: size, value: Math.round(p50 * 100) / 100, unit: 'ms', goal: `≤ ${goal} ms`, met: p50 <= goal, note: `p95 ${p95.toFixed(1)} ms; ${pages.length} pages (verbatim, edited, embedded passage, unrelated); p50/p95 by kind: ${byKind}` });
  rows.push({ id: 'cli.query.p95', measure: 'query: page text → candidates → verdict, p95', corpus: size, value: Math.round(p95 * 100) / 100, unit: 'ms', note: `${pages.length} pages` });
  const recall = (100 * recallHits) / Math.max(1, recallTotal);
  rows.push({
    id: 'retrieval.recall-vs-exhaustive',
    measure: 'candidate recall vs exhaustive alignment',
    corpus: size,
    value: Math.round(recall * 10) / 10,
    unit: '%',
    goal: '≥ 99%',
    met: recall >= 99,
    note: `${recallHits}/${recallTotal} derived pages whose exhaustive pick (alignment over the top ${EXHAUSTIVE_TOP} per channel by true sketch estimate and by shared word 3-grams) we aligned; our verdict named the same source for ${sameSource}${validating ? `; shortlist = alignment against all articles for ${validateAgree}/${validated} pages` : ''}`,
  });
  rows.push({ id: 'retrieval.true-source-aligned', measure: 'true source (or a version of its story) aligned', corpus: size, value: Math.round((1000 * storyHits) / Math.max(1, derived)) / 10, unit: '%', note: `true source itself ${sourceHits}/${derived}, a version ${storyHits}/${derived}; the article with the best sketch estimate aligned for ${sketchHits}/${sketchTotal} (the old measure)` });

  if (peer) {
    // Guard: the peer's query reads index[band].length for every band of the query and throws
    // when a band was never inserted; give it an empty bucket first (outside the timing).
    const peerIndex = (peer as unknown as { index: Record<string, string[]> }).index;
    const getHashbands = (peer as unknown as { getHashbands(m: unknown): string[] }).getHashbands.bind(peer);
    // Band keys beforehand for both: ours come with the fingerprint, the peer's band strings
    // are cached on the signature object it is given (getHashbands), so both time the lookup.
    const peerSigs = pageFps.map((f) => {
      const sig = { hashvalues: Array.from(f[0]!.verbatim) };
      for (const band of getHashbands(sig)) peerIndex[band] ??= [];
      return sig;
    });
    const vb = DEFAULT_PARAMS.verbatim.bands;
    const idsOf = (ds: Uint32Array) => {
      const out: string[] = new Array(ds.length);
      for (let i = 0; i < ds.length; i++) out[i] = index.idAt(ds[i]!);
      return out;
    };
    // Lookup alone: band keys made beforehand on both sides.
    const oursLookup = (f: Fingerprint[]) => idsOf(index.articlesSharingBands(f[0]!.bandKeys, 0, vb));
    // Signature → articles: each side makes its band keys from the same 128-value signature
    // (ours: 32 hashes of 4 values; the peer: 32 strings of 4 values, on a fresh object as its
    // query(minhash) API does for a new page), then looks them up.
    const sigArrays = pageFps.map((f) => Array.from(f[0]!.verbatim));
    const oursFromSig = (f: Fingerprint[]) => idsOf(index.articlesSharingBands(channelBandKeys(f[0]!.verbatim, DEFAULT_PARAMS.verbatim, 1), 0, vb));
    let differ = 0;
    let extra = 0;
    let answers = 0;
    for (let q = 0; q < pageFps.length; q++) {
      const a = new Set(oursLookup(pageFps[q]!));
      const b = new Set(peer.query(peerSigs[q]!));
      const c = new Set(oursFromSig(pageFps[q]!));
      const d = new Set(peer.query({ hashvalues: sigArrays[q]! }));
      answers += b.size;
      if (a.size !== b.size || [...b].some((id) => !a.has(id)) || c.size !== a.size || [...a].some((id) => !c.has(id)) || d.size !== b.size) differ++;
      for (const id of a) if (!b.has(id)) extra++;
    }
    const times: Record<'ours' | 'peer' | 'oursSig' | 'peerSig' | 'full', number[]> = { ours: [], peer: [], oursSig: [], peerSig: [], full: [] };
    let sink = 0;
    const clock = (what: keyof typeof times, run: () => void) => {
      const t0 = performance.now();
      run();
      times[what].push((performance.now() - t0) / pageFps.length);
    };
    for (let rep = 0; rep < 9; rep++) {
      clock('ours', () => { for (const f of pageFps) sink += oursLookup(f).length; });
      clock('peer', () => { for (const sig of peerSigs) sink += peer.query(sig).length; });
      clock('oursSig', () => { for (const f of pageFps) sink += oursFromSig(f).length; });
      clock('peerSig', () => { for (const h of sigArrays) sink += peer.query({ hashvalues: h }).length; });
      clock('full', () => { for (const f of pageFps) sink += index.queryChannels([f[0]!]).length; });
    }
    const med = (k: keyof typeof times) => quantile(times[k], 0.5);
    const [o, p, os, ps, full] = (['ours', 'peer', 'oursSig', 'peerSig', 'full'] as const).map(med) as [number, number, number, number, number];
    log(`  LSH, 32 bands × 4 rows, signature → ids: ours ${os.toFixed(4)} ms, minhash LshIndex ${ps.toFixed(4)} ms — ${(ps / os).toFixed(1)}×; lookup alone (keys made beforehand): ours ${o.toFixed(4)} ms, peer ${p.toFixed(4)} ms — ${(p / o).toFixed(1)}×; answers differ on ${differ}/${pageFps.length} pages (${extra} extra ids of ours, ${(answers / pageFps.length).toFixed(1)} articles/page); full three-channel query ${full.toFixed(3)} ms (${sink})`);
    rows.push({
      id: 'lsh.query.vs-minhash',
      measure: 'LSH query vs minhash LshIndex: same 128-value signatures, 32 bands × 4 rows, signature → ids sharing ≥ 1 band',
      corpus: size,
      value: Math.round(os * 10000) / 10000,
      unit: 'ms',
      goal: '≥ 5× faster',
      met: ps / os >= 5,
      peer: { name: 'minhash@0.0.9 LshIndex', value: Math.round(ps * 10000) / 10000, unit: 'ms' },
      ratio: Math.round((ps / os) * 10) / 10,
      note: `each side makes its band keys from the signature and looks them up; answers differ on ${differ}/${pageFps.length} pages (${extra} ids only ours: 32-bit band-key collisions); ${(answers / pageFps.length).toFixed(1)} articles per page; median of 9 alternating runs over ${pageFps.length} page signatures`,
    });
    rows.push({
      id: 'lsh.lookup.vs-minhash',
      measure: 'LSH band lookup alone vs minhash LshIndex (band keys made beforehand on both sides)',
      corpus: size,
      value: Math.round(o * 10000) / 10000,
      unit: 'ms',
      peer: { name: 'minhash@0.0.9 LshIndex', value: Math.round(p * 10000) / 10000, unit: 'ms' },
      ratio: Math.round((p / o) * 10) / 10,
      note: 'ours: 32 directory reads then a scan of ~8 sorted keys each; the peer: 32 string-keyed property reads; same answers as the row above',
    });
    rows.push({ id: 'lsh.query.channels', measure: 'full LSH query: 128 bands of three channels, counted and ranked (whole page)', corpus: size, value: Math.round(full * 1000) / 1000, unit: 'ms', note: 'CorpusIndex.queryChannels on the page fingerprint alone; a check also queries its windows' });
  }
}

/**
 * The exhaustive reference's scoring of one corpus article against every bench page, by
 * inversion: per signature position, a map from value to the (page, window) fingerprints
 * holding it, so an article costs 256 lookups instead of 256 comparisons per fingerprint
 * (same estimates as estimateJaccard, max over the page and its windows); and a map from the
 * pages' word-3-gram hashes to the pages, for the exact number of 3-grams the article shares
 * with each page (containment, which finds a source whose passage is embedded in a page even
 * when its sketch similarity to every window is low).
 */
class ExhaustiveScan {
  private readonly positions: Map<number, number[]>[][];
  private readonly pageOf: Uint32Array;
  private readonly matches: Uint8Array[];
  private readonly grams = new Map<number, number[]>();
  private readonly shared: Uint32Array;
  private readonly best: Float64Array[];
  constructor(pages: readonly PageArticle[], pageFps: readonly Fingerprint[][]) {
    const slots = pageFps.flatMap((fps, q) => fps.map((fp) => ({ q, fp })));
    this.pageOf = Uint32Array.from(slots, (s) => s.q);
    this.matches = [new Uint8Array(slots.length), new Uint8Array(slots.length)];
    this.positions = (['verbatim', 'reworded'] as const).map((ch) =>
      Array.from({ length: DEFAULT_PARAMS[ch].permutations }, (_, i) => {
        const m = new Map<number, number[]>();
        slots.forEach(({ fp }, slot) => {
          const v = fp[ch][i]!;
          if (v === 0xffffffff) return;
          const list = m.get(v);
          if (list) list.push(slot);
          else m.set(v, [slot]);
        });
        return m;
      }),
    );
    pages.forEach((page, q) => {
      for (const h of shingleHashes(segmentWords(pageBody(page), page.lang), 'words3')) {
        const list = this.grams.get(h);
        if (list) list.push(q);
        else this.grams.set(h, [q]);
      }
    });
    this.shared = new Uint32Array(pages.length);
    this.best = [new Float64Array(pages.length), new Float64Array(pages.length)];
  }
  /** Calls `offer` for every page with any estimate or shared 3-gram, in page order. */
  score(fp: Fingerprint, grams: Uint32Array, offer: (q: number, verbatim: number, reworded: number, shared: number) => void): void {
    const touched = new Set<number>();
    (['verbatim', 'reworded'] as const).forEach((ch, c) => {
      const sig = fp[ch];
      const matches = this.matches[c]!;
      const hitSlots: number[] = [];
      for (let i = 0; i < sig.length; i++) {
        const slots = this.positions[c]![i]!.get(sig[i]!);
        if (!slots) continue;
        for (const slot of slots) if (matches[slot]!++ === 0) hitSlots.push(slot);
      }
      const best = this.best[c]!;
      for (const slot of hitSlots) {
        const q = this.pageOf[slot]!;
        best[q] = Math.max(best[q]!, matches[slot]! / sig.length);
        matches[slot] = 0;
        touched.add(q);
      }
    });
    for (const h of grams) {
      const qs = this.grams.get(h);
      if (!qs) continue;
      for (const q of qs) {
        this.shared[q]!++;
        touched.add(q);
      }
    }
    for (const q of [...touched].sort((a, b) => a - b)) {
      offer(q, this.best[0]![q]!, this.best[1]![q]!, this.shared[q]!);
      this.best[0]![q] = this.best[1]![q] = this.shared[q] = 0;
    }
  }
}

/** The best `k` (id, score) pairs offered, score > 0; ties at the cut keep the first offered. */
class TopK {
  ids: string[] = [];
  private scores: number[] = [];
  private minAt = 0;
  constructor(private readonly k: number) {}
  offer(id: string, score: number): void {
    if (score <= 0) return;
    if (this.ids.length < this.k) {
      this.ids.push(id);
      this.scores.push(score);
      if (this.ids.length === this.k) this.findMin();
    } else if (score > this.scores[this.minAt]!) {
      this.ids[this.minAt] = id;
      this.scores[this.minAt] = score;
      this.findMin();
    }
  }
  private findMin(): void {
    for (let i = 0; i < this.scores.length; i++) if (this.scores[i]! < this.scores[this.minAt]!) this.minAt = i;
  }
}

function svg(all: BenchRow[]): string {
  const series = [
    { id: 'cli.query.p50', label: 'query p50 (ms)', color: '#c0392b' },
    { id: 'index.memory', label: 'index memory (MB)', color: '#2471a3' },
  ];
  const W = 640;
  const H = 300;
  const pad = 50;
  const xs = [...new Set(all.filter((r) => r.corpus).map((r) => r.corpus!))].sort((a, b) => a - b);
  const x = (n: number) => pad + ((Math.log10(n) - Math.log10(xs[0]!)) / Math.max(1e-9, Math.log10(xs.at(-1)!) - Math.log10(xs[0]!))) * (W - 2 * pad);
  let out = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H * series.length}" font-family="sans-serif" font-size="12">\n`;
  series.forEach((s, k) => {
    const pts = all.filter((r) => r.id === s.id && r.corpus).sort((a, b) => a.corpus! - b.corpus!);
    const max = Math.max(1, ...pts.map((p) => p.value)) * 1.15;
    const y = (v: number) => k * H + H - pad - (v / max) * (H - 2 * pad);
    out += `<text x="${pad}" y="${k * H + 20}" font-weight="bold">${s.label} against corpus size (log scale)</text>\n`;
    out += `<line x1="${pad}" y1="${k * H + H - pad}" x2="${W - pad}" y2="${k * H + H - pad}" stroke="#555"/><line x1="${pad}" y1="${k * H + pad}" x2="${pad}" y2="${k * H + H - pad}" stroke="#555"/>\n`;
    for (const n of xs) out += `<text x="${x(n)}" y="${k * H + H - pad + 16}" text-anchor="middle">${n.toLocaleString('en-US')}</text>\n`;
    out += `<text x="${pad - 6}" y="${y(max / 1.15)}" text-anchor="end">${(max / 1.15).toFixed(1)}</text><text x="${pad - 6}" y="${y(0)}" text-anchor="end">0</text>\n`;
    out += `<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${pts.map((p) => `${x(p.corpus!)},${y(p.value)}`).join(' ')}"/>\n`;
    for (const p of pts) out += `<circle cx="${x(p.corpus!)}" cy="${y(p.value)}" r="3" fill="${s.color}"/><text x="${x(p.corpus!) + 6}" y="${y(p.value) - 6}">${p.value}</text>\n`;
  });
  return `${out}</svg>\n`;
}

log(`Wirecheck bench: sizes ${sizes.join(', ')}, ${QUERIES} queries per size`);
const sig = signaturePeer();
log(`MinHash signatures: ours ${sig.ours.toFixed(2)} ms, minhash ${sig.peer.toFixed(2)} ms — ${(sig.peer / sig.ours).toFixed(1)}×`);
rows.push({ id: 'signature.vs-minhash', measure: 'MinHash signature time vs minhash package (seed texts, 128 permutations)', value: Math.round(sig.ours * 100) / 100, unit: 'ms', goal: '≥ 20× faster', met: sig.peer / sig.ours >= 20, peer: { name: 'minhash@0.0.9', value: Math.round(sig.peer * 100) / 100, unit: 'ms' }, ratio: Math.round((sig.peer / sig.ours) * 10) / 10, note: sig.note });
// With --keep-other-sizes, rows of corpus sizes not measured in this run are kept from the
// previous results.json (e.g. a 1M run added to a 10k/100k run), and so is the record of the
// run that measured them; rows other benches saved (`bench` set) are always kept. Results are
// written after every size, so a run stopped during a long size keeps the sizes it finished.
const previous = readResults();
const keepSize = (n: number | undefined) => values['keep-other-sizes'] && n !== undefined && !sizes.includes(n);
const kept: BenchRow[] = previous ? previous.rows.filter((r) => r.bench !== undefined || keepSize(r.corpus)) : [];
const keptRuns: BenchRun[] = (previous?.runs ?? []).map((r) => ({ ...r, sizes: r.sizes.filter(keepSize) })).filter((r) => r.sizes.length > 0);
const thisRun: BenchRun = { sizes, command: ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '), at: new Date().toISOString(), fingerprintFormat: FINGERPRINT_FORMAT_VERSION };
const save = () => {
  const all = [...rows, ...kept].sort((a, b) => (a.corpus ?? 0) - (b.corpus ?? 0));
  const results: BenchResults = {
    generatedAt: new Date().toISOString(),
    machine: thisMachine(),
    runs: [...keptRuns, thisRun],
    rows: all,
  };
  writeResults(results);
  writeFileSync(new URL('./results.svg', import.meta.url), svg(all));
  return all;
};
for (const size of sizes) {
  await measureSize(size);
  save();
}

const browserRun = new URL('./browser/run.ts', import.meta.url);
if (!values['no-browser'] && existsSync(browserRun)) {
  const { browserBench } = (await import(browserRun.href)) as { browserBench(opts: { sizes: number[] }): Promise<BenchRow[]> };
  rows.push(...(await browserBench({ sizes })));
}
const all = save();
console.table(all.map((r) => ({ measure: r.measure, corpus: r.corpus ?? '', value: `${r.value} ${r.unit}`, goal: r.goal ?? '', met: r.met === undefined ? '' : r.met ? 'yes' : 'NO', peer: r.peer ? `${r.peer.value} ${r.peer.unit}` : '', ratio: r.ratio ? `${r.ratio}×` : '' })));
