/**
 * "Export as CSV" and "Export as JSON Lines", for the whole record or one site: the visits are
 * asked of the background, made into a file (export-file.ts) and handed to the browser through
 * an object URL on an <a download> link that is clicked once for the reader and stays on the
 * page until the next export, when its URL is revoked (no downloads permission).
 */

import { useEffect, useRef, useState } from 'preact/hooks';
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
  const link = useRef<HTMLAnchorElement>(null);
  const url = useRef<string | null>(null);

  useEffect(() => () => {
    if (url.current) URL.revokeObjectURL(url.current);
  }, []);

  useEffect(() => {
    if (state.kind === 'done') link.current?.click();
  }, [state]);

  const run = async (format: SitesExportFormat) => {
    if (url.current) URL.revokeObjectURL(url.current);
    url.current = null;
    setState({ kind: 'busy' });
    try {
      const visits = await sites.exportVisits(host);
      const blob = sitesExportBlob(visits, format);
      url.current = URL.createObjectURL(blob);
      setState({ kind: 'done', url: url.current, name: sitesExportName(now(), format, host), visits: visits.length, bytes: blob.size });
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
