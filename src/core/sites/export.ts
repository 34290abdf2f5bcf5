/**
 * The per-site record as files the reader keeps or opens elsewhere: CSV (RFC 4180: a header
 * row, CRLF line ends, every field with a comma, quote, CR or LF quoted, quotes doubled) and
 * JSON Lines (one visit per line, the same keys in the same order).
 *
 * Titles and URLs come from pages, so a spreadsheet must not run them: a cell starting with
 * = + - @ (or a tab or CR, which some spreadsheets skip before reading a formula) is
 * prefixed with ' (OWASP's advice against CSV injection), which a spreadsheet shows and does
 * not evaluate. Numbers Wirecheck wrote itself (scores, times) are never negative and so never
 * prefixed; the JSON Lines export keeps every value exact, for programs.
 */

import type { SiteVisit } from './types';

/** The columns, in order: a visit's fields, the check's time also as an ISO date for people. */
export const VISIT_COLUMNS = [
  'host',
  'url',
  'title',
  'checkedAt',
  'checkedAtIso',
  'verdict',
  'sourceId',
  'sourceTitle',
  'paraphraseScore',
  'credited',
  'creditSignal',
] as const;

const FORMULA_START = /^[=+\-@\t\r]/;

function isoDate(time: number): string {
  return Number.isFinite(time) ? new Date(time).toISOString() : '';
}

/** One CSV field: formula-safe, then quoted when RFC 4180 needs it. */
export function csvField(value: string | number | boolean | undefined): string {
  let text = value === undefined ? '' : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function row(v: SiteVisit): string[] {
  const cells: Record<(typeof VISIT_COLUMNS)[number], string | number | boolean | undefined> = {
    host: v.host,
    url: v.url,
    title: v.title,
    checkedAt: v.checkedAt,
    checkedAtIso: isoDate(v.checkedAt),
    verdict: v.verdict,
    sourceId: v.sourceId,
    sourceTitle: v.sourceTitle,
    paraphraseScore: v.paraphraseScore,
    credited: v.credited,
    creditSignal: v.creditSignal,
  };
  return VISIT_COLUMNS.map((c) => csvField(cells[c]));
}

/** The visits as CSV: a header row, then one row per visit, CRLF after every row. */
export function visitsToCsv(visits: readonly SiteVisit[]): string {
  return [VISIT_COLUMNS.join(','), ...visits.map((v) => row(v).join(','))].map((line) => `${line}\r\n`).join('');
}

/** A visit's keys in a fixed order, absent optional fields left out (nothing else of the object leaks). */
function plainVisit(v: SiteVisit): SiteVisit {
  return {
    host: v.host,
    url: v.url,
    title: v.title,
    checkedAt: v.checkedAt,
    verdict: v.verdict,
    ...(v.sourceId !== undefined ? { sourceId: v.sourceId } : {}),
    ...(v.sourceTitle !== undefined ? { sourceTitle: v.sourceTitle } : {}),
    ...(v.paraphraseScore !== undefined ? { paraphraseScore: v.paraphraseScore } : {}),
    credited: v.credited,
    ...(v.creditSignal !== undefined ? { creditSignal: v.creditSignal } : {}),
  };
}

/**
 * The visits as JSON Lines: one object per line, each line ended by "\n". JSON.stringify
 * escapes newlines in strings; U+2028 and U+2029, which some line readers split on, are
 * escaped too.
 */
export function visitsToJsonl(visits: readonly SiteVisit[]): string {
  return visits.map((v) => `${JSON.stringify(plainVisit(v)).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`)}\n`).join('');
}
