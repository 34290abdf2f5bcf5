/**
 * The corpus as the options page's table asks for it: a page of rows searched and sorted, the
 * ids a search matches ("select all matching"), the whole listing.
 *
 * A page without a search, near the top of the table, comes straight from a `summaries`
 * index (one count and `limit` cursor steps, whatever the corpus size); anything else from
 * the summaries in memory (table-cache.ts, summaries.ts), which give the same order, so paging
 * never jumps when the table switches from one to the other. A title search runs over the
 * summaries in memory. A text search reads every text: a scan in pages (batches.ts), each
 * page its own transaction so writers are never held up for long, cancellable between pages,
 * the title tried first because it is short and a hit there spares inflating the text. The
 * ids the last text search found are kept for its generation, so paging or re-sorting it does
 * not scan again.
 *
 * Measured at 100,000 articles (fake-indexeddb 6.2.8, Node 22.23): a cursor's
 * advance(50,000) took 1.07 s against 0.52 s to load every summary once and then under 1 ms a
 * page, hence INDEX_PAGING_DEPTH. Text search over 10,000 articles takes 0.45–0.50 s
 * (`npm run bench:storage -- --table 10000 --import 0`; text-codec.ts).
 */

import { LIST_PAGE, pagesInKeyOrder } from './batches';
import type { Db } from './connection';
import type { StoreContext } from './context';
import { type StoredSummary, foldText } from './records';
import { SUMMARY_INDEX } from './schema';
import { type ArticleSummary, SORT_KEYS, type SortDirection, type SortKey, matchesAll, rowOf, searchTerms } from './summaries';
import { textsOf } from './text-codec';

/** A page of the corpus table. */
export interface ArticleQuery {
  /** Words that must all occur (case and accents ignored); empty or absent lists everything. */
  search?: string;
  /** title (default): titles only, answered from memory. text: titles and full texts, a scan of every text. */
  searchIn?: 'title' | 'text';
  sort?: SortKey;
  direction?: SortDirection;
  offset?: number;
  /** Rows per page: 1…1,000, 50 when absent. */
  limit?: number;
  /** Cancels a text search; the query then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Text search only: articles read so far, of how many. */
  onProgress?: (scanned: number, total: number) => void;
}

export interface ArticlePage {
  /** Rows matching the search (the whole corpus without one). */
  total: number;
  rows: ArticleSummary[];
  /** Articles in the corpus. */
  corpusSize: number;
}

const DEFAULT_PAGE_ROWS = 50;
const MAX_PAGE_ROWS = 1_000;
/** Past this offset a page comes from the summaries in memory, not an index cursor. */
const INDEX_PAGING_DEPTH = 5_000;

const titleOrder = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

type Keep = (row: StoredSummary, i: number) => boolean;

export class CorpusQueries {
  private lastTextSearch: { generation: number; key: string; ids: Set<string> } | null = null;

  constructor(private readonly store: StoreContext) {}

  /** One page of the corpus, searched and sorted. */
  async page(query: ArticleQuery): Promise<ArticlePage> {
    const sort = SORT_KEYS.includes(query.sort as SortKey) ? (query.sort as SortKey) : 'title';
    const direction: SortDirection = query.direction === 'desc' ? 'desc' : 'asc';
    const offset = Math.max(0, Math.floor(Number(query.offset) || 0));
    const limit = Math.min(MAX_PAGE_ROWS, Math.max(1, Math.floor(Number(query.limit) || DEFAULT_PAGE_ROWS)));
    const terms = searchTerms(query.search);
    const { signal } = query;
    signal?.throwIfAborted();
    return this.cancellable(signal, async () => {
      const { connection, tables } = this.store;
      const generation = await connection.generation();
      // Deep pages are cheaper from memory: a cursor's advance(50,000) walks 50,000 entries.
      if (terms.length === 0 && offset < INDEX_PAGING_DEPTH && !tables.isLoadedAt(generation)) {
        return await connection.reading((db) => this.pageFromIndex(db, generation, sort, direction, offset, limit));
      }
      const keep = await this.matcher(terms, query.searchIn ?? 'title', signal, query.onProgress);
      const table = await tables.load();
      const page = table.page(sort, direction, offset, limit, keep);
      return { total: page.total, rows: page.rows.map(rowOf), corpusSize: table.size };
    });
  }

