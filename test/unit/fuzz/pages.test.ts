// Fuzzing what a page can send the background: hostile HTML (page-gen.ts) through
// readPageHtml, the function the background runs on `content:page`, and random message shapes
// through the protocol's validators, the accepted pages then read as the background reads them.
// Settings and replay: fuzz.ts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { isIsoDate } from '../../../src/extraction/page-metadata';
import { readPageHtml } from '../../../src/extraction/page';
import { InvalidMessageError, MAX_PAGE_HTML_CHARS, parseContentMessage, parseUiMessage } from '../../../src/messaging/protocol';
import { seedCorpusPath } from '../seeds';
import { expectWellBehaved, runInProcess } from './cli-oracle';
import { FUZZ, type Rng, SEED_LABEL, ensure, expectNoFailures, preview, runFuzz, share, timeoutFor } from './fuzz';
import { hostileString, hostileUrl, jsonValue } from './mutate';
import { type PageCase, generatePage } from './page-gen';

const FILE = 'test/unit/fuzz/pages.test.ts';
const tmp = mkdtempSync(join(tmpdir(), 'wirecheck-fuzz-pages-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The longest article text the background keeps (core/limits MAX_ARTICLE_CHARS). */
const MAX_ARTICLE_CHARS = 200_000;

function httpUrl(url: string): URL | null {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : null;
  } catch {
    return null;
  }
}

const site = (host: string) => host.toLowerCase().replace(/^www\./, '');

/** readPageHtml's promises: it returns (never throws), and what it returns is well formed. */
function checkRead(html: string, url: string, metadata: boolean): void {
  let read;
  try {
    read = readPageHtml(html, url, { metadata });
  } catch (e) {
    ensure(false, `readPageHtml threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
  const { article, canonicalUrl, published } = read!;
  if (!article) {
    ensure(canonicalUrl === '' && published === '', 'no article, yet metadata');
    return;
  }
  ensure(/^https?:/.test(url), `an article from a page whose URL is not http(s): ${preview(url)}`);
  ensure(typeof article.title === 'string' && (article.byline === null || typeof article.byline === 'string'), 'a malformed title or byline');
  ensure(typeof article.text === 'string' && article.text.trim() !== '' && article.text.length <= MAX_ARTICLE_CHARS, `article text of ${article.text.length} characters`);
  if (article.lang !== undefined) {
    let canonical: string | undefined;
    try {
      canonical = Intl.getCanonicalLocales(article.lang)[0];
    } catch {
      canonical = undefined;
    }
    ensure(canonical === article.lang, `lang ${preview(article.lang)} is not a canonical language tag`);
  }
  if (!metadata) {
    ensure(canonicalUrl === '' && published === '', 'metadata read although not asked for');
    return;
  }
  ensure(published === '' || isIsoDate(published), `published ${preview(published)} is not an ISO date`);
  if (canonicalUrl !== '') {
    const canonical = httpUrl(canonicalUrl);
    const page = httpUrl(url);
    ensure(canonical !== null && page !== null, `canonical URL ${preview(canonicalUrl)} is not http(s)`);
    const [a, b] = [site(canonical!.hostname), site(page!.hostname)];
    ensure(a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`), `canonical URL ${preview(canonicalUrl)} is on another site than ${preview(url)}`);
    ensure(canonical!.hash === '', 'canonical URL keeps its fragment');
  }
}

