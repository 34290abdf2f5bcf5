/**
 * Preact components rendered on linkedom, the way the extension's pages mount them, for unit
 * tests of what a page shows.
 */
import { parseHTML } from 'linkedom';
import { type ComponentChild, render } from 'preact';
import { afterEach, beforeAll } from 'vitest';

const { document, window } = parseHTML('<!doctype html><html lang="en"><head><title>t</title></head><body></body></html>');
let mounted: HTMLElement | undefined;

// The pages use the global document (the comparison page sets its title; the dialog reads
// document.activeElement and HTMLElement, and calls showModal(), which linkedom lacks): give
// them this one, and a showModal that opens the dialog, for the test file that imports this.
beforeAll(() => {
  const proto = Object.getPrototypeOf(document.createElement('dialog')) as Record<string, unknown>;
  if (typeof proto.showModal !== 'function') {
    proto.showModal = function (this: Element) { this.setAttribute('open', ''); };
    proto.close = function (this: Element) { this.removeAttribute('open'); };
    Object.defineProperty(proto, 'open', { configurable: true, get(this: Element) { return this.hasAttribute('open'); } });
  }
  const saved = { document: globalThis.document, HTMLElement: globalThis.HTMLElement };
  Object.assign(globalThis, { document, HTMLElement: window.HTMLElement });
  return () => {
    Object.assign(globalThis, saved);
  };
});

export function mount(vnode: ComponentChild): HTMLElement {
  const root = document.createElement('div') as unknown as HTMLElement;
  document.body.appendChild(root as never);
  render(vnode, root);
  mounted = root;
  return root;
}

afterEach(() => {
  if (mounted) render(null, mounted);
  mounted?.remove();
  mounted = undefined;
});

/** Waits (effects, promises, re-renders) until `find` returns an element. */
export async function waitFor(root: HTMLElement, selector: string): Promise<Element> {
  for (let i = 0; i < 200; i++) {
    const el = root.querySelector(selector);
    if (el) return el;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`${selector} never rendered; got: ${root.outerHTML.slice(0, 500)}`);
}


/** The element with this data-testid; throws, with what the root holds, when there is none. */
export function $(root: HTMLElement, testId: string): HTMLElement {
  const el = root.querySelector<HTMLElement>(`[data-testid="${testId}"]`);
  if (!el) throw new Error(`no ${testId} in ${root.outerHTML.slice(0, 800)}`);
  return el;
}

/** Waits until `ok` holds (effects, promises, polls). */
export async function until(ok: () => boolean, what = 'the condition'): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (ok()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`${what} never held`);
}
