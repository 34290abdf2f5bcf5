/**
 * One shape per verdict, drawn in the verdict's colour beside its name, so that no reader has
 * to tell verdicts apart by hue: a square with "=" (word for word), a diamond (edited), a
 * triangle (rewritten), a half-filled circle (partial), an empty circle (no source). The
 * shapes are decoration (aria-hidden); the verdict is always said in words next to them.
 */
import type { JSX } from 'preact';
import type { Verdict } from '../core/types';

const SHAPES: Record<Verdict, JSX.Element> = {
  verbatim: (
    <>
      <rect x="2" y="2" width="16" height="16" rx="2" fill="currentColor" />
      <rect x="5.5" y="6.5" width="9" height="2" fill="var(--bg)" />
      <rect x="5.5" y="11.5" width="9" height="2" fill="var(--bg)" />
    </>
  ),
  edited: <path d="M10 1.5 18.5 10 10 18.5 1.5 10Z" fill="currentColor" />,
  rewritten: <path d="M10 2 19 18H1Z" fill="currentColor" />,
  partial: (
    <>
      <circle cx="10" cy="10" r="7.5" fill="none" stroke="currentColor" stroke-width="2" />
      <path d="M10 2.5a7.5 7.5 0 0 1 0 15Z" fill="currentColor" />
    </>
  ),
  none: <circle cx="10" cy="10" r="7" fill="none" stroke="currentColor" stroke-width="2" />,
};

export function VerdictIcon({ verdict }: { verdict: Verdict }) {
  return (
    <svg class="verdict-icon" data-shape={verdict} viewBox="0 0 20 20" aria-hidden="true" focusable="false">
      {SHAPES[verdict]}
    </svg>
  );
}
