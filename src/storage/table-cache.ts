/**
 * The corpus table in memory for one CorpusStore: every summary (summaries.ts
 * `SummaryTable`), loaded once per generation, shared by concurrent callers, and kept in step
 * with this store's own commits (`committed`) instead of loaded again after each of them.
 *
 * It also keeps the `summaries` store honest. Summaries are derived from `articles` and
 * written in the same transactions, which record the generation they were written for
 * (schema.ts SUMMARIES_KEY). When that record lags the corpus generation, something changed
 * the corpus without the summaries, and they are rebuilt from the articles, as the index is
 * rebuilt from the texts when its snapshot cannot be trusted. Checked once per generation:
 * one read.
 *
 * Measured at 100,000 articles (fake-indexeddb 6.2.8, Node 22.23, bench/storage-scale.ts; see
 * summaries.ts): loading every summary, in pages of 2,000, takes 0.44 s; any page of the
 * table from memory is then under 1 ms.
 */

import { pagesInKeyOrder } from './batches';
import { type Connection, type Db, track, writeAll } from './connection';
import { saveError } from './errors';
import { type StoredSummary, summaryOf } from './records';
import { GENERATION_KEY, SUMMARIES_KEY, generationOf } from './schema';
import { SummaryTable } from './summaries';

/** Summaries per getAll page when loading the table (they are small). */
const SUMMARY_PAGE = 2_000;

/** What a commit did to the table: summaries put (added or replaced) and ids removed. */
export type TableChange = { put?: readonly StoredSummary[]; remove?: readonly string[] };

export class TableCache {
  private table: SummaryTable | null = null;
  private loading: Promise<SummaryTable> | null = null;
  /** The generation at which `summaries` was last found to hold one record per article. */
  private summariesChecked = -1;

  constructor(private readonly connection: Connection) {}

  /** True when the table in memory is that of this generation. */
  isLoadedAt(generation: number): boolean {
    return this.table?.generation === generation;
  }

  /** Every summary in memory, loaded once per generation (concurrent callers share one load). */
  load(): Promise<SummaryTable> {
    return this.connection.reading(async (db) => {
      const generation = generationOf(await db.get('meta', GENERATION_KEY));
      if (this.table?.generation === generation) return this.table;
      this.loading ??= this.loadTable(db).finally(() => {
        this.loading = null;
      });
      return this.loading;
    });
  }

  /** Rebuilds the `summaries` store from the articles when it lags `generation`. */
  async verify(db: Db, generation: number): Promise<void> {
    if (this.summariesChecked === generation) return;
    const marker = (await db.get('meta', SUMMARIES_KEY))?.value;
    if (marker !== generation) await this.rebuildSummaries(db);
    this.summariesChecked = generation;
  }

  /** After this store's own commit: the table follows it when it was current, else it is dropped. */
  committed(from: number, to: number, change: TableChange): void {
    if (this.table?.generation === from) this.table.apply(change, to);
    else this.table = null;
    if (this.summariesChecked === from) this.summariesChecked = to;
  }

  forget(): void {
    this.table = null;
  }

  /** In one transaction, so a failure (out of space) leaves the old summaries, to be rebuilt next time. */
  private async rebuildSummaries(db: Db): Promise<void> {
    const tx = db.transaction(['articles', 'summaries', 'meta'], 'readwrite');
    try {
      await writeAll(tx, async () => {
        const summaries = tx.objectStore('summaries');
        await summaries.clear();
        for (let cursor = await tx.objectStore('articles').openCursor(); cursor; cursor = await cursor.continue()) {
          track(summaries.put(summaryOf(cursor.value)));
        }
        const generation = generationOf(await tx.objectStore('meta').get(GENERATION_KEY));
        track(tx.objectStore('meta').put({ key: SUMMARIES_KEY, value: generation }));
      });
    } catch (e) {
      throw saveError(e); // a write: told as one (out of space), not as a failed read
    }
    this.table = null;
  }

  private async loadTable(db: Db): Promise<SummaryTable> {
    for (;;) {
      const generation = generationOf(await db.get('meta', GENERATION_KEY));
      await this.verify(db, generation);
      // Generation and rows in one transaction: the table reflects exactly one generation.
      const tx = db.transaction(['meta', 'summaries']);
      const now = generationOf(await tx.objectStore('meta').get(GENERATION_KEY));
      if (now !== generation) continue; // changed between the check and the read: check again
      const rows: StoredSummary[] = [];
      for await (const page of pagesInKeyOrder((after) => tx.objectStore('summaries').getAll(after, SUMMARY_PAGE), SUMMARY_PAGE)) {
        for (const s of page) rows.push(s);
      }
      const table = new SummaryTable(rows, now);
      if (!this.table || this.table.generation <= now) this.table = table;
      return table;
    }
  }
}
