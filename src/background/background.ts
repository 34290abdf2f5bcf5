/**
 * The background's message handlers, with every browser API it touches passed in, so unit
 * tests run it against WXT's fake browser and the real storage layer on fake-indexeddb.
 *
 * It holds, per tab, what the popup shows (TabStates) and the page's article text (for the
 * comparison page, highlights and "add to corpus"); both live in memory only, and after a
 * service-worker restart the tab's content script is asked for its article again.
 *
 * A page's HTML is parsed only when it has to be (page-reads.ts: pages known not to be
 * articles, a per-tab budget of parses) and only when its tree is within the limits
 * (extraction/page.ts). A verdict records the corpus generation it was given against, and is
 * not final while the corpus moves: a check the corpus changed under runs again, and when the
 * corpus changes (an import or delete from the options page, a capture, "add page"), every
 * tab whose verdict is older is checked again and its badge follows; the popup, when it asks
 * for a tab's state, has a verdict it finds stale checked again too.
 *
 * Listeners reply through sendResponse and `return true` rather than a returned promise:
 * WXT's fake browser ignores promise-returning listeners, and both real browsers accept this.
 */

import { hashString } from '../core/fingerprint/hash';
import { PAGE_LIMITS, treeOverLimits } from '../core/limits';
import { DEFAULT_SETTINGS, type Settings, isNeverChecked, normalizeHost } from '../core/settings';
import type { Article, MatchResult, PageArticle } from '../core/types';
import { readPageHtml } from '../extraction/page';
import {
  type BackgroundMessage,
  type Comparison,
  type ContentMessage,
  type FollowUiMessage,
  type PagePolicy,
  type PageTooBig,
  type Reply,
  type SenderInfo,
  type TabState,
  type UiMessage,
  classifySender,
  isSitesUiMessage,
  parseContentMessage,
  parseUiMessage,
} from '../messaging/protocol';
import { type ActionApi, showBadge } from './badge';
import { isCaptureHost, sameStory } from './capture-rules';
import { CorpusChecker } from './corpus-checker';
import { noticeFor } from './notice-text';
import { NotArticles, REAL_TIMERS, ReadThrottle, type ReadTimers, htmlKey } from './page-reads';
import { fromSenderPage } from './sender-page';
import type { SitesService } from './sites-service';
import { TabStates } from './tab-states';

export interface BackgroundDeps {
  extensionId: string;
  extensionOrigin: string;
  action: ActionApi;
  sendToTab(tabId: number, message: BackgroundMessage): Promise<unknown>;
  checker?: CorpusChecker;
  log?: (message: string) => void;
  /** The clock and timers of the per-tab read budget (tests pass their own). */
  timers?: ReadTimers;
  /** Follow AP and pack subscriptions (follow-service.ts); without it their messages are refused. */
  follow?: { handle(msg: FollowUiMessage): Promise<unknown> };
  /** The per-site record (sites-service.ts): a visit after each verdict, and its messages. */
  sites?: SitesService;
}

type TabPage = PageArticle & { url: string };
type PageMessage = Extract<ContentMessage, { type: 'content:page' }>;
/** An article read from an AP page, offered to the corpus under its canonical URL. */
interface CaptureItem {
  url: string;
  /** The page's <link rel=canonical>, which identifies the story across its updates. */
  canonicalUrl: string;
  title: string;
  text: string;
  lang?: string;
  /** ISO date from the page's metadata, or ''. */
  published: string;
}

const MAX_TITLE_CHARS = 2_000;
/** Checks of one page while the corpus keeps changing under them; after that, the next sweep. */
const MAX_CHECK_ATTEMPTS = 3;

export class Background {
  readonly tabs = new TabStates();
  private readonly pages = new Map<number, TabPage>();
  /** Per tab, the last article checked / captured from `content:page` (url + text hash). */
  private readonly lastRead = new Map<number, string>();
  private readonly lastCaptured = new Map<number, string>();
  private readonly notArticles = new NotArticles();
  private readonly throttle: ReadThrottle;
  private readonly checker: CorpusChecker;
  private settings?: Promise<Settings>;
  /** Corpus changes seen (ui:corpus-changed, our own imports): a check spanning one re-sweeps. */
  private corpusChanges = 0;
  private rechecking?: Promise<void>;
  private recheckAgain = false;

