/**
 * Hostile pages for the fuzz suite: what a content script could send as `content:page` (the
 * HTML) and as the message around it.
 *
 * Pages are bounded (about 4,000 elements at most, a few MB with a huge attribute, and nesting
 * past extract.ts's MAX_DEPTH only on narrow trees) so that a case costs milliseconds to a
 * second. Trees at extract.ts's MAX_ELEMENTS, where Readability takes seconds, come only in a
 * deep run (`--mode fuzz`), with a bound of their own. Kinds: random trees of real and
 * invented tags, article-shaped pages with hostile parts (huge attributes, scripts, malformed
 * entities, bidirectional and mixed-script text, broken metadata), small real pages from
 * test/fixtures/pages cut and spliced, raw noise, deep and wide trees.
 */

import { readFileSync } from 'node:fs';
import type { Rng } from './fuzz';
import { BIDI, SCRIPTS, hostileChar, hostileDate, hostileString, hostileUrl, insertAt, jsonValue } from './mutate';

const FIXTURES = ['herald-sun-1', 'heise', 'la-nacion', 'lemonde-1', 'tmz-1'];
const fixtureCache = new Map<string, string>();
function fixture(name: string): string {
  let html = fixtureCache.get(name);
  if (html === undefined) {
    html = readFileSync(new URL(`../../fixtures/pages/${name}/source.html`, import.meta.url), 'utf8');
    fixtureCache.set(name, html);
  }
  return html;
}

