// What the fuzz suite found, each kept as the smallest input that shows it. Every test states
// the behaviour the product promises and fails if the problem comes back; the fuzz target
// that found it, and its replay line, is named above each.
import 'fake-indexeddb/auto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readDate } from '../../../src/core/corpus/dates';
import { parseCorpusFile, serializeJsonLines } from '../../../src/core/corpus/files';
import { buildPack } from '../../../src/core/pack/build';
import { openPack } from '../../../src/core/pack/pack';
import { CorpusStore } from '../../../src/storage';
import { importPackBytes } from '../../../src/ui/options/pack-import';
import { runInProcess } from './cli-oracle';
import { BASE_ARTICLES } from './corpus-gen';
import { concat } from './mutate';
import { layPack, splitPack } from './pack-gen';

const tmp = mkdtempSync(join(tmpdir(), 'wirecheck-fuzz-findings-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const BODY = 'The city council approved the budget on Tuesday after a long debate about schools, roads and the harbor. The vote was 7-2, and the mayor said she would sign it.';

/** `wirecheck index` on `name`: the pack it writes (if it says it wrote one) must open. */
async function indexThenOpen(name: string, content: string): Promise<{ status: number; opens: boolean | null; stderr: string }> {
  const corpus = join(tmp, name);
  const out = join(tmp, `${name}.wcpack`);
  writeFileSync(corpus, content);
  const run = await runInProcess(['index', corpus, '-o', out]);
  let opens: boolean | null = null;
  if (existsSync(out)) {
    try {
      openPack(readFileSync(out));
      opens = true;
    } catch {
      opens = false;
    }
  }
  return { status: run.status ?? -1, opens, stderr: run.stderr };
}

describe('fuzz findings', () => {
  // Found by corpus-parse (WIRECHECK_FUZZ_SEED=3 WIRECHECK_FUZZ_ONLY=corpus-parse:167): a .txt
  // (or .html) corpus file's headline is not checked for markup as a JSON Lines title is, so
  // `wirecheck index` packs it (exit 0) and every pack reader then refuses the pack.
  it.each([
    ['story.txt', `Council <b>approves</b> budget\n\n${BODY}\n`],
    ['story.html', `<html><head><title>Council &lt;b&gt;approves&lt;/b&gt; budget</title></head><body><article><h1>Council &lt;b&gt;approves&lt;/b&gt; budget</h1>${`<p>${BODY}</p>`.repeat(4)}</article></body></html>`],
  ])('index refuses %s with markup in its headline, or writes a pack that opens', async (name, content) => {
    const r = await indexThenOpen(name, content);
    if (r.status === 0) expect(r.opens, r.stderr).toBe(true);
    else expect(r.opens).toBe(null);
  });

  // Found by corpus-dates (default seed, WIRECHECK_FUZZ_ONLY=corpus-dates:5): Date.UTC reads
  // the years 0–99 as 1900–1999, so a date of year 0000–0099 that needs converting (a zone, a
  // feed or US form) comes out in the 20th century. Refusing such years would do as well.
  it.each([
    ['1 Jan 0050 10:00 +0100', '0050-01-01T09:00:00Z'],
    ['01/01/0050 10:00 EST', '0050-01-01T15:00:00Z'],
    ['0099-12-01 00:00 GMT', '0099-12-01T00:00:00Z'],
    ['0099-12-31 23:00 -0200', '0100-01-01T01:00:00Z'],
  ])('reads %s in its own year, or refuses it', (value, iso) => {
    const date = readDate(value);
    if (date.ok) expect(date.iso).toBe(iso);
  });

  // Found by corpus-dates' read-back property: the last hours of 9999 with a negative zone
  // convert to "+010000-01-01T…", an expanded year that readDate itself refuses, so the
  // article reads from JSON Lines, and its export, or the pack `index` makes of it, does not.
  it('a date it accepts reads back as itself, in JSON Lines and in a pack', async () => {
    const value = 'Fri, 31 Dec 9999 23:30:00 -0100';
    const date = readDate(value);
    if (date.ok) expect(readDate(date.iso)).toEqual(date);
    const line = JSON.stringify({ id: 'late', title: 'Council approves budget', published: value, text: BODY });
    const first = parseCorpusFile({ name: 'a.jsonl', content: line });
    if (first.articles.length === 1) {
      expect(parseCorpusFile({ name: 'b.jsonl', content: serializeJsonLines(first.articles) }).errors).toEqual([]);
    }
    const r = await indexThenOpen('late.jsonl', `${line}\n`);
    if (r.status === 0) expect(r.opens, r.stderr).toBe(true);
  });

  // Seen in corpus-dates' output ("0099-01-01T9:05+2400"): an unchecked zone offset such as
  // "+9999" (99 hours and 99 minutes) would move a date by four days, and "+2400", which no
  // ISO 8601 reader takes, would be kept as written. Real offsets run from -14:00 to +14:00.
  it.each(['2024-01-01 10:00 +9999', 'Mon, 1 Jan 2024 10:00 -9959', '2024-01-01T10:00+2400', '01/01/2024 10:00 +0075'])('refuses the zone offset of %s', (value) => {
    expect(readDate(value).ok).toBe(false);
  });

  // Found by page-cli (default seed, WIRECHECK_FUZZ_ONLY=page-cli:1: `extract --json`) and
  // corpus-cli (WIRECHECK_FUZZ_SEED=9 WIRECHECK_FUZZ_ONLY=corpus-cli:59: `check --json`, a
  // source id and title): `--json` output is JSON.stringify's, which escapes C0 controls but
  // writes C1 controls (U+009B, a one-byte CSI, as cli/io.ts says) and bidirectional controls
  // (U+202E) raw, so a page's or a corpus's text reaches the terminal as it is. JSON may write
  // any character as \uXXXX, which reads back as the same text.
  it('--json output writes C1 and bidirectional controls as escapes', async () => {
    const evil = 'Council \u009b2J\u202eapproves budget';
    const paragraph = '<p>The city council approved the budget on Tuesday after a long debate about schools, roads and the harbor, officials said in a statement.</p>';
    const page = join(tmp, 'evil.html');
    writeFileSync(page, `<html><head><title>${evil}</title></head><body><article><h1>${evil}</h1>${paragraph.repeat(3)}<p>${evil}, officials said, and more words to fill the paragraph out.</p></article></body></html>`);
    const run = await runInProcess(['extract', '--json', page]);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).title).toContain('\u202e');
    expect(run.stdout).not.toMatch(/[\u0080-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
  });

  // Found by pack-open's checks on forged texts: openPack verifies metadata but not texts, so a
  // pack whose CRC was made right after its text was replaced by bytes that do not inflate is
  // imported by the options page as it is; from then on every read of that article (a check
  // that retrieves it, the article dialog, an export) fails with "Could not read the corpus".
  it("the options page's import refuses a pack whose text does not inflate, or stores a readable one", async () => {
    const parts = splitPack(await buildPack(BASE_ARTICLES.slice(0, 3), { createdAt: '2024-05-01T00:00:00Z' }));
    const offsets = new Uint32Array(parts.sections.textOffsets.slice().buffer);
    const texts = [0, 1, 2].map((i) => parts.sections.texts.slice(offsets[i], offsets[i + 1]));
    texts[0] = Uint8Array.of(1, 2, 3, 4, 5);
    const fixed = new Uint32Array(4);
    texts.forEach((t, k) => (fixed[k + 1] = fixed[k]! + t.length));
    parts.sections.texts = concat(...texts);
    parts.sections.textOffsets = new Uint8Array(fixed.buffer);
    const store = await CorpusStore.open('wirecheck-fuzz-finding-texts');
    try {
      const outcome = await importPackBytes(store, layPack(parts));
      if (outcome.kind === 'imported') await expect(store.getArticles([BASE_ARTICLES[0]!.id])).resolves.toHaveLength(1);
      else expect(outcome.reason).toBe('damaged');
    } finally {
      store.close();
    }
  });
});
