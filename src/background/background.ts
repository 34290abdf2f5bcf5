/**
 * The background's message handlers, with every browser API it touches passed in, so unit
 * tests run it against WXT's fake browser and the real storage layer on fake-indexeddb.
 *
 * It holds, per tab, what the popup shows (TabStates) and the page's article text (for the
 * comparison page, highlights and "add to corpus"); both live in memory only, and after a
 * service-worker restart the tab's content script is asked for its article again.
 *
 * Listeners reply through sendResponse and `return true` rather than a returned promise:
 * WXT's fake browser ignores promise-returning listeners, and both real browsers accept this.
 */

import { hashString } from '../core/fingerprint/hash';
import { matchPage } from '../core/match/matcher';
import { DEFAULT_SETTINGS, type Settings, isNeverChecked, isNoticeMuted, normalizeHost } from '../core/settings';
import type { Article, MatchResult, PageArticle } from '../core/types';
import { readPageHtml } from '../extraction/page';
import {
  type BackgroundMessage,
  type Comparison,
  type ContentMessage,
  type PagePolicy,
  type Reply,
  type SenderInfo,
  type TabState,
  type UiMessage,
  classifySender,
  parseContentMessage,
  parseUiMessage,
} from '../messaging/protocol';
import { type ActionApi, showBadge } from './badge';
import { CorpusChecker } from './corpus-checker';
import { noticeText } from './notice-text';
import { TabStates } from './tab-states';

export interface BackgroundDeps {
  extensionId: string;
  extensionOrigin: string;
  action: ActionApi;
  sendToTab(tabId: number, message: BackgroundMessage): Promise<unknown>;
  checker?: CorpusChecker;
  log?: (message: string) => void;
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

/**
 * Hosts whose articles auto-capture may add to the corpus: the ones that publish AP's stories,
 * exactly (not any subdomain, which anyone able to serve a page on one could use).
 */
const CAPTURE_HOSTS = ['apnews.com', 'www.apnews.com'];

export class Background {
  readonly tabs = new TabStates();
  private readonly pages = new Map<number, TabPage>();
  /** Per tab, the last article checked / captured from `content:page` (url + text hash). */
  private readonly lastRead = new Map<number, string>();
  private readonly lastCaptured = new Map<number, string>();
  private readonly checker: CorpusChecker;
  private settings?: Promise<Settings>;

