/**
 * Access to a site, asked of the reader when they act: following AP asks for the followed
 * sitemap's site, a pack subscription for the pack's. The browsers grant an optional host
 * permission only inside the handler of the reader's click (Firefox refuses it after any
 * `await`; Chromium after its short user-activation window), so callers call `request` first,
 * synchronously, and only then anything that waits.
 *
 * A permission names a site by a match pattern, scheme and host with any path; the pattern
 * carries no port, so it covers the site on every port (the test stand-ins listen on one).
 */

import { browser } from 'wxt/browser';
import { originPattern as patternOf } from '../../messaging/protocol';

export interface PermissionsApi {
  /** Asks the browser (which may ask the reader) for access to these match patterns. */
  request(origins: string[]): Promise<boolean>;
}

/** The match pattern of a URL's site (`https://apnews.com/*`), or undefined for anything but http(s). */
export function originPattern(url: string): string | undefined {
  try {
    const u = new URL(url.trim());
    if ((u.protocol !== 'https:' && u.protocol !== 'http:') || !u.hostname) return undefined;
    return patternOf(u.href);
  } catch {
    return undefined;
  }
}

export const browserPermissions: PermissionsApi = {
  request: (origins) => browser.permissions.request({ origins }),
};

/**
 * Asks for a site, then does `then` if the reader granted it. The request is made before this
 * function returns (inside the caller's click handler); a refusal is 'refused' and changes nothing.
 */
export function withSiteAccess<T>(permissions: PermissionsApi, url: string, then: () => Promise<T>): Promise<{ kind: 'granted'; value: T } | { kind: 'refused' } | { kind: 'bad-url' }> {
  const pattern = originPattern(url);
  if (!pattern) return Promise.resolve({ kind: 'bad-url' });
  let asked: Promise<boolean>;
  try {
    asked = permissions.request([pattern]);
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
  return asked.then(async (granted) => (granted ? { kind: 'granted', value: await then() } : { kind: 'refused' }));
}
