import { describe, expect, it } from 'vitest';
import {
  MAX_PAGE_HTML_CHARS,
  MIN_FOLLOW_BUDGET_BYTES,
  classifySender,
  isFollowUiMessage,
  originPattern,
  parseContentMessage,
  parseUiMessage,
} from '../../src/messaging/protocol';

const hello = { type: 'content:hello', url: 'https://news.example/a' };

describe('content messages are untrusted', () => {
  it('accepts well-formed small messages', () => {
    expect(parseContentMessage(hello)).toEqual(hello);
    expect(parseContentMessage({ type: 'content:not-article', url: 'http://x.example/' })).toEqual({ type: 'content:not-article', url: 'http://x.example/' });
    expect(parseContentMessage({ type: 'content:mute-notice', url: 'http://x.example/' })).toEqual({ type: 'content:mute-notice', url: 'http://x.example/' });
  });

  it.each([
    ['not an object', 'hello', /object/],
    ['an array', [hello], /object/],
    ['an unknown type', { ...hello, type: 'content:delete-corpus' }, /unknown message type/],
    // Only content:page carries a page: no message hands the background an article's text.
    ['an article text message', { type: 'content:text', url: 'https://news.example/a', title: 'T', text: 'Body' }, /unknown message type/],
    ['an extra field', { ...hello, html: '<img onerror=alert(1)>' }, /unexpected field html/],
    ['a javascript: url', { ...hello, url: 'javascript:alert(1)' }, /http/],
    ['a non-URL', { ...hello, url: 'not a url' }, /not a URL/],
    ['a numeric url', { ...hello, url: 42 }, /url must be a string/],
    ['an oversized url', { ...hello, url: `https://news.example/${'x'.repeat(8_192)}` }, /url is longer/],
  ])('rejects %s', (_name, raw, error) => {
    expect(() => parseContentMessage(raw)).toThrow(error);
  });

  const page = { type: 'content:page', url: 'https://news.example/a', html: '<html><body><p>Hi</p></body></html>', check: true, capture: false, force: false };
  it('accepts a well-formed page, and HTML at the cap', () => {
    expect(parseContentMessage(page)).toEqual(page);
    const atCap = { ...page, html: 'x'.repeat(MAX_PAGE_HTML_CHARS) };
    expect(parseContentMessage(atCap)).toEqual(atCap);
  });

  it.each([
    ['oversized HTML', { ...page, html: 'x'.repeat(MAX_PAGE_HTML_CHARS + 1) }, /html is longer than/],
    ['HTML that is not a string', { ...page, html: { nodeType: 9 } }, /html must be a string/],
    ['a missing html', { ...page, html: undefined }, /html must be a string/],
    ['a flag that is not a boolean', { ...page, check: 'yes' }, /check must be true or false/],
    ['a missing flag', { ...page, force: undefined }, /force must be true or false/],
    ['an extra field', { ...page, text: 'Body' }, /unexpected field text/],
    ['a file: url', { ...page, url: 'file:///etc/passwd' }, /http/],
  ])('rejects a page message with %s', (_name, raw, error) => {
    expect(() => parseContentMessage(raw)).toThrow(error);
  });

  it('does not let content scripts send UI messages', () => {
    expect(() => parseContentMessage({ type: 'ui:corpus-changed' })).toThrow(/unknown message type/);
  });
});

describe('UI messages', () => {
  it('validates tab ids', () => {
    expect(parseUiMessage({ type: 'ui:get-tab-state', tabId: 3 })).toEqual({ type: 'ui:get-tab-state', tabId: 3 });
    for (const tabId of [-1, 1.5, '3', null]) expect(() => parseUiMessage({ type: 'ui:get-tab-state', tabId })).toThrow(/tabId/);
  });
});

