/**
 * One article record as a corpus file gives it, checked and cleaned: the fields a JSON Lines
 * line or a JSON array item must have, and the same checks for the metadata a corpus pack
 * lists (core/pack), so a pack cannot smuggle in what a line could not.
 *
 * - A problem is returned as one sentence naming the field ('"url" must be an http(s)
 *   address, not "javascript:alert(1)"'), never thrown: the file reader lists it with its line.
 * - Control characters other than \n and \t are stripped: they are invisible, break sentence
 *   segmentation and have no place in news copy. \r\n and \r become \n. Titles, ids and URLs
 *   are one line, their whitespace collapsed.
 * - A title holding HTML markup is refused: a headline is plain text, and markup in one is a
 *   forged or scraped mistake.
 */

import type { Article } from '../types';
import { readDate } from './dates';

/** Longest article text accepted: ~150,000 words, far beyond any news story. */
export const MAX_TEXT_CHARS = 1_000_000;

/** An article's fields without its text: what a corpus pack lists for each article. */
export type ArticleMetadata = Omit<Article, 'text'>;

// C0 and C1 controls and DEL, except \t (09) and \n (0A); \r is turned into \n before this.
// eslint-disable-next-line no-control-regex -- the controls removed from a record's fields
const CONTROL_CHARS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
const HTML_MARKUP = /<\/?[a-z][^<>]*>|<!--/i;

export function cleanText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(CONTROL_CHARS, '').trim();
}

export function cleanLine(text: string): string {
  return cleanText(text).replace(/\s+/g, ' ');
}

/** What is wrong with a text's length, or null. */
export function tooLong(text: string): string | null {
  if (text.length <= MAX_TEXT_CHARS) return null;
  const n = (x: number) => x.toLocaleString('en-US');
  return `"text" is too long (${n(text.length)} characters; the limit is ${n(MAX_TEXT_CHARS)})`;
}

/** A value as a message quotes it: JSON-quoted, cut at 60 characters. */
export function quoteForMessage(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
}

/** The article, or what is wrong with it. */
export function checkRecord(value: unknown): Article | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    return `expected a JSON object, got ${got}`;
  }
  return checkFields(value as Record<string, unknown>, true) as Article | string;
}

/**
 * The metadata of one article (id, title, url, published) checked and cleaned exactly as a
 * JSON Lines line's are, for records that carry no text (a corpus pack's article list).
 */
export function checkArticleMetadata(record: Record<string, unknown>): ArticleMetadata | string {
  return checkFields(record, false);
}

function checkFields(record: Record<string, unknown>, withText: boolean): Article | ArticleMetadata | string {
  const required = {} as Record<'id' | 'title' | 'text', string>;
  for (const key of withText ? (['id', 'title', 'text'] as const) : (['id', 'title'] as const)) {
    const field = record[key];
    if (field !== undefined && field !== null && typeof field !== 'string') return `"${key}" must be a string, not ${typeof field}`;
    const cleaned = typeof field === 'string' ? (key === 'text' ? cleanText(field) : cleanLine(field)) : '';
    if (cleaned === '') return `"${key}" is missing or empty`;
    required[key] = cleaned;
  }
  const markup = HTML_MARKUP.exec(required.title);
  if (markup) return `"title" holds HTML markup (${quoteForMessage(markup[0])}); give the headline as plain text`;
  if (withText) {
    const lengthProblem = tooLong(required.text);
    if (lengthProblem) return lengthProblem;
  }

  const url = optionalString(record, 'url');
  if (url.problem) return url.problem;
  if (url.value && !isHttpUrl(url.value)) return `"url" must be an http(s) address, not ${quoteForMessage(url.value)}`;

  const published = optionalString(record, 'published');
  if (published.problem) return published.problem;
  const date = readDate(published.value ?? '');
  if (!date.ok) {
    return `"published": ${date.problem}`;
  }

  const metadata = { id: required.id, title: required.title, url: url.value, published: date.iso };
  return withText ? { ...metadata, text: required.text } : metadata;
}

/** Absent, null and "" all mean "not known". */
function optionalString(record: Record<string, unknown>, key: string): { value: string; problem?: string } {
  const field = record[key];
  if (field === undefined || field === null) return { value: '' };
  if (typeof field !== 'string') return { value: '', problem: `"${key}" must be a string, not ${typeof field}` };
  return { value: cleanLine(field) };
}

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
