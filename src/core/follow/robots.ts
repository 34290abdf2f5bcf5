/**
 * robots.txt as the follower obeys it, for the user agent `Wirecheck` (RFC 9309).
 *
 * - The rules come from the `robots-parser` package (pure JavaScript): the group naming the
 *   agent, else `*`'s; the longest matching path wins; `*` and `$` patterns.
 * - A robots.txt that answers 4xx (404 most often) means no rules: everything is allowed; so
 *   does one that redirects where the follower does not go (RFC 9309, 2.3.1.2: "unavailable").
 *   One that answers 5xx, cannot be reached, or is too large to read means the site is
 *   unreachable: nothing is allowed for now (RFC 9309, 2.3.1.4) and it is asked again on the
 *   next attempt, after the back-off.
 * - A URL on another origin than the robots.txt's is not this file's to judge; the follower
 *   never requests one (robots-parser answers `undefined` for it, read here as allowed).
 * - `Crawl-delay` (seconds, non-standard but honoured) comes back in ms; the follower waits
 *   the larger of it and its own pace.
 */

import robotsParser from 'robots-parser';

export const ROBOTS_USER_AGENT = 'Wirecheck';
/** robots.txt is read again after this long (RFC 9309 asks for no more than 24 h of caching). */
export const ROBOTS_TTL_MS = 24 * 60 * 60 * 1000;
/** The most of a robots.txt read (RFC 9309 asks crawlers to read at least 500 KiB). */
export const MAX_ROBOTS_BYTES = 512 * 1024;

export interface RobotsRules {
  allowed(url: string): boolean;
  crawlDelayMs?: number;
}

export const ALLOW_ALL: RobotsRules = { allowed: () => true };
export const DISALLOW_ALL: RobotsRules = { allowed: () => false };

/** The rules of a robots.txt's text, for Wirecheck. */
export function robotsRules(robotsUrl: string, text: string): RobotsRules {
  const robot = robotsParser(robotsUrl, text);
  const delay = robot.getCrawlDelay(ROBOTS_USER_AGENT);
  const rules: RobotsRules = { allowed: (url) => robot.isAllowed(url, ROBOTS_USER_AGENT) !== false };
  if (typeof delay === 'number' && Number.isFinite(delay) && delay > 0) rules.crawlDelayMs = Math.round(delay * 1000);
  return rules;
}

/**
 * The rules a robots.txt answer gives: 2xx its text; 3xx (a redirect not followed) and 4xx
 * none (all allowed); anything else (5xx, 0 for unreachable) all disallowed for now.
 */
export function rulesForAnswer(robotsUrl: string, status: number, text: string): RobotsRules {
  if (status >= 200 && status < 300) return robotsRules(robotsUrl, text);
  if (status >= 300 && status < 500) return ALLOW_ALL;
  return DISALLOW_ALL;
}

/** Whether an answer leaves the site unreachable for now (5xx, or no answer at all). */
export function robotsUnreachable(status: number): boolean {
  return status < 200 || status >= 500;
}

/** The robots.txt URL for a page's origin. */
export function robotsUrlFor(url: string): string {
  return new URL('/robots.txt', url).href;
}
