// Page text and corpus text are untrusted: Wirecheck renders them as text, never as HTML.
// This test fails if our own code gains any way of writing HTML into a document, so the
// innerHTML warnings web-ext lint reports can only come from the libraries we bundle
// (scripts/lint-firefox.mjs accepts those and nothing else).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../..', import.meta.url).pathname;

/**
 * Every way we know of to turn a string into markup, script or a script URL, one rule each
 * (the self-test below gives each rule a sample it must catch).
 */
const RULES: Record<string, RegExp> = {
  innerHTML: /\binnerHTML\b/,
  insertAdjacentHTML: /\binsertAdjacentHTML\b/,
  dangerouslySetInnerHTML: /\bdangerouslySetInnerHTML\b/,
  // document.write and document.writeln.
  documentWrite: /\bdocument\s*\.\s*write(?:ln)?\b/,
  createContextualFragment: /\bcreateContextualFragment\b/,
  // Element.setHTMLUnsafe, ShadowRoot.setHTMLUnsafe, Document.parseHTMLUnsafe.
  setHTMLUnsafe: /\bsetHTMLUnsafe\b/,
  parseHTMLUnsafe: /\bparseHTMLUnsafe\b/,
  // An iframe's srcdoc is a whole HTML document: as a JSX attribute (srcdoc / srcDoc), a
  // property or a setAttribute name.
  srcdoc: /\bsrcdoc\b/i,
  // Reading `outerHTML` (the content script serialises the page for the background to parse)
  // writes nothing; assigning it would replace the element with parsed HTML.
  outerHTMLAssignment: /\bouterHTML\s*\+?=(?!=)/,
  // A javascript: URL in a string or template literal (href="javascript:…", a.href =
  // 'javascript:…', setAttribute('href', `javascript:…`)), any case, spaces allowed where
  // URL parsing strips them. Corpus URLs are filtered by safeLink (src/ui/safe-link.ts) instead.
  javascriptUrl: /["'`]\s*javascript\s*:/i,
  // An event handler attribute written as a string: setAttribute('onclick', …),
  // setAttributeNS(null, 'onload', …).
  onAttribute: /\bsetAttribute(?:\s*\(|NS\s*\([^,]*,)\s*["'`]on[a-z]/i,
};

/** The names of the rules a line of source breaks. */
function broken(line: string): string[] {
  return Object.entries(RULES)
    .filter(([, rule]) => rule.test(line))
    .map(([name]) => name);
}

// Comment lines (`//`, `/*`, `/**`, ` *`) may name what they forbid; code after the comment closes may not.
const COMMENT = /^\s*(\/\/|\*(?!\/\s*\S)(?!.*\*\/\s*\S)|\/\*(?!.*\*\/\s*\S))/;

function sources(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return sources(path);
    return /\.(ts|tsx|mts|js|mjs|html)$/.test(name) ? [path] : [];
  });
}

describe('the no-HTML rule itself', () => {
  // One sample per rule, the way it would be written in our sources.
  const samples: [rule: string, line: string][] = [
    ['innerHTML', `el.innerHTML = text;`],
    ['insertAdjacentHTML', `el.insertAdjacentHTML('beforeend', text);`],
    ['dangerouslySetInnerHTML', `<div dangerouslySetInnerHTML={{ __html: text }} />`],
    ['documentWrite', `document.write(text);`],
    ['documentWrite', `document.writeln(text);`],
    ['documentWrite', `doc.defaultView.document.writeln('<p>' + text);`],
    ['createContextualFragment', `range.createContextualFragment(text);`],
    ['setHTMLUnsafe', `el.setHTMLUnsafe(text);`],
    ['setHTMLUnsafe', `shadow.setHTMLUnsafe(text);`],
    ['parseHTMLUnsafe', `const doc = Document.parseHTMLUnsafe(text);`],
    ['srcdoc', `<iframe srcdoc={text} />`],
    ['srcdoc', `<iframe srcDoc={text} />`],
    ['srcdoc', `frame.srcdoc = text;`],
    ['srcdoc', `frame.setAttribute('srcdoc', text);`],
    ['outerHTMLAssignment', `el.outerHTML = text;`],
    ['outerHTMLAssignment', `el.outerHTML += text;`],
    ['javascriptUrl', `<a href="javascript:alert(1)">x</a>`],
    ['javascriptUrl', `<a href={'javascript:void 0'}>x</a>`],
    ['javascriptUrl', `a.href = 'JavaScript:' + code;`],
    ['javascriptUrl', 'a.setAttribute(\'href\', ` javascript :${code}`);'],
    ['onAttribute', `el.setAttribute('onclick', code);`],
    ['onAttribute', `el.setAttribute("onError", code);`],
    ['onAttribute', `el.setAttribute( \`onload\`, code);`],
    ['onAttribute', `el.setAttributeNS(null, 'onmouseover', code);`],
  ];

  it('has a sample for every rule', () => {
    expect(new Set(samples.map(([rule]) => rule))).toEqual(new Set(Object.keys(RULES)));
  });

  it.each(samples)('%s catches %s', (rule, line) => {
    expect(broken(line)).toContain(rule);
  });

  it.each([
    `const html = document.documentElement.outerHTML;`,
    `if (el.outerHTML === other) return;`,
    `el.textContent = text;`,
    `document.title = text;`,
    `aside.setAttribute('aria-labelledby', 'wirecheck-notice-title');`,
    `mark.setAttribute('title', text);`,
    `el.setAttribute('open', '');`,
    `return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : undefined;`,
    `<a href={link} target="_blank" rel="noreferrer">{title}</a>`,
  ])('lets %s through', (line) => {
    expect(broken(line)).toEqual([]);
  });

  it('lets comments name what they forbid', () => {
    expect(COMMENT.test(`/** a corpus file could hold a javascript: URL. */`)).toBe(true);
    expect(COMMENT.test(` * never innerHTML`)).toBe(true);
    expect(COMMENT.test(`  // no document.writeln`)).toBe(true);
    expect(COMMENT.test(`el.innerHTML = x; // not a comment line`)).toBe(false);
    expect(COMMENT.test(`/* a */ el.innerHTML = x;`)).toBe(false);
    expect(COMMENT.test(` */ el.innerHTML = x;`)).toBe(false);
  });
});

describe('no HTML rendering in our own code', () => {
  const files = [...sources('src'), ...sources('entrypoints')];
  it('scans the extension and CLI sources', () => {
    expect(files.length).toBeGreaterThan(20);
    expect(files).toContain('src/ui/safe-link.ts');
    expect(files.some((f) => f.startsWith('entrypoints/'))).toBe(true);
  });
  it.each(files)('%s writes no HTML', (file) => {
    const offending = readFileSync(join(root, file), 'utf8')
      .split('\n')
      .map((line, i) => ({ line: i + 1, text: line, rules: broken(line) }))
      .filter(({ text, rules }) => rules.length > 0 && !COMMENT.test(text));
    expect(offending, `render page and corpus text with textContent / JSX text, never as HTML`).toEqual([]);
  });
});
