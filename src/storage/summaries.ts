/**
 * The corpus as a table: every article without its text, searchable and sortable at 100,000
 * rows.
 *
 * Two ways to answer a page of the table, chosen by `CorpusStore.queryArticles`:
 * - Without a search, a cursor over one index of the `summaries` store (one per sort order,
 *   schema.ts `SUMMARY_INDEX`): the first page costs one count and `limit` cursor steps,
 *   whatever the corpus size, and never reads a text.
 * - With a search, or once it is loaded, `SummaryTable`: all summaries in memory (about 300
 *   bytes each), each sort order computed once as a permutation (Uint32Array) and reused, so a
 *   title search or a sort change is one linear pass in an order already known, not a sort.
 *
 * Both give the same order, so paging never jumps when the table switches from one to the
 * other: an IndexedDB index orders by key then primary key, both compared by UTF-16 code
 * unit, which is exactly `<` on JavaScript strings; descending is the reverse of the whole
 * (key, id) order, as a 'prev' cursor walks it. Titles sort by `titleKey` (case and accents
 * folded, digit runs padded so "Story 9" comes before "Story 10"), close to what
 * Intl.Collator does for Latin scripts and stable across engines, which a collator is not.
 *
 * Full-text search does not live here: texts are read by a cancellable cursor scan
 * (queries.ts `textMatches`), and only the set of matching ids meets this table.
 *
 * Measured at 100,000 articles of ~700 words (430 M characters), fake-indexeddb 6.2.8 on
 * Node 22.23 (bench/storage-scale.ts): first page from an index 2 ms, any sort
 * order; offset 4,950 by cursor advance 112 ms (deeper pages come from memory); loading every
 * summary 0.44 s; computing the title order 0.20 s, the words order 34 ms, then a sort change
 * or any page under 1 ms; a title search 28-112 ms. In the real browsers (20,000 articles,
 * through the options page): title search ~0.2 s after the typing pause, summaries included.
 */

import { type StoredArticle, type StoredSummary, foldText } from './records';

export type SortKey = 'title' | 'published' | 'added' | 'words';
export type SortDirection = 'asc' | 'desc';

/** One row of the table: an article without its text. */
export type ArticleSummary = Omit<StoredArticle, 'text'>;

export const SORT_KEYS: readonly SortKey[] = ['title', 'published', 'added', 'words'];

/** What the table shows of a summary: the storage-only fields left out. */
export function rowOf(s: StoredSummary): ArticleSummary {
  return { id: s.id, title: s.title, url: s.url, published: s.published, addedAt: s.addedAt, wordCount: s.wordCount };
}

/** Search words, folded: "  Ukraine  TALKS " → ["ukraine", "talks"]. Every word must occur. */
export function searchTerms(search: string | undefined): string[] {
  return search ? [...new Set(foldText(search).split(/\s+/).filter(Boolean))] : [];
}

export function matchesAll(haystack: string, terms: readonly string[]): boolean {
  for (const term of terms) if (!haystack.includes(term)) return false;
  return true;
}

type SortValue = string | number;

function sortValue(s: StoredSummary, key: SortKey): SortValue {
  switch (key) {
    case 'title':
      return s.titleKey;
    case 'published':
      return s.published;
    case 'added':
      return s.addedAt;
    case 'words':
      return s.wordCount;
  }
}

