/**
 * What the CLI prints: the JSON lines (a public, scriptable format) and the human-readable
 * table and text. Pure functions from results to strings, so the shapes are unit-tested
 * without running a process.
 *
 * The JSON objects are built key by key rather than spread from MatchResult: their keys and
 * key order are a contract with whoever pipes them into jq, and a field added to the core
 * (alignedPairs, sourceReuse, …) must not leak into it unannounced.
 */

import type { MatchResult, Verdict } from '../core/types';
import type { ExtractedPage } from './inputs';
import { escapeControls, escapeJson } from './io';

export interface CheckJson {
  input: string;
  verdict: Verdict;
  source: { id: string; title: string; url: string; published: string } | null;
  /** 0 = word for word … 100 = entirely reworded; null when nothing derives from a source. */
  paraphraseScore: number | null;
  /** 0–1: share of the page's words that derive from the source. */
  coverage: number;
  candidates: { id: string; similarity: number }[];
}

export function checkJson(input: string, result: MatchResult): CheckJson {
  const { source } = result;
  return {
    input,
    verdict: result.verdict,
    source: source ? { id: source.id, title: source.title, url: source.url, published: source.published } : null,
    paraphraseScore: result.paraphraseScore,
    coverage: result.coverage,
    candidates: result.candidates.map((c) => ({ id: c.id, similarity: c.similarity })),
  };
}

export interface ExtractJson {
  input: string;
  title: string;
  byline: string | null;
  text: string;
}

export function extractJson(input: string, page: ExtractedPage): ExtractJson {
  return { input, title: page.title, byline: page.byline, text: page.text };
}

/** What `--evidence` adds to a check's JSON line, under the one key "evidence". */
export interface EvidenceJson {
  sourceReuse: number;
  sharedQuotes: number;
  substitutions: { source: string; page: string; count: number }[];
  alignedPairs: { page: string; source: string; similarity: number; paraphraseScore: number; quote: boolean }[];
  /** The story's facts: names, numbers and rare words carried, and their order (core/match/evidence.ts). */
  facts: MatchResult['evidence'];
}

export function evidenceJson(result: MatchResult): EvidenceJson {
  return {
    sourceReuse: result.sourceReuse,
    sharedQuotes: result.sharedQuotes,
    substitutions: result.substitutions.map((s) => ({ source: s.sourceAsWritten, page: s.pageAsWritten, count: s.count })),
    alignedPairs: result.alignedPairs.map((p) => ({
      page: p.pageSentence,
      source: p.sourceSentence,
      similarity: p.similarity,
      paraphraseScore: p.paraphraseScore,
      quote: p.quote,
    })),
    facts: result.evidence,
  };
}

/**
 * One object per line: JSON.stringify never emits a raw newline, so one line it is; the
 * controls it leaves raw (C1, DEL, bidirectional) are written as \uXXXX escapes (io.ts).
 */
export function jsonLine(value: CheckJson | (CheckJson & { evidence: EvidenceJson }) | ExtractJson): string {
  return escapeJson(JSON.stringify(value));
}

const VERDICT_COLOR: Record<Verdict, string> = {
  verbatim: '\x1b[1;31m',
  edited: '\x1b[33m',
  rewritten: '\x1b[35m',
  partial: '\x1b[36m',
  none: '\x1b[2m',
};

interface Column {
  header: string;
  align: 'left' | 'right';
}

const CHECK_COLUMNS: Column[] = [
  { header: 'INPUT', align: 'left' },
  { header: 'VERDICT', align: 'left' },
  { header: 'PARAPHRASE', align: 'right' },
  { header: 'COVERAGE', align: 'right' },
  { header: 'SOURCE', align: 'left' },
];

/**
 * The check results as an aligned table: input, verdict, paraphrase score, coverage as a
 * percentage, source title. Colour (the verdict only) is for terminals; widths are measured
 * on the plain text so colour never shifts a column.
 */
