/**
 * Wirecheck's user-visible contract, as the e2e tests drive it. Selectors are the
 * `data-testid`s the UI promises; changing one here means changing the UI's contract.
 */
import { DEFAULT_WAIT_MS, poll, sleep } from './common.ts';
import type { E2EPage, ExtensionSession } from './types.ts';

export const SEL = {
  corpusFileInput: 'input[type=file][data-testid=corpus-file-input]',
  importStatus: '[data-testid=import-status]',
  corpusCount: '[data-testid=corpus-count]',
  corpusRow: '[data-testid=corpus-row]',
  deleteArticle: '[data-testid=delete-article]',
  verdict: '[data-testid=verdict]',
  sourceTitle: '[data-testid=source-title]',
  paraphraseScore: '[data-testid=paraphrase-score]',
  coverage: '[data-testid=coverage]',
  stateNoSource: '[data-testid=state-no-source]',
  stateNotArticle: '[data-testid=state-not-article]',
} as const;

export const VERDICT_WORDS = ['verbatim', 'edited', 'rewritten', 'partial', 'none'] as const;

/** How long the background may take from page load to badge (the product promises ~10 s). */
export const BADGE_TIMEOUT_MS = 15_000;
const IMPORT_TIMEOUT_MS = 30_000;

export function badgeText(session: ExtensionSession, tabId: number): Promise<string> {
  return session.evaluateInExtension((id: number) => browser.action.getBadgeText({ tabId: id }), tabId);
}

/** The badge while a check runs; not a verdict. */
export const CHECKING_BADGE = '…';

/** Polls the tab's badge until it shows a verdict (non-empty, not "checking"); returns it. */
export async function waitForBadge(session: ExtensionSession, tabId: number, timeout = BADGE_TIMEOUT_MS): Promise<string> {
  let last = '';
  return poll(
    async () => {
      last = await badgeText(session, tabId);
      return last.trim() !== '' && last !== CHECKING_BADGE ? last : undefined;
    },
    { timeout, interval: 250, describe: () => `a badge on tab ${tabId} (badge was ${JSON.stringify(last)})` },
  );
}

export function openOptions(session: ExtensionSession): Promise<E2EPage> {
  return session.openExtensionPage('options.html');
}

/** The first integer in the corpus count, or null when the element is missing. */
export async function corpusCount(page: E2EPage): Promise<number | null> {
  const text = await page.text(SEL.corpusCount);
  const m = text === null ? null : /\d+/.exec(text.replace(/[,\u00a0\u202f]/g, ''));
  return m ? Number(m[0]) : null;
}

export async function waitForCorpusCount(page: E2EPage, expected: number, timeout = DEFAULT_WAIT_MS): Promise<void> {
  let last: number | null = null;
  await poll(
    async () => {
      last = await corpusCount(page);
      return last === expected;
    },
    { timeout, describe: () => `corpus count ${expected} (was ${String(last)})` },
  );
}

/**
 * Chooses files in the options page's corpus input (import starts by itself) and waits until
 * the status reports success ("Imported") or failure ("failed"), or whatever else `ends` names;
 * returns the status text.
 */
export async function chooseCorpusFiles(page: E2EPage, files: readonly string[], ends = /imported|failed/i): Promise<string> {
  await page.waitFor(SEL.corpusFileInput);
  const before = await page.text(SEL.importStatus);
  await page.setInputFiles(SEL.corpusFileInput, files);
  let last: string | null = null;
  return poll(
    async () => {
      last = await page.text(SEL.importStatus);
      if (last === null || last === before) return undefined;
      return ends.test(last) ? last : undefined;
    },
    { timeout: IMPORT_TIMEOUT_MS, describe: () => `an import result in ${SEL.importStatus} (text was ${JSON.stringify(last)})` },
  );
}

/**
 * Opens `popup.html?tab=<tabId>` and waits for one of `selectors`. The popup may render a
 * loading state first, or read the tab's result once; if nothing expected shows within a few
 * seconds it is reopened, until `timeout`. Returns the page and the selector that showed.
 */
export async function openPopupUntil(
  session: ExtensionSession,
  tabId: number,
  selectors: readonly string[],
  timeout = BADGE_TIMEOUT_MS,
): Promise<{ page: E2EPage; found: string }> {
  const deadline = Date.now() + timeout;
  let attempt = 0;
  let lastError: unknown;
  for (;;) {
    attempt += 1;
    const page = await session.openExtensionPage(`popup.html?tab=${tabId}`);
    const remaining = Math.max(1_000, deadline - Date.now());
    try {
      const found = await page.waitForAny(selectors, { timeout: Math.min(5_000, remaining) });
      return { page, found };
    } catch (error) {
      lastError = error;
      if (Date.now() >= deadline) {
        // Leave the last popup open so a failure screenshot shows what it rendered.
        throw new Error(
          `popup.html?tab=${tabId} showed none of ${selectors.join(' | ')} after ${attempt} attempt(s) in ${timeout} ms: ${String((lastError as Error).message)}`,
        );
      }
      await page.close().catch(() => {});
      await sleep(250);
    }
  }
}

/** The verdict words present in `data-verdict` (the UI may add modifiers). */
export async function verdictWords(page: E2EPage): Promise<string[]> {
  const attr = (await page.attribute(SEL.verdict, 'data-verdict')) ?? '';
  return attr.split(/[\s,]+/).filter((w) => (VERDICT_WORDS as readonly string[]).includes(w));
}

/** For `afterEach((t) => screenshotOnFailure(session, t))`: a screenshot of the last opened page when the test failed. */
export async function screenshotOnFailure(
  session: ExtensionSession | undefined,
  t: { name: string; passed?: boolean; diagnostic?: (message: string) => void },
): Promise<void> {
  if (!session || t.passed !== false) return;
  const page = session.lastPage();
  if (!page) return;
  try {
    const file = await session.screenshot(page, `FAILED-${t.name}`);
    t.diagnostic?.(`screenshot: ${file}`);
    console.error(`[e2e] ${session.browserName}: failure screenshot ${file}`);
  } catch (error) {
    console.error(`[e2e] ${session.browserName}: failure screenshot failed: ${String(error)}`);
  }
}

/** The tab's state as the popup asks for it (`ui:get-tab-state`). */
export function tabState(session: ExtensionSession, tabId: number): Promise<{ status: string; url?: string; reason?: string }> {
  return session.evaluateInExtension(
    (id: number) =>
      browser.runtime.sendMessage({ type: 'ui:get-tab-state', tabId: id }).then((reply: { ok: boolean; value?: { status: string; url?: string; reason?: string } }) => {
        if (!reply?.ok || !reply.value) throw new Error(`no tab state: ${JSON.stringify(reply)}`);
        return reply.value;
      }),
    tabId,
  );
}