/** IndexedDB's order for these values: the key, then the primary key, by code unit. */
function compareSummaries(a: StoredSummary, b: StoredSummary, key: SortKey): number {
  const x = sortValue(a, key);
  const y = sortValue(b, key);
  if (x < y) return -1;
  if (x > y) return 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Every summary in memory, with each sort order computed once and kept until the corpus changes. */
export class SummaryTable {
  private rows: StoredSummary[];
  private byId: Map<string, number>;
  private folded: (string | undefined)[];
  private readonly orders = new Map<SortKey, Uint32Array>();

  constructor(
    rows: StoredSummary[],
    /** The corpus generation these rows reflect. */
    public generation: number,
  ) {
    this.rows = rows;
    this.byId = new Map(rows.map((r, i) => [r.id, i]));
    this.folded = new Array<string | undefined>(rows.length);
  }

  get size(): number {
    return this.rows.length;
  }

  get(id: string): StoredSummary | undefined {
    const i = this.byId.get(id);
    return i === undefined ? undefined : this.rows[i];
  }

  /**
   * Rows in the order asked, keeping those `keep` accepts, from `offset`, at most `limit`;
   * `total` counts every row kept.
   */
  page(sort: SortKey, direction: SortDirection, offset: number, limit: number, keep?: (row: StoredSummary, i: number) => boolean): { total: number; rows: StoredSummary[] } {
    const order = this.order(sort);
    const n = order.length;
    const out: StoredSummary[] = [];
    let total = 0;
    for (let k = 0; k < n; k++) {
      const i = order[direction === 'asc' ? k : n - 1 - k]!;
      const row = this.rows[i]!;
      if (keep && !keep(row, i)) continue;
      if (total >= offset && out.length < limit) out.push(row);
      total++;
    }
    return { total, rows: out };
  }

  /** Ids of every row whose folded title holds every term (all rows when there are none). */
  titleMatcher(terms: readonly string[]): (row: StoredSummary, i: number) => boolean {
    return (row, i) => matchesAll((this.folded[i] ??= foldText(row.title)), terms);
  }

  /** Applies a committed change: rows put (added or replaced) and ids removed. */
  apply(change: { put?: readonly StoredSummary[]; remove?: readonly string[] }, generation: number): void {
    if (!change.put?.length) {
      this.remove(new Set(change.remove ?? []));
      this.generation = generation;
      return;
    }
    const removed = new Set(change.remove ?? []);
    const replaced = new Map((change.put ?? []).map((s) => [s.id, s]));
    let rows = this.rows;
    if (removed.size > 0) rows = rows.filter((r) => !removed.has(r.id));
    rows = rows.map((r) => replaced.get(r.id) ?? r);
    const known = new Set(rows.map((r) => r.id));
    for (const s of replaced.values()) if (!known.has(s.id)) rows.push(s);
    this.rows = rows;
    this.byId = new Map(rows.map((r, i) => [r.id, i]));
    this.folded = new Array<string | undefined>(rows.length);
    this.orders.clear();
    this.generation = generation;
  }

  /** Deleting keeps every computed order: the survivors stay in the same order, renumbered. */
  private remove(removed: ReadonlySet<string>): void {
    if (removed.size === 0) return;
    const renumber = new Int32Array(this.rows.length).fill(-1);
    const rows: StoredSummary[] = [];
    const folded: (string | undefined)[] = [];
    this.rows.forEach((r, i) => {
      if (removed.has(r.id)) return;
      renumber[i] = rows.length;
      rows.push(r);
      folded.push(this.folded[i]);
    });
    for (const [sort, order] of this.orders) {
      const kept = new Uint32Array(rows.length);
      let k = 0;
      for (const i of order) if (renumber[i]! >= 0) kept[k++] = renumber[i]!;
      this.orders.set(sort, kept);
    }
    this.rows = rows;
    this.folded = folded;
    this.byId = new Map(rows.map((r, i) => [r.id, i]));
  }

  private order(sort: SortKey): Uint32Array {
    let order = this.orders.get(sort);
    if (!order) {
      const rows = this.rows;
      const indices = Array.from({ length: rows.length }, (_, i) => i);
      if (sort === 'added' || sort === 'words') {
        // Numbers: compare without the generic string path.
        const values = rows.map((r) => sortValue(r, sort) as number);
        indices.sort((a, b) => values[a]! - values[b]! || (rows[a]!.id < rows[b]!.id ? -1 : rows[a]!.id > rows[b]!.id ? 1 : 0));
      } else {
        indices.sort((a, b) => compareSummaries(rows[a]!, rows[b]!, sort));
      }
      order = Uint32Array.from(indices);
      this.orders.set(sort, order);
    }
    return order;
  }
}
