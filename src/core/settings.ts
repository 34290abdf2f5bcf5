/**
 * The reader's settings: one versioned shape, validated and migrated on every load, so a
 * value written by an older Wirecheck (or damaged on disk) can never reach the code as
 * anything but a valid Settings.
 */

export const SETTINGS_VERSION = 1;

export type Sensitivity = 'cautious' | 'balanced' | 'eager';

export interface Settings {
  version: typeof SETTINGS_VERSION;
  /** How much evidence a match needs: cautious flags less, eager flags more. */
  sensitivity: Sensitivity;
  /** Host names never checked (no extraction, no badge): "example.com" also covers "www.example.com". */
  neverCheck: string[];
  /** Show the in-page notice on pages that derive from an AP story. */
  inPageNotice: boolean;
  /** Also show it for word-for-word copies that credit AP (syndication, usually legitimate). */
  noticeOnCreditedCopies: boolean;
  /** Hosts where the reader muted the in-page notice (the badge still shows). */
  noticeMutedHosts: string[];
  /** Check pages as they load; when off, a page is checked only when the popup asks. */
  autoCheck: boolean;
  /** Add articles read on apnews.com to the corpus as originals. Off unless the reader opts in. */
  autoCapture: boolean;
  /** The welcome page has been seen. */
  welcomed: boolean;
  /** Keep the per-site record: each article page checked, by site, on this machine only. */
  siteRecord: boolean;
  /** Days a page stays in the per-site record (SITE_RETENTION_DAYS.min … .max). */
  siteRetentionDays: number;
}

/** The per-site record's retention: at least a week, at most ten years, half a year unless the reader says. */
export const SITE_RETENTION_DAYS = Object.freeze({ min: 7, max: 3650, default: 180 });

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  version: SETTINGS_VERSION,
  sensitivity: 'balanced',
  neverCheck: [],
  inPageNotice: true,
  noticeOnCreditedCopies: false,
  noticeMutedHosts: [],
  autoCheck: true,
  autoCapture: false,
  welcomed: false,
  siteRecord: true,
  siteRetentionDays: SITE_RETENTION_DAYS.default,
});

const SENSITIVITIES: readonly Sensitivity[] = ['cautious', 'balanced', 'eager'];
/** Hosts kept per list (never-check sites, muted notices); migrateSettings drops the rest. */
export const MAX_HOSTS = 1_000;

/** A host name as the reader typed it ("https://www.Example.com/x" → "www.example.com"), or null. */
export function normalizeHost(input: string): string | null {
  const trimmed = input.trim().toLowerCase();
  if (!trimmed) return null;
  try {
    const host = new URL(/^[a-z]+:\/\//.test(trimmed) ? trimmed : `https://${trimmed}`).hostname;
    return /^[a-z0-9.-]+$/.test(host) && host.includes('.') ? host : null;
  } catch {
    return null;
  }
}

function hostListed(hosts: readonly string[], pageUrl: string): boolean {
  let host: string;
  try {
    host = new URL(pageUrl).hostname.toLowerCase();
  } catch {
    return false;
  }
  return hosts.some((h) => host === h || host.endsWith(`.${h}`));
}

/** Whether a page's host is on the never-check list (a listed domain covers its subdomains). */
export function isNeverChecked(settings: Settings, pageUrl: string): boolean {
  return hostListed(settings.neverCheck, pageUrl);
}

export function isNoticeMuted(settings: Settings, pageUrl: string): boolean {
  return hostListed(settings.noticeMutedHosts, pageUrl);
}

/** A retention as stored: a number of days, rounded and kept within SITE_RETENTION_DAYS; anything else, the default. */
export function retentionDays(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return SITE_RETENTION_DAYS.default;
  return Math.min(SITE_RETENTION_DAYS.max, Math.max(SITE_RETENTION_DAYS.min, Math.round(value)));
}

/**
 * Any stored value → valid Settings. Unknown fields are dropped, wrong types fall back to
 * defaults field by field (so a field added to version 1, like the per-site record's, reads
 * as its default from settings saved before it), and older versions are migrated step by
 * step (none yet: version 1 is the first).
 */
export function migrateSettings(raw: unknown): Settings {
  const r = (typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw : {}) as Record<string, unknown>;
  const bool = (key: keyof Settings) => (typeof r[key] === 'boolean' ? (r[key] as boolean) : (DEFAULT_SETTINGS[key] as boolean));
  const hosts = (value: unknown) =>
    Array.isArray(value) ? [...new Set(value.flatMap((h) => (typeof h === 'string' ? (normalizeHost(h) ?? []) : [])))].slice(0, MAX_HOSTS) : [];
  return {
    version: SETTINGS_VERSION,
    sensitivity: SENSITIVITIES.includes(r.sensitivity as Sensitivity) ? (r.sensitivity as Sensitivity) : DEFAULT_SETTINGS.sensitivity,
    neverCheck: hosts(r.neverCheck),
    inPageNotice: bool('inPageNotice'),
    noticeOnCreditedCopies: bool('noticeOnCreditedCopies'),
    noticeMutedHosts: hosts(r.noticeMutedHosts),
    autoCheck: bool('autoCheck'),
    autoCapture: bool('autoCapture'),
    welcomed: bool('welcomed'),
    siteRecord: bool('siteRecord'),
    siteRetentionDays: retentionDays(r.siteRetentionDays),
  };
}
