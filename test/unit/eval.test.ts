// The evaluation harness (bench/eval): its generators are deterministic and do what their
// labels say, and its metrics compute what the report claims.
import { describe, expect, it } from 'vitest';
import { buildBenchmark, splitOf } from '../../bench/eval/benchmark';
import { articleSentences, partial, toDoc } from '../../bench/eval/derive';
import { computeMetrics, newWordShare, type Outcome, ranks, spearman } from '../../bench/eval/metrics';
import { makeRng, rngFor } from '../../bench/eval/prng';
import { eligibleTokens, spin, tokenize } from '../../bench/eval/spinner';
import { generateCorpus, generateStory, makeTopic } from '../../bench/eval/synthetic';
import { loadWordNet, type Thesaurus } from '../../bench/eval/wordnet';

/** Every content word has exactly one synonym: the word with "zq" in front. */
const fakeThesaurus: Thesaurus = { synonyms: (w) => (w.startsWith('zq') ? [] : [`zq${w}`]) };

const SAMPLE =
  'KORVALA, Dremia (AP) — Officials in Korvala announced on Monday that 240 workers would lose their jobs when the harbor closes in 2027.\n\n' +
  '“We have tried everything to keep the port open,” said Mara Velnik, the director of the Korvala Port Authority.\n\n' +
  'The decision follows three years of falling traffic and a long dispute with the national government over repair costs, which reached $3.5 million last year.\n\n' +
  'Local businesses fear that the closure will empty the town center, and several shop owners said they would move to Tarvik.';

describe('synthetic corpus', () => {
  it('is the same for the same seed and differs for another seed', () => {
    const a = generateCorpus({ seed: 7, count: 6, topics: 2 });
    const b = generateCorpus({ seed: 7, count: 6, topics: 2 });
    const c = generateCorpus({ seed: 8, count: 6, topics: 2 });
    expect(a).toEqual(b);
    expect(a.map((x) => x.id)).toEqual(c.map((x) => x.id));
    expect(a.map((x) => x.text)).not.toEqual(c.map((x) => x.text));
    expect(new Set(a.map((x) => x.id)).size).toBe(6);
  });

  it('writes AP-style stories: dateline, 15–35 sentences, quotes with attribution', () => {
    for (const a of generateCorpus({ seed: 3, count: 8, topics: 4 })) {
      expect(a.text.split('\n\n')[0]).toMatch(/^[A-Z ]+, [A-Z][a-z]+ \(AP\) — \S/);
      const n = toDoc(a.text).flat().length;
      expect(n).toBeGreaterThanOrEqual(12); // 15–35 drawn; segmentation may merge a few
      expect(n).toBeLessThanOrEqual(45);
      expect(a.title.length).toBeGreaterThan(0);
    }
    const all = generateCorpus({ seed: 3, count: 8, topics: 4 }).map((a) => a.text).join('\n');
    expect(all).toMatch(/” (?:said [A-Z]|[A-Z][a-z]+ said\.)/);
  });

  it('gives stories of one topic shared people and places, and a story does not depend on its neighbours', () => {
    const topic = makeTopic(5, 1);
    const one = generateStory({ seed: 5, topic: 1, story: 0 });
    const two = generateStory({ seed: 5, topic: 1, story: 1000 });
    const names = [...topic.cities, topic.country, ...topic.people.map((p) => p.last)];
    const shared = names.filter((n) => one.text.includes(n) && two.text.includes(n));
    expect(shared.length).toBeGreaterThanOrEqual(2);
    expect(generateCorpus({ seed: 5, count: 4, topics: 2 })[1]).toEqual(generateStory({ seed: 5, topic: 1, story: 0 }));
  });
});

