/**
 * The word-level difference between an AP sentence and the page sentence made from it, as two
 * lists of parts: the source with its removed words, the page with its added words.
 *
 * jsdiff's diffWords does the diffing. It ignores whitespace and gives common runs with the
 * *page's* spacing, which would show the source as "U. S." where AP wrote "U.S."; so each
 * part is cut back out of its own sentence by counting non-space characters, and each side
 * reads exactly as written (joining its parts gives the sentence back). Spaces around a change
 * stay outside it, so a struck-through or underlined run never starts or ends with a space.
 */

import { diffWords } from 'diff';

export type DiffChange = 'same' | 'removed' | 'added';

export interface DiffPart {
  text: string;
  change: DiffChange;
}

export interface PairDiff {
  source: DiffPart[];
  page: DiffPart[];
}

export function pairDiff(source: string, page: string): PairDiff {
  const out: PairDiff = { source: [], page: [] };
  const cursor = { source: 0, page: 0 };
  const take = (side: 'source' | 'page', value: string, change: DiffChange) => {
    const text = side === 'source' ? source : page;
    const { lead, body, end } = cut(text, cursor[side], value);
    cursor[side] = end;
    push(out[side], lead, 'same');
    push(out[side], body, change);
  };
  for (const c of diffWords(source, page)) {
    if (c.removed) take('source', c.value, 'removed');
    else if (c.added) take('page', c.value, 'added');
    else {
      take('source', c.value, 'same');
      take('page', c.value, 'same');
    }
  }
  push(out.source, source.slice(cursor.source), 'same');
  push(out.page, page.slice(cursor.page), 'same');
  return out;
}

/**
 * From `from` in `text`, the whitespace before the next word (`lead`) and then as many
 * characters as it takes to cover `value`'s non-space characters (`body`).
 */
function cut(text: string, from: number, value: string): { lead: string; body: string; end: number } {
  let wanted = value.replace(/\s+/g, '').length;
  let i = from;
  while (wanted > 0 && i < text.length && /\s/.test(text[i]!)) i++;
  const start = i;
  while (wanted > 0 && i < text.length) {
    if (!/\s/.test(text[i]!)) wanted--;
    i++;
  }
  return { lead: text.slice(from, start), body: text.slice(start, i), end: i };
}

function push(parts: DiffPart[], text: string, change: DiffChange): void {
  if (!text) return;
  const last = parts.at(-1);
  if (last && last.change === change) last.text += text;
  else parts.push({ text, change });
}
