/**
 * The corpus as the options page sees it: list, import, delete. The options page writes to
 * IndexedDB itself (extension pages share the background's database) and then tells the
 * background, which also notices on its own through the corpus generation.
 */

import { extractArticle } from '../../extraction/extract';
import { type ArticleSummary, CorpusStore, StorageError } from '../../storage';
import type { BackgroundApi } from '../api';
import { type ImportOutcome, type ReadableFile, readCorpusFiles } from './import-files';

export interface CorpusApi {
  list(): Promise<ArticleSummary[]>;
  importFiles(files: readonly ReadableFile[], onProgress?: (done: number, total: number) => void): Promise<ImportOutcome>;
  remove(ids: string[]): Promise<number>;
}

function extractHtmlWithDomParser(html: string) {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const a = extractArticle(doc);
  return a ? { title: a.title, text: a.text, ...(a.published ? { published: a.published } : {}) } : null;
}

export function storeCorpusApi(open: () => Promise<CorpusStore>, background: BackgroundApi): CorpusApi {
  const tell = () => background.corpusChanged().catch(() => undefined);
  return {
    list: async () => (await open()).listArticles(),
    async importFiles(files, onProgress) {
      const { articles, problems } = await readCorpusFiles(files, extractHtmlWithDomParser);
      if (problems.length > 0) return { ok: false, problems };
      if (articles.length === 0) return { ok: false, problems: files.map((f) => ({ file: f.name, message: 'no articles in this file' })) };
      try {
        const summary = await (await open()).importArticles(articles, { onProgress });
        await tell();
        return { ok: true, files: files.length, articles: articles.length, ...summary };
      } catch (e) {
        const message = e instanceof StorageError ? e.message : `Import failed; your corpus is unchanged (${e instanceof Error ? e.message : String(e)})`;
        return { ok: false, problems: [{ file: files.map((f) => f.name).join(', '), message }] };
      }
    },
    async remove(ids) {
      const n = await (await open()).deleteArticles(ids);
      await tell();
      return n;
    },
  };
}
