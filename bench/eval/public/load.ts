/**
 * Loaders for public human-paraphrase corpora kept OUTSIDE the repository (see README.md here).
 *
 * Every loader takes the data root (e.g. /work/public-data), looks in its own subfolder, returns
 * null when its files are absent (so a fresh clone without the data still runs) and throws an
 * Error naming the file and line when a file is present but malformed.
 *
 *   msrp/           msr_paraphrase_train.txt, msr_paraphrase_test.txt        loadMsrp
 *   sts/            sts-train.csv, sts-dev.csv, sts-test.csv                   loadSts
 *   pan-sentences/  pan-{train,test}_s1.txt, _s2.txt, .labels                  loadPanSentences
 *   pan/            PAN-PC-10/11 suspicious-document*.xml + .txt, source-document*.txt
 *                                                                              loadPanSimulated
 *   p4p/            P4P.xml (or P4P_corpus_v1.xml, any *.xml)                  loadP4p
 *
 * Node built-ins (node:fs, node:path) and the harness's hash32 (prng.ts) for the splits.
 */

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { hash32 } from '../prng';

export interface SentencePair {
  a: string;
  b: string;
  /** MSRP and pan-sentences: 0 (not a paraphrase) or 1 (paraphrase). STS: the 0–5 similarity score. */
  label: number;
  /** STS only: the genre column as written in the file (`main-news`, `main-captions`, `main-forum(s)`). */
  genre?: string;
  split: string;
}

export interface PassagePair {
  id: string;
  /** The original passage. */
  source: string;
  /** The human rewrite of it (the plagiarised passage of the suspicious document). */
  page: string;
  /** PAN: the case's obfuscation (or type) attribute, e.g. `simulated`. P4P: the annotated paraphrase types. */
  kind: string;
  /** `dev` (~60%) or `test` (~40%), from a hash of the id. */
  split: string;
}

// ---------------------------------------------------------------------------------------------
// Shared helpers

