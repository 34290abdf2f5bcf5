/**
 * The pages of the apnews.com stand-in (test/support/ap-standin.ts); the prose comes from
 * ap-standin-prose.ts.
 *
 * The HTML follows apnews.com's story pages: a header with navigation, an `<h1>`, the byline
 * ("By NAME"), a body of `<p>`s whose first opens with the dateline ("WASHINGTON (AP) — "),
 * related links, a footer, `<link rel=canonical>`, `og:url`, `article:published_time` and a
 * JSON-LD NewsArticle. The other page kinds AP's sitemaps list are shaped like theirs: a hub
 * (lists of links), a live blog shell (LiveBlogPosting, little prose), a photo gallery
 * (ImageGallery, captioned images), a scores table and a video page (VideoObject).
 */

import { caption, int, MONTHS, seededRandom, townName, type StoryContent } from './ap-standin-prose';

/** 32 lowercase hex digits from a string (FNV-1a, four lanes), AP's story id shape. */
export function hex32(key: string): string {
  let out = '';
  for (let lane = 0; lane < 4; lane++) {
    let h = (0x811c9dc5 ^ (lane * 0x9e3779b9)) >>> 0;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
    h = Math.imul(h ^ (h >>> 13), 0x5bd1e995) >>> 0;
    out += ((h ^ (h >>> 15)) >>> 0).toString(16).padStart(8, '0');
  }
  return out;
}

export function slugify(headline: string): string {
  return headline
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .split('-')
    .slice(0, 9)
    .join('-');
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/* ------------------------------------------------------------------ HTML */

export interface StoryPageInput extends StoryContent {
  /** Absolute canonical URL. */
  canonical: string;
  published: string;
  modified: string;
  related: { title: string; href: string }[];
}

const SITE = 'AP News';

function jsonLd(data: unknown): string {
  return `<script type="application/ld+json">${JSON.stringify(data).replace(/</g, '\\u003c')}</script>`;
}

function shell(o: { title: string; canonical: string; ogType: string; head?: string; body: string; description?: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(o.title)} | ${SITE}</title>
  <link rel="canonical" href="${escapeHtml(o.canonical)}">
  <meta property="og:url" content="${escapeHtml(o.canonical)}">
  <meta property="og:type" content="${escapeHtml(o.ogType)}">
  <meta property="og:title" content="${escapeHtml(o.title)}">
  <meta property="og:site_name" content="${SITE}">
  ${o.description ? `<meta name="description" content="${escapeHtml(o.description)}">` : ''}
  ${o.head ?? ''}
</head>
<body class="Page">
  <header class="Page-header">
    <a class="Page-header-logo" href="/">${SITE}</a>
    <nav class="Page-header-navigation" aria-label="Sections">
      <a href="/hub/us-news">U.S. News</a> <a href="/hub/world-news">World</a> <a href="/hub/politics">Politics</a>
      <a href="/hub/business">Business</a> <a href="/hub/sports">Sports</a> <a href="/hub/science">Science</a>
    </nav>
  </header>
  <main class="Page-main">
${o.body}
  </main>
  <footer class="Page-footer">
    <nav><a href="/about">About</a> · <a href="/contact">Contact us</a> · <a href="/privacy">Privacy policy</a> · <a href="/terms">Terms of use</a></nav>
    <p>Copyright 2025 The Associated Press. All Rights Reserved.</p>
  </footer>
</body>
</html>
`;
}

function longDate(iso: string): string {
  const d = new Date(iso);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`;
}

export function storyPage(s: StoryPageInput): string {
  const ld = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: s.headline,
    url: s.canonical,
    mainEntityOfPage: s.canonical,
    datePublished: s.published,
    dateModified: s.modified,
    author: [{ '@type': 'Person', name: s.byline }],
    publisher: { '@type': 'Organization', name: 'The Associated Press' },
  };
  return shell({
    title: s.headline,
    canonical: s.canonical,
    ogType: 'article',
    description: s.paragraphs[0]!.slice(0, 160),
    head: `<meta property="article:published_time" content="${s.published}">
  <meta property="article:modified_time" content="${s.modified}">
  ${jsonLd(ld)}`,
    body: `    <div class="Page-content">
      <div class="Page-headline"><h1 class="Page-headline-text">${escapeHtml(s.headline)}</h1></div>
      <div class="Page-byline">
        <div class="Page-authors">By <a class="Link" href="/author/${slugify(s.byline)}">${escapeHtml(s.byline.toUpperCase())}</a></div>
        <div class="Page-dateModified">Updated <bsp-timestamp data-timestamp="${Date.parse(s.modified)}"><span>${longDate(s.modified)}</span></bsp-timestamp></div>
      </div>
      <div class="RichTextStoryBody RichTextBody">
        ${s.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n        ')}
      </div>
    </div>
    <aside class="Page-relatedContent">
      <h2>Related Stories</h2>
      <ul>
        ${s.related.map((r) => `<li><a href="${escapeHtml(r.href)}">${escapeHtml(r.title)}</a></li>`).join('\n        ')}
      </ul>
    </aside>`,
  });
}

