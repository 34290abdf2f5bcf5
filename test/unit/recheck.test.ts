// A verdict belongs to the corpus it was given against. When the corpus changes (an import
// through the store, as the options page makes one), tabs whose verdict is older are checked
// again and their badges follow; the popup has a stale verdict checked again when it asks; and
// a check the corpus changed under is not kept as final. The race behind it: right after an
// import, the first article page opened was checked before the background had the new index,
// showed "No source" for a story in the new corpus, and was never checked again.
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Background } from '../../src/background/background';
import { CorpusChecker } from '../../src/background/corpus-checker';
import { startBackground } from '../../src/background/start';
import type { CheckOptions } from '../../src/core/check';
import type { MatchResult, PageArticle } from '../../src/core/types';
import type { TabState } from '../../src/messaging/protocol';
import { CorpusStore } from '../../src/storage';
import { contentSender, dbName, popupSender, seededBackgroundEachTest, send, toTabs } from './background-harness';
import { seedCorpus, seedPage } from './seeds';

seededBackgroundEachTest('wirecheck-recheck-test');

const URL_SPUN = 'https://spun.example/story';
const AP_IDS = ['ap-ties-full', 'ap-ties-short'];

const escape = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;');
function spunPage(force = false) {
  const { title, text } = seedPage('001_2b3f9f2055e0df11.txt');
  const paragraphs = text.split(/\n\s*\n/).map((p) => `<p>${escape(p)}</p>`);
  const html = `<html lang="en"><head><title>${escape(title)}</title></head><body><main><article><h1>${escape(title)}</h1>${paragraphs.join('\n')}</article></main></body></html>`;
  return { type: 'content:page', url: URL_SPUN, html, check: true, capture: false, force };
}

async function withStore<T>(work: (store: CorpusStore) => Promise<T>): Promise<T> {
  const store = await CorpusStore.open(dbName);
  try {
    return await work(store);
  } finally {
    store.close();
  }
}
/** The corpus without the spun page's sources: its verdict is "no source". */
const removeSources = () => withStore((s) => s.deleteArticles(AP_IDS));
/** An import through the store, as the options page makes one (it tells the background after). */
const importSources = () => withStore((s) => s.importArticles(seedCorpus('both')));
const generation = () => withStore((s) => s.generation());

type Checked = Extract<TabState, { status: 'checked' }>;
function checked(bg: Background, tabId: number): Checked | undefined {
  const state = bg.tabs.get(tabId);
  return state.status === 'checked' ? state : undefined;
}
const badge = (tabId: number) => fakeBrowser.action.getBadgeText({ tabId });
const notices = () => toTabs.filter((t) => t.message.type === 'background:notice');
/** Lets a sweep of stale tabs that is running finish. */
const sweepDone = (bg: Background) => (bg as unknown as { rechecking?: Promise<void> }).rechecking;

/** A background whose checker is this one, on WXT's fake browser. */
function backgroundWith(checker: CorpusChecker): Background {
  return new Background({
    extensionId: fakeBrowser.runtime.id,
    extensionOrigin: fakeBrowser.runtime.getURL('/'),
    action: fakeBrowser.action,
    sendToTab: async (tabId, message) => void toTabs.push({ tabId, message: { ...message } }),
    checker,
  });
}
const fromTab = (bg: Background, tabId: number, message: { url: string }) => bg.handle(message, { id: fakeBrowser.runtime.id, url: message.url, tabId, frameId: 0 });

describe('a verdict records the corpus it was given against', () => {
  it('is the store’s generation at the check', async () => {
    const bg = startBackground(fakeBrowser as never, { dbName });
    await send(spunPage(), contentSender(7, URL_SPUN));
    expect(checked(bg, 7)).toMatchObject({ result: { verdict: 'rewritten' }, corpusGeneration: await generation() });
  });
});