describe('Follow AP and subscription messages', () => {
  it('accepts the follow messages and every change the options page makes', () => {
    for (const type of ['ui:follow-get', 'ui:follow-run-now', 'ui:subscriptions-get']) {
      expect(parseUiMessage({ type })).toEqual({ type });
      expect(isFollowUiMessage(parseUiMessage({ type }))).toBe(true);
    }
    const change = { following: true, window: 'quarter', paused: false, budgetBytes: 1_000_000_000, sitemapIndex: 'http://apnews.com:8080/sitemap.xml', keepStories: true };
    expect(parseUiMessage({ type: 'ui:follow-set', change })).toEqual({ type: 'ui:follow-set', change });
    expect(parseUiMessage({ type: 'ui:follow-set', change: {} })).toEqual({ type: 'ui:follow-set', change: {} });
    expect(isFollowUiMessage(parseUiMessage({ type: 'ui:corpus-changed' }))).toBe(false);
  });

  it.each([
    ['no change', { type: 'ui:follow-set' }, /change must be an object/],
    ['a change that is a list', { type: 'ui:follow-set', change: [] }, /change must be an object/],
    ['an unknown field', { type: 'ui:follow-set', change: { following: true, cookies: true } }, /unexpected field cookies/],
    ['a flag that is not a boolean', { type: 'ui:follow-set', change: { paused: 'yes' } }, /paused must be true or false/],
    ['an unknown window', { type: 'ui:follow-set', change: { window: 'decade' } }, /window must be/],
    ['a budget below the least', { type: 'ui:follow-set', change: { budgetBytes: MIN_FOLLOW_BUDGET_BYTES - 1 } }, /budgetBytes/],
    ['a budget that is not whole', { type: 'ui:follow-set', change: { budgetBytes: 2.5e7 + 0.5 } }, /budgetBytes/],
    ['a sitemap that is not http(s)', { type: 'ui:follow-set', change: { sitemapIndex: 'file:///etc/passwd' } }, /sitemapIndex must be http/],
    ['a sitemap that is not a URL', { type: 'ui:follow-set', change: { sitemapIndex: 'apnews' } }, /sitemapIndex is not a URL/],
    ['an extra field beside the change', { type: 'ui:follow-get', change: {} }, /unexpected field change/],
  ])('rejects a follow message with %s', (_name, raw, error) => {
    expect(() => parseUiMessage(raw)).toThrow(error);
  });

  it('validates subscription URLs and pins', () => {
    const url = 'https://packs.example/ap.wcpack';
    expect(parseUiMessage({ type: 'ui:subscription-add', url })).toEqual({ type: 'ui:subscription-add', url });
    expect(parseUiMessage({ type: 'ui:subscription-add', url, sha256: 'AB'.repeat(32) })).toEqual({ type: 'ui:subscription-add', url, sha256: 'ab'.repeat(32) });
    expect(parseUiMessage({ type: 'ui:subscription-remove', url })).toEqual({ type: 'ui:subscription-remove', url });
    expect(parseUiMessage({ type: 'ui:subscription-check', url })).toEqual({ type: 'ui:subscription-check', url });
    expect(() => parseUiMessage({ type: 'ui:subscription-add', url, sha256: 'ab'.repeat(31) })).toThrow(/sha256 must be 64 hex digits/);
    expect(() => parseUiMessage({ type: 'ui:subscription-add', url, sha256: '' })).toThrow(/sha256/);
    expect(() => parseUiMessage({ type: 'ui:subscription-add', url: 'ftp://packs.example/a.wcpack' })).toThrow(/http/);
    expect(() => parseUiMessage({ type: 'ui:subscription-check', url, sha256: 'ab'.repeat(32) })).toThrow(/unexpected field sha256/);
    expect(() => parseUiMessage({ type: 'ui:subscription-remove' })).toThrow(/url must be a string/);
  });

  it('names the host permission a URL needs, without its port or path', () => {
    expect(originPattern('https://apnews.com/sitemap.xml')).toBe('https://apnews.com/*');
    expect(originPattern('http://apnews.com:8080/sitemap.xml')).toBe('http://apnews.com/*');
    expect(originPattern('https://packs.example/a/b.wcpack?v=1')).toBe('https://packs.example/*');
  });
});

describe('senders', () => {
  const own = 'abc';
  const origin = 'chrome-extension://abc/';
  it('classifies content, extension pages and strangers', () => {
    expect(classifySender({ id: own, url: 'https://a.example/', tabId: 4, frameId: 0 }, own, origin)).toEqual({ kind: 'content', tabId: 4, pageUrl: 'https://a.example/' });
    // The page's URL is the browser's (the frame's, else the tab's), never the message's.
    expect(classifySender({ id: own, tabUrl: 'https://t.example/', tabId: 4, frameId: 0 }, own, origin)).toEqual({ kind: 'content', tabId: 4, pageUrl: 'https://t.example/' });
    expect(classifySender({ id: own, url: 'https://f.example/', tabUrl: 'https://t.example/', tabId: 4, frameId: 0 }, own, origin)).toEqual({ kind: 'content', tabId: 4, pageUrl: 'https://f.example/' });
    expect(classifySender({ id: own, url: `${origin}popup.html` }, own, origin)).toEqual({ kind: 'extension-page' });
    expect(classifySender({ id: own, url: `${origin}options.html`, tabId: 9, frameId: 0 }, own, origin)).toEqual({ kind: 'extension-page' });
    expect(classifySender({ id: 'evil', url: `${origin}popup.html` }, own, origin).kind).toBe('rejected');
    expect(classifySender({ id: own, url: 'https://ads.example/', tabId: 4, frameId: 3 }, own, origin).kind).toBe('rejected');
    expect(classifySender({ id: own, url: 'https://a.example/' }, own, origin).kind).toBe('rejected');
  });
});
