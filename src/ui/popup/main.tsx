import { browser } from 'wxt/browser';
import { render } from 'preact';
import { popupTabId, runtimeApi } from '../api';
import { Popup } from './Popup';
import './popup.css';

export async function mountPopup(root: HTMLElement): Promise<void> {
  const tabId = await popupTabId(location.search);
  const openPage = (path: string) => void browser.tabs.create({ url: browser.runtime.getURL(path as never) });
  render(<Popup api={runtimeApi} tabId={tabId} optionsUrl={browser.runtime.getURL('/options.html')} openPage={openPage} />, root);
}