const TAGS = ['div', 'p', 'span', 'article', 'section', 'main', 'header', 'footer', 'nav', 'aside', 'a', 'b', 'i', 'em', 'strong', 'h1', 'h2', 'h3', 'ul', 'ol', 'li', 'table', 'tr', 'td', 'th', 'tbody', 'blockquote', 'pre', 'code', 'figure', 'figcaption', 'img', 'br', 'hr', 'script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'form', 'input', 'textarea', 'select', 'option', 'button', 'video', 'object', 'embed', 'time', 'meta', 'link', 'title', 'font', 'center', 'marquee', 'x-widget', 'my-el', 'frameset', 'plaintext', 'xmp', 'image', 'isindex', 'dialog', 'details', 'summary'];
const VOID = new Set(['img', 'br', 'hr', 'input', 'meta', 'link', 'embed']);
const ATTRS = ['class', 'id', 'href', 'src', 'style', 'lang', 'dir', 'role', 'itemprop', 'content', 'datetime', 'rel', 'onload', 'onerror', 'data-x', 'hidden', 'aria-hidden', 'xmlns', 'srcset', 'name', 'property'];
const CLASSES = ['article', 'article-body', 'content', 'story', 'post', 'entry-content', 'comment', 'sidebar', 'footer', 'ad', 'promo', 'share', 'byline', 'author', 'hidden', 'caption'];
const ENTITIES = ['&amp;', '&lt;', '&gt;', '&quot;', '&nbsp;', '&amp', '&lt', '&#0;', '&#x0;', '&#xD800;', '&#55296;', '&#x110000;', '&#xFFFFFFFF;', '&#99999999999;', '&#;', '&#x;', '&unknown;', '&;', '&#x202E;', '&#8238;', '&NotANamedEntity', '&copy', '&CounterClockwiseContourIntegral;'];

/** A paragraph that reads like news to Readability: long, with commas and full stops. */
function newsParagraph(rng: Rng): string {
  const sentences: string[] = [];
  for (let n = rng.range(2, 6); n > 0; n--) {
    const script = rng.chance(0.7) ? SCRIPTS[0]! : rng.pick(SCRIPTS);
    sentences.push(`${script}, officials said in a statement, ${rng.pick(['and the vote was close', 'after weeks of talks', 'citing people familiar with the matter', 'as markets fell'])}.`);
  }
  let p = sentences.join(' ');
  for (let n = rng.weighted([[6, 0], [3, 1], [1, 4]] as const); n > 0; n--) p = insertAt(rng, p, rng.chance(0.5) ? rng.pick(ENTITIES) : hostileChar(rng));
  return p;
}

function attribute(rng: Rng): string {
  const name = rng.chance(0.9) ? rng.pick(ATTRS) : hostileString(rng, 6).replace(/[\s"'>/=]/g, '') || 'x';
  const value = rng.weighted<() => string>([
    [4, () => rng.pick(CLASSES)],
    [2, () => hostileUrl(rng)],
    [1, () => hostileString(rng, 40)],
    [1, () => 'x'.repeat(rng.size(1_000_000))],
    [1, () => rng.pick(ENTITIES)],
    [1, () => rng.pick(['rtl', 'ltr', 'auto', 'en', 'en_US', 'zz-ZZZZ-x', '!!', 'ar'])],
  ])();
  const quote = rng.pick(['"', "'", '']);
  return ` ${name}=${quote}${quote ? value.replaceAll(quote, '') : value.replace(/[\s>]/g, '')}${quote}`;
}

/** A random tree of at most `budget.elements` elements, `maxDepth` deep. */
function tree(rng: Rng, depth: number, maxDepth: number, budget: { elements: number }): string {
  const parts: string[] = [];
  for (let n = rng.range(1, depth === 0 ? 12 : 5); n > 0 && budget.elements > 0; n--) {
    const what = rng.weighted([[5, 'element'], [3, 'text'], [1, 'comment'], [1, 'broken']] as const);
    if (what === 'text') {
      parts.push(rng.chance(0.5) ? newsParagraph(rng) : hostileString(rng, 200));
      continue;
    }
    if (what === 'comment') {
      parts.push(rng.pick([`<!-- ${hostileString(rng, 30)} -->`, '<!--', '<!---->', '<!-- -- -->', '<![CDATA[ x ]]>', '<?xml version="1.0"?>', '<!DOCTYPE html>', '<!doctype x SYSTEM "y">']));
      continue;
    }
    if (what === 'broken') {
      parts.push(rng.pick(['<', '</', '<div', '<p class="', '</div>', '</p></p>', '<a href=', '<<>>', '</>', '<p/>', '<script>', '</script>', '<style>', '<textarea>', '<title>', '<svg><foreignObject><p>']));
      continue;
    }
    budget.elements--;
    const tag = rng.pick(TAGS);
    const attrs = Array.from({ length: rng.weighted([[4, 0], [3, 1], [1, 3]] as const) }, () => attribute(rng)).join('');
    if (VOID.has(tag)) {
      parts.push(`<${tag}${attrs}>`);
      continue;
    }
    const inner =
      tag === 'script' || tag === 'style'
        ? rng.pick(['alert(1)', '</scr' + 'ipt>', `{"@context":"https://schema.org","datePublished":"${hostileDate(rng)}"}`, hostileString(rng, 60), '<!--<script>'])
        : depth < maxDepth && rng.chance(0.75)
          ? tree(rng, depth + 1, maxDepth, budget)
          : rng.chance(0.5)
            ? newsParagraph(rng)
            : hostileString(rng, 50);
    parts.push(`<${tag}${attrs}>${inner}${rng.chance(0.9) ? `</${tag}>` : ''}`);
  }
  return parts.join(rng.chance(0.5) ? '\n' : '');
}

function head(rng: Rng): string {
  const parts = [`<title>${rng.chance(0.5) ? 'Council approves budget' : hostileString(rng, 80)}</title>`];
  if (rng.chance(0.5)) parts.push(`<link rel="${rng.pick(['canonical', 'CANONICAL', 'alternate canonical', 'canonical\u00a0'])}" href="${hostileUrl(rng).replaceAll('"', '')}">`);
  if (rng.chance(0.5)) parts.push(`<meta property="article:published_time" content="${hostileDate(rng).replaceAll('"', '')}">`);
  if (rng.chance(0.4)) {
    const ld = rng.pick([
      () => JSON.stringify({ '@context': 'https://schema.org', '@type': 'NewsArticle', datePublished: hostileDate(rng), headline: hostileString(rng, 40) }),
      () => JSON.stringify({ '@graph': Array.from({ length: rng.size(50) }, () => jsonValue(rng, 3)) }),
      () => `${'['.repeat(rng.size(5_000))}"2024-01-01"${']'.repeat(rng.size(5_000))}`,
      () => '{"datePublished": "2024-05-01T10:00:00Z"',
      () => JSON.stringify({ datePublished: hostileDate(rng) }).repeat(rng.size(100)),
    ])();
    parts.push(`<script type="application/ld+json">${ld}</script>`);
  }
  return parts.join('\n');
}

function articlePage(rng: Rng): string {
  const paragraphs = Array.from({ length: rng.range(1, 30) }, () => `<p${rng.chance(0.2) ? attribute(rng) : ''}>${newsParagraph(rng)}</p>`);
  if (rng.chance(0.3)) paragraphs.splice(rng.int(paragraphs.length + 1), 0, tree(rng, 0, 8, { elements: rng.size(300) }));
  const dir = rng.chance(0.2) ? ` dir="${rng.pick(['rtl', 'ltr', 'auto'])}"` : '';
  const lang = rng.chance(0.5) ? ` lang="${rng.pick(['en', 'en_US', 'ar', 'he', 'zh-Hans', 'x', '', 'en-US-u-ca-gregory', '💥', 'i-klingon'])}"` : '';
  return `<!DOCTYPE html><html${lang}${dir}><head>${head(rng)}</head><body><header><nav>${tree(rng, 0, 3, { elements: 30 })}</nav></header><article class="${rng.pick(CLASSES)}"><h1>${hostileString(rng, 80)}</h1><p class="byline">By ${hostileString(rng, 30)}</p>${paragraphs.join('\n')}</article><footer>${rng.pick(BIDI)}${hostileString(rng, 60)}</footer></body></html>`;
}

function fixtureMutated(rng: Rng): string {
  let html = fixture(rng.pick(FIXTURES));
  for (let n = rng.range(1, 6); n > 0; n--) {
    const at = rng.int(html.length);
    html = rng.weighted<() => string>([
      [2, () => html.slice(0, at)],
      [2, () => html.slice(0, at) + html.slice(at + rng.size(5_000))],
      [3, () => insertAt(rng, html, rng.pick(['<div>', '</div>', '<table>', '<p>', '</article>', '<!--', '<script>', '<template>', '<svg>', '<plaintext>', ...ENTITIES]))],
      [2, () => insertAt(rng, html, tree(rng, 0, 6, { elements: rng.size(200) }))],
      [1, () => html.replace(/<\/p>/g, () => (rng.chance(0.3) ? rng.pick(BIDI) : '</p>'))],
      [1, () => html.replace(/&[a-z]+;/g, () => rng.pick(ENTITIES))],
    ])();
  }
  return html;
}

function deepPage(rng: Rng): string {
  const depth = rng.pick([rng.range(200, 260), rng.range(240, 1_500)]);
  const tag = rng.pick(['div', 'span', 'b', 'table', 'section', 'ul', 'a', 'p', 'blockquote']);
  const open = tag === 'table' ? '<table><tr><td>' : tag === 'ul' ? '<ul><li>' : `<${tag}>`;
  const close = tag === 'table' ? '</td></tr></table>' : tag === 'ul' ? '</li></ul>' : `</${tag}>`;
  const inner = Array.from({ length: rng.range(1, 8) }, () => `<p>${newsParagraph(rng)}</p>`).join('');
  return `<html><body><article>${open.repeat(depth)}${inner}${rng.chance(0.8) ? close.repeat(depth) : ''}</article></body></html>`;
}

/** Trees near MAX_ELEMENTS cost seconds each (extract.ts's note): only in a deep run. */
function widePage(rng: Rng, nearLimit: boolean): string {
  const count = nearLimit ? rng.range(29_990, 30_010) : rng.range(1_000, 4_000);
  const item = rng.pick(['<a href="/x">link</a>', '<p>Short.</p>', '<span></span>', '<br>', '<div><p>x</p></div>']);
  return `<html><body><article>${`<p>${newsParagraph(rng)}</p>`.repeat(rng.range(1, 5))}${item.repeat(count)}</article></body></html>`;
}

function noise(rng: Rng): string {
  return rng.weighted<() => string>([
    [2, () => hostileString(rng, 20_000)],
    [1, () => '<'.repeat(rng.size(100_000))],
    [1, () => `<!--${'x'.repeat(rng.size(100_000))}`],
    [1, () => `<script>${'a'.repeat(rng.size(100_000))}`],
    [1, () => ''],
    [1, () => String.fromCharCode(...Array.from({ length: rng.size(5_000) }, () => rng.int(0x10000)))],
    [1, () => `<html><body>${rng.pick(ENTITIES).repeat(rng.size(20_000))}</body></html>`],
  ])();
}

export interface PageCase {
  html: string;
  url: string;
  metadata: boolean;
  kind: string;
  /** Longest the read may take: 5 s, and 20 s near MAX_ELEMENTS (measured 4.3–5.2 s alone, 11.5 s on a busy machine). */
  boundMs: number;
}

/** One hostile page; `deep` lets trees reach MAX_ELEMENTS. */
export function generatePage(rng: Rng, deep = false): PageCase {
  const kind = rng.weighted([[4, 'tree'], [5, 'article'], [2, 'fixture'], [2, 'noise'], [1, 'deep'], [1, 'wide'], [deep ? 0.15 : 0, 'wide-limit']] as const);
  const html = {
    tree: () => `<html><body>${tree(rng, 0, rng.range(2, 40), { elements: rng.size(4_000) })}</body></html>`,
    article: () => articlePage(rng),
    fixture: () => fixtureMutated(rng),
    noise: () => noise(rng),
    deep: () => deepPage(rng),
    wide: () => widePage(rng, false),
    'wide-limit': () => widePage(rng, true),
  }[kind]();
  const url = rng.chance(0.85) ? rng.pick(['https://www.example.com/news/2024/story.html?utm=1#top', 'http://example.org/a', 'https://apnews.com/article/x']) : hostileUrl(rng);
  return { html, url, metadata: rng.chance(0.5), kind, boundMs: kind === 'wide-limit' ? 20_000 : 5_000 };
}
