/**
 * Which page a content script's message speaks for. The browser names the sender's page
 * (`sender.url`); the message names one too, and only the browser's is believed.
 */

import type { ContentMessage } from '../messaging/protocol';

/**
 * The message with the page's URL checked against its sender's. A content script speaks only
 * for its own page: a message naming a page of another origin is refused, so a page cannot
 * capture text, or set a tab's state, under another site's URL. Within the sender's origin
 * the message's URL is kept: a single-page app's history.pushState changes the page's address
 * without a new document, and the browsers report the sender's URL from when the document
 * loaded (Chromium and Firefox both, in the SPA navigation e2e test); pushState itself cannot
 * leave the origin.
 */
export function fromSenderPage(msg: ContentMessage, senderUrl: string | undefined): ContentMessage {
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