export function checkTable(rows: readonly { input: string; result: MatchResult }[], opts: { color: boolean }): string {
  const cells = rows.map(({ input, result }) => [
    escapeControls(input),
    result.verdict,
    result.paraphraseScore === null ? '-' : String(result.paraphraseScore),
    `${Math.round(result.coverage * 100)}%`,
    result.source ? oneLine(result.source.title) || oneLine(result.source.id) : '-',
  ]);
  const widths = CHECK_COLUMNS.map((col, i) => Math.max(col.header.length, ...cells.map((r) => r[i]!.length)));
  const render = (row: string[], paint: (i: number, s: string) => string) =>
    row
      .map((cell, i) => {
        const last = i === row.length - 1;
        const pad = ' '.repeat(last ? 0 : widths[i]! - cell.length);
        const painted = paint(i, cell);
        return CHECK_COLUMNS[i]!.align === 'right' ? pad + painted : painted + pad;
      })
      .join('  ')
      .trimEnd();
  const lines = [render(CHECK_COLUMNS.map((c) => c.header), (_, s) => s)];
  cells.forEach((row, r) => {
    const verdict = rows[r]!.result.verdict;
    lines.push(render(row, (i, s) => (opts.color && i === 1 ? `${VERDICT_COLOR[verdict]}${s}\x1b[0m` : s)));
  });
  return lines.join('\n');
}

const SHOWN_SUBSTITUTIONS = 8;

/**
 * The evidence under the table, for inputs that derive from a source: the spinner's word
 * swaps, quotes shared (and not counted), and with `pairs` every aligned sentence pair.
 * Empty string when there is nothing to show.
 */
export function checkEvidence(input: string, result: MatchResult, opts: { pairs: boolean }): string {
  if (!result.source) return '';
  const lines = [`== ${escapeControls(input)}: ${result.verdict} from “${oneLine(result.source.title)}”`];
  lines.push(`   reuses ${Math.round(result.sourceReuse * 100)}% of the source; ${result.sharedQuotes} shared quote${result.sharedQuotes === 1 ? '' : 's'} (not counted as copying)`);
  if (result.evidence) {
    const e = result.evidence;
    lines.push(`   ${e.anchorsShared} names and numbers shared, ${Math.round(e.order * 100)}% in the source's order; ${Math.round(e.pageExplained * 100)}% of the page's distinctive words occur in the source`);
  }
  if (result.substitutions.length > 0) {
    const shown = result.substitutions.slice(0, SHOWN_SUBSTITUTIONS).map((s) => `${oneLine(s.sourceAsWritten)} → ${oneLine(s.pageAsWritten)}${s.count > 1 ? ` (×${s.count})` : ''}`);
    const more = result.substitutions.length - shown.length;
    lines.push(`   word swaps: ${shown.join('; ')}${more > 0 ? `; and ${more} more` : ''}`);
  }
  if (opts.pairs) {
    for (const p of result.alignedPairs) {
      lines.push(`   ${p.quote ? 'quote' : `${String(p.paraphraseScore).padStart(3)}/100`}  page:   ${oneLine(p.pageSentence)}`);
      lines.push(`            source: ${oneLine(p.sourceSentence)}`);
    }
  }
  return lines.join('\n');
}

/** An extracted page for reading: where it came from, title, byline, then the text. */
export function extractText(input: string, page: ExtractedPage): string {
  return [
    `== ${escapeControls(input)}`,
    `Title:  ${oneLine(page.title) || '-'}`,
    `Byline: ${page.byline ? oneLine(page.byline) : '-'}`,
    '',
    escapeControls(page.text.trim(), { newlines: true }),
  ].join('\n');
}

/**
 * Titles scraped from pages can carry newlines and runs of spaces; a table row cannot. Nor can
 * it carry what a terminal would obey (escape sequences, bidirectional controls): those are
 * written out (io.ts escapeControls), whatever the page or the corpus held.
 */
function oneLine(s: string): string {
  return escapeControls(s.replace(/\s+/g, ' ').trim());
}