  constructor(private readonly deps: BackgroundDeps) {
    this.checker = deps.checker ?? new CorpusChecker();
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
        await this.setState(tabId, { status: 'not-article', url: msg.url });
        return null;
      case 'content:mute-notice':
        await this.muteNotice(tabId, msg.url);
        return null;
      case 'content:page':
        await this.readPage(tabId, msg);
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
   * `content:page`: the page's HTML, read here rather than on the page's main thread (linkedom
   * + Readability, src/extraction/page.ts). The check and the capture run side by side, as the
   * two messages the content script used to send did. Within one page view (since the tab's
   * last content:hello) an article already checked (same URL, same text) is not checked again
   * unless the read was requested, and one already captured is not captured again; a reload
   * says hello first, so its page is checked and its notice shown as before.
   */
  private async readPage(tabId: number, msg: PageMessage): Promise<void> {
    const { url } = msg;
    const { article, canonicalUrl, published } = readPageHtml(msg.html, url, { metadata: msg.capture });
    const work: Promise<void>[] = [];
    if (msg.check) {
      if (!article) {
        this.lastRead.delete(tabId);
        this.pages.delete(tabId);
        work.push(this.setState(tabId, { status: 'not-article', url }));
      } else {
        const page: TabPage = { url, title: article.title.slice(0, MAX_TITLE_CHARS), text: article.text, ...(article.lang ? { lang: article.lang } : {}) };
        const key = `${url}|${hashString(page.text)}`;
        if (msg.force || key !== this.lastRead.get(tabId)) {
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

  private async checkTab(tabId: number, page: TabPage): Promise<void> {
    const { url, title } = page;
    await this.setState(tabId, { status: 'checking', url, title });
    let state: TabState;
    try {
      const result = await this.checkCached(page);
      state = { status: 'checked', url, title, result, checkedAt: Date.now() };
    } catch (e) {
      state = { status: 'error', url, message: e instanceof Error ? e.message : String(e) };
    }
    if (!this.tabs.isCurrent(tabId, url)) return;
    await this.setState(tabId, state);
    if (state.status === 'checked') await this.notify(tabId, page, state.result);
  }

  private async checkCached(page: TabPage): Promise<MatchResult> {
    const store = await this.checker.store();
    const [generation, settings, exclude] = await Promise.all([store.generation(), this.currentSettings(), store.reportedWrong(page.url)]);
    const key = TabStates.resultKey(generation, page.url, `${settings.sensitivity}|${exclude.join(',')}|${page.title}\n${page.text}`);
    const cached = this.tabs.cachedResult(key);
    if (cached) return cached;
    const result = await this.checker.check(page, { exclude, sensitivity: settings.sensitivity });
    this.tabs.cacheResult(key, result);
    return result;
  }

  /** The in-page notice: only for derived pages, only when the reader wants it. */
  private async notify(tabId: number, page: TabPage, result: MatchResult): Promise<void> {
    const settings = await this.currentSettings();
    const derived = result.verdict !== 'none' && result.source !== null;
    const creditedCopy = result.verdict === 'verbatim' && creditsAp(page.text);
    const show = derived && settings.inPageNotice && !isNoticeMuted(settings, page.url) && (!creditedCopy || settings.noticeOnCreditedCopies);
    const notice = show
      ? {
          verdict: result.verdict,
          sourceTitle: result.source!.title,
          paraphraseScore: result.paraphraseScore,
          coverage: result.coverage,
          text: noticeText(result),
        }
      : null;
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
  }

  // ── from extension pages ─────────────────────────────────────────────────────────────

  private async onUi(msg: UiMessage): Promise<unknown> {
    switch (msg.type) {
      case 'ui:get-tab-state':
        return this.tabState(msg.tabId);
      case 'ui:corpus-changed':
        this.tabs.clearResults();
        this.checker.forget();
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
    }
  }

  private tabState(tabId: number): TabState {
    const state = this.tabs.get(tabId);
    // The worker may have been restarted since the page was checked: ask the page again.
    if (state.status === 'unknown') void this.askTab(tabId);
    return state;
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

function isCaptureHost(url: string): boolean {
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
function sameStory(captured: Article, stored: Article, lang?: string): boolean {
  if (captured.text === stored.text) return true;
  const asPage = (a: Article, l?: string): PageArticle => ({ title: a.title, text: a.text, ...(l ? { lang: l } : {}) });
  return matchPage(asPage(captured, lang), [stored]).verdict !== 'none' || matchPage(asPage(stored), [captured]).verdict !== 'none';
}

/**
 * The message with the page's URL checked against its sender's. A content script speaks only
 * for its own page: a message naming a page of another origin is refused, so a page cannot
 * capture text, or set a tab's state, under another site's URL. Within the sender's origin
 * the message's URL is kept: a single-page app's history.pushState changes the page's address
 * without a new document, and the browsers report the sender's URL from when the document
 * loaded (Chromium and Firefox both, in the SPA navigation e2e test); pushState itself cannot
 * leave the origin.
 */
function fromSenderPage(msg: ContentMessage, senderUrl: string | undefined): ContentMessage {
  if (senderUrl === undefined) throw new Error('content message without the sender’s page URL');
  if (samePage(msg.url, senderUrl)) return { ...msg, url: senderUrl };
  if (!sameOrigin(msg.url, senderUrl)) throw new Error('the message’s url is not on the sender’s page’s origin');
  return msg;
}

function sameOrigin(a: string, b: string): boolean {
  try {
    const [x, y] = [new URL(a), new URL(b)];
    return (y.protocol === 'http:' || y.protocol === 'https:') && x.origin === y.origin;
  } catch {
    return false;
  }
}

function samePage(a: string, b: string): boolean {
  try {
    const [x, y] = [new URL(a), new URL(b)];
    if (y.protocol !== 'http:' && y.protocol !== 'https:') return false;
    x.hash = '';
    y.hash = '';
    return x.href === y.href;
  } catch {
    return false;
  }
}

/** Syndicated copies say where they came from: "(AP)", "The Associated Press". */
export function creditsAp(text: string): boolean {
  return /\(AP\)|\bAssociated Press\b/.test(text);
}