  /** Every id the search matches, in no particular order. */
  async matchingIds(query: Pick<ArticleQuery, 'search' | 'searchIn' | 'signal' | 'onProgress'>): Promise<string[]> {
    const { signal } = query;
    return this.cancellable(signal, async () => {
      const keep = await this.matcher(searchTerms(query.search), query.searchIn ?? 'title', signal, query.onProgress);
      const table = await this.store.tables.load();
      return table.page('title', 'asc', 0, table.size, keep).rows.map((r) => r.id);
    });
  }

  /** Every article without its text, by title (then id). */
  async list(): Promise<ArticleSummary[]> {
    const table = await this.store.tables.load();
    // The table's own title order folds case and accents by hand; a full listing can afford
    // the locale's collator.
    return table
      .page('title', 'asc', 0, table.size)
      .rows.map(rowOf)
      .sort((a, b) => titleOrder.compare(a.title, b.title) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  forget(): void {
    this.lastTextSearch = null;
  }

  /** A search cancelled by its signal rejects with the signal's reason, whatever failed on the way. */
  private async cancellable<T>(signal: AbortSignal | undefined, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      if (signal?.aborted) throw signal.reason;
      throw e;
    }
  }

  private async matcher(terms: string[], searchIn: 'title' | 'text', signal?: AbortSignal, onProgress?: ArticleQuery['onProgress']): Promise<Keep | undefined> {
    if (terms.length === 0) return undefined;
    if (searchIn === 'text') {
      const ids = await this.textMatches(terms, signal, onProgress);
      return (row) => ids.has(row.id);
    }
    return (await this.store.tables.load()).titleMatcher(terms);
  }

  /** Ids of articles whose title and text together hold every term. */
  private async textMatches(terms: string[], signal?: AbortSignal, onProgress?: ArticleQuery['onProgress']): Promise<Set<string>> {
    const { connection } = this.store;
    const key = terms.join('\u0000');
    const generation = await connection.generation();
    const last = this.lastTextSearch;
    if (last && last.key === key && last.generation === generation) {
      onProgress?.(last.ids.size, last.ids.size);
      return last.ids;
    }
    const total = await connection.reading((db) => db.count('articles'));
    const ids = new Set<string>();
    let scanned = 0;
    onProgress?.(0, total);
    const read = (after: IDBKeyRange | undefined) => {
      signal?.throwIfAborted();
      return connection.reading((db) => db.getAll('articles', after, LIST_PAGE));
    };
    for await (const page of pagesInKeyOrder(read, LIST_PAGE)) {
      // The title first: it is short, and a hit there spares inflating and folding the text.
      const rests = page.map((a) => {
        const title = foldText(a.title);
        return terms.filter((t) => !title.includes(t));
      });
      const needText = page.filter((_, i) => rests[i]!.length > 0);
      const texts = await connection.reading(() => textsOf(needText));
      let k = 0;
      page.forEach((a, i) => {
        const rest = rests[i]!;
        if (rest.length === 0 || matchesAll(foldText(texts[k++]!), rest)) ids.add(a.id);
      });
      scanned += page.length;
      onProgress?.(Math.min(scanned, total), Math.max(total, scanned));
    }
    // Only a scan that saw one generation throughout may be reused.
    if ((await connection.generation()) === generation) this.lastTextSearch = { generation, key, ids };
    return ids;
  }

  /** A page straight from a `summaries` index: a count and `limit` cursor steps. */
  private async pageFromIndex(db: Db, generation: number, sort: SortKey, direction: SortDirection, offset: number, limit: number): Promise<ArticlePage> {
    await this.store.tables.verify(db, generation);
    const tx = db.transaction('summaries');
    const total = await tx.store.count();
    const rows: ArticleSummary[] = [];
    if (offset < total) {
      const index = tx.store.index(SUMMARY_INDEX[sort]);
      if (direction === 'asc' && offset === 0) {
        // One round trip instead of one per row.
        for (const s of await index.getAll(undefined, limit)) rows.push(rowOf(s));
      } else {
        let cursor = await index.openCursor(undefined, direction === 'asc' ? 'next' : 'prev');
        if (cursor && offset > 0) cursor = await cursor.advance(offset);
        while (cursor && rows.length < limit) {
          rows.push(rowOf(cursor.value));
          cursor = await cursor.continue();
        }
      }
    }
    return { total, rows, corpusSize: total };
  }
}
