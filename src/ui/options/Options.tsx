/** The options page: the reader's corpus of AP originals — import, list, delete. */

import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { CORPUS_FILE_ACCEPT } from '../../core/corpus/files';
import type { ArticleSummary } from '../../storage';
import { formatPublished } from '../words';
import type { CorpusApi } from './corpus-api';
import { type ImportOutcome, type ReadableFile, describeProblem } from './import-files';

type Status = { kind: 'idle' } | { kind: 'busy'; done: number; total: number } | { kind: 'done'; outcome: ImportOutcome };

export function Options({ corpus, sampleCorpus }: { corpus: CorpusApi; sampleCorpus: () => Promise<ReadableFile> }) {
  const [articles, setArticles] = useState<ArticleSummary[] | undefined>();
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [listError, setListError] = useState<string | undefined>();
  const input = useRef<HTMLInputElement>(null);

  const refresh = useCallback(async () => {
    try {
      setArticles(await corpus.list());
      setListError(undefined);
    } catch (e) {
      setListError(e instanceof Error ? e.message : String(e));
    }
  }, [corpus]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const runImport = async (files: ReadableFile[]) => {
    if (files.length === 0) return;
    setStatus({ kind: 'busy', done: 0, total: 0 });
    const outcome = await corpus.importFiles(files, (done, total) => setStatus({ kind: 'busy', done, total }));
    setStatus({ kind: 'done', outcome });
    if (input.current) input.current.value = '';
    await refresh();
  };

  const remove = async (a: ArticleSummary) => {
    await corpus.remove([a.id]);
    await refresh();
  };

  return (
    <main class="options">
      <h1>Wirecheck: your corpus</h1>
      <p>
        Wirecheck compares the news you read with the Associated Press originals you keep here. Everything stays in this
        browser: pages, the corpus and the results never leave your machine.
      </p>

      <section aria-labelledby="import-heading">
        <h2 id="import-heading">Import AP originals</h2>
        <p class="quiet">
          JSON Lines (one <code>{'{"id", "title", "url", "published", "text"}'}</code> object per line), plain text (headline
          on the first line) or saved HTML pages. An import lands whole or not at all.
        </p>
        <label>
          Choose files{' '}
          <input
            ref={input}
            type="file"
            multiple
            accept={CORPUS_FILE_ACCEPT}
            data-testid="corpus-file-input"
            disabled={status.kind === 'busy'}
            onChange={(e) => void runImport([...((e.currentTarget as HTMLInputElement).files ?? [])])}
          />
        </label>{' '}
        <button type="button" disabled={status.kind === 'busy'} onClick={async () => void runImport([await sampleCorpus()])}>
          Add the sample corpus
        </button>
        <ImportStatus status={status} />
      </section>

      <section aria-labelledby="corpus-heading">
        <h2 id="corpus-heading">
          In your corpus: <span data-testid="corpus-count">{articles?.length ?? '…'}</span> articles
        </h2>
        {listError && <p class="notice error" role="alert">Could not read the corpus: {listError}</p>}
        {articles && articles.length > 0 && (
          <table>
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col">Published</th>
                <th scope="col">Words</th>
                <th scope="col"><span class="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {articles.map((a) => (
                <tr key={a.id} data-testid="corpus-row">
                  <td>{a.title}</td>
                  <td>{formatPublished(a.published)}</td>
                  <td>{a.wordCount}</td>
                  <td>
                    <button type="button" data-testid="delete-article" aria-label={`Delete “${a.title}”`} onClick={() => void remove(a)}>
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </main>
  );
}

function ImportStatus({ status }: { status: Status }) {
  if (status.kind === 'idle') return <p data-testid="import-status" role="status" />;
  if (status.kind === 'busy') {
    return (
      <p data-testid="import-status" role="status">
        Importing… {status.total > 0 && <progress max={status.total} value={status.done} />}
      </p>
    );
  }
  const { outcome } = status;
  if (outcome.ok) {
    return (
      <p data-testid="import-status" role="status">
        Imported {outcome.articles} {outcome.articles === 1 ? 'article' : 'articles'} from {outcome.files}{' '}
        {outcome.files === 1 ? 'file' : 'files'}: {outcome.added} new, {outcome.updated} updated, {outcome.unchanged} unchanged.
      </p>
    );
  }
  return (
    <div data-testid="import-status" role="alert">
      <p>Import failed; your corpus is unchanged.</p>
      <ul class="errors">
        {outcome.problems.slice(0, 50).map((p) => (
          <li>{describeProblem(p)}</li>
        ))}
        {outcome.problems.length > 50 && <li>…and {outcome.problems.length - 50} more problems</li>}
      </ul>
    </div>
  );
}
