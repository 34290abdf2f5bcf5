/**
 * What the Follow AP and pack subscription suites (follow.e2e.ts, subscriptions.e2e.ts) drive
 * the options page with and read back: the follow section's counts and phase (its
 * `data-testid`s and `data-phase`), the start as a reader makes it (sitemap under "Advanced",
 * window, the site's access granted, the button), records of the extension's database read
 * whole, and what a request record says about politeness.
 */
import { poll } from './common.ts';
import { DB_NAME } from './database.ts';
import { T, choose, typeInto } from './options-page.ts';
import { grantHostPermission } from './permissions.ts';
import type { ProxiedRequest } from './recording-proxy.ts';
import type { E2EPage, ExtensionSession } from './types.ts';

/** The follow section's counts (FollowFacts: `follow-count-<key>` with `data-count`). */
export interface ShownCounts {
  added: number;
  queued: number;
  skipped: number;
  failed: number;
}

/** The counts the options page shows now (all -1 while the section shows none, before a follow starts). */
export function shownCounts(page: E2EPage): Promise<ShownCounts> {
  return page.evaluate(() => {
    const read = (key: string) => Number(document.querySelector(`[data-testid=follow-count-${key}]`)?.getAttribute('data-count') ?? -1);
    return { added: read('added'), queued: read('queued'), skipped: read('skipped'), failed: read('failed') };
  });
}

/** What the follow is doing, in one word (`data-phase` of the section: off, stopped, no-access, paused, running, idle). */
export function followPhase(page: E2EPage): Promise<string | null> {
  return page.attribute(T('follow'), 'data-phase');
}

/** Waits until the shown counts satisfy `ok`; returns them. */
export async function waitForCounts(page: E2EPage, ok: (c: ShownCounts) => boolean, what: string, timeout = 30_000): Promise<ShownCounts> {
  let last: ShownCounts | undefined;
  return poll(
    async () => {
      last = await shownCounts(page);
      return ok(last) ? last : undefined;
    },
    { timeout, interval: 200, describe: () => `${what} (the counts were ${JSON.stringify(last)})` },
  );
}

export async function waitForPhase(page: E2EPage, phase: string, timeout = 15_000): Promise<void> {
  let last: string | null = null;
  await poll(async () => (last = await followPhase(page)) === phase, { timeout, interval: 100, describe: () => `the follow ${phase} (it was ${String(last)})` });
}

/**
 * Fills in a new follow as a reader does: the sitemap under "Advanced", the backfill window.
 * The options page must show the follow section turned off.
 */
export async function fillFollowForm(page: E2EPage, sitemap: string, window: 'week' | 'month' | 'quarter' | 'year'): Promise<void> {
  await page.waitFor(T('follow-start'));
  await typeInto(page, T('follow-sitemap'), sitemap);
  await choose(page, T('follow-window'), window);
}

/** Fills in the form, makes the browser say yes to the sitemap's site, and clicks "Follow AP". */
export async function startFollowing(session: ExtensionSession, page: E2EPage, sitemap: string, window: 'week' | 'month' | 'quarter' | 'year'): Promise<void> {
  await fillFollowForm(page, sitemap, window);
  await grantHostPermission(session, sitemap);
  await page.click(T('follow-start'));
}

/** Runs in an extension page: every record of a store of the extension's database. */
function readStore({ name, store }: { name: string; store: string }): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open(name);
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      db.onversionchange = () => db.close();
      if (!db.objectStoreNames.contains(store)) {
        db.close();
        resolve([]);
        return;
      }
      const all = db.transaction(store).objectStore(store).getAll();
      all.onsuccess = () => {
        db.close();
        resolve(all.result);
      };
      all.onerror = () => reject(all.error);
    };
  });
}

/** Every record of `store` in the extension's database, read in its control page. */
export function storeRecords<T>(session: ExtensionSession, store: string): Promise<T[]> {
  return session.evaluateInExtension(readStore, { name: DB_NAME, store }) as Promise<T[]>;
}

/** The id, title and URL of every article in the corpus. */
export async function storedArticles(session: ExtensionSession): Promise<{ id: string; title: string; url: string }[]> {
  const rows = await storeRecords<{ id: string; title: string; url: string }>(session, 'articles');
  return rows.map(({ id, title, url }) => ({ id, title, url }));
}

/** The smallest gap between the starts (`startedAt`) of two requests in a row, ms (Infinity for fewer than two). */
export function smallestGap(requests: readonly ProxiedRequest[]): number {
  let least = Infinity;
  for (let i = 1; i < requests.length; i++) least = Math.min(least, requests[i]!.startedAt - requests[i - 1]!.startedAt);
  return least;
}

/** One line per request, for a failure message: its start after the first's, method, URL, status. */
export function describeRequests(requests: readonly ProxiedRequest[]): string {
  const t0 = requests[0]?.startedAt ?? 0;
  return requests.map((r) => `+${r.startedAt - t0} ms ${r.method} ${r.scheme}://${r.host}${r.path} → ${String(r.status ?? 'no answer')}`).join('\n');
}

/**
 * What the background has of a follow, for a failure message: its alarms, its state (without
 * robots.txt's text and the sitemaps' details) and its counts, read in the control page.
 */
export async function followDiagnosis(session: ExtensionSession): Promise<string> {
  const alarms = await session.evaluateInExtension(() => browser.alarms.getAll()).catch((e: unknown) => String(e));
  const meta = await storeRecords<{ key: string; value: Record<string, unknown> }>(session, 'meta').catch(() => []);
  const state = meta.find((m) => m.key === 'follow-state')?.value;
  const shown = state ? { ...state, robots: state.robots ? '…' : undefined, sitemaps: Object.keys((state.sitemaps as object | undefined) ?? {}), indexRefs: undefined } : undefined;
  return `now ${Date.now()}; alarms ${JSON.stringify(alarms)}; state ${JSON.stringify(shown)}; counts ${JSON.stringify(meta.find((m) => m.key === 'follow-counts')?.value)}`;
}