export function hubPage(name: string, canonical: string, links: { title: string; href: string }[]): string {
  const title = name.replace(/-/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase());
  const lists = [links.slice(0, 6), links.slice(6, 12), links.slice(12)].filter((l) => l.length);
  return shell({
    title,
    canonical,
    ogType: 'website',
    head: jsonLd({ '@context': 'https://schema.org', '@type': 'CollectionPage', name: title, url: canonical }),
    body: `    <div class="PageList">
      <h1 class="PageList-header-title">${escapeHtml(title)}</h1>
      ${lists
        .map(
          (list, i) => `<section class="PageList-items"><h2>${['Top stories', 'More news', 'Latest'][i]}</h2><ul>
        ${list.map((l) => `<li class="PagePromo"><h3 class="PagePromo-title"><a href="${escapeHtml(l.href)}">${escapeHtml(l.title)}</a></h3></li>`).join('\n        ')}
      </ul></section>`,
        )
        .join('\n      ')}
    </div>`,
  });
}

export function livePage(name: string, canonical: string, published: string): string {
  const title = `Live updates: ${name.replace(/-/g, ' ')}`;
  return shell({
    title,
    canonical,
    ogType: 'article',
    head: jsonLd({
      '@context': 'https://schema.org',
      '@type': 'LiveBlogPosting',
      headline: title,
      url: canonical,
      datePublished: published,
      coverageStartTime: published,
      liveBlogUpdate: [],
    }),
    body: `    <div class="LiveBlogPage">
      <h1 class="Page-headline-text">${escapeHtml(title)}</h1>
      <p class="LiveBlogPage-summary">Follow along for the latest.</p>
      <div class="LiveBlogPage-posts" data-live-blog-feed="/live-feed/${escapeHtml(name)}"><p>Loading updates…</p></div>
    </div>`,
  });
}

export function galleryPage(name: string, canonical: string, published: string, seed: number): string {
  const rnd = seededRandom(seed);
  const title = `Photos: ${name.replace(/-/g, ' ')}`;
  const images = Array.from({ length: 8 }, (_, i) => ({
    src: `/images/${hex32(`${name}-${i}`)}.jpg`,
    caption: caption(rnd),
  }));
  return shell({
    title,
    canonical,
    ogType: 'article',
    head: jsonLd({
      '@context': 'https://schema.org',
      '@type': 'ImageGallery',
      headline: title,
      url: canonical,
      datePublished: published,
      image: images.map((im) => ({ '@type': 'ImageObject', contentUrl: im.src, caption: im.caption })),
    }),
    body: `    <div class="Gallery">
      <h1 class="Page-headline-text">${escapeHtml(title)}</h1>
      ${images.map((im) => `<figure class="Gallery-slide"><img src="${im.src}" alt="" width="1200" height="800"><figcaption>${escapeHtml(im.caption)}</figcaption></figure>`).join('\n      ')}
    </div>`,
  });
}

export function scoresPage(name: string, canonical: string, seed: number): string {
  const rnd = seededRandom(seed);
  const title = `${name.replace(/-/g, ' ').toUpperCase()} scores`;
  const rows = Array.from({ length: 14 }, () => {
    const a = townName(rnd);
    const b = townName(rnd);
    return `<tr><td>${a}</td><td>${int(rnd, 0, 9)}</td><td>${b}</td><td>${int(rnd, 0, 9)}</td><td>Final</td></tr>`;
  });
  return shell({
    title,
    canonical,
    ogType: 'website',
    body: `    <div class="Scoreboard">
      <h1>${escapeHtml(title)}</h1>
      <table class="Scoreboard-table"><thead><tr><th>Away</th><th></th><th>Home</th><th></th><th>Status</th></tr></thead>
        <tbody>${rows.join('\n        ')}</tbody>
      </table>
    </div>`,
  });
}

export function videoPage(name: string, canonical: string, published: string): string {
  const title = name.replace(/-/g, ' ');
  return shell({
    title,
    canonical,
    ogType: 'video.other',
    head: jsonLd({
      '@context': 'https://schema.org',
      '@type': 'VideoObject',
      name: title,
      url: canonical,
      uploadDate: published,
      thumbnailUrl: `/images/${hex32(name)}.jpg`,
      contentUrl: `/media/${hex32(name)}.mp4`,
      duration: 'PT1M42S',
    }),
    body: `    <div class="VideoPage">
      <h1>${escapeHtml(title)}</h1>
      <video controls poster="/images/${hex32(name)}.jpg" src="/media/${hex32(name)}.mp4"></video>
      <p>Video shows the scene.</p>
    </div>`,
  });
}