  constructor(private readonly deps: BackgroundDeps) {
    this.checker = deps.checker ?? new CorpusChecker();
    this.throttle = new ReadThrottle(deps.timers ?? REAL_TIMERS, (e) => deps.log?.(`a page read that waited its turn failed: ${e instanceof Error ? e.message : String(e)}`));
  }

  /** Entry point for runtime.onMessage: validates sender and shape, then dispatches. */
  async handle(raw: unknown, sender: SenderInfo): Promise<Reply<unknown>> {
    const from = classifySender(sender, this.deps.extensionId, this.deps.extensionOrigin);
    try {
      if (from.kind === 'content') return { ok: true, value: await this.onContent(from.tabId, fromSenderPage(parseContentMessage(raw), from.pageUrl)) };
      if (from.kind === 'extension-page') return { ok: true, value: await this.onUi(parseUiMessage(raw)) };
      this.deps.log?.(`ignored message: ${from.reason}`);
      return { ok: false, error: from.reason };
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      this.deps.log?.(`rejected message: ${error}`);
      return { ok: false, error };
    }
  }

  onTabRemoved(tabId: number): void {
    this.tabs.remove(tabId);
    this.pages.delete(tabId);
    this.lastRead.delete(tabId);
    this.lastCaptured.delete(tabId);
    this.notArticles.forgetTab(tabId);
    this.throttle.forget(tabId);
    this.deps.sites?.forgetTab(tabId);
  }

  // ── from content scripts ─────────────────────────────────────────────────────────────

  /** `msg.url` here is the sender's page URL (fromSenderPage), not what the page claimed. */
  private async onContent(tabId: number, msg: ContentMessage): Promise<PagePolicy | null> {
    switch (msg.type) {
      case 'content:hello':
        // A new page view (a load, a reload or an SPA navigation): its article is new to it.
        this.lastRead.delete(tabId);
        this.lastCaptured.delete(tabId);
        return this.policyFor(tabId, msg.url);
      case 'content:not-article':
        this.pages.delete(tabId);
        await this.setState(tabId, notArticleState(msg.url, msg.reason));
        return null;
      case 'content:mute-notice':
        await this.muteNotice(tabId, msg.url);
        return null;
      case 'content:page':
        await this.onPage(tabId, msg);
        return null;
    }
  }

  private async checkArticle(tabId: number, page: TabPage): Promise<void> {
    const settings = await this.currentSettings();
    if (isNeverChecked(settings, page.url)) {
      await this.setState(tabId, { status: 'skipped', url: page.url, reason: 'muted' });
      return;
    }
    this.pages.set(tabId, page);
    await this.checkTab(tabId, page);
  }

  /**
   * `content:page`, before any parse. The same HTML at the same URL that was no article is
   * answered from memory, forced or not (it would read the same); a page whose own measure of
   * its tree is beyond the limits is believed (a page may say it is too big, never that it is
   * small enough: readPageHtml measures the HTML itself); anything else is parsed within the
   * tab's budget, and a read that must wait leaves the tab "checking" its new URL meanwhile.
   */
  private async onPage(tabId: number, msg: PageMessage): Promise<void> {
    const { url } = msg;
    const html = htmlKey(msg.html);
    const claimed: PageTooBig | undefined = treeOverLimits({ elements: msg.elements ?? 0, depth: msg.depth ?? 0 }, PAGE_LIMITS) ?? undefined;
    if (claimed) this.notArticles.remember(tabId, url, html, claimed);
    const known = this.notArticles.get(tabId, url, html);
    if (known) {
      if (!msg.check) return;
      this.lastRead.delete(tabId);
      this.pages.delete(tabId);
      await this.setState(tabId, notArticleState(url, known.reason));
      return;
    }
    const { waits, done } = this.throttle.submit(tabId, () => this.readPage(tabId, msg, html));
    if (waits && msg.check) await this.setState(tabId, { status: 'checking', url, title: '' });
    await done;
  }

