/**
 * Export: the whole corpus as a JSON Lines download. The file is built in the page (export.ts)
 * and offered through a download link (download-link.ts).
 */

import { useState } from 'preact/hooks';
import { useDownloadLink } from './download-link';
import type { CorpusApi } from './corpus-api';
import { exportFileName, exportJsonLines } from './export';
import { articles, formatBytes, formatCount } from '../../i18n/counts';
import { t } from '../../i18n/t';

type State =
  | { kind: 'idle' }
  | { kind: 'busy'; done: number }
  | { kind: 'done'; url: string; name: string; articles: number; bytes: number }
  | { kind: 'failed'; message: string };

export function ExportSection({ corpus, corpusSize }: { corpus: CorpusApi; corpusSize: number | undefined }) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const { link, release, urlFor } = useDownloadLink(state.kind === 'done' ? state.url : null);

  const run = async () => {
    release();
    setState({ kind: 'busy', done: 0 });
    try {
      const { blob, articles: n } = await exportJsonLines(corpus.exportPages(), { onProgress: (done) => setState({ kind: 'busy', done }) });
      setState({ kind: 'done', url: urlFor(blob), name: exportFileName(new Date()), articles: n, bytes: blob.size });
    } catch (e) {
      setState({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
    }
  };

  return (
    <section id="export" aria-labelledby="export-heading">
      <h2 id="export-heading">{t('options_export_heading')}</h2>
      <p class="quiet">{t('options_export_text')}</p>
      <div class="actions">
        <button type="button" data-testid="export-corpus" disabled={state.kind === 'busy' || corpusSize === 0} onClick={() => void run()}>
          {t('options_export_button')}
        </button>
      </div>
      <div role="status" data-testid="export-status">
        {state.kind === 'busy' && (
          <p>
            {t('options_exporting', formatCount(state.done), formatCount(corpusSize ?? state.done))}{' '}
            <progress max={Math.max(1, corpusSize ?? 0)} value={state.done} aria-label={t('options_export_button')} />
          </p>
        )}
        {state.kind === 'done' && (
          <p>
            {t('options_exported', articles(state.articles), formatBytes(state.bytes))}{' '}
            <a ref={link} href={state.url} download={state.name} data-testid="export-link">
              {t('options_export_again', state.name)}
            </a>
          </p>
        )}
        {state.kind === 'failed' && (
          <p class="notice error" role="alert">
            {t('options_export_failed', state.message)}
          </p>
        )}
      </div>
    </section>
  );
}