function fail(file: string, line: number, message: string): never {
  throw new Error(`${file}:${line}: ${message}`);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function readText(path: string): string {
  const text = readFileSync(path, 'utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Lines of a text file without line terminators; a final empty line (trailing newline) is dropped. */
function fileLines(path: string): string[] {
  const lines = readText(path).split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Deterministic split of a passage pair: `dev` for ~60% of ids, `test` for the rest. */
export function passageSplit(id: string): 'dev' | 'test' {
  return hash32(`wirecheck-public-split:${id}`) % 100 < 60 ? 'dev' : 'test';
}

// ---------------------------------------------------------------------------------------------
// MSRP

const MSRP_FILES = [
  ['train', 'msr_paraphrase_train.txt'],
  ['test', 'msr_paraphrase_test.txt'],
] as const;

/**
 * Microsoft Research Paraphrase Corpus: tab-separated `Quality, #1 ID, #2 ID, #1 String,
 * #2 String`, with or without the header line. label = Quality (0 or 1).
 */
export function loadMsrp(dir: string): SentencePair[] | null {
  return loadTabSeparated(join(dir, 'msrp'), MSRP_FILES, (f, split, i, line, bad) => {
    if (i === 0 && line.startsWith('Quality\t')) return null; // header
    if (f.length !== 5) bad(`expected 5 tab-separated fields, found ${f.length}`);
    const [quality, id1, id2, a, b] = f as [string, string, string, string, string];
    if (quality !== '0' && quality !== '1') bad(`Quality must be 0 or 1, found ${JSON.stringify(quality)}`);
    if (!/^\d+$/.test(id1) || !/^\d+$/.test(id2)) bad(`sentence ids must be numbers, found ${JSON.stringify(id1)}, ${JSON.stringify(id2)}`);
    if (a.trim() === '' || b.trim() === '') bad('empty sentence');
    return { a, b, label: Number(quality), split };
  });
}

/**
 * The rows of a corpus kept as one tab-separated file per split in `folder` (null when none of
 * the files is there): `row` turns a non-empty line's fields into a pair, or null to skip it,
 * and calls `bad` to refuse it (an Error naming the file and line).
 */
function loadTabSeparated(
  folder: string,
  files: readonly (readonly [string, string])[],
  row: (fields: string[], split: string, index: number, line: string, bad: (why: string) => never) => SentencePair | null,
): SentencePair[] | null {
  const out: SentencePair[] = [];
  let found = false;
  for (const [split, name] of files) {
    const file = join(folder, name);
    if (!isFile(file)) continue;
    found = true;
    fileLines(file).forEach((line, i) => {
      if (line.trim() === '') return;
      const pair = row(line.split('\t'), split, i, line, (why) => fail(file, i + 1, why));
      if (pair) out.push(pair);
    });
  }
  return found ? out : null;
}

// ---------------------------------------------------------------------------------------------
// STS Benchmark

const STS_FILES = [
  ['train', 'sts-train.csv'],
  ['dev', 'sts-dev.csv'],
  ['test', 'sts-test.csv'],
] as const;

/**
 * STS Benchmark: tab-separated `genre, file, year, id, score, sentence1, sentence2` and, on some
 * lines, licence fields after sentence2 (ignored). label = score (0–5). `newsOnly` keeps the rows
 * whose genre is `main-news` (MSRpar, headlines, deft-news).
 */
export function loadSts(dir: string, opts: { newsOnly?: boolean } = {}): SentencePair[] | null {
  return loadTabSeparated(join(dir, 'sts'), STS_FILES, (f, split, _i, _line, bad) => {
    if (f.length < 7) bad(`expected at least 7 tab-separated fields, found ${f.length}`);
    const [genre, , , , score, a, b] = f as [string, string, string, string, string, string, string];
    if (genre.trim() === '') bad('empty genre');
    if (!/^\d+(\.\d+)?$/.test(score)) bad(`score must be a number, found ${JSON.stringify(score)}`);
    const label = Number(score);
    if (label < 0 || label > 5) bad(`score must be within 0–5, found ${score}`);
    if (a.trim() === '' || b.trim() === '') bad('empty sentence');
    if (opts.newsOnly && !isNewsGenre(genre)) return null;
    return { a, b, label, genre, split };
  });
}

function isNewsGenre(genre: string): boolean {
  return genre === 'main-news' || genre === 'news';
}

// ---------------------------------------------------------------------------------------------
// PAN sentence pairs (Madnani, Tetreault & Chodorow 2012, from PAN-PC-10's human-made cases)

/**
 * The "PAN" part of the MT-metrics paraphrase corpus: sentence pairs aligned inside PAN-PC-10's
 * Turker-written plagiarism cases (label 1) and same-document sentence pairs sharing ≥ 4 content
 * words (label 0). a = the sentence of the first file (s1, the source text), b = s2. Split as
 * distributed: `train` (labels by humans) and `test` (labels by the authors' alignment heuristic).
 */
export function loadPanSentences(dir: string): SentencePair[] | null {
  const folder = join(dir, 'pan-sentences');
  const out: SentencePair[] = [];
  let found = false;
  for (const split of ['train', 'test'] as const) {
    const files = [`pan-${split}_s1.txt`, `pan-${split}_s2.txt`, `pan-${split}.labels`].map((f) => join(folder, f));
    const present = files.filter(isFile);
    if (present.length === 0) continue;
    found = true;
    const missing = files.find((f) => !isFile(f));
    if (missing) throw new Error(`${missing}: missing (its companions ${present.map((f) => basename(f)).join(', ')} are present)`);
    const [s1File, s2File, labelFile] = files as [string, string, string];
    const s1 = fileLines(s1File);
    const s2 = fileLines(s2File);
    const labels = fileLines(labelFile);
    const longest = Math.max(s1.length, s2.length, labels.length);
    for (let i = 0; i < longest; i++) {
      const n = i + 1;
      const a = s1[i];
      const b = s2[i];
      const label = labels[i];
      if (a === undefined) fail(s1File, n, `file ends before line ${n} (${s2File} and ${labelFile} go on)`);
      if (b === undefined) fail(s2File, n, `file ends before line ${n} (${s1File} and ${labelFile} go on)`);
      if (label === undefined) fail(labelFile, n, `file ends before line ${n} (the sentence files go on)`);
      const l = label.trim();
      if (l !== '0' && l !== '1') fail(labelFile, n, `label must be 0 or 1, found ${JSON.stringify(label)}`);
      if (a.trim() === '') fail(s1File, n, 'empty sentence');
      if (b.trim() === '') fail(s2File, n, 'empty sentence');
      out.push({ a, b, label: Number(l), split });
    }
  }
  return found ? out : null;
}

// ---------------------------------------------------------------------------------------------
// Minimal XML helpers (attribute parsing and entity decoding only; no DTDs, no CDATA)

/** A function giving the 1-based line of a character index of `text` (binary search over newlines). */
function lineIndex(text: string): (index: number) => number {
  const starts: number[] = [];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i);
  return (index) => {
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((starts[mid] as number) < index) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
}

function decodeEntities(text: string, file: string, line: number): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);|&/g, (m, name: string | undefined) => {
    if (name === undefined) fail(file, line, 'bare "&" in XML text');
    if (name === 'amp') return '&';
    if (name === 'lt') return '<';
    if (name === 'gt') return '>';
    if (name === 'quot') return '"';
    if (name === 'apos') return "'";
    const code = name.startsWith('#x') ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    if (!(code >= 0 && code <= 0x10ffff)) fail(file, line, `bad character reference ${m}`);
    return String.fromCodePoint(code);
  });
}

/** Attributes of a start tag's attribute text; throws on anything that is not name="value". */
function parseAttributes(source: string, file: string, line: number): Map<string, string> {
  const attrs = new Map<string, string>();
  const rest = source.replace(/\s*\/\s*$/, '').replace(/([\w:.-]+)\s*=\s*("([^"]*)"|'([^']*)')/g, (_m, name: string, _q, dq?: string, sq?: string) => {
    attrs.set(name, decodeEntities(dq ?? sq ?? '', file, line));
    return '';
  });
  if (rest.trim() !== '') fail(file, line, `malformed attributes: ${JSON.stringify(rest.trim().slice(0, 60))}`);
  return attrs;
}

