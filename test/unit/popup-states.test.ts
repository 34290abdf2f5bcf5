// What the popup says for a page it did not check: a page too big to read says so, apart
// from a page that is simply not an article.
import { h } from 'preact';
import { describe, expect, it } from 'vitest';
import type { TabState } from '../../src/messaging/protocol';
import type { BackgroundApi } from '../../src/ui/api';
import { t } from '../../src/i18n/t';
import { Popup } from '../../src/ui/popup/Popup';
import { mount, waitFor } from './preact-dom';

function popup(state: TabState): HTMLElement {
  const api = { getTabState: async () => state } as unknown as BackgroundApi;
  return mount(h(Popup, { api, tabId: 3, optionsUrl: 'chrome-extension://x/options.html', openPage: () => {} }));
}

describe('the popup on a page it did not read', () => {
  it('says a page is not an article', async () => {
    const el = await waitFor(popup({ status: 'not-article', url: 'https://example.com/' }), '[data-testid="state-not-article"]');
    expect(el.textContent).toBe(t('popup_not_article'));
    expect(el.hasAttribute('data-reason')).toBe(false);
  });

  it.each(['too-long', 'too-many-elements', 'too-deep', 'too-many-nodes'] as const)('says a page was too big to read (%s)', async (reason) => {
    const el = await waitFor(popup({ status: 'not-article', url: 'https://example.com/', reason }), '[data-testid="state-not-article"]');
    expect(el.getAttribute('data-reason')).toBe(reason);
    expect(el.textContent).toBe(t('popup_page_too_big'));
    expect(el.textContent).not.toBe(t('popup_not_article'));
  });
});
