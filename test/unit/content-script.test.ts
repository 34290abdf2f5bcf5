// The content script as the background drives it: message shapes are checked, the notice is
// shown, hidden, dismissed for the page view and muted for the site, highlights come and go
// (and go on navigation), and the notice component renders the verdict as text.
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { ContentScript, parseBackgroundMessage } from '../../src/content/content-script';
import { noticeText } from '../../src/background/notice-text';
import { buildNotice, type NoticeData } from '../../src/content/notice';
import { type NoticeActions, type NoticeView, shadowRootNoticeView } from '../../src/content/notice-ui';
import type { ContentMessage } from '../../src/messaging/protocol';

const NUMBERS = { verdict: 'rewritten', paraphraseScore: 29, coverage: 0.77 } as const;
const NOTICE: NoticeData = { ...NUMBERS, sourceTitle: 'Russia and China show off deepening ties', text: noticeText(NUMBERS) };

function fakeView() {
  const view = {
    shown: null as NoticeData | null,
    actions: undefined as NoticeActions | undefined,
    shows: 0,
    show(notice: NoticeData, actions: NoticeActions) {
      view.shown = notice;
      view.actions = actions;
      view.shows++;
    },
    hide() {
      view.shown = null;
    },
    isHost: (el: Element) => el.localName === 'wirecheck-notice',
  };
  return view satisfies NoticeView;
}

function script(body = '<article><p>The first sentence of the story is here. The second sentence of the story follows.</p></article>') {
  const doc = parseHTML(`<!doctype html><html><head></head><body>${body}</body></html>`).document as unknown as Document;
  const sent: ContentMessage[] = [];
  const view = fakeView();
  const timers: (() => void)[] = [];
  const cs = new ContentScript({
    document: doc,
    currentUrl: () => 'https://news.example/story',
    whenIdle: () => undefined,
    after: (_ms, task) => timers.push(task),
    send: async (m) => {
      sent.push(m);
      return { ok: true, value: { check: false, capture: false } };
    },
    notice: view,
  });
  return { cs, doc, sent, view, timers };
}

describe('background messages', () => {
  it('accepts the protocol’s shapes and nothing else', () => {
    expect(parseBackgroundMessage({ type: 'background:request-article' })).toEqual({ type: 'background:request-article' });
    expect(parseBackgroundMessage({ type: 'background:notice', notice: null })).toEqual({ type: 'background:notice', notice: null });
    expect(parseBackgroundMessage({ type: 'background:notice', notice: NOTICE })).toEqual({ type: 'background:notice', notice: NOTICE });
    expect(parseBackgroundMessage({ type: 'background:highlight', on: false, passages: [] })).toEqual({ type: 'background:highlight', on: false, passages: [] });
    for (const bad of [
      null,
      'background:notice',
      { type: 'background:notice' },
      { type: 'background:notice', notice: { ...NOTICE, verdict: 'plagiarised' } },
      { type: 'background:notice', notice: { ...NOTICE, coverage: '77%' } },
      { type: 'background:notice', notice: { ...NOTICE, text: undefined } },
      { type: 'background:notice', notice: { ...NOTICE, text: { ...NOTICE.text, hint: 7 } } },
      { type: 'background:notice', notice: { ...NOTICE, text: { ...NOTICE.text, mute: 'x'.repeat(1_001) } } },
      { type: 'background:highlight', on: 'yes', passages: [] },
      { type: 'background:highlight', on: true, passages: [{ text: 1, paraphraseScore: 0, quote: false }] },
      { type: 'content:page' },
    ]) {
      expect(parseBackgroundMessage(bad), JSON.stringify(bad)).toBeNull();
    }
  });
});