function requireAttr(attrs: Map<string, string>, name: string, file: string, line: number, tag: string): string {
  const v = attrs.get(name);
  if (v === undefined) fail(file, line, `<${tag}> has no ${name} attribute`);
  return v;
}

function requireInt(attrs: Map<string, string>, name: string, file: string, line: number, tag: string): number {
  const v = requireAttr(attrs, name, file, line, tag);
  if (!/^\d+$/.test(v)) fail(file, line, `<${tag}> ${name} must be a non-negative integer, found ${JSON.stringify(v)}`);
  return Number(v);
}

// ---------------------------------------------------------------------------------------------
// PAN-PC-10 / PAN-PC-11 simulated cases

/** `length` characters (Unicode code points, as PAN counts them) of `text` from `offset`. */
function sliceCodePoints(text: string, offset: number, length: number): string | null {
  if (!/[\uD800-\uDFFF]/.test(text)) {
    return offset + length <= text.length ? text.slice(offset, offset + length) : null;
  }
  const cps = Array.from(text);
  return offset + length <= cps.length ? cps.slice(offset, offset + length).join('') : null;
}

function walkFiles(root: string, out: Map<string, string>): void {
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    const path = join(root, entry.name);
    if (entry.isDirectory()) walkFiles(path, out);
    else if (entry.isFile() && !out.has(entry.name)) out.set(entry.name, path);
  }
}

function isSimulated(attrs: Map<string, string>): boolean {
  return attrs.get('type') === 'simulated' || (attrs.get('obfuscation') ?? '').includes('simulated');
}

/**
 * The human-written ("simulated") plagiarism cases of the PAN plagiarism corpora PAN-PC-10 and
 * PAN-PC-11, in their distributed layout: anywhere under `pan/`, suspicious-documentNNNNN.xml next
 * to suspicious-documentNNNNN.txt, and the source-documentNNNNN.txt files they name. A case is a
 * `<feature name="plagiarism">` whose type is `simulated` (or whose obfuscation says so); page is
 * the suspicious passage (this_offset, this_length), source the source passage. Offsets count
 * characters, as in PAN. id = `<suspicious document>:<this_offset>+<this_length>`.
 */
