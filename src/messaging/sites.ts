/**
 * Messages about the per-site record (core/sites/types.ts), from extension pages (popup,
 * options) to the background, and the answers' shapes. Validated by `parseUiMessage` like
 * every other ui:* message.
 */

import type { SitePeriod, SiteSummary, SiteVisit } from '../core/sites/types';

/** The record's summary for the site of this tab's page (the popup's "On this site" line). */
export interface UiSiteForTabMessage {
  type: 'ui:site-for-tab';
  tabId: number;
}
/** Every site's summary (the options page's Sites view), with the record's settings. */
export interface UiSitesListMessage {
  type: 'ui:sites-list';
}
/** One site: its summary, its chart's periods and its last articles, newest first. */
export interface UiSiteDetailMessage {
  type: 'ui:site-detail';
  host: string;
}
/** Forget one site (`host`) or every site (no host). */
export interface UiSitesClearMessage {
  type: 'ui:sites-clear';
  host?: string;
}
/** Every visit of the record (or of one site), for export as CSV or JSON Lines. */
export interface UiSitesExportMessage {
  type: 'ui:sites-export';
  host?: string;
}

export type SitesUiMessage = UiSiteForTabMessage | UiSitesListMessage | UiSiteDetailMessage | UiSitesClearMessage | UiSitesExportMessage;

/** The answer to ui:site-for-tab: null when the record is off or the tab's page has no site. */
export type SiteForTab = { summary: SiteSummary; recording: boolean } | null;

export interface SitesList {
  /** The record is on (settings.siteRecord). */
  recording: boolean;
  /** Days a visit is kept (settings.siteRetentionDays). */
  retentionDays: number;
  sites: SiteSummary[];
}

export interface SiteDetail {
  summary: SiteSummary;
  /** By week, oldest first, covering the retention period. */
  periods: SitePeriod[];
  /** The site's last visits, newest first (at most 50). */
  visits: SiteVisit[];
}

/** The UI's interface to the record (src/ui/api.ts implements it over messages). */
export interface SitesApi {
  forTab(tabId: number): Promise<SiteForTab>;
  list(): Promise<SitesList>;
  detail(host: string): Promise<SiteDetail | null>;
  clear(host?: string): Promise<void>;
  exportVisits(host?: string): Promise<SiteVisit[]>;
}
