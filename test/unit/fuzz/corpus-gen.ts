/**
 * Damaged corpus files for the fuzz suite: JSON Lines (or a JSON array) built from real and
 * synthetic articles, then broken at three levels: the record (fields removed, of the wrong
 * type, hostile values, markup in titles, bad URLs and dates, huge texts, duplicate ids), the
 * line's JSON text (duplicated keys, extreme numbers, deep nesting, cuts, raw control
 * characters, lines joined or split), and the file's bytes (flips, cuts, invalid UTF-8, BOMs).
 *
 * Also what the CLI should do with such a file, derived from the same library calls its
 * `readCorpus` makes for one file, so a CLI run can be held to it (`expectedCorpus`).
 */

import { basename, extname } from 'node:path';
import { parseCorpusFile } from '../../../src/core/corpus/files';
import { PACK_EXTENSION, looksLikeDamagedPack, looksLikePack } from '../../../src/core/pack/pack';
import type { Article } from '../../../src/core/types';
import { seedCorpus } from '../seeds';
import { syntheticArticles } from '../storage-synthetic';
import type { Rng } from './fuzz';
import { EXTREME_NUMBER_TEXT, asText, deepJson, hostileChar, hostileDate, hostileString, hostileUrl, insertAt, jsonValue, mutateBytes, utf8 } from './mutate';

export const BASE_ARTICLES: readonly Article[] = [...syntheticArticles(24, { words: 60, seed: 77, prefix: 'fz' }), ...seedCorpus('both')];

export interface CorpusCase {
  /** The file's name: its extension decides how it is parsed. */
  name: string;
  bytes: Uint8Array;
  /** How the lines were made, for a failure message. */
  recipe: string[];
}