describe('when the corpus changes, stale verdicts are checked again', () => {
  it('an import the background is told of re-checks the tab, and its badge and notice follow', async () => {
    await removeSources();
    const bg = startBackground(fakeBrowser as never, { dbName });
    await send(spunPage(), contentSender(7, URL_SPUN));
    const before = checked(bg, 7)!;
    expect(before.result.verdict).toBe('none');
    expect(await badge(7)).toBe('');
    expect(notices().at(-1)?.message.notice).toBeNull();

    await importSources();
    expect(await send({ type: 'ui:corpus-changed' }, popupSender())).toEqual({ ok: true, value: null });
    await vi.waitFor(async () => expect(await badge(7)).toBe('RW'));
    await sweepDone(bg);
    expect(checked(bg, 7)).toMatchObject({ url: URL_SPUN, result: { verdict: 'rewritten', source: { id: 'ap-ties-full' } }, corpusGeneration: await generation() });
    expect(checked(bg, 7)!.corpusGeneration).toBeGreaterThan(before.corpusGeneration!);
    expect(notices().at(-1)?.message.notice).toMatchObject({ verdict: 'rewritten' });
  });

  it('the popup finds a verdict older than the corpus (a change it was not told of) and has it checked again', async () => {
    await removeSources();
    const bg = startBackground(fakeBrowser as never, { dbName });
    await send(spunPage(), contentSender(7, URL_SPUN));
    expect(checked(bg, 7)?.result.verdict).toBe('none');
    await importSources(); // nobody tells the background
    const asked = (await send({ type: 'ui:get-tab-state', tabId: 7 }, popupSender())).value as TabState;
    expect(asked).toMatchObject({ status: 'checking', url: URL_SPUN });
    await vi.waitFor(() => expect(checked(bg, 7)?.result.verdict).toBe('rewritten'));
    expect(await badge(7)).toBe('RW');
  });

  it('a re-check that gives the same verdict does not show the in-page notice again', async () => {
    const bg = startBackground(fakeBrowser as never, { dbName });
    await send(spunPage(), contentSender(7, URL_SPUN));
    expect(notices()).toHaveLength(1);
    const first = checked(bg, 7)!.corpusGeneration;
    const unrelated = { id: 'council', title: 'Council budget', url: 'https://local.example/council', published: '', text: 'The city council approved a new budget for parks and libraries on Monday. '.repeat(20) };
    await withStore((s) => s.importArticles([unrelated]));
    await send({ type: 'ui:corpus-changed' }, popupSender());
    await vi.waitFor(() => expect(checked(bg, 7)?.corpusGeneration).toBeGreaterThan(first!));
    await sweepDone(bg);
    expect(checked(bg, 7)?.result.verdict).toBe('rewritten');
    expect(notices()).toHaveLength(1);
  });

  it('"add page" and auto-capture change the corpus too: other tabs are checked again', async () => {
    await removeSources();
    await withStore(async (s) => s.saveSettings({ ...(await s.getSettings()), autoCapture: true }));
    const bg = startBackground(fakeBrowser as never, { dbName });
    const full = seedCorpus('both').find((a) => a.id === 'ap-ties-full')!;
    const apPage = (url: string, head = '') => ({
      ...spunPage(),
      url,
      html: `<html lang="en"><head><title>${escape(full.title)}</title>${head}</head><body><main><article><h1>${escape(full.title)}</h1>${full.text
        .split(/\n\s*\n/)
        .map((p) => `<p>${escape(p)}</p>`)
        .join('\n')}</article></main></body></html>`,
    });
    await send(spunPage(), contentSender(7, URL_SPUN));
    expect(checked(bg, 7)?.result.verdict).toBe('none');
    // The reader adds the story open in tab 8 to the corpus: tab 7's page turns out to be its rewrite.
    const story = 'https://wire.example/ties';
    await send(apPage(story), contentSender(8, story));
    expect((await send({ type: 'ui:add-page', tabId: 8 }, popupSender())).value).toEqual({ id: story });
    await vi.waitFor(() => expect(checked(bg, 7)?.result).toMatchObject({ verdict: 'rewritten', source: { id: story } }));
    await sweepDone(bg);
    // Auto-capture of an AP page does the same.
    await withStore((s) => s.deleteArticles([story]));
    await send({ type: 'ui:corpus-changed' }, popupSender());
    await vi.waitFor(() => expect(checked(bg, 7)?.result.verdict).toBe('none'));
    await sweepDone(bg);
    const ap = 'https://apnews.com/article/russia-china-ties';
    await send({ ...apPage(ap, `<link rel="canonical" href="${ap}">`), check: false, capture: true }, contentSender(9, ap));
    await vi.waitFor(() => expect(checked(bg, 7)?.result).toMatchObject({ verdict: 'rewritten', source: { id: ap } }));
  });

  it('leaves pages that are not articles alone', async () => {
    const bg = startBackground(fakeBrowser as never, { dbName });
    await send({ type: 'content:not-article', url: 'https://front.example/' }, contentSender(3, 'https://front.example/'));
    await importSources();
    await send({ type: 'ui:corpus-changed' }, popupSender());
    await sweepDone(bg);
    expect(bg.tabs.get(3)).toEqual({ status: 'not-article', url: 'https://front.example/' });
  });
});

describe('a check the corpus changed under is not final', () => {
  /** A checker that runs `during` after a verdict is given and before the background has it. */
  class LateChecker extends CorpusChecker {
    during?: () => Promise<void>;
    override async checkAt(page: PageArticle, opts?: CheckOptions): Promise<{ result: MatchResult; generation: number }> {
      const verdict = await super.checkAt(page, opts);
      const during = this.during;
      this.during = undefined;
      await during?.();
      return verdict;
    }
  }

  it('a check that began before an import and ends after it runs again against the new corpus', async () => {
    await removeSources();
    const checker = new LateChecker(dbName);
    const bg = backgroundWith(checker);
    const before = await generation();
    checker.during = async () => void (await importSources()); // the options page commits while the check runs
    expect(await fromTab(bg, 7, spunPage())).toEqual({ ok: true, value: null });
    expect(checked(bg, 7)).toMatchObject({ result: { verdict: 'rewritten' }, corpusGeneration: await generation() });
    expect(checked(bg, 7)!.corpusGeneration).toBeGreaterThan(before);
    expect(await badge(7)).toBe('RW');
  });

  it('a corpus change announced while the tab was "checking" (which the sweep passes by) is caught when the check ends', async () => {
    await removeSources();
    // The import and its announcement land after the check's last look at the generation, so
    // the check ends with the old generation, and the sweep found the tab still "checking".
    let armed = false;
    const checker = new (class extends LateChecker {
      override async store(): Promise<CorpusStore> {
        const real = await super.store();
        return new Proxy(real, {
          get: (target, key) => {
            if (key !== 'generation') return Reflect.get(target, key, target);
            return async () => {
              const now = await target.generation();
              if (armed) {
                armed = false;
                await importSources();
                await bg.handle({ type: 'ui:corpus-changed' }, { id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') });
                await sweepDone(bg);
                expect(bg.tabs.get(7).status).toBe('checking'); // the sweep passed it by
              }
              return now;
            };
          },
        });
      }
    })(dbName);
    checker.during = async () => {
      armed = true; // the next generation read is the check's last look
    };
    const bg = backgroundWith(checker);
    await fromTab(bg, 7, spunPage());
    await vi.waitFor(() => expect(checked(bg, 7)?.result.verdict).toBe('rewritten'));
    expect(checked(bg, 7)!.corpusGeneration).toBe(await generation());
    expect(armed).toBe(false);
  });
});
