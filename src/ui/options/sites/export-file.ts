/**
 * The record as a file to save: CSV (RFC 4180, for a spreadsheet) or JSON Lines (one visit per
 * line, for scripts), all sites or one. The rows come from core's serialisers
 * (core/sites/export.ts), so the CLI and this page write the same columns; this file only
 * names the file and wraps the text in a Blob for an <a download> link, as the corpus export
 * does (../export.ts). The record is small (a visit is a few hundred bytes; a year of daily
 * reading is a few thousand visits), so one string is fine here.
 */

import { visitsToCsv, visitsToJsonl } from '../../../core/sites/export';
import type { SiteVisit } from '../../../core/sites/types';

export type SitesExportFormat = 'csv' | 'jsonl';

const TYPES: Record<SitesExportFormat, string> = {
  csv: 'text/csv;charset=utf-8',
  jsonl: 'application/x-ndjson',
};

export function sitesExportBlob(visits: readonly SiteVisit[], format: SitesExportFormat): Blob {
  return new Blob([format === 'csv' ? visitsToCsv([...visits]) : visitsToJsonl([...visits])], { type: TYPES[format] });
}

/** wirecheck-sites-2024-05-01.csv, or wirecheck-sites-example.com-2024-05-01.jsonl for one site, in the reader's local date. */
export function sitesExportName(now: Date, format: SitesExportFormat, host?: string): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  const site = host ? `-${host.toLowerCase().replace(/[^a-z0-9.-]+/g, '_')}` : '';
  return `wirecheck-sites${site}-${date}.${format}`;
}