export function loadPanSimulated(dir: string): PassagePair[] | null {
  const folder = join(dir, 'pan');
  if (!existsSync(folder)) return null;
  const files = new Map<string, string>();
  walkFiles(folder, files);
  const xmlNames = [...files.keys()].filter((n) => /^suspicious-document.*\.xml$/.test(n)).sort();
  if (xmlNames.length === 0) return null;

  // Pass 1: the cases, from the XML files alone.
  interface Case {
    xmlFile: string;
    line: number;
    suspName: string;
    thisOffset: number;
    thisLength: number;
    srcName: string;
    srcOffset: number;
    srcLength: number;
    kind: string;
    page?: string;
    source?: string;
  }
  const cases: Case[] = [];
  for (const xmlName of xmlNames) {
    const xmlFile = files.get(xmlName) as string;
    const xml = readText(xmlFile);
    const lineAt = lineIndex(xml);
    const doc = /<document\b([^>]*)>/.exec(xml);
    if (!doc) fail(xmlFile, 1, 'no <document> element');
    const docAttrs = parseAttributes(doc[1] as string, xmlFile, lineAt(doc.index));
    const suspName = docAttrs.get('reference') ?? xmlName.replace(/\.xml$/, '.txt');
    for (const m of xml.matchAll(/<feature\b([^>]*)>/g)) {
      const line = lineAt(m.index);
      const attrs = parseAttributes(m[1] as string, xmlFile, line);
      if (attrs.get('name') !== 'plagiarism' || !isSimulated(attrs)) continue;
      const obfuscation = attrs.get('obfuscation');
      cases.push({
        xmlFile,
        line,
        suspName,
        thisOffset: requireInt(attrs, 'this_offset', xmlFile, line, 'feature'),
        thisLength: requireInt(attrs, 'this_length', xmlFile, line, 'feature'),
        srcName: requireAttr(attrs, 'source_reference', xmlFile, line, 'feature'),
        srcOffset: requireInt(attrs, 'source_offset', xmlFile, line, 'feature'),
        srcLength: requireInt(attrs, 'source_length', xmlFile, line, 'feature'),
        kind: obfuscation && obfuscation !== 'none' ? obfuscation : (attrs.get('type') ?? 'simulated'),
      });
    }
  }

  // Pass 2: the passages, reading each document once and keeping only the slices.
  const byDoc = new Map<string, { c: Case; side: 'page' | 'source' }[]>();
  for (const c of cases) {
    for (const [name, side] of [
      [c.suspName, 'page'],
      [c.srcName, 'source'],
    ] as const) {
      const list = byDoc.get(name) ?? [];
      list.push({ c, side });
      byDoc.set(name, list);
    }
  }
  for (const [name, uses] of byDoc) {
    const path = files.get(name);
    const first = (uses[0] as { c: Case }).c;
    if (!path) fail(first.xmlFile, first.line, `${name} not found under ${folder}`);
    const text = readFileSync(path, 'utf8');
    for (const { c, side } of uses) {
      const [offset, length, what] =
        side === 'page' ? [c.thisOffset, c.thisLength, 'this'] : [c.srcOffset, c.srcLength, 'source'];
      const slice = sliceCodePoints(text, offset, length);
      if (slice === null) fail(c.xmlFile, c.line, `${what}_offset+${what}_length ${offset}+${length} is past the end of ${name}`);
      c[side] = slice;
    }
  }
  return cases.map((c) => {
    const id = `${c.suspName.replace(/\.txt$/, '')}:${c.thisOffset}+${c.thisLength}`;
    return { id, source: c.source as string, page: c.page as string, kind: c.kind, split: passageSplit(id) };
  });
}

// ---------------------------------------------------------------------------------------------
// P4P

/**
 * P4P (Paraphrase for Plagiarism; Barrón-Cedeño, Vila, Martí & Rosso 2013): 847 source/plagiarism
 * pairs from PAN-PC-10's simulated cases annotated with paraphrase types. Reads the first .xml file
 * under `p4p/` (P4P.xml first) in either published format:
 *
 * - CLiC corpus format: `<snippet id="…" source_description="type:plagiarism;…">text</snippet>`
 *   and `<paraphrase_candidates source_description="id:N">` with two `<snippet id/>` and
 *   `<annotation is_paraphrase="…"><phenomenon type="…">`;
 * - P4P_corpus_v1.xml: `<relacio><id>N</id><frase type="plagiarism">…</frase>
 *   <frase type="source">…</frase><anotacio><fenomen type="…">`.
 *
 * kind = the distinct phenomenon types of the pair, sorted, joined by ','; `unannotated` if none.
 */
export function loadP4p(dir: string): PassagePair[] | null {
  const folder = join(dir, 'p4p');
  if (!existsSync(folder)) return null;
  const xmls = readdirSync(folder).filter((n) => /\.xml$/i.test(n) && isFile(join(folder, n)));
  if (xmls.length === 0) return null;
  xmls.sort((x, y) => (x === 'P4P.xml' ? -1 : y === 'P4P.xml' ? 1 : x.localeCompare(y)));
  const file = join(folder, xmls[0] as string);
  const xml = readText(file);
  if (/<paraphrase_candidates\b/.test(xml)) return parseP4pClic(xml, file);
  if (/<relacio\b/.test(xml)) return parseP4pRelacio(xml, file);
  fail(file, 1, 'neither <paraphrase_candidates> nor <relacio> elements: not a P4P file');
}

function kindOf(types: string[]): string {
  return types.length === 0 ? 'unannotated' : [...new Set(types)].sort().join(',');
}

