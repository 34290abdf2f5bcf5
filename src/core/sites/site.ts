/**
 * The site a page belongs to, for the per-site record: its host, and the URL the record keeps
 * the page under (one record per URL).
 *
 * - Only http(s) pages have a site; anything else (file:, about:, extension pages) has none.
 * - The host is the URL's host in lower case (IDNs in their ASCII form, as URL gives them),
 *   without a trailing dot or one leading "www.", with its port when the URL names a
 *   non-default one: two servers on one machine are two sites, and the real web has no ports.
 * - The canonical URL names the story across its copies and updates, so it is preferred, but
 *   only on the page's own site: a page must not file itself under another site. Same site
 *   means the same registrable domain, approximated without a public-suffix list as the last
 *   two labels of the host name, or the last three when the second-to-last is a short
 *   second-level label (co.uk, com.au, gov.br, ac.jp); an IP address or a one-label name
 *   (localhost) must match exactly. So news.example.com and example.com are one site,
 *   example.co.uk and other.co.uk two. Otherwise the page's own URL is used.
 * - The URL is kept without its fragment, its user name and password, and the usual tracking
 *   parameters (utm_*, fbclid, gclid, …), which would make one article many.
 */

/** Query parameters that only say how the reader arrived. */
const TRACKING_PARAM = /^(?:utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|igshid|_ga|ref_src|cmpid)$/i;
/** Second-level labels under which the registrable domain takes a third label. */
const SECOND_LEVEL = new Set(['co', 'com', 'net', 'org', 'gov', 'edu', 'ac', 'or', 'ne', 'go', 'gob', 'nic', 'mil', 'ltd', 'plc', 'sch', 'nhs', 'police', 'gouv', 'asso', 'info', 'nom']);

function parseHttp(raw: string, base?: string): URL | null {
  try {
    const url = base === undefined ? new URL(raw) : new URL(raw, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

function hostName(url: URL): string {
  return url.hostname.toLowerCase().replace(/\.$/, '').replace(/^www\./, '');
}

function isIpAddress(name: string): boolean {
  return /^\d{1,3}(?:\.\d{1,3}){3}$/.test(name) || name.startsWith('[');
}

/** The registrable domain, approximately (see the note above). */
export function registrableDomain(name: string): string {
  if (isIpAddress(name)) return name;
  const labels = name.split('.');
  if (labels.length <= 2) return name;
  const second = labels[labels.length - 2]!;
  const take = labels[labels.length - 1]!.length === 2 && SECOND_LEVEL.has(second) ? 3 : 2;
  return labels.slice(-take).join('.');
}

/** The site of an http(s) URL (host, lower case, no leading "www.", a non-default port kept), or null. */
export function hostOf(url: string): string | null {
  const parsed = parseHttp(url);
  if (!parsed || !parsed.hostname) return null;
  return hostName(parsed) + (parsed.port ? `:${parsed.port}` : '');
}

function sameSite(a: URL, b: URL): boolean {
  if (a.port !== b.port) return false;
  const x = hostName(a);
  const y = hostName(b);
  return x === y || registrableDomain(x) === registrableDomain(y);
}

function recordUrl(url: URL): string {
  const kept = new URL(url.href);
  kept.hash = '';
  kept.username = '';
  kept.password = '';
  for (const name of [...kept.searchParams.keys()]) if (TRACKING_PARAM.test(name)) kept.searchParams.delete(name);
  return kept.href;
}

/**
 * The page's site and the URL its record is kept under (see the note above), or null when the
 * page is not an http(s) page. A relative canonical URL is read against the page's.
 */
export function siteOf(pageUrl: string, canonicalUrl?: string): { host: string; url: string } | null {
  const page = parseHttp(pageUrl);
  if (!page || !page.hostname) return null;
  const canonical = canonicalUrl ? parseHttp(canonicalUrl.trim(), page.href) : null;
  const chosen = canonical && canonical.hostname && sameSite(canonical, page) ? canonical : page;
  return { host: hostName(chosen) + (chosen.port ? `:${chosen.port}` : ''), url: recordUrl(chosen) };
}
