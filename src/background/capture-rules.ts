/**
 * What auto-capture may add to the corpus: pages on AP's own hosts, and a later version of a
 * stored story rather than another story under its canonical URL.
 */

import { matchPage } from '../core/match/matcher';
import type { Article, PageArticle } from '../core/types';

/**
 * Hosts whose articles auto-capture may add to the corpus: the ones that publish AP's stories,
 * exactly (not any subdomain, which anyone able to serve a page on one could use).
 */
const CAPTURE_HOSTS = ['apnews.com', 'www.apnews.com'];

export function isCaptureHost(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url);
    return (protocol === 'https:' || protocol === 'http:') && CAPTURE_HOSTS.includes(hostname);
  } catch {
    return false;
  }
}

/**
 * Whether a captured page is a version of the stored article it would replace: the core's
 * matcher finds one derived from the other, in either direction (an update may add to the story
 * or cut it). Two versions of the seed story are "edited" both ways; an unrelated story is
 * "none".
 */
export function sameStory(captured: Article, stored: Article, lang?: string): boolean {
  if (captured.text === stored.text) return true;
  const asPage = (a: Article, l?: string): PageArticle => ({ title: a.title, text: a.text, ...(l ? { lang: l } : {}) });
  return matchPage(asPage(captured, lang), [stored]).verdict !== 'none' || matchPage(asPage(stored), [captured]).verdict !== 'none';
}
