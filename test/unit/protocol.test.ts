import { describe, expect, it } from 'vitest';
import { MAX_PAGE_HTML_CHARS, classifySender, parseContentMessage, parseUiMessage } from '../../src/messaging/protocol';

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
