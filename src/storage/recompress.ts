/**
 * Rewrites the texts that older versions left behind: plain texts (written before database
 * version 4) and texts deflated without the current dictionary (version 4's
 * CompressionStream), both still readable (text-codec.ts), rewritten with the dictionary a
 * page at a time. Nothing a reader sees changes, so no generation is bumped; a record changed
 * by another writer between the read and the write is left to that writer. `meta.texts`
 * (schema.ts TEXTS_KEY) says whether anything may be left to do, so once done this is one read.
 *
 * Measured (`npm run bench:storage -- --table 10000 --import 0`, text-codec.ts): reading the
 * dictionary's texts is what makes text search and export fast, 0.45–0.50 s and 0.44 s over
 * 10,000 articles against 2.3 s and 2.8 s with CompressionStream's asynchronous reads.
 */

import { LIST_PAGE, pagesInKeyOrder, textsCompressed } from './batches';
import { type Connection, track, writeAll } from './connection';
import { saveError } from './errors';
import { type StoredArticleRecord, contentHashFor } from './records';
import { TEXTS_KEY } from './schema';
import { isCurrentText, textOfSync } from './text-codec';

/**
 * Rewrites every record not in the current codec; returns how many were rewritten. A failure
 * (out of space) leaves the pages rewritten so far, each whole, and is told as a StorageError.
 */
export async function compressStoredTexts(connection: Connection, opts: { signal?: AbortSignal } = {}): Promise<number> {
  try {
    return await rewriteStoredTexts(connection, opts);
  } catch (e) {
    if (opts.signal?.aborted) throw opts.signal.reason;
    throw saveError(e);
  }
}

async function rewriteStoredTexts(connection: Connection, opts: { signal?: AbortSignal }): Promise<number> {
  const db = await connection.open();
  if ((await db.get('meta', TEXTS_KEY))?.value !== 'plain') return 0;
  let rewritten = 0;
  const read = (after: IDBKeyRange | undefined) => {
    opts.signal?.throwIfAborted();
    return db.getAll('articles', after, LIST_PAGE);
  };
  for await (const page of pagesInKeyOrder(read, LIST_PAGE)) {
    // One that does not inflate is left as it is.
    const old: { record: StoredArticleRecord; text: string; hash: string }[] = [];
    for (const record of page) {
      if (isCurrentText(record)) continue;
      try {
        old.push({ record, text: textOfSync(record), hash: contentHashFor(record) });
      } catch {
        // damaged: reading it fails the same way before and after
      }
    }
    if (old.length === 0) continue;
    const compressed = await textsCompressed(old, opts.signal);
    const tx = db.transaction('articles', 'readwrite');
    rewritten += await writeAll(tx, async () => {
      const now = await Promise.all(old.map(({ record }) => tx.store.get(record.id)));
      let puts = 0;
      old.forEach(({ record, hash }, i) => {
        const current = now[i];
        if (!current || isCurrentText(current) || current.textCodec !== record.textCodec) return;
        if (contentHashFor(current) !== hash || current.title !== record.title || current.url !== record.url || current.published !== record.published) return;
        const { text: _, ...rest } = current;
        track(tx.store.put({ ...rest, ...compressed[i]!, contentHash: hash }));
        puts++;
      });
      return puts;
    });
  }
  await db.put('meta', { key: TEXTS_KEY, value: 'compressed' });
  return rewritten;
}