// The protocol, restated independently: what each content message type may hold.
const CONTENT_KEYS: Record<string, string[]> = {
  'content:page': ['type', 'url', 'html', 'check', 'capture', 'force'],
  'content:not-article': ['type', 'url'],
  'content:hello': ['type', 'url'],
  'content:mute-notice': ['type', 'url'],
};
const UI_KEYS: Record<string, string[]> = {
  'ui:get-tab-state': ['type', 'tabId'],
  'ui:check-tab': ['type', 'tabId'],
  'ui:get-comparison': ['type', 'tabId'],
  'ui:report-wrong': ['type', 'tabId'],
  'ui:add-page': ['type', 'tabId'],
  'ui:highlight': ['type', 'tabId', 'on'],
  'ui:corpus-changed': ['type'],
  'ui:settings-changed': ['type'],
};

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function validContent(raw: unknown): boolean {
  if (!isRecord(raw) || typeof raw.type !== 'string' || !Object.hasOwn(CONTENT_KEYS, raw.type)) return false;
  if (!Object.keys(raw).every((k) => CONTENT_KEYS[raw.type as string]!.includes(k))) return false;
  if (typeof raw.url !== 'string' || raw.url.length > 8_192 || !httpUrl(raw.url)) return false;
  if (raw.type !== 'content:page') return true;
  return typeof raw.html === 'string' && raw.html.length <= MAX_PAGE_HTML_CHARS && [raw.check, raw.capture, raw.force].every((f) => typeof f === 'boolean');
}

function validUi(raw: unknown): boolean {
  if (!isRecord(raw) || typeof raw.type !== 'string' || !Object.hasOwn(UI_KEYS, raw.type)) return false;
  if (!Object.keys(raw).every((k) => UI_KEYS[raw.type as string]!.includes(k))) return false;
  if (UI_KEYS[raw.type]!.includes('tabId') && !(typeof raw.tabId === 'number' && Number.isInteger(raw.tabId) && raw.tabId >= 0)) return false;
  return raw.type !== 'ui:highlight' || typeof raw.on === 'boolean';
}

/** A message as a page (or a confused extension page) might send it: near-valid, or anything. */
function message(rng: Rng): unknown {
  const types = [...Object.keys(CONTENT_KEYS), ...Object.keys(UI_KEYS), 'content:text', 'content:article', 'CONTENT:PAGE', 'content:page ', '__proto__', 'constructor', 'toString', ''];
  const shape = rng.weighted<() => unknown>([
    [5, () => ({ type: 'content:page', url: hostileUrl(rng), html: rng.chance(0.8) ? `<html><body><article><p>${hostileString(rng, 400)}</p></article></body></html>` : jsonValue(rng, 1), check: rng.chance(0.9) || jsonValue(rng, 0), capture: rng.chance(0.5), force: rng.chance(0.5) })],
    [3, () => ({ type: rng.pick(types), url: rng.chance(0.8) ? hostileUrl(rng) : jsonValue(rng, 1) })],
    [3, () => ({ type: rng.pick(types), tabId: rng.pick([0, 1, -1, 1.5, 2 ** 53, Number.NaN, Infinity, '3', null, 7]), ...(rng.chance(0.5) ? { on: rng.pick([true, false, 1, 'true']) } : {}) })],
    [2, () => jsonValue(rng, 3)],
    [1, () => rng.pick([undefined, null, 0, 'content:page', Symbol('x'), 10n, new Date(0), new Map([['type', 'content:hello']]), new Uint8Array(4), /x/, [], Object.create(null)])],
    [1, () => Object.assign(Object.create(null), { type: 'content:hello', url: 'https://example.com/' })],
    [1, () => ({ type: new String('content:hello'), url: 'https://example.com/' })],
    [1, () => ({ type: 'content:page', url: 'https://example.com/', html: 'x'.repeat(MAX_PAGE_HTML_CHARS + rng.range(0, 1)), check: true, capture: false, force: false })],
    [1, () => ({ type: 'content:hello', url: `https://example.com/${'a'.repeat(8_192 - 20 + rng.range(-2, 2))}` })],
  ]);
  const m = shape();
  // Sometimes a field too many or one too few.
  const plain = isRecord(m) && [Object.prototype, null].includes(Object.getPrototypeOf(m));
  if (plain && rng.chance(0.2)) {
    if (rng.chance(0.5)) m[rng.pick(['extra', 'html', 'url', 'tabId', 'on', '__proto__', 'constructor'])] = jsonValue(rng, 1);
    else delete m[rng.pick(Object.keys(m).length ? Object.keys(m) : ['type'])];
  }
  return m;
}

