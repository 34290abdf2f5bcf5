/**
 * Reading corpus files whole, as the CLI reads them: decode (refusing what is not UTF-8) and
 * parse every file with one CorpusCollector. The options page imports through import-run.ts,
 * which streams files line by line into staged chunks and gives the same messages; this
 * serves callers that want every article in memory at once, and is the reference the
 * streaming reader is tested against. `describeProblem` words a problem for the page.
 */

import type { Article } from '../../core/types';
import { CorpusCollector } from '../../core/corpus/files';

export interface ImportProblem {
  file: string;
  line?: number;
  message: string;
}

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

/** "a.jsonl, line 3: not valid JSON (...)" or "a.txt: the file is empty". */
export function describeProblem(p: ImportProblem): string {
  return p.line !== undefined ? `${p.file}, line ${p.line}: ${p.message}` : `${p.file}: ${p.message}`;
}
