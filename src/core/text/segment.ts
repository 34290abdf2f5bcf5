/**
 * Sentence segmentation, and words for display, with Intl.Segmenter. (Tokens for matching
 * come from tokens.ts: Intl.Segmenter's word boundaries differ between engines.)
 *
 * Intl.Segmenter follows Unicode's segmentation rules in every engine we ship to (Chrome,
 * Firefox, Node), and it segments Chinese and Japanese words by dictionary, which a regex
 * split on spaces cannot. Its sentence rules break after abbreviations such as "U.S." and
 * "Gov." when a capital follows ("leading U.S. | Secretary of State"), and news copy is full
 * of them, so a break after an initialism or a title abbreviation is undone, as is a break
 * that leaves a fragment of fewer than two words (a stray closing quote). On the seed AP
 * story this turns 26 segments into the 25 real sentences. CJK sentences end in 。！？ and
 * are never merged by these rules.
 */


const segmenters = new Map<string, { words: Intl.Segmenter; sentences: Intl.Segmenter }>();

function segmentersFor(lang: string | undefined) {
  const key = lang ?? '';
  let found = segmenters.get(key);
  if (!found) {
    let locale: string | undefined = lang;
    try {
      if (locale) Intl.getCanonicalLocales(locale);
    } catch {
      locale = undefined; // a malformed lang attribute falls back to the default rules
    }
    found = {
      words: new Intl.Segmenter(locale, { granularity: 'word' }),
      sentences: new Intl.Segmenter(locale, { granularity: 'sentence' }),
    };
    segmenters.set(key, found);
  }
  return found;
}

/** Words in original case and typography, for display (diffs, substitutions). */
export function displayWords(text: string, lang?: string): string[] {
  const out: string[] = [];
  for (const seg of segmentersFor(lang).words.segment(text)) {
    if (seg.isWordLike) out.push(seg.segment);
  }
  return out;
}

const MIN_SENTENCE_WORDS = 2;
// "U.S.", "D.C.", "J." and the titles wire copy puts before names.
const ABBREVIATION_END =
  /(?:\b(?:\p{Lu}\.){1,4}|\b(?:Gov|Sen|Rep|Reps|Mr|Mrs|Ms|Dr|St|Gen|Lt|Col|Sgt|Capt|Cmdr|Adm|Maj|Prof|Rev|Jr|Sr|Inc|Co|Corp|Ltd|Mt|Ft|No|Jan|Feb|Aug|Sept|Oct|Nov|Dec|vs|Sen)\.)$/u;

/**
 * Whether `text` surely holds two words by Unicode's word-boundary rules (UAX #29), as
 * Intl.Segmenter finds them: an ASCII letter or digit, later an ASCII space, tab or line
 * break, later another ASCII letter or digit. Such a space or break always ends the word
 * before it and starts a new segment after it (no rule joins a letter or digit to it), and a
 * segment holding a letter or digit is word-like. False means "ask the segmenter", not "one
 * word". One pass over the string, no allocation.
 */
export function twoAsciiWords(text: string): boolean {
  let state = 0; // 0: no word yet; 1: a word; 2: a word, then a space
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const alnum = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
    if (alnum) {
      if (state === 2) return true;
      state = 1;
    } else if (state === 1 && (c === 0x20 || (c >= 0x09 && c <= 0x0d))) state = 2;
  }
  return false;
}

/**
 * Whether `sentence` has fewer than `min` words. Counting stops at `min`, and only sentences
 * that might merge with the previous one are counted at all; a sentence with an ASCII letter or
 * digit, then ASCII whitespace, then another, has two words without asking the segmenter
 * (`twoAsciiWords`). Without that shortcut, the `segment()` calls here are 5% of a warm
 * check's service-worker time in Chromium (bench/browser/verdict-profile.ts).
 */
function fewerWordsThan(sentence: string, min: number, wordSegmenter: Intl.Segmenter): boolean {
  if (min <= 2 && twoAsciiWords(sentence)) return false;
  let count = 0;
  for (const w of wordSegmenter.segment(sentence)) if (w.isWordLike && ++count >= min) return false;
  return true;
}

/**
 * Sentences of a text, trimmed, in order. Paragraph breaks always end a sentence; a break
 * after an abbreviation, or one that leaves a fragment of fewer than MIN_SENTENCE_WORDS words,
 * is undone within the paragraph.
 */
export function sentences(text: string, lang?: string): string[] {
  const { sentences: segmenter, words: wordSegmenter } = segmentersFor(lang);
  const out: string[] = [];
  for (const paragraph of text.split(/\n\s*\n|\r\n\s*\r\n|\n/)) {
    const trimmed = paragraph.trim();
    if (!trimmed) continue;
    let previousInParagraph = false;
    for (const seg of segmenter.segment(trimmed)) {
      const sentence = seg.segment.trim();
      if (!sentence) continue;
      const previous = out[out.length - 1];
      if (
        previousInParagraph &&
        previous !== undefined &&
        (ABBREVIATION_END.test(previous) || fewerWordsThan(sentence, MIN_SENTENCE_WORDS, wordSegmenter))
      ) {
        out[out.length - 1] = `${out[out.length - 1]} ${sentence}`;
      } else {
        out.push(sentence);
        previousInParagraph = true;
      }
    }
  }
  return out;
}