function parseOutcome(parse: (raw: unknown) => unknown, raw: unknown): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: parse(raw) };
  } catch (e) {
    ensure(e instanceof InvalidMessageError, () => `the validator threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}, not an InvalidMessageError`);
    return { ok: false };
  }
}

const describePage = (c: PageCase) => `${c.kind}, url ${preview(c.url, 80)}, metadata ${c.metadata}, ${c.html.length} chars: ${preview(c.html, 300)}`;

describe(`fuzz: hostile pages and messages (${SEED_LABEL})`, () => {
  const pageCases = share(0.1);
  it(`readPageHtml: ${pageCases} hostile pages, an article or not-article in bounded time, nothing thrown`, async () => {
    expectNoFailures(
      await runFuzz({
        name: 'page-read',
        file: FILE,
        count: pageCases,
        generate: (rng) => generatePage(rng, FUZZ.deep),
        boundMs: (c) => c.boundMs,
        describe: describePage,
        save: (c) => c.html,
        check: (c) => checkRead(c.html, c.url, c.metadata),
      }),
    );
  }, timeoutFor(pageCases, 150));

  const cliCases = share(0.03);
  it(`the CLI in-process: ${cliCases} hostile pages given to check and extract`, async () => {
    expectNoFailures(
      await runFuzz({
        name: 'page-cli',
        file: FILE,
        count: cliCases,
        generate: (rng, i) => ({ page: generatePage(rng), command: rng.pick(['check', 'extract'] as const), i }),
        boundMs: ({ page }) => page.boundMs * 2,
        describe: ({ page, command }) => `${command} ${describePage(page)}`,
        save: ({ page }) => page.html,
        check: async ({ page, command, i }) => {
          const file = join(tmp, `page-${i}.html`);
          writeFileSync(file, page.html);
          const argv = command === 'check' ? ['check', '--corpus', seedCorpusPath('both'), '--json', file] : ['extract', '--json', file];
          const run = await runInProcess(argv);
          expectWellBehaved(run, [0, 1]);
          const lines = run.stdout.split('\n').filter(Boolean);
          if (run.status === 0) ensure(lines.length === 1 && run.stderr === '', () => `exit 0 without exactly one result: ${preview(run.stdout)} ${preview(run.stderr)}`);
          else ensure(lines.length === 0 && run.stderr.startsWith(`wirecheck: ${file}: `), () => `exit 1 without naming the page: ${preview(run.stderr)}`);
        },
      }),
    );
  }, timeoutFor(cliCases, 300));

  const messageCases = share(0.12);
  it(`the validators: ${messageCases} message shapes, rejected with InvalidMessageError unless valid; valid pages read`, async () => {
    expectNoFailures(
      await runFuzz({
        name: 'message',
        file: FILE,
        count: messageCases,
        generate: (rng) => message(rng),
        boundMs: 2_000,
        check: (raw) => {
          const content = parseOutcome(parseContentMessage, raw);
          ensure(content.ok === validContent(raw), () => `parseContentMessage ${content.ok ? 'accepted' : 'refused'} a message the protocol ${content.ok ? 'refuses' : 'accepts'}`);
          const ui = parseOutcome(parseUiMessage, raw);
          ensure(ui.ok === validUi(raw), () => `parseUiMessage ${ui.ok ? 'accepted' : 'refused'} a message the protocol ${ui.ok ? 'refuses' : 'accepts'}`);
          if (content.ok) {
            const m = content.value as Record<string, unknown>;
            ensure(JSON.stringify(m) === JSON.stringify(raw), 'the parsed message differs from the one sent');
            if (m.type === 'content:page' && (m.html as string).length < 100_000) checkRead(m.html as string, m.url as string, m.capture as boolean);
          }
        },
      }),
    );
  }, timeoutFor(messageCases, 20));
});
