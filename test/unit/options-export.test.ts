// The options page's export (src/ui/options/export.ts): JSON Lines built from pages of
// articles into one Blob, that the import reads back unchanged; the file is named by date.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/core/types';
import { CorpusStore } from '../../src/storage';
import { EXPORT_TYPE, exportFileName, exportJsonLines } from '../../src/ui/options/export';
import { importFiles } from '../../src/ui/options/import-run';
import { syntheticArticles } from './storage-synthetic';

async function* pages(list: Article[], size: number): AsyncGenerator<Article[]> {
  for (let i = 0; i < list.length; i += size) yield list.slice(i, i + size);
}

describe('export', () => {
  it('streams pages into one JSON Lines blob that imports back unchanged, with progress', async () => {
    const list = syntheticArticles(70, { words: 30, seed: 9, prefix: 'exp' });
    list[3] = { ...list[3]!, text: 'Line one.\n\nLine "two" with \\ and ünïcödé.', url: '' };
    const progress: number[] = [];
    const { blob, articles } = await exportJsonLines(pages(list, 32), { onProgress: (n) => progress.push(n) });
    expect(articles).toBe(70);
    expect(progress).toEqual([32, 64, 70]);
    expect(blob.type).toBe(EXPORT_TYPE);
    const text = await blob.text();
    expect(text.split('\n')).toHaveLength(71); // a newline after every article
    const store = await CorpusStore.open('wirecheck-export-roundtrip');
    const outcome = await importFiles(store, [new File([blob], 'export.jsonl')]);
    expect(outcome).toMatchObject({ kind: 'imported', added: 70 });
    expect(await store.getArticles(list.map((a) => a.id))).toEqual(list);
    store.close();
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(exportJsonLines(pages(syntheticArticles(3), 1), { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('names the file by the local date', () => {
    expect(exportFileName(new Date(2024, 4, 1, 23, 59))).toBe('wirecheck-corpus-2024-05-01.jsonl');
  });
});