function parseP4pClic(xml: string, file: string): PassagePair[] {
  const lineAt = lineIndex(xml);
  const snippets = new Map<string, { text: string; role: string }>();
  for (const m of xml.matchAll(/<snippet\b([^>]*?)(\/)?>/g)) {
    if (m[2]) continue; // a reference <snippet id="…"/>, not a definition
    const line = lineAt(m.index);
    const attrs = parseAttributes(m[1] as string, file, line);
    const id = requireAttr(attrs, 'id', file, line, 'snippet');
    const close = xml.indexOf('</snippet>', m.index + m[0].length);
    if (close === -1) fail(file, line, `<snippet id="${id}"> is never closed`);
    const inner = xml.slice(m.index + m[0].length, close);
    if (inner.includes('<')) continue; // an annotation's <snippet id> with <scope> children
    const desc = attrs.get('source_description') ?? '';
    const role = /(?:^|;)type:([^;]*)/.exec(desc)?.[1];
    if (!role) fail(file, line, `<snippet id="${id}"> has no type in source_description`);
    snippets.set(id, { text: decodeEntities(inner, file, line), role });
  }
  const out: PassagePair[] = [];
  for (const m of xml.matchAll(/<paraphrase_candidates\b([^>]*)>([\s\S]*?)<\/paraphrase_candidates>/g)) {
    const line = lineAt(m.index);
    const attrs = parseAttributes(m[1] as string, file, line);
    const body = m[2] as string;
    const desc = attrs.get('source_description') ?? '';
    const candidateId = /(?:^|;)id:([^;]*)/.exec(desc)?.[1];
    const firstAnnotation = body.search(/<annotation\b/);
    const head = firstAnnotation === -1 ? body : body.slice(0, firstAnnotation);
    const refs = [...head.matchAll(/<snippet\b([^>]*)\/>/g)].map((r) => parseAttributes(r[1] as string, file, line).get('id') ?? '');
    if (refs.length !== 2) fail(file, line, `<paraphrase_candidates> must name 2 snippets, names ${refs.length}`);
    let source: string | undefined;
    let page: string | undefined;
    for (const ref of refs) {
      const s = snippets.get(ref);
      if (!s) fail(file, line, `<paraphrase_candidates> names snippet ${JSON.stringify(ref)}, which is not defined`);
      if (s.role === 'source') source = s.text;
      else if (s.role === 'plagiarism') page = s.text;
      else fail(file, line, `snippet ${ref} has type ${JSON.stringify(s.role)}, expected source or plagiarism`);
    }
    if (source === undefined || page === undefined) fail(file, line, '<paraphrase_candidates> needs one source and one plagiarism snippet');
    const types = [...body.matchAll(/<phenomenon\b[^>]*?\btype="([^"]*)"/g)].map((t) => t[1] as string);
    const id = candidateId ?? refs.join('+');
    out.push({ id, source, page, kind: kindOf(types), split: passageSplit(id) });
  }
  if (out.length === 0) fail(file, 1, 'no complete <paraphrase_candidates> element');
  return out;
}

function parseP4pRelacio(xml: string, file: string): PassagePair[] {
  const lineAt = lineIndex(xml);
  const out: PassagePair[] = [];
  for (const m of xml.matchAll(/<relacio\b[^>]*>([\s\S]*?)<\/relacio>/g)) {
    const line = lineAt(m.index);
    const body = m[1] as string;
    const id = /<id>\s*([^<]*?)\s*<\/id>/.exec(body)?.[1];
    if (!id) fail(file, line, '<relacio> has no <id>');
    let source: string | undefined;
    let page: string | undefined;
    for (const f of body.matchAll(/<frase\b([^>]*)>([\s\S]*?)<\/frase>/g)) {
      const attrs = parseAttributes(f[1] as string, file, line);
      const text = decodeEntities((f[2] as string).replace(/\s+/g, ' ').trim(), file, line);
      const type = attrs.get('type');
      if (type === 'source') source = text;
      else if (type === 'plagiarism') page = text;
      else fail(file, line, `<frase> type must be source or plagiarism, found ${JSON.stringify(type)}`);
    }
    if (source === undefined || page === undefined) fail(file, line, `<relacio> ${id} needs a source and a plagiarism <frase>`);
    const types = [...body.matchAll(/<fenomen\b[^>]*?\btype="([^"]*)"/g)].map((t) => t[1] as string);
    out.push({ id, source, page, kind: kindOf(types), split: passageSplit(id) });
  }
  if (out.length === 0) fail(file, 1, 'no complete <relacio> element');
  return out;
}
