/**
 * The contract every browser driver implements, so each e2e test is written once and run in
 * Chromium (Playwright) and Firefox (Puppeteer over WebDriver BiDi) alike.
 *
 * Functions passed to `evaluate*` are serialised with `Function.prototype.toString` and run in
 * the browser: they must not close over Node variables (pass data through `arg`).
 */
import type { BrowserName } from './paths.ts';

export type PageFunction<A, R> = (arg: A) => R | Promise<R>;

export interface WaitOptions {
  /** Milliseconds; every wait in the harness is bounded. */
  timeout?: number;
}

/** The small part of a Playwright / Puppeteer page the tests need, identical in both. */
export interface E2EPage {
  readonly browserName: BrowserName;
  /** The URL this page was opened with (Puppeteer does not track moz-extension navigations). */
  readonly openedUrl: string;
  evaluate<R, A = undefined>(fn: PageFunction<A, R>, arg?: A): Promise<R>;
  /** Resolves once `selector` matches an element; rejects after the timeout. */
  waitFor(selector: string, options?: WaitOptions): Promise<void>;
  /** Resolves once the first element matching `selector` has text matching `expected`. */
  waitForText(selector: string, expected: string | RegExp, options?: WaitOptions): Promise<string>;
  /** Resolves once any of the selectors matches; returns the one that did. */
  waitForAny(selectors: readonly string[], options?: WaitOptions): Promise<string>;
  /** Trimmed textContent of the first match, or null when nothing matches. */
  text(selector: string): Promise<string | null>;
  /** Trimmed textContent of every match. */
  texts(selector: string): Promise<string[]>;
  attribute(selector: string, name: string): Promise<string | null>;
  count(selector: string): Promise<number>;
  /** A real (trusted) click on the first match. */
  click(selector: string): Promise<void>;
  /** Sets the files of an `<input type=file>`, firing `input` and `change` as a user would. */
  setInputFiles(selector: string, files: readonly string[]): Promise<void>;
  /** Writes a PNG of the viewport to `file`. */
  screenshotTo(file: string): Promise<void>;
  close(): Promise<void>;
  /** The driver's own page object, for what the contract does not cover. */
  readonly raw: unknown;
}

export interface OpenedTab {
  page: E2EPage;
  /** The WebExtension tab id (what `browser.tabs` and `browser.action` take). */
  tabId: number;
}

export interface ExtensionSession {
  readonly browserName: BrowserName;
  /** `chrome-extension://<id>` or `moz-extension://<uuid>`, without a trailing slash. */
  readonly extensionOrigin: string;
  /** The Chromium extension id, or the Firefox internal UUID. */
  readonly extensionId: string;
  /** Opens an extension page (e.g. `options.html`, `popup.html?tab=3`) in a new tab. */
  openExtensionPage(pathAndQuery: string, options?: WaitOptions): Promise<E2EPage>;
  /** Opens a web page in a new tab and returns it with its WebExtension tab id. */
  openUrl(url: string, options?: WaitOptions): Promise<OpenedTab>;
  /** Runs `fn` in an extension page (the harness's control tab): full `browser.*` access. */
  evaluateInExtension<R, A = undefined>(fn: PageFunction<A, R>, arg?: A): Promise<R>;
  /**
   * Runs `fn` in the background context. Chromium only (the service worker); Firefox's
   * background page is not reachable over WebDriver BiDi, so this is undefined there.
   */
  readonly evaluateInBackground?: <R, A = undefined>(fn: PageFunction<A, R>, arg?: A) => Promise<R>;
  /** Writes `.output/e2e-screenshots/<browser>-<name>.png` and returns its path. */
  screenshot(page: E2EPage, name: string): Promise<string>;
  /** The page most recently opened through this session (for screenshots on failure). */
  lastPage(): E2EPage | undefined;
  /**
   * Closes the browser and deletes the temporary profile; for an install in a shared browser,
   * closes the pages this session opened and uninstalls the extension. Safe to call twice.
   */
  close(): Promise<void>;
}

/**
 * A running browser that holds one install of the extension at a time. `install()` adds a fresh
 * copy of the build (empty storage, a new background, the welcome tab of a first install) and
 * opens the control page; that session's `close()` closes the pages it opened and uninstalls
 * it, leaving the browser running for the next install. `close()` ends the browser.
 */
export interface BrowserInstance {
  readonly browserName: BrowserName;
  install(): Promise<ExtensionSession>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** Unpacked extension directory; defaults to the build in `.output/`. */
  extensionDir?: string;
  /** Upper bound for browser start-up and extension install, in ms. */
  launchTimeout?: number;
  /**
   * The colour scheme pages see from the start. Chromium can also switch per page through
   * Playwright; Firefox over WebDriver BiDi cannot, so it takes this at launch (a pref).
   */
  colorScheme?: 'light' | 'dark';
  /**
   * Host names the browser resolves to 127.0.0.1 (the fixture server), so a test can visit
   * e.g. `http://apnews.com:<port>/…` without the network.
   */
  localHosts?: readonly string[];
  /**
   * An HTTP proxy (`http://127.0.0.1:<port>`, helpers/recording-proxy.ts) that every request of
   * the browser goes through, loopback included, so a test sees what was asked of any host.
   */
  proxyServer?: string;
  /** Leave open the welcome tab that installing opens (closed by default: see browsers.ts). */
  keepWelcomeTab?: boolean;
  /** Firefox only: the storage limit of all origins together, in KB (`dom.quotaManager.temporaryStorage.fixedLimit`). */
  firefoxStorageLimitKb?: number;
}
