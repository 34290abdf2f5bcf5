/**
 * A modal dialog on the native <dialog> element: `showModal()` makes the rest of the page
 * inert (so Tab stays inside it, and screen readers do too), Escape closes it, and the
 * browser draws it in the top layer. What the element does not do everywhere is put focus
 * back where it was, so this does: on close, focus returns to the element that had it when
 * the dialog opened (the row's button the reader pressed).
 */

import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { t } from '../../i18n/t';

export interface DialogProps {
  /** id of the heading inside `children` that names the dialog. */
  labelledBy: string;
  onClose(): void;
  children: ComponentChildren;
  class?: string;
  testId?: string;
  /** What gets focus on open (a selector inside the dialog); the first heading when absent. */
  initialFocus?: string;
}

export function Dialog({ labelledBy, onClose, children, class: className, testId, initialFocus }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const close = useRef(onClose);
  close.current = onClose;

  // A layout effect: its cleanup runs as the dialog leaves the DOM, not a frame later (as a
  // plain effect's does), so focus goes straight back to the opener instead of to <body>.
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    const target = dialog.querySelector<HTMLElement>(initialFocus ?? 'h2');
    target?.focus();
    const onCancel = (e: Event) => {
      // Escape: let our state close it, so it is removed the same way as with the button.
      e.preventDefault();
      close.current();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
      // Back where the reader was, unless that element is gone (a deleted row).
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  return (
    <dialog ref={ref} class={`dialog ${className ?? ''}`} aria-labelledby={labelledBy} data-testid={testId} aria-modal="true">
      {children}
    </dialog>
  );
}

/** "Delete 12 articles?" with a Delete and a Cancel button; Cancel has focus, so Enter is harmless. */
export function ConfirmDialog({ heading, text, confirm, onConfirm, onCancel }: { heading: string; text: string; confirm: string; onConfirm(): void; onCancel(): void }) {
  return (
    <Dialog labelledBy="confirm-heading" onClose={onCancel} testId="confirm-dialog" initialFocus="[data-autofocus]">
      <h2 id="confirm-heading" tabIndex={-1}>
        {heading}
      </h2>
      <p>{text}</p>
      <div class="actions">
        <button type="button" class="danger" data-testid="confirm-delete" onClick={onConfirm}>
          {confirm}
        </button>
        <button type="button" data-autofocus data-testid="confirm-cancel" onClick={onCancel}>
          {t('options_cancel')}
        </button>
      </div>
    </Dialog>
  );
}
