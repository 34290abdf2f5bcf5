/**
 * What each tab shows, and the results we can reuse.
 *
 * Tab states live in memory only: when the service worker is stopped they are gone, and the
 * popup's next question makes the background ask the tab's content script for its article
 * again, which costs less than the `storage` permission a persisted copy would need. Results
 * are cached by corpus generation, URL and a hash of the text, so a reload or a return to a
 * page already checked is instant and a changed corpus is never answered from stale results.
 * A checked tab's state names the generation its verdict was given against, so the tabs a
 * corpus change leaves behind are found by a scan of the (few) open tabs.
 */

import { hashString } from '../core/fingerprint/hash';
import type { MatchResult } from '../core/types';
import type { TabState } from '../messaging/protocol';

const MAX_CACHED_RESULTS = 200;

export class TabStates {
  private readonly tabs = new Map<number, TabState>();
  private readonly results = new Map<string, MatchResult>();

  get(tabId: number): TabState {
    return this.tabs.get(tabId) ?? { status: 'unknown' };
  }

  set(tabId: number, state: TabState): void {
    this.tabs.set(tabId, state);
  }

  remove(tabId: number): void {
    this.tabs.delete(tabId);
  }

  /** Tabs showing a verdict given against another corpus generation than `generation`. */
  staleVerdicts(generation: number): number[] {
    const stale: number[] = [];
    for (const [tabId, state] of this.tabs) if (state.status === 'checked' && state.corpusGeneration !== generation) stale.push(tabId);
    return stale;
  }

  /** True while the tab still shows this URL (it may have navigated during a check). */
  isCurrent(tabId: number, url: string): boolean {
    const s = this.tabs.get(tabId);
    return s !== undefined && 'url' in s && s.url === url;
  }

  static resultKey(generation: number, url: string, text: string): string {
    return `${generation}|${url}|${text.length}|${hashString(text)}`;
  }

  cachedResult(key: string): MatchResult | undefined {
    const r = this.results.get(key);
    if (r) {
      // Refresh its place: the map's insertion order is the eviction order.
      this.results.delete(key);
      this.results.set(key, r);
    }
    return r;
  }

  cacheResult(key: string, result: MatchResult): void {
    this.results.set(key, result);
    if (this.results.size > MAX_CACHED_RESULTS) this.results.delete(this.results.keys().next().value!);
  }

  clearResults(): void {
    this.results.clear();
  }
}