  /**
   * `content:page`: the page's HTML, read here rather than on the page's main thread (linkedom
   * + Readability, src/extraction/page.ts). The check and the capture run side by side, from the
   * one read. Within one page view (since the tab's
   * last content:hello) an article already checked (same URL, same text) is not checked again
   * unless the read was requested, and one already captured is not captured again; a reload
   * says hello first, so its page is checked and its notice shown as before.
   */
  private async readPage(tabId: number, msg: PageMessage, html: string): Promise<void> {
    const { url } = msg;
    const { article, canonicalUrl, published, tooBig } = readPageHtml(msg.html, url, { metadata: msg.capture || (msg.check && !!this.deps.sites) });
    if (article) this.notArticles.forget(tabId, url);
    else this.notArticles.remember(tabId, url, html, tooBig);
    const work: Promise<void>[] = [];
    if (msg.check) {
      if (!article) {
        this.lastRead.delete(tabId);
        this.pages.delete(tabId);
        work.push(this.setState(tabId, notArticleState(url, tooBig)));
      } else {
        const page: TabPage = { url, title: article.title.slice(0, MAX_TITLE_CHARS), text: article.text, ...(article.lang ? { lang: article.lang } : {}) };
        this.deps.sites?.describe(page, { canonicalUrl, byline: article.byline });
        const key = `${url}|${hashString(page.text)}`;
        // A read that waited its turn left the tab "checking" (onPage): it is checked whatever.
        const waited = this.tabs.get(tabId).status === 'checking';
        if (msg.force || waited || key !== this.lastRead.get(tabId)) {
          this.lastRead.set(tabId, key);
          work.push(this.checkArticle(tabId, page));
        }
      }
    }
    if (msg.capture && article && canonicalUrl) {
      const capture: CaptureItem = { url, canonicalUrl, title: article.title.slice(0, MAX_TITLE_CHARS), text: article.text, published, ...(article.lang ? { lang: article.lang } : {}) };
      const key = `${canonicalUrl}|${hashString(capture.text)}`;
      if (key !== this.lastCaptured.get(tabId)) {
        this.lastCaptured.set(tabId, key);
        work.push(
          this.capture(capture).catch((e: unknown) => {
            this.lastCaptured.delete(tabId); // the next read tries again
            throw e;
          }),
        );
      }
    }
    await Promise.all(work);
  }

  private async policyFor(tabId: number, url: string): Promise<PagePolicy> {
    const settings = await this.currentSettings();
    if (isNeverChecked(settings, url)) {
      await this.setState(tabId, { status: 'skipped', url, reason: 'muted' });
      return { check: false, capture: false };
    }
    if (!settings.autoCheck) await this.setState(tabId, { status: 'skipped', url, reason: 'manual' });
    return { check: settings.autoCheck, capture: settings.autoCapture && isCaptureHost(url) };
  }

  /**
   * Checks the tab's page and shows the verdict. The verdict is final only if the corpus did
   * not change while it was given: a check that began before an import and ends after it runs
   * again against the new corpus. `previous` (a re-check after a corpus change): the in-page
   * notice is sent again only if the verdict or its source changed.
   */
  private async checkTab(tabId: number, page: TabPage, previous?: MatchResult): Promise<void> {
    const { url, title } = page;
    const changes = this.corpusChanges;
    await this.setState(tabId, { status: 'checking', url, title });
    let state: TabState;
    try {
      const store = await this.checker.store();
      let verdict = await this.checkCached(page);
      for (let attempt = 1; attempt < MAX_CHECK_ATTEMPTS && (await store.generation()) !== verdict.generation; attempt++) {
        verdict = await this.checkCached(page);
      }
      state = { status: 'checked', url, title, result: verdict.result, checkedAt: Date.now(), corpusGeneration: verdict.generation };
    } catch (e) {
      state = { status: 'error', url, message: e instanceof Error ? e.message : String(e) };
    }
    if (!this.tabs.isCurrent(tabId, url)) return;
    if (state.status === 'checked') this.deps.sites?.record(tabId, page, state.result);
    await this.setState(tabId, state);
    // A sweep that ran while this tab was "checking" passed it by: look again.
    if (this.corpusChanges !== changes) void this.recheckStale();
    if (state.status === 'checked' && !(previous && sameVerdict(previous, state.result))) await this.notify(tabId, page, state.result);
  }

  private async checkCached(page: TabPage): Promise<{ result: MatchResult; generation: number }> {
    const store = await this.checker.store();
    const [generation, settings, exclude] = await Promise.all([store.generation(), this.currentSettings(), store.reportedWrong(page.url)]);
    const what = `${settings.sensitivity}|${exclude.join(',')}|${page.title}\n${page.text}`;
    const cached = this.tabs.cachedResult(TabStates.resultKey(generation, page.url, what));
    if (cached) return { result: cached, generation };
    const checked = await this.checker.checkAt(page, { exclude, sensitivity: settings.sensitivity });
    this.tabs.cacheResult(TabStates.resultKey(checked.generation, page.url, what), checked.result);
    return checked;
  }

