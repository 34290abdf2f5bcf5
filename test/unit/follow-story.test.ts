// Story pages and the others AP's sitemaps list (src/core/follow/story-page.ts, read by
// src/extraction/story.ts): on the stand-in's pages shaped like apnews.com's, a story is a
// story with its canonical id, headline, date and text; a hub, a live blog, a gallery, a score
// table and a video are each named, from the URL alone and, under a story-like URL, from their
// contents alone; briefs, link lists and pages too big to read are not stories.
import { describe, expect, it } from 'vitest';
import { MIN_STORY_WORDS, storyKind, type StoryPageMeta } from '../../src/core/follow/story-page';
import { parseHtmlDocument } from '../../src/extraction/html';
import { storyMetadata } from '../../src/extraction/page-metadata';
import { readStoryHtml } from '../../src/extraction/story';
import { galleryPage, hubPage, livePage, scoresPage, storyPage, videoPage } from '../support/ap-standin-pages';
import { writeStory } from '../support/ap-standin-prose';

const AP = 'https://apnews.com';
const storyUrl = `${AP}/article/county-budget-vote-0123456789abcdef0123456789abcdef`;
/** A story's URL for pages that are not stories: only their contents can tell. */
const neutral = `${AP}/article/neutral-page-fedcba9876543210fedcba9876543210`;
const PUBLISHED = '2025-03-09T14:05:00Z';
const content = writeStory(7);

function story(extra: { canonical?: string; paragraphs?: string[] } = {}): string {
  return storyPage({
    ...content,
    ...(extra.paragraphs ? { paragraphs: extra.paragraphs } : {}),
    canonical: extra.canonical ?? storyUrl,
    published: PUBLISHED,
    modified: '2025-03-09T16:00:00Z',
    related: [
      { title: 'Wildfire forces evacuations', href: `${AP}/article/wildfire-1111` },
      { title: 'Court revives lawsuit', href: `${AP}/article/court-2222` },
    ],
  });
}

const links = Array.from({ length: 15 }, (_, i) => ({ title: `Headline number ${i} about the news of the day`, href: `${AP}/article/story-${i}` }));
const OTHERS = {
  hub: [`${AP}/hub/wildfires`, (url: string) => hubPage('wildfires', url, links)],
  live: [`${AP}/live/election-results-updates`, (url: string) => livePage('election-results-updates', url, PUBLISHED)],
  gallery: [`${AP}/photo-gallery/storm-flooding-photos-abc`, (url: string) => galleryPage('storm-flooding-photos', url, PUBLISHED, 3)],
  scores: [`${AP}/sports/scores/nhl`, (url: string) => scoresPage('nhl', url, 3)],
  video: [`${AP}/video/city-council-budget-vote-abc`, (url: string) => videoPage('city-council-budget-vote', url, PUBLISHED)],
} as const;

describe('readStoryHtml', () => {
  it('reads an AP story: canonical id and URL, headline, publication date, paragraphs, language', () => {
    const read = readStoryHtml(story(), `${storyUrl}?utm_source=feed#top`);
    expect(read.kind).toBe('story');
    if (read.kind !== 'story') return;
    expect(read.article.id).toBe(storyUrl);
    expect(read.article.url).toBe(storyUrl);
    expect(read.article.title).toBe(content.headline);
    expect(read.article.published).toBe(PUBLISHED);
    const paragraphs = read.article.text.split('\n\n');
    expect(paragraphs).toEqual(content.paragraphs.map((p) => p.replace(/\s+/g, ' ').trim()));
    expect(paragraphs[0]).toMatch(/^[A-Z ,.a-z]+ \(AP\) — /);
    expect(read.article.text).not.toMatch(/Related Stories|Copyright|Privacy policy/);
    expect(read.lang).toBe('en');
  });

  it("takes no canonical URL on another site: the page's own URL, without query, names the story", () => {
    const read = readStoryHtml(story({ canonical: 'https://elsewhere.example/article/x' }), `${storyUrl}?x=1`);
    expect(read.kind === 'story' && read.article.id).toBe(storyUrl);
  });

  it.each(Object.entries(OTHERS))('names a %s page from its URL', (kind, [url, page]) => {
    expect(readStoryHtml(page(url), url)).toEqual({ kind: 'not-story', reason: kind });
  });

  it.each(Object.entries(OTHERS))('names a %s page from its contents under a story-like URL', (kind, [, page]) => {
    expect(readStoryHtml(page(neutral), neutral)).toEqual({ kind: 'not-story', reason: kind });
  });

  it('keeps a story whose slug says "live" or "video", whose JSON-LD embeds a video, or that holds a small table', () => {
    const liveSlug = `${AP}/article/live-updates-video-shows-county-budget-vote-0123456789abcdef0123456789abcdef`;
    expect(readStoryHtml(story({ canonical: liveSlug }), liveSlug).kind).toBe('story');

    const nested = story().replace('"@type":"NewsArticle"', '"@type":"NewsArticle","video":{"@type":"VideoObject","name":"Clip"}');
    expect(nested).toContain('VideoObject');
    expect(readStoryHtml(nested, storyUrl).kind).toBe('story');

    const both = story().replace('</head>', '<script type="application/ld+json">{"@context":"https://schema.org","@type":"VideoObject","name":"Clip"}</script></head>');
    expect(readStoryHtml(both, storyUrl).kind).toBe('story');

    const rows = ['Okafor 51,204', 'Lindqvist 48,990', 'Write-ins 312'].map((r) => `<tr><td>${r.split(' ')[0]}</td><td>${r.split(' ')[1]}</td></tr>`);
    const table = story().replace('<div class="RichTextStoryBody RichTextBody">', `<div class="RichTextStoryBody RichTextBody"><table><tr><th>Candidate</th><th>Votes</th></tr>${rows.join('')}</table>`);
    expect(readStoryHtml(table, storyUrl).kind).toBe('story');
  });

  it(`is no story under ${MIN_STORY_WORDS} words, nor a page of links, nor a page too big to read`, () => {
    const brief = story({ paragraphs: ['WASHINGTON (AP) — The Senate adjourned early on Thursday without voting on the measure, aides said.', 'More to come.'] });
    expect(readStoryHtml(brief, storyUrl)).toEqual({ kind: 'not-story', reason: 'not-article' });
    const linkList = `<!doctype html><html><head><title>Index</title></head><body><ul>${links.map((l) => `<li><a href="${l.href}">${l.title}</a></li>`).join('')}</ul></body></html>`;
    expect(readStoryHtml(linkList, neutral)).toEqual({ kind: 'not-story', reason: 'not-article' });
    const huge = story().replace('<footer', `<div>${'<span>x</span>'.repeat(40_000)}</div><footer`);
    expect(readStoryHtml(huge, storyUrl)).toEqual({ kind: 'not-story', reason: 'too-big' });
    expect(readStoryHtml('', storyUrl)).toEqual({ kind: 'not-story', reason: 'not-article' });
  });
});