describe('the notice', () => {
  it('shows, updates and hides as the background says', () => {
    const { cs, view } = script();
    cs.onMessage({ type: 'background:notice', notice: NOTICE });
    expect(view.shown).toEqual(NOTICE);
    cs.onMessage({ type: 'background:notice', notice: { ...NOTICE, verdict: 'edited' } });
    expect(view.shown?.verdict).toBe('edited');
    cs.onMessage({ type: 'background:notice', notice: null });
    expect(view.shown).toBeNull();
  });

  it('Dismiss holds for the page view: a later notice does not reopen it, a navigation does', () => {
    const { cs, view } = script();
    cs.onMessage({ type: 'background:notice', notice: NOTICE });
    view.actions!.onDismiss();
    expect(view.shown).toBeNull();
    cs.onMessage({ type: 'background:notice', notice: NOTICE });
    expect(view.shown).toBeNull();
    cs.onNavigation();
    cs.onMessage({ type: 'background:notice', notice: NOTICE });
    expect(view.shown).toEqual(NOTICE);
  });

  it('"Don’t show on this site" asks the background to mute this URL’s site, and hides', () => {
    const { cs, view, sent } = script();
    cs.onMessage({ type: 'background:notice', notice: NOTICE });
    view.actions!.onMute();
    expect(sent).toContainEqual({ type: 'content:mute-notice', url: 'https://news.example/story' });
    expect(view.shown).toBeNull();
  });

  it('a navigation hides the old article’s notice', () => {
    const { cs, view } = script();
    cs.onMessage({ type: 'background:notice', notice: NOTICE });
    cs.onNavigation();
    expect(view.shown).toBeNull();
  });

  it('renders the verdict, source, score and coverage as text, with two buttons', () => {
    const { document } = parseHTML('<!doctype html><html><body><div id="root"></div></body></html>');
    const root = document.getElementById('root') as unknown as HTMLElement;
    const calls: string[] = [];
    const aside = buildNotice(document as unknown as Document, { ...NOTICE, sourceTitle: '<img src=x onerror=alert(1)>' }, { onDismiss: () => calls.push('dismiss'), onMute: () => calls.push('mute') });
    root.append(aside);
    const text = root.textContent!.replace(/\s+/g, ' ');
    expect(text).toContain('Wirecheck: this article is AP copy, rewritten');
    expect(text).toContain('Likely source: <img src=x onerror=alert(1)>'); // text, never markup
    expect(root.querySelector('img')).toBeNull();
    expect(text).toContain('Paraphrase score 29/100 · 77% of this page derives from it');
    expect(Array.from(root.querySelectorAll('button'), (b) => b.textContent)).toEqual(['Dismiss', 'Don’t show on this site']);
    expect(Array.from(root.querySelectorAll('button'), (b) => b.getAttribute('type'))).toEqual(['button', 'button']);
    expect(aside.localName).toBe('aside');
    expect(aside.getAttribute('aria-labelledby')).toBe('wirecheck-notice-title');
    expect(root.querySelector('#wirecheck-notice-title')!.textContent).toBe('Wirecheck: this article is AP copy, rewritten');
    expect(aside.getAttribute('data-verdict')).toBe('rewritten');
    expect(aside.className).toBe('notice verdict-rewritten');
    root.querySelectorAll('button')[0]!.click();
    root.querySelectorAll('button')[1]!.click();
    const escape = new document.defaultView!.Event('keydown') as unknown as { key: string };
    escape.key = 'Escape';
    aside.dispatchEvent(escape as unknown as Event);
    expect(calls).toEqual(['dismiss', 'mute', 'dismiss']);
    const noScore = buildNotice(document as unknown as Document, { ...NOTICE, paraphraseScore: null, text: noticeText({ ...NUMBERS, paraphraseScore: null }) }, { onDismiss: () => {}, onMute: () => {} });
    expect(noScore.querySelector('.numbers')!.textContent).toBe('77% of this page derives from it');
    expect(noticeText({ ...NUMBERS, verdict: 'partial' }).headline).toBe('this article is partly AP copy');
    expect(noticeText({ ...NUMBERS, verdict: 'verbatim' }).headline).toBe('this article is AP copy, word for word');
  });
});

describe('the notice’s host in the page', () => {
  it('goes last in <html> with a closed root; a second notice replaces the first; hide and invalidation remove it', () => {
    const { document } = parseHTML('<!doctype html><html><body><p>Story</p></body></html>');
    const doc = document as unknown as Document;
    let invalidate: () => void = () => {};
    const logged: string[] = [];
    const view = shadowRootNoticeView(doc, (cleanup) => (invalidate = cleanup), (m) => logged.push(m));
    const actions = { onDismiss: () => {}, onMute: () => {} };
    view.show(NOTICE, actions);
    const host = doc.documentElement.lastElementChild!;
    expect(host.localName).toBe('wirecheck-notice');
    expect(host.shadowRoot).toBeNull(); // closed: the page gets the host and nothing inside
    expect(view.isHost(host)).toBe(true);
    expect(view.isHost(doc.body)).toBe(false);
    view.show({ ...NOTICE, verdict: 'edited' }, actions);
    expect(doc.querySelectorAll('wirecheck-notice').length).toBe(1);
    view.hide();
    expect(host.isConnected).toBe(false);
    view.show(NOTICE, actions);
    expect(host.isConnected).toBe(true);
    invalidate();
    expect(host.isConnected).toBe(false);
    expect(logged).toEqual([]);
  });
});

describe('highlights', () => {
  const passages = [{ text: 'The second sentence of the story follows.', paraphraseScore: 30, quote: false }];

  it('marks on, replaces on a second message, restores on off', () => {
    const { cs, doc } = script();
    const before = doc.body.innerHTML;
    expect(cs.onMessage({ type: 'background:highlight', on: true, passages })).toEqual({ marks: 1, found: 1, missed: 0 });
    expect(cs.onMessage({ type: 'background:highlight', on: true, passages })).toEqual({ marks: 1, found: 1, missed: 0 });
    expect(doc.querySelectorAll('mark').length).toBe(1);
    cs.onMessage({ type: 'background:highlight', on: false, passages: [] });
    expect(doc.body.innerHTML).toBe(before);
  });

  it('a navigation removes the marks', () => {
    const { cs, doc } = script();
    const before = doc.body.innerHTML;
    cs.onMessage({ type: 'background:highlight', on: true, passages });
    cs.onNavigation();
    expect(doc.body.innerHTML).toBe(before);
  });

  it('never marks the text of the notice’s host', () => {
    const { cs, doc } = script('<wirecheck-notice>The second sentence of the story follows.</wirecheck-notice>');
    expect(cs.onMessage({ type: 'background:highlight', on: true, passages })).toEqual({ marks: 0, found: 0, missed: 1 });
    expect(doc.querySelectorAll('mark').length).toBe(0);
  });
});