  /** The corpus changed in another context or part (the options page, a follow): its index is read again. */
  corpusChangedElsewhere(): void {
    this.tabs.clearResults();
    this.checker.forget();
    this.corpusChanged();
  }

  /** The corpus changed (an import or delete here or elsewhere): stale verdicts are checked again. */
  private corpusChanged(): void {
    this.corpusChanges++;
    void this.recheckStale();
  }

  /**
   * Checks again, one tab at a time, every tab whose verdict was given against another corpus
   * generation than the store's; a sweep asked for while one runs runs again after it.
   */
  private recheckStale(): Promise<void> {
    if (this.rechecking) {
      this.recheckAgain = true;
      return this.rechecking;
    }
    const sweep = async () => {
      do {
        this.recheckAgain = false;
        const generation = await this.checker.generation();
        for (const tabId of this.tabs.staleVerdicts(generation)) await this.recheckTab(tabId, generation);
      } while (this.recheckAgain);
    };
    this.rechecking = sweep()
      .catch((e: unknown) => this.deps.log?.(`could not check tabs against the changed corpus: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => {
        this.rechecking = undefined;
      });
    return this.rechecking;
  }

  /** Checks the tab's page again if its verdict is still from another generation than `generation`. */
  private async recheckTab(tabId: number, generation: number): Promise<void> {
    const state = this.tabs.get(tabId);
    const page = this.pages.get(tabId);
    if (state.status !== 'checked' || state.corpusGeneration === generation || !page || page.url !== state.url) return;
    await this.checkTab(tabId, page, state.result);
  }

  /** The in-page notice: only for derived pages, only when the reader wants it (notice-text.ts). */
  private async notify(tabId: number, page: TabPage, result: MatchResult): Promise<void> {
    const notice = noticeFor(result, page, await this.currentSettings());
    await this.toTab(tabId, { type: 'background:notice', notice }).catch(() => undefined);
  }

  /**
   * A content script may only mute the notice on its own tab's site: the URL it names must
   * be the one the tab is showing, so a page cannot mute Wirecheck anywhere else.
   */
  private async muteNotice(tabId: number, url: string): Promise<void> {
    const state = this.tabs.get(tabId);
    if (!('url' in state) || new URL(state.url).hostname !== new URL(url).hostname) throw new Error('can only mute the notice on the tab’s own site');
    const store = await this.checker.store();
    const settings = await store.getSettings();
    const host = normalizeHost(url);
    if (host && !settings.noticeMutedHosts.includes(host)) {
      this.settings = Promise.resolve(await store.saveSettings({ ...settings, noticeMutedHosts: [...settings.noticeMutedHosts, host] }));
    }
    await this.toTab(tabId, { type: 'background:notice', notice: null }).catch(() => undefined);
  }

  /**
   * Auto-capture: only from AP's own hosts, only under a canonical URL on them. The canonical
   * URL names the story across its updates, so a later version replaces the stored one; a page
   * that is not a version of the stored story (matchPage finds no derivation either way) does
   * not replace it, whatever canonical URL it names.
   */
  private async capture(item: CaptureItem): Promise<void> {
    const settings = await this.currentSettings();
    if (!settings.autoCapture || !isCaptureHost(item.url) || !isCaptureHost(item.canonicalUrl)) return;
    const store = await this.checker.store();
    const incoming: Article = { id: item.canonicalUrl, title: item.title, url: item.canonicalUrl, published: item.published, text: item.text };
    const [existing] = await store.getArticles([incoming.id]);
    if (existing && !sameStory(incoming, existing, item.lang)) {
      this.deps.log?.(`not capturing ${item.url}: it is not a version of the stored ${existing.id}`);
      return;
    }
    await store.importArticles([incoming]);
    this.tabs.clearResults();
    this.corpusChanged();
  }

  // ── from extension pages ─────────────────────────────────────────────────────────────

  private async onUi(msg: UiMessage): Promise<unknown> {
    switch (msg.type) {
      case 'ui:get-tab-state':
        return this.tabState(msg.tabId);
      case 'ui:corpus-changed':
        this.corpusChangedElsewhere();
        return null;
      case 'ui:settings-changed':
        this.settings = undefined;
        this.tabs.clearResults();
        return null;
      case 'ui:check-tab':
        await this.askTab(msg.tabId);
        return null;
      case 'ui:get-comparison':
        return this.comparison(msg.tabId);
      case 'ui:highlight':
        return this.highlight(msg.tabId, msg.on);
      case 'ui:report-wrong':
        return this.reportWrong(msg.tabId);
      case 'ui:add-page':
        return this.addPage(msg.tabId);
      default:
        if (isSitesUiMessage(msg)) {
          if (!this.deps.sites) throw new Error('the site record is not available here');
          return this.deps.sites.handle(msg, (tabId) => this.tabs.get(tabId));
        }
        if (!this.deps.follow) throw new Error('following is not available here');
        return this.deps.follow.handle(msg);
    }
  }

  private async tabState(tabId: number): Promise<TabState> {
    const state = this.tabs.get(tabId);
    // The worker may have been restarted since the page was checked: ask the page again.
    if (state.status === 'unknown') void this.askTab(tabId);
    if (state.status !== 'checked') return state;
    // A verdict from an older corpus (a change the background was not told of, or one it has
    // not reached yet) is checked again now; the popup sees "checking" and polls.
    const generation = await this.checker.generation().catch(() => state.corpusGeneration);
    if (generation !== undefined && generation !== state.corpusGeneration) void this.recheckTab(tabId, generation);
    return this.tabs.get(tabId);
  }

  /** Asks the tab's content script to read its article now, whatever the page policy. */
  private askTab(tabId: number): Promise<void> {
    // A tab without our content script (a browser page, a closed tab) just stays as it is.
    return this.toTab(tabId, { type: 'background:request-article' }).then(
      () => undefined,
      () => undefined,
    );
  }

  private checkedPage(tabId: number): { page: TabPage; result: MatchResult } {
    const state = this.tabs.get(tabId);
    const page = this.pages.get(tabId);
    if (state.status !== 'checked' || !page || page.url !== state.url) throw new Error('this tab has not been checked');
    return { page, result: state.result };
  }

  private async comparison(tabId: number): Promise<Comparison | null> {
    const { page, result } = this.checkedPage(tabId);
    if (!result.source) return null;
    const [source] = await (await this.checker.store()).getArticles([result.source.id]);
    return source ? { page, source, result } : null;
  }

  private async highlight(tabId: number, on: boolean): Promise<null> {
    const { result } = this.checkedPage(tabId);
    const passages = on ? result.alignedPairs.map((p) => ({ text: p.pageSentence, paraphraseScore: p.paraphraseScore, quote: p.quote })) : [];
    await this.toTab(tabId, { type: 'background:highlight', on, passages });
    return null;
  }

  private async reportWrong(tabId: number): Promise<TabState> {
    const { page, result } = this.checkedPage(tabId);
    if (result.source) await (await this.checker.store()).reportWrong(page.url, result.source.id);
    await this.toTab(tabId, { type: 'background:highlight', on: false, passages: [] }).catch(() => undefined);
    await this.checkTab(tabId, page);
    return this.tabs.get(tabId);
  }

  private async addPage(tabId: number): Promise<{ id: string }> {
    const page = this.pages.get(tabId);
    if (!page) throw new Error('this tab has no article to add');
    const id = page.url;
    await (await this.checker.store()).importArticles([{ id, title: page.title, url: page.url, published: '', text: page.text }]);
    this.tabs.clearResults();
    this.checker.forget();
    await this.checkTab(tabId, page);
    this.corpusChanged(); // other tabs' pages may come from this one
    return { id };
  }

  // ── shared ───────────────────────────────────────────────────────────────────────────

  /** Sends to a tab's content script; a synchronous throw becomes a rejection like any other. */
  private toTab(tabId: number, message: BackgroundMessage): Promise<unknown> {
    return Promise.resolve().then(() => this.deps.sendToTab(tabId, message));
  }

  private currentSettings(): Promise<Settings> {
    this.settings ??= this.checker
      .store()
      .then((s) => s.getSettings())
      .catch(() => {
        this.settings = undefined;
        return { ...DEFAULT_SETTINGS };
      });
    return this.settings;
  }

  private async setState(tabId: number, state: TabState): Promise<void> {
    this.tabs.set(tabId, state);
    await showBadge(this.deps.action, tabId, state);
  }
}

function notArticleState(url: string, reason: PageTooBig | undefined): TabState {
  return reason ? { status: 'not-article', url, reason } : { status: 'not-article', url };
}

/** Whether a re-check gave the same answer: the same verdict from the same source. */
function sameVerdict(a: MatchResult, b: MatchResult): boolean {
  return a.verdict === b.verdict && a.source?.id === b.source?.id;
}
