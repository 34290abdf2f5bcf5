/**
 * How big a page's HTML is as a tree, read off the string in one pass before anything parses
 * it: how many elements it makes, how deep they nest, and how many nodes of every kind.
 *
 * Why before the parse: linkedom's cost grows faster than the HTML when elements nest (1.1 MB
 * of 100,000 nested divs takes 5–20 s to parse, 20,000 nested 0.85 s, while 100,000 elements
 * side by side take 0.4 s with Readability included), and with the number of nodes (4 MiB of
 * `x&amp;` in one <p> is 1.4 million text nodes: 10 s to parse, over a minute to read);
 * extract.ts can only refuse a deep or crowded page (MAX_DEPTH, MAX_ELEMENTS) once the tree
 * exists. The content script measures its live DOM too, but the background does not take a
 * page's word for it, so this runs on the HTML itself.
 *
 * Why an exact replay of the tokenizer rather than counting `<`: a count is only safe if no
 * input makes it smaller than the tree the parser builds. A naive count of opening minus
 * closing tags is fooled by markup the parser reads differently, e.g. `<div a="></div>">`
 * (one open div to the parser, an open and a close to the count), so a hostile page could nest
 * 100,000 divs under a count of zero. This file replays what linkedom's parser (htmlparser2
 * 10.1, bundled in linkedom/worker) does with the structure: its tokenizer states for tags,
 * attributes (quoted values end only at their quote), comments (`<!-->` is a whole one),
 * declarations, CDATA and raw-text elements (script, style, title, textarea, xmp, whose end
 * tag it matches case-insensitively with `c | 0x20`, so \x1c\x0f stand for `</`), and its
 * element stack (implied closes, void elements, self-closing only in SVG/MathML context, a
 * close tag pops to its nearest open match or is ignored, `</p>` and `</br>` make elements).
 * Elements and depth come out exact; nodes are an upper bound (text counts one node per run
 * and two more per `&`, whether or not it starts an entity). Text and attribute values are
 * skipped, never decoded. test/unit/page-bounds.test.ts checks all three against linkedom's
 * own tree on the 30 fixture pages and on random tag soup made of the tricky pieces.
 *
 * Cost: one pass with `indexOf` over text, comments and quoted values; a close tag finds its
 * element in time proportional to what it pops (a count per open name says first whether it is
 * open at all), and the pass stops as soon as a limit is crossed. Measured with Node 22 on the
 * 2-core machine while shared (load 9–12): the 30 fixture pages as the content script sends
 * them, p50 0.34 ms, max 0.85 ms, 1.6% of linkedom's parse of the same page (p50 21 ms); 4 MiB
 * made to be slow, 31–100 ms (a million stray close tags 79 ms, where linkedom takes 479 ms;
 * a million attributes 100 ms; 600,000 comments 65 ms, where linkedom takes 3.4 s).
 */

export interface HtmlTreeSize {
  /** Elements the parser makes. */
  elements: number;
  /** Ancestors of the deepest element (`<html>` is 0, as in extract.ts's MAX_DEPTH). */
  depth: number;
  /**
   * At least as many nodes as the parser makes, of every kind: elements, comments and text,
   * where each entity in text splits it (linkedom makes `a&amp;b` three text nodes).
   */
  nodes: number;
}

export interface TreeLimits {
  elements: number;
  depth: number;
  nodes: number;
}

const TAB = 9;
const LF = 10;
const FF = 12;
const CR = 13;
const SPACE = 32;
const QUOTE = 34;
const APOS = 39;
const SLASH = 47;
const LT = 60;
const EQ = 61;
const GT = 62;
const QUESTION = 63;
const BANG = 33;
const DASH = 45;
const LBRACKET = 91;

// The tokenizer's states inside an opening tag.
const BEFORE_NAME = 0;
const IN_NAME = 1;
const AFTER_NAME = 2;
const BEFORE_VALUE = 3;
const SELF_CLOSING = 4;

function isWhitespace(c: number): boolean {
  return c === SPACE || c === LF || c === TAB || c === FF || c === CR;
}

