/**
 * A plain text's headline, when it has one. Files people save or paste put the headline on the
 * first line, but not always: a pasted paragraph, or a story whose first line is already its
 * first sentence, has none, and must be checked all the same. The first non-empty line is taken
 * as the headline when more text follows it and it reads like one: at most HEADLINE_WORDS
 * words, and not ending like a sentence (a period; a question or an exclamation mark is a
 * headline's too). Otherwise the whole text is the story and the title is empty.
 */

export const HEADLINE_WORDS = 20;

export interface SplitText {
  /** '' when the text has no headline line. */
  title: string;
  text: string;
}

export function splitHeadline(content: string): SplitText {
  const lines = content.replace(/\r\n?/g, '\n').split('\n');
  const head = lines.findIndex((l) => l.trim() !== '');
  if (head < 0) return { title: '', text: '' };
  const first = lines[head]!.trim();
  const rest = lines.slice(head + 1).join('\n').trim();
  const words = first.split(/\s+/).length;
  const sentenceEnd = /\.["”’')\]]*$/.test(first) && !/\b(?:U\.S|U\.K|Jr|Sr|Inc|Co|Ltd|St|Dr|Mr|Mrs|Ms)\.$/.test(first);
  if (rest && words <= HEADLINE_WORDS && !sentenceEnd) return { title: first, text: rest };
  return { title: '', text: lines.slice(head).join('\n').trim() };
}

/** A title for a text that has none: its first sentence, cut at a word near `max` characters. */
export function titleFromText(text: string, max = 100): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const sentence = /^.+?[.!?](?=\s|$)/.exec(flat)?.[0] ?? flat;
  if (sentence.length <= max) return sentence;
  const cut = sentence.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2)).trimEnd()}…`;
}