describe('spinner', () => {
  it('replaces round(s × eligible) words and never touches names, numbers or punctuation', () => {
    const tokens = tokenize(SAMPLE);
    const eligible = eligibleTokens(tokens, fakeThesaurus).length;
    expect(eligible).toBeGreaterThan(25);
    for (const s of [0.1, 0.3, 0.5, 0.7, 1]) {
      const out = spin(SAMPLE, fakeThesaurus, makeRng(11), { strength: s });
      const after = tokenize(out.text);
      expect(after.length).toBe(tokens.length);
      const changed = after.filter((t, i) => t !== tokens[i]);
      expect(changed.length).toBe(Math.round(s * eligible));
      expect(out.changed).toBe(changed.length);
      after.forEach((t, i) => {
        const before = tokens[i]!;
        if (!/^[a-z]+$/.test(before)) expect(t === before || /^an?$/i.test(before)).toBe(true);
      });
      for (const keep of ['Korvala', 'Mara', 'Velnik', 'Dremia', '240', '2027', '3.5', 'Tarvik', 'Monday']) {
        expect(out.text).toContain(keep);
      }
    }
  });

  it('leaves quotations alone when asked, and is deterministic', () => {
    const a = spin(SAMPLE, fakeThesaurus, makeRng(2), { strength: 1, keepQuotes: true });
    expect(a.text).toContain('“We have tried everything to keep the port open,”');
    expect(spin(SAMPLE, fakeThesaurus, makeRng(2), { strength: 0.5 }).text).toBe(spin(SAMPLE, fakeThesaurus, makeRng(2), { strength: 0.5 }).text);
  });

  it('spins with WordNet synonyms at roughly the strength asked, names and numbers intact', () => {
    const wordnet = loadWordNet('any');
    expect(wordnet.synonyms('provided')).toContain('supplied');
    expect(wordnet.synonyms('countries')).toContain('nations');
    expect(loadWordNet('first').synonyms('new')).toEqual([]); // likeliest reading (adjective) has no synonym
    for (const s of [0.3, 0.7]) {
      const out = spin(SAMPLE, wordnet, makeRng(4), { strength: s });
      expect(out.eligible).toBeGreaterThan(8);
      expect(Math.abs(out.changed / out.eligible - s)).toBeLessThan(0.1);
      for (const r of out.replacements) expect(r.to).toMatch(/^[a-z][a-z' -]*$/);
      for (const keep of ['KORVALA', 'Korvala', 'Mara Velnik', '240', '2027', '$3.5 million', 'Tarvik']) expect(out.text).toContain(keep);
    }
  });
});

describe('benchmark pages', () => {
  const editor = loadWordNet('first');
  const spinner = loadWordNet('any');

  it('embeds a block of 3–6 consecutive source sentences in a partial page', () => {
    const [source, host] = [generateStory({ seed: 9, topic: 0, story: 0 }), generateStory({ seed: 9, topic: 0, story: 2000 })];
    const p = partial(source, host, rngFor(9, 'partial', source.id), { editor, spinner, relatedTitles: [], year: 2026 })!;
    expect(p.block.length).toBeGreaterThanOrEqual(3);
    expect(p.block.length).toBeLessThanOrEqual(6);
    expect(p.block.sentences).toEqual(articleSentences(source).slice(p.block.start, p.block.start + p.block.length));
    const pageSentences = toDoc(p.text).flat();
    const found = p.block.sentences.map((s) => pageSentences.findIndex((x) => newWordShare(x, s) < 0.3));
    expect(found.every((i) => i >= 0)).toBe(true);
    expect(found).toEqual(found.map((_, k) => found[0]! + k)); // consecutive, in order
    for (const s of articleSentences(host)) expect(p.text.replace(/["“”]/g, '')).toContain(s.replace(/["“”]/g, ''));
  });

  it('is deterministic, labels every page, and keeps each page in its source split', () => {
    const build = () => buildBenchmark({ seed: 2, synthetic: 10, topics: 2, originalsPerSplit: 2, editor, spinner });
    const a = build();
    expect(build().pages).toEqual(a.pages);
    const indexed = new Map(a.indexed.map((x) => [x.id, x]));
    expect(a.pages.length).toBeGreaterThan(20);
    for (const p of a.pages) {
      if (p.level === 'none') {
        expect(p.sourceId).toBeNull();
        expect(indexed.has(p.id.replace(/~none$/, ''))).toBe(false);
      } else {
        expect(indexed.has(p.sourceId!)).toBe(true);
        expect(p.accept).toContain(p.sourceId);
      }
    }
    const variants = new Set(a.pages.map((p) => p.variant));
    for (const v of ['verbatim', 'edited', 'spin30', 'spin50', 'spin70', 'condensed', 'partial', 'same-topic']) expect(variants).toContain(v);
    const other = buildBenchmark({ seed: 3, synthetic: 10, topics: 2, originalsPerSplit: 2, editor, spinner });
    expect(other.pages.map((p) => p.text)).not.toEqual(a.pages.map((p) => p.text));
  });

  it('splits by a seed-independent hash, about 60/40', () => {
    expect(splitOf('topic:3')).toBe(splitOf('topic:3'));
    const dev = Array.from({ length: 2000 }, (_, i) => splitOf(`article-${i}`)).filter((s) => s === 'dev').length;
    expect(dev / 2000).toBeGreaterThan(0.56);
    expect(dev / 2000).toBeLessThan(0.64);
  });
});

describe('metrics', () => {
  it('computes Spearman with average ranks for ties', () => {
    expect(ranks([10, 20, 20, 30])).toEqual([1, 2.5, 2.5, 4]);
    expect(spearman([1, 2, 3, 4, 5], [2, 4, 8, 16, 32])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4, 5], [5, 4, 3, 2, 1])).toBeCloseTo(-1, 12);
    // ranks of y: [1, 2, 3.5, 5, 3.5]; ρ = 8 / √(10 × 9.5)
    expect(spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7])).toBeCloseTo(8 / Math.sqrt(95), 12);
    expect(spearman([1, 2, 3], [4, 4, 4])).toBeNull();
  });

  it('counts attribution, false flags, confusion and per-level accuracy', () => {
    const o = (level: Outcome['level'], variant: Outcome['variant'], predicted: Outcome['predicted'], predictedSource: string | null, score: number | null, rewordLevel: number | null = null): Outcome => ({
      id: `${variant}-${predicted}-${Math.random()}`,
      level,
      variant,
      split: 'dev',
      accept: level === 'none' ? [] : ['s1', 's1-v2'],
      rewordLevel,
      predicted,
      predictedSource,
      paraphraseScore: score,
      coverage: 0.8,
      candidates: predictedSource ? [predictedSource, 'x'] : ['x'],
      aligned: predictedSource ? [predictedSource] : [],
      ms: 1,
    });
    const outcomes = [
      o('verbatim', 'verbatim', 'verbatim', 's1', 0, 0),
      o('verbatim', 'verbatim', 'partial', 's1-v2', 3, 0), // other version: attribution right, verdict wrong
      o('edited', 'edited', 'edited', 's1', 12, 0.1),
      o('rewritten', 'spin50', 'rewritten', 's1', 30, 0.5),
      o('rewritten', 'spin70', 'edited', 'other', 20, 0.7), // wrong source
      o('partial', 'partial', 'none', null, null),
      o('none', 'same-topic', 'none', null, null),
      o('none', 'same-topic', 'rewritten', 'zz', 40), // false flag
      o('none', 'same-topic', 'partial', 'zz', 40), // verdict error, not a false flag
      o('none', 'unrelated', 'none', null, null),
    ];
    const m = computeMetrics(outcomes);
    expect(m.n).toBe(10);
    expect(m.attribution).toEqual({ hit: 4, total: 6, rate: 4 / 6 });
    expect(m.falseFlags.sameTopic).toEqual({ hit: 1, total: 3, rate: 1 / 3 });
    expect(m.falseFlags.allNegatives).toEqual({ hit: 1, total: 4, rate: 1 / 4 });
    expect(m.confusion.verbatim).toEqual({ verbatim: 1, edited: 0, rewritten: 0, partial: 1, none: 0 });
    expect(m.confusion.rewritten).toEqual({ verbatim: 0, edited: 1, rewritten: 1, partial: 0, none: 0 });
    expect(m.confusion.none).toEqual({ verbatim: 0, edited: 0, rewritten: 1, partial: 1, none: 2 });
    expect(m.verdict.byLevel.verbatim.rate).toBe(0.5);
    expect(m.verdict.byLevel.partial.rate).toBe(0);
    expect(m.verdict.byLevel.none.rate).toBe(0.5);
    expect(m.verdict.macro).toBeCloseTo((0.5 + 1 + 0.5 + 0 + 0.5) / 5, 12);
    expect(m.verdict.micro).toEqual({ hit: 5, total: 10, rate: 0.5 });
    // Ladder pages attributed right: levels 0, 0, 0.1, 0.5 with scores 0, 3, 12, 30.
    expect(m.spearman.ladder.n).toBe(4);
    expect(m.spearman.ladder.rho).toBeCloseTo(spearman([0, 0, 0.1, 0.5], [0, 3, 12, 30])!, 12);
    expect(m.recall.inCandidates).toEqual({ hit: 4, total: 6, rate: 4 / 6 });
  });

  it('measures new wording independently of the matcher', () => {
    expect(newWordShare('The port closed on Monday.', 'On Monday the port closed.')).toBe(0);
    expect(newWordShare('The harbor shut on Monday.', 'The port closed on Monday.')).toBeCloseTo(2 / 5, 12);
  });
});
