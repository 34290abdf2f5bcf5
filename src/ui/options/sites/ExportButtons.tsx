/**
 * "Export as CSV" and "Export as JSON Lines", for the whole record or one site: the visits are
 * asked of the background, made into a file (export-file.ts) and offered through a download
 * link (download-link.ts).
 */

import { useState } from 'preact/hooks';
import { useDownloadLink } from '../download-link';
import type { SitesApi } from '../../../messaging/sites';
import { formatBytes, tCount } from '../../../i18n/counts';
import { t } from '../../../i18n/t';
import { errorText } from '../follow/use-polled';
import { type SitesExportFormat, sitesExportBlob, sitesExportName } from './export-file';

type State =
  | { kind: 'idle' }
  | { kind: 'busy' }
  | { kind: 'done'; url: string; name: string; visits: number; bytes: number }
  | { kind: 'failed'; message: string };

export interface ExportButtonsProps {
  sites: Pick<SitesApi, 'exportVisits'>;
  /** One site; the whole record when absent. */
  host?: string;
  /** The test ids' prefix: `<prefix>-csv`, `<prefix>-jsonl`, `<prefix>-link`. */
  testId: string;
  now?: () => Date;
}

export function ExportButtons({ sites, host, testId, now = () => new Date() }: ExportButtonsProps) {
  const [state, setState] = useState<State>({ kind: 'idle' });
  const { link, release, urlFor } = useDownloadLink(state.kind === 'done' ? state.url : null);

  const run = async (format: SitesExportFormat) => {
    release();
    setState({ kind: 'busy' });
    try {
      const visits = await sites.exportVisits(host);
      const blob = sitesExportBlob(visits, format);
      setState({ kind: 'done', url: urlFor(blob), name: sitesExportName(now(), format, host), visits: visits.length, bytes: blob.size });
    } catch (e) {
      setState({ kind: 'failed', message: errorText(e) });
    }
  };

  const busy = state.kind === 'busy';
  return (
    <>
      <button type="button" data-testid={`${testId}-csv`} disabled={busy} onClick={() => void run('csv')}>
        {host ? t('options_sites_export_csv_site', host) : t('options_sites_export_csv')}
      </button>
      <button type="button" data-testid={`${testId}-jsonl`} disabled={busy} onClick={() => void run('jsonl')}>
        {host ? t('options_sites_export_jsonl_site', host) : t('options_sites_export_jsonl')}
      </button>
      <span role="status" class="sites-export-status" data-testid={`${testId}-status`}>
        {busy && t('options_sites_exporting')}
        {state.kind === 'done' && (
          <>
            {t('options_sites_exported', tCount('options_sites_visits', state.visits), formatBytes(state.bytes))}{' '}
            <a ref={link} href={state.url} download={state.name} data-testid={`${testId}-link`}>
              {t('options_export_again', state.name)}
            </a>
          </>
        )}
      </span>
      {state.kind === 'failed' && (
        <p class="notice error" role="alert" data-testid={`${testId}-error`}>
          {t('options_export_failed', state.message)}
        </p>
      )}
    </>
  );
}
