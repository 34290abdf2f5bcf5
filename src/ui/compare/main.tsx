// Mounts the comparison page with the real background and clipboard; everything else is in ComparePage.
import { render } from 'preact';
import { runtimeApi } from '../api';
import { ComparePage, compareTabId } from './ComparePage';

export function mountCompare(root: HTMLElement): void {
  // Some contexts expose no clipboard (insecure origins, old engines); the page says so.
  const clipboard = typeof navigator !== 'undefined' ? navigator.clipboard : undefined;
  const copyText = clipboard ? (text: string) => clipboard.writeText(text) : undefined;
  render(<ComparePage api={runtimeApi} tabId={compareTabId(location.search)} copyText={copyText} now={() => new Date()} />, root);
}