const FIELDS = ['id', 'title', 'text', 'url', 'published'] as const;
const MARKUP = ['<b>', '</p>', '<!--', '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '< notatag >', '<3 love', '<a href="javascript:alert(1)">x</a>', '<IMG SRC=x>', '<svg/onload=alert(1)>'];

type Rec = Record<string, unknown>;

function mutateRecord(rng: Rng, rec: Rec, ids: string[], recipe: string[]): void {
  const key = rng.pick(FIELDS);
  const what = rng.weighted<string>([
    [2, 'remove'],
    [2, 'wrong-type'],
    [2, 'hostile-string'],
    [2, 'inject-char'],
    [2, 'markup-title'],
    [2, 'url'],
    [3, 'date'],
    [1, 'huge'],
    [1, 'blank'],
    [1, 'duplicate-id'],
    [1, 'same-after-cleaning'],
    [1, 'extra-field'],
  ]);
  recipe.push(`${what}:${key}`);
  switch (what) {
    case 'remove':
      delete rec[key];
      break;
    case 'wrong-type':
      rec[key] = jsonValue(rng, 2);
      if (typeof rec[key] === 'string') rec[key] = rng.pick([0, true, [], {}, 1e21]);
      break;
    case 'hostile-string':
      rec[key] = hostileString(rng, 120);
      break;
    case 'inject-char': {
      const s = typeof rec[key] === 'string' ? (rec[key] as string) : '';
      let out = s;
      for (let n = rng.range(1, 5); n > 0; n--) out = insertAt(rng, out, hostileChar(rng));
      rec[key] = out;
      break;
    }
    case 'markup-title':
      rec.title = insertAt(rng, asText(rec.title), rng.pick(MARKUP));
      break;
    case 'url':
      rec.url = hostileUrl(rng);
      break;
    case 'date':
      rec.published = hostileDate(rng);
      break;
    case 'huge': {
      // Around MAX_TEXT_CHARS (1,000,000) for text; long ids and titles otherwise.
      const target = key === 'text' ? rng.pick([999_999, 1_000_000, 1_000_001, 1_200_000]) : rng.size(200_000);
      const unit = `${asText(rec[key]) || 'x'} `;
      rec[key] = unit.repeat(Math.ceil(target / unit.length)).slice(0, target);
      break;
    }
    case 'blank':
      rec[key] = rng.pick(['', ' ', '\t\n', '\u0000\u0001', '\u200b', '\u00a0', '\r\n\r\n', '\u0085']);
      break;
    case 'duplicate-id':
      if (ids.length > 0) rec.id = rng.pick(ids);
      break;
    case 'same-after-cleaning':
      // Differs from an earlier id only in what cleaning removes (controls, runs of spaces).
      if (ids.length > 0) rec.id = ` ${rng.pick(ids).replace(/-/g, rng.pick(['-\u0001', '-\u007f', '-']))}  `;
      break;
    case 'extra-field':
      rec[rng.pick(['__proto__', 'constructor', 'lang', 'wordCount', hostileString(rng, 10)])] = jsonValue(rng, 2);
      break;
  }
}

function mutateLine(rng: Rng, line: string, recipe: string[]): string {
  const what = rng.weighted<string>([
    [2, 'duplicate-key'],
    [2, 'extreme-number'],
    [1, 'deep'],
    [2, 'cut'],
    [2, 'raw-char'],
    [1, 'not-object'],
    [1, 'trailing'],
    [1, 'single-quotes'],
  ]);
  recipe.push(`line:${what}`);
  switch (what) {
    case 'duplicate-key':
      return line.replace('{', `{"${rng.pick(FIELDS)}":${JSON.stringify(jsonValue(rng, 1)) ?? 'null'},`);
    case 'extreme-number':
      return rng.chance(0.5)
        ? line.replace('{', `{"${rng.pick(FIELDS)}":${rng.pick(EXTREME_NUMBER_TEXT)},`)
        : line.replace(/("(?:published|url|title)":)"(?:[^"\\]|\\.)*"/, `$1${rng.pick(EXTREME_NUMBER_TEXT)}`);
    case 'deep':
      return rng.chance(0.5) ? deepJson(rng, rng.size(20_000)) : line.replace('{', `{"x":${deepJson(rng, rng.size(5_000))},`);
    case 'cut':
      return line.slice(0, rng.int(line.length));
    case 'raw-char':
      return insertAt(rng, line, hostileChar(rng));
    case 'not-object':
      return rng.pick(['1', '"text"', '[]', 'null', 'true', '[{"id":"a","title":"b","text":"c"}]', '{}', '{"":""}']);
    case 'trailing':
      return line + rng.pick([',', ' x', '}', ' {}', '\u00a0', '\u2028', '\ufeff']);
    case 'single-quotes':
      return line.replace(/"/g, "'");
  }
  return line;
}

export interface GenerateOptions {
  /** Most lines per file (the CLI targets keep files small). */
  maxLines?: number;
  /** Let texts grow to a million characters (slow in a CLI run). */
  huge?: boolean;
}

/** One damaged corpus file. */
export function generateCorpus(rng: Rng, opts: GenerateOptions = {}): CorpusCase {
  const recipe: string[] = [];
  const count = rng.range(1, opts.maxLines ?? 8);
  const ids: string[] = [];
  const records: Rec[] = [];
  for (let i = 0; i < count; i++) {
    const a = rng.pick(BASE_ARTICLES);
    const rec: Rec = { id: `${a.id}-${i}`, title: a.title, url: a.url, published: a.published, text: rng.chance(0.7) ? a.text.slice(0, 400) : a.text };
    for (let m = rng.weighted([[3, 0], [4, 1], [2, 2], [1, 3]] as const); m > 0; m--) {
      mutateRecord(rng, rec, ids, recipe);
      if (!opts.huge && typeof rec.text === 'string' && rec.text.length > 50_000) rec.text = rec.text.slice(0, 50_000);
    }
    if (typeof rec.id === 'string') ids.push(rec.id);
    records.push(rec);
  }
  const lines = records.map((r) => (rng.chance(0.25) ? mutateLine(rng, JSON.stringify(r), recipe) : JSON.stringify(r)));
  if (lines.length > 1 && rng.chance(0.1)) {
    const i = rng.int(lines.length - 1);
    lines.splice(i, 2, rng.chance(0.5) ? lines[i]! + lines[i + 1]! : `${lines[i]!.slice(0, 20)}\n${lines[i]!.slice(20)}${lines[i + 1]!}`);
    recipe.push('lines-joined-or-split');
  }
  const eol = rng.weighted([[6, '\n'], [2, '\r\n'], [1, '\r'], [1, 'mixed']] as const);
  let content: string;
  if (rng.chance(0.1)) {
    content = `[${lines.join(rng.chance(0.8) ? ',\n' : '\n')}]`;
    recipe.push('array');
  } else {
    content = lines.map((l) => l + (eol === 'mixed' ? rng.pick(['\n', '\r\n', '\r', '\n\n', '\n \t\n']) : eol)).join('');
  }
  let bytes: Uint8Array = utf8(content);
  if (rng.chance(0.3)) {
    bytes = mutateBytes(rng, bytes);
    recipe.push('bytes');
  }
  const name = rng.weighted([[12, 'corpus.jsonl'], [2, 'corpus.ndjson'], [2, 'corpus.json'], [1, 'corpus.JSONL'], [1, 'story.txt'], [1, 'corpus']] as const);
  return { name, bytes, recipe };
}

const strict = new TextDecoder('utf-8', { fatal: true });

/** The file's text as the CLI and the options page decode it: strict UTF-8 without NUL bytes, or null. */
export function strictText(bytes: Uint8Array): string | null {
  if (bytes.includes(0)) return null;
  try {
    return strict.decode(bytes);
  } catch {
    return null;
  }
}

const TEXT_CORPUS_EXTENSIONS = new Set(['.jsonl', '.ndjson', '.txt', '.html', '.htm', '.json']);

export interface ExpectedCorpus {
  /** Loads whole: every line an article, no problem at all. */
  clean: boolean;
  /** The articles that load (what --keep-going uses). */
  articles: Article[];
}

/**
 * What `readCorpus` + `acceptCorpus` make of one corpus file, from the same library calls:
 * whether it loads whole, and which articles load.
 */
export function expectedCorpus(path: string, bytes: Uint8Array): ExpectedCorpus {
  const refused = { clean: false, articles: [] };
  const head = bytes.subarray(0, 64);
  const ext = extname(path).toLowerCase();
  if (looksLikePack(head)) return refused;
  if (bytes.length > 0 && (looksLikeDamagedPack(head, bytes.length) || ext === PACK_EXTENSION)) return refused;
  const text = strictText(bytes);
  if (text === null || text.trim() === '') return refused;
  if (!TEXT_CORPUS_EXTENSIONS.has(ext)) return refused; // "unsupported file type"
  const parsed = parseCorpusFile({ name: basename(path), content: text });
  return { clean: parsed.errors.length === 0 && parsed.articles.length > 0, articles: parsed.articles };
}