function isAsciiAlpha(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

function endsTagSection(c: number): boolean {
  return c === SLASH || c === GT || isWhitespace(c);
}

const VOID = new Set(['area', 'base', 'basefont', 'br', 'col', 'command', 'embed', 'frame', 'hr', 'img', 'input', 'isindex', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
const FOREIGN = new Set(['math', 'svg']);
const HTML_INTEGRATION = new Set(['mi', 'mo', 'mn', 'ms', 'mtext', 'annotation-xml', 'foreignobject', 'desc', 'title']);

const FORM = new Set(['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea']);
const P = new Set(['p']);
const TABLE_SECTION = new Set(['thead', 'tbody']);
const DD_DT = new Set(['dd', 'dt']);
const RT_RP = new Set(['rt', 'rp']);
/** An opening tag of the key closes open elements named in its set, from the top down. */
const IMPLIES_CLOSE = new Map<string, Set<string>>([
  ['tr', new Set(['tr', 'th', 'td'])],
  ['th', new Set(['th'])],
  ['td', new Set(['thead', 'th', 'td'])],
  ['body', new Set(['head', 'link', 'script'])],
  ['li', new Set(['li'])],
  ['option', new Set(['option'])],
  ['optgroup', new Set(['optgroup', 'option'])],
  ['dd', DD_DT],
  ['dt', DD_DT],
  ['rt', RT_RP],
  ['rp', RT_RP],
  ['tbody', TABLE_SECTION],
  ['tfoot', TABLE_SECTION],
  ...['select', 'input', 'output', 'button', 'datalist', 'textarea'].map((t): [string, Set<string>] => [t, FORM]),
  ...['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'header', 'hr', 'main', 'nav', 'ol', 'pre', 'section', 'table', 'ul'].map(
    (t): [string, Set<string>] => [t, P],
  ),
]);

/** `</script` and friends as char codes, lower case: what ends a raw-text element. */
const RAW_TEXT_END = new Map(['script', 'style', 'title', 'textarea', 'xmp'].map((n) => [n, Array.from(`</${n}`, (ch) => ch.charCodeAt(0))]));

/**
 * The end sequence that makes an opening tag raw text, or undefined. The tokenizer decides on
 * the first two letters (`s`+`c` script, `s`+`t` style; `t` or `x`, then `i` title, `e`
 * textarea, `m` xmp) and then wants the rest of that name, so `<tmp>` and `<xitle>` are raw
 * text too; a letter matches in either case.
 */
function rawTextEnd(html: string, start: number, end: number): number[] | undefined {
  if (end - start < 2) return undefined;
  const a = html.charCodeAt(start) | 0x20;
  const b = html.charCodeAt(start + 1) | 0x20;
  let name: string | undefined;
  if (a === 115 /* s */) name = b === 99 ? 'script' : b === 116 ? 'style' : undefined;
  else if (a === 116 /* t */ || a === 120 /* x */) name = b === 105 ? 'title' : b === 101 ? 'textarea' : b === 109 ? 'xmp' : undefined;
  if (!name || end - start !== name.length) return undefined;
  for (let k = 2; k < name.length; k++) if ((html.charCodeAt(start + k) | 0x20) !== name.charCodeAt(k)) return undefined;
  return RAW_TEXT_END.get(name);
}

/**
 * Where the raw text from `from` ends: the index of the character after `</name` (whitespace
 * or `>`), or -1 when the input ends first. The same automaton as the tokenizer, including
 * where it jumps ahead to the next `<` and where it does not (inside <title>).
 */
function rawTextClose(html: string, from: number, seq: number[], title: boolean): number {
  let matched = 0;
  for (let i = from; i < html.length; i++) {
    const c = html.charCodeAt(i);
    if (matched === seq.length) {
      if (c === GT || isWhitespace(c)) return i;
      matched = 0;
    }
    if ((c | 0x20) === seq[matched]) matched++;
    else if (matched === 0) {
      if (title) continue;
      const next = html.indexOf('<', i + 1);
      if (next < 0) return -1;
      i = next;
      matched = 1;
    } else matched = c === LT ? 1 : 0;
  }
  return -1;
}

/**
 * The tree `html` makes under linkedom, measured without building it. Stops as soon as either
 * figure exceeds `limits` (the figures returned are then just past the limit), so a page far
 * beyond them costs no more than one within them.
 */
export function measureHtmlTree(html: string, limits: TreeLimits = { elements: Infinity, depth: Infinity, nodes: Infinity }): HtmlTreeSize {
  const n = html.length;
  /** Open element names, innermost last. */
  const stack: string[] = [];
  const openCount = new Map<string, number>();
  /** Whether `/>` closes an element here (SVG or MathML), innermost last. */
  const foreign: boolean[] = [false];
  let elements = 0;
  let depth = 0;
  let nodes = 0;
  let over = false;

  const created = (ancestors: number) => {
    elements++;
    nodes++;
    if (ancestors > depth) depth = ancestors;
    if (elements > limits.elements || depth > limits.depth || nodes > limits.nodes) over = true;
  };
  /** A node that is not an element: a comment, a declaration, a stray `<` that starts text. */
  const other = () => {
    if (++nodes > limits.nodes) over = true;
  };
  // The next `&` at or after the text being counted; texts come in order, so this is one pass.
  let nextAmp = html.indexOf('&');
  /** Text from `from` to `to`: one node, and two more for each `&` (an entity and the text after it). */
  const text = (from: number, to: number, entities = true) => {
    let amps = 0;
    if (entities && nextAmp >= 0) {
      if (nextAmp < from) nextAmp = html.indexOf('&', from);
      while (nextAmp >= 0 && nextAmp < to) {
        amps++;
        nextAmp = html.indexOf('&', nextAmp + 1);
      }
    }
    nodes += 1 + 2 * amps;
    if (nodes > limits.nodes) over = true;
  };
  const push = (name: string) => {
    stack.push(name);
    openCount.set(name, (openCount.get(name) ?? 0) + 1);
  };
  const pop = () => {
    const name = stack.pop()!;
    openCount.set(name, openCount.get(name)! - 1);
  };
  const open = (name: string) => {
    const closes = IMPLIES_CLOSE.get(name);
    if (closes) while (stack.length > 0 && closes.has(stack[stack.length - 1]!)) pop();
    if (VOID.has(name)) return;
    push(name);
    if (FOREIGN.has(name)) foreign.push(true);
    else if (HTML_INTEGRATION.has(name)) foreign.push(false);
  };
  /** An opening tag ended: the element exists now (a void one is closed at once). */
  const endOpen = (name: string) => created(VOID.has(name) ? stack.length : stack.length - 1);
  const close = (name: string) => {
    if (FOREIGN.has(name) || HTML_INTEGRATION.has(name)) foreign.pop();
    if (VOID.has(name)) {
      if (name === 'br') created(stack.length); // `</br>` is a <br>
      return;
    }
    if ((openCount.get(name) ?? 0) > 0) {
      while (stack[stack.length - 1] !== name) pop();
      pop();
    } else if (name === 'p') {
      open('p'); // `</p>` without a <p> is an empty <p>
      created(stack.length - 1);
      pop();
    }
  };

  let i = 0;
  /** Where the input not yet accounted for starts (text, or a construct the input cut short). */
  let rest = 0;
  scan: while (!over) {
    const lt = html.indexOf('<', i);
    const textEnd = lt < 0 ? n : lt;
    if (textEnd > i) text(i, textEnd);
    rest = textEnd;
    if (lt < 0 || lt + 1 >= n || over) break;
    let p = lt + 1;
    const c = html.charCodeAt(p);

    if (c === BANG || c === QUESTION) other(); // a comment, CDATA (a comment in HTML), a declaration
    if (c === BANG) {
      // <!-- comment -->, <![CDATA[ … ]]>, <!declaration>
      const q = p + 1;
      if (q >= n) break;
      const d = html.charCodeAt(q);
      let end: number;
      if (d === DASH) {
        if (q + 1 >= n) break;
        if (html.charCodeAt(q + 1) === DASH) {
          const close = html.indexOf('-->', q); // the opening `--` counts: `<!-->` is a comment
          if (close < 0) break;
          end = close + 2;
        } else end = html.indexOf('>', q + 2);
      } else if (d === LBRACKET) {
        const CDATA = 'CDATA[';
        let k = 0;
        while (k < CDATA.length && q + 1 + k < n && html.charCodeAt(q + 1 + k) === CDATA.charCodeAt(k)) k++;
        if (k === CDATA.length) {
          const close = html.indexOf(']]>', q + 1 + k);
          end = close < 0 ? -1 : close + 2;
        } else end = html.indexOf('>', q + 1 + k);
      } else end = html.indexOf('>', q + 1);
      if (end < 0) break;
      i = end + 1;
      continue;
    }

    if (c === QUESTION) {
      const end = html.indexOf('>', p + 1);
      if (end < 0) break;
      i = end + 1;
      continue;
    }

    if (c === SLASH) {
      p++;
      while (p < n && isWhitespace(html.charCodeAt(p))) p++;
      if (p >= n) break;
      const first = html.charCodeAt(p);
      if (first === GT) {
        other(); // `</>` is text
        i = p + 1;
        continue;
      }
      if (!isAsciiAlpha(first)) {
        // `</3>`, `</?x>`: a bogus comment up to the next `>`
        other();
        const end = html.indexOf('>', p + 1);
        if (end < 0) break;
        i = end + 1;
        continue;
      }
      let e = p + 1;
      while (e < n) {
        const ch = html.charCodeAt(e);
        if (ch === GT || isWhitespace(ch)) break;
        e++;
      }
      if (e >= n) break;
      close(html.slice(p, e).toLowerCase());
      const end = html.charCodeAt(e) === GT ? e : html.indexOf('>', e + 1);
      if (end < 0) break;
      i = end + 1;
      continue;
    }

    if (!isAsciiAlpha(c)) {
      other(); // text from this `<`, which the next text may not show when it is empty
      i = p; // a `<` here may start a tag itself
      continue;
    }

    // An opening tag: its name, then attributes up to `>` or `/>`.
    let e = p + 1;
    while (e < n && !endsTagSection(html.charCodeAt(e))) e++;
    if (e >= n) break;
    const name = html.slice(p, e).toLowerCase();
    const rawEnd = rawTextEnd(html, p, e);
    open(name);
    let k = e;
    let selfClosing = false;
    let state = BEFORE_NAME;
    for (;;) {
      if (k >= n) break scan;
      const ch = html.charCodeAt(k);
      if (state === BEFORE_NAME) {
        if (ch === GT) break;
        if (ch === SLASH) state = SELF_CLOSING;
        else if (!isWhitespace(ch)) state = IN_NAME;
        k++;
      } else if (state === IN_NAME) {
        if (ch === EQ || endsTagSection(ch)) state = AFTER_NAME;
        else k++;
      } else if (state === AFTER_NAME) {
        if (ch === EQ) {
          state = BEFORE_VALUE;
          k++;
        } else if (ch === SLASH || ch === GT) state = BEFORE_NAME;
        else {
          if (!isWhitespace(ch)) state = IN_NAME;
          k++;
        }
      } else if (state === BEFORE_VALUE) {
        if (ch === QUOTE || ch === APOS) {
          const closeQuote = html.indexOf(ch === QUOTE ? '"' : "'", k + 1);
          if (closeQuote < 0) break scan;
          k = closeQuote + 1;
          state = BEFORE_NAME;
        } else if (!isWhitespace(ch)) {
          // unquoted: up to whitespace or `>`
          while (k < n && !isWhitespace(html.charCodeAt(k)) && html.charCodeAt(k) !== GT) k++;
          state = BEFORE_NAME;
        } else k++;
      } else {
        // SELF_CLOSING: `/` seen; `>` ends the tag as self-closing, anything else is attributes
        if (ch === GT) {
          selfClosing = true;
          break;
        }
        if (isWhitespace(ch)) k++;
        else state = BEFORE_NAME;
      }
    }
    // k is at the tag's `>`.
    if (selfClosing && foreign[foreign.length - 1]) {
      endOpen(name);
      if (stack[stack.length - 1] === name) pop();
      i = k + 1;
      continue;
    }
    endOpen(name);
    i = k + 1;
    if (rawEnd && !selfClosing) {
      const title = rawEnd === RAW_TEXT_END.get('title');
      const at = rawTextClose(html, i, rawEnd, title);
      if (at < 0) break;
      text(i, at, title); // one text node, split at entities only in <title>
      close(html.slice(at - rawEnd.length + 2, at).toLowerCase());
      const end = html.charCodeAt(at) === GT ? at : html.indexOf('>', at + 1);
      if (end < 0) break;
      i = end + 1;
    }
  }
  if (!over && rest < n) text(rest, n);
  return { elements, depth, nodes };
}

export { type TreeTooBig, treeOverLimits } from '../core/limits';