describe('storyMetadata', () => {
  it('reads the JSON-LD @types of top-level and @graph items only, og:type, and words in tables against prose', () => {
    const doc = parseHtmlDocument(`<!doctype html><html><head>
      <meta property="og:type" content="Video.Other">
      <script type="application/ld+json">[{"@type":["NewsArticle","Thing"],"video":{"@type":"VideoObject"}}]</script>
      <script type="application/ld+json">{"@graph":[{"@type":"WebPage"},{"@type":"BreadcrumbList"}]}</script>
      <script type="application/ld+json">{ broken</script>
    </head><body>
      <p>One two three four five.</p>
      <table><tr><td>a b</td><td>c <table><tr><td>d</td></tr></table></td></tr><tr><td><p>e f g</p></td></tr></table>
    </body></html>`);
    const meta = storyMetadata(doc);
    expect(meta.jsonLdTypes.sort()).toEqual(['BreadcrumbList', 'NewsArticle', 'Thing', 'WebPage']);
    expect(meta.ogType).toBe('video.other');
    expect(meta).toMatchObject({ tables: 1, tableWords: 7, proseWords: 5 });
  });
});

describe('storyKind', () => {
  const meta = (m: Partial<StoryPageMeta>): StoryPageMeta => ({ url: neutral, jsonLdTypes: [], ogType: '', tables: 0, tableWords: 0, proseWords: 300, articleWords: 300, ...m });

  it('goes by the URL first, then JSON-LD and og:type, then tables, then the article', () => {
    expect(storyKind(meta({ url: `${AP}/hub/politics`, jsonLdTypes: ['NewsArticle'] }))).toBe('hub');
    expect(storyKind(meta({ url: `${AP}/sports/nfl/standings` }))).toBe('scores');
    expect(storyKind(meta({ url: `${AP}/scores` }))).toBe('scores');
    expect(storyKind(meta({ jsonLdTypes: ['NewsArticle', 'LiveBlogPosting'] }))).toBe('live');
    expect(storyKind(meta({ jsonLdTypes: ['http://schema.org/ImageGallery'] }))).toBe('gallery');
    expect(storyKind(meta({ jsonLdTypes: ['ItemList'] }))).toBe('hub');
    expect(storyKind(meta({ jsonLdTypes: ['ItemList', 'NewsArticle'] }))).toBe('story');
    expect(storyKind(meta({ ogType: 'video.other' }))).toBe('video');
    expect(storyKind(meta({ ogType: 'video.other', jsonLdTypes: ['ReportageNewsArticle'] }))).toBe('story');
    expect(storyKind(meta({ tables: 2, tableWords: 400, proseWords: 120 }))).toBe('scores');
    expect(storyKind(meta({ tables: 1, tableWords: 40, proseWords: 600 }))).toBe('story');
    expect(storyKind(meta({ articleWords: MIN_STORY_WORDS - 1 }))).toBe('not-article');
    expect(storyKind(meta({ articleWords: MIN_STORY_WORDS }))).toBe('story');
  });
});
