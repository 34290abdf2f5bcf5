/**
 * Importing corpus files chosen by the reader: read, decode, parse, and only then write.
 *
 * Every file is read and checked before anything is stored, and the store writes all
 * articles in one IndexedDB transaction, so an import either lands whole or leaves the corpus
 * as it was. A file that is not UTF-8 is refused rather than decoded into replacement
 * characters that would never match anything. HTML files go through the same Readability
 * extraction the content script uses.
 */

import type { Article } from '../../core/types';
import { CorpusCollector } from '../../core/corpus/files';

export interface ImportProblem {
  file: string;
  line?: number;
  message: string;
}

export type ImportOutcome =
  | { ok: true; files: number; articles: number; added: number; updated: number; unchanged: number }
  | { ok: false; problems: ImportProblem[] };

export interface ReadableFile {
  name: string;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export type HtmlExtractor = (html: string, name: string) => { title: string; text: string; published?: string } | null;

export async function readCorpusFiles(files: readonly ReadableFile[], extractHtml: HtmlExtractor): Promise<{ articles: Article[]; problems: ImportProblem[] }> {
  const collector = new CorpusCollector({ extractHtml });
  for (const file of files) {
    let content: string;
    try {
      content = new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer());
    } catch {
      collector.addError({ file: file.name, message: 'not UTF-8 text' });
      continue;
    }
    collector.addFile(file.name, content);
  }
  const { articles, errors: problems } = collector;
  return { articles, problems };
}

export function describeProblem(p: ImportProblem): string {
  return p.line !== undefined ? `${p.file}, line ${p.line}: ${p.message}` : `${p.file}: ${p.message}`;
}
