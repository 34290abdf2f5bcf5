/**
 * The in-page notice: one small, dismissable box in the page's corner saying what the popup
 * says in its first lines — the verdict, the likely source, the paraphrase score and coverage.
 *
 * Built with plain DOM calls inside a closed shadow root (see notice-ui.ts), every piece of text
 * as a text node, never as markup: the source title comes from the corpus. Its sentences come
 * with the notice, already in the reader's language (protocol.ts, `NoticeText`: looking them
 * up here would make the page's renderer fetch the message bundle synchronously).
 * Plain DOM rather than Preact: Preact would add about 10 KB to content.js, which every page
 * evaluates, and buy nothing for a box of six fixed elements built once per verdict and never
 * updated in place.
 *
 * It takes no focus when it appears (a reader in the middle of the page must not be moved);
 * it is a labelled complementary landmark at the end of the document, so keyboard and screen
 * reader users reach it by Tab or by landmark; Escape inside it dismisses it.
 */

import type { BackgroundNoticeMessage } from '../messaging/protocol';

export type NoticeData = NonNullable<BackgroundNoticeMessage['notice']>;

export interface NoticeActions {
  onDismiss(): void;
  onMute(): void;
}

/** The notice's element tree, made in `doc`; nothing is connected or rendered yet. */
export function buildNotice(doc: Document, notice: NoticeData, actions: NoticeActions): HTMLElement {
  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, ...children: (Node | string)[]): HTMLElementTagNameMap[K] => {
    const node = doc.createElement(tag);
    if (className) node.className = className;
    node.append(...children); // strings become text nodes
    return node;
  };
  const button = (text: string, className: string, onClick: () => void) => {
    const b = el('button', className, text);
    b.type = 'button';
    b.addEventListener('click', onClick);
    return b;
  };

  const { text } = notice;
  const aside = el(
    'aside',
    `notice verdict-${notice.verdict}`,
    el('p', 'headline', el('strong', '', text.brand), ' ', el('span', 'verdict', text.headline)),
    el('p', 'source', `${text.likelySource} `, el('cite', '', notice.sourceTitle)),
    el('p', 'numbers', text.numbers),
    el('p', 'hint', text.hint),
    el('div', 'actions', button(text.dismiss, 'primary', () => actions.onDismiss()), button(text.mute, '', () => actions.onMute())),
  );
  aside.setAttribute('aria-labelledby', 'wirecheck-notice-title');
  aside.setAttribute('data-verdict', notice.verdict);
  aside.firstElementChild!.id = 'wirecheck-notice-title';
  aside.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') actions.onDismiss();
  });
  return aside;
}
