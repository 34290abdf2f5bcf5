/**
 * Articles read with their texts: the few a check aligns a page against (by id), one for the
 * options page's article dialog, and the whole corpus in pages for export. Texts are stored
 * compressed and inflated here (text-codec.ts); nothing else in a listing reads them.
 *
 * Export reads each page in its own transaction, so a consumer that writes files between
 * pages cannot let a long transaction expire; a change committed during the export may show
 * in later pages. Measured: export of 10,000 articles 0.44 s
 * (`npm run bench:storage -- --table 10000 --import 0`; text-codec.ts).
 */

import type { Article } from '../core/types';
import { LIST_PAGE, pagesInKeyOrder } from './batches';
import type { Connection } from './connection';
import type { StoredArticle, StoredArticleRecord } from './records';
import { textOf, textsOf } from './text-codec';

/** The articles with these ids, in the order asked; ids not in the corpus are left out. */
export async function getArticles(connection: Connection, ids: readonly string[]): Promise<Article[]> {
  if (ids.length === 0) return [];
  return connection.reading(async (db) => {
    const tx = db.transaction('articles');
    const found = (await Promise.all(ids.map((id) => tx.store.get(id)))).filter((s): s is StoredArticleRecord => s !== undefined);
    const texts = await textsOf(found);
    return found.map((s, i) => ({ id: s.id, title: s.title, url: s.url, published: s.published, text: texts[i]! }));
  });
}

/** One article with its text, or undefined. */
export function getArticle(connection: Connection, id: string): Promise<StoredArticle | undefined> {
  return connection.reading(async (db) => {
    const r = await db.get('articles', id);
    return r ? { id: r.id, title: r.title, url: r.url, published: r.published, text: await textOf(r), addedAt: r.addedAt, wordCount: r.wordCount } : undefined;
  });
}

/** The whole corpus in pages of `pageSize` articles, ordered by id. */
export async function* exportArticles(connection: Connection, pageSize = LIST_PAGE): AsyncGenerator<Article[]> {
  for await (const page of pagesInKeyOrder((after) => connection.reading((db) => db.getAll('articles', after, pageSize)), pageSize)) {
    if (page.length === 0) continue;
    const texts = await connection.reading(() => textsOf(page));
    yield page.map(({ id, title, url, published }, i) => ({ id, title, url, published, text: texts[i]! }));
  }
}
