/**
 * Whether a page a sitemap lists is a story worth keeping, or one of the other pages news
 * sitemaps list: hubs (lists of links), live blogs (a shell filled by script, whose posts
 * change by the minute), photo galleries (captions), videos, and score tables.
 *
 * The signals, strongest first:
 * 1. The URL's path: AP files these under /hub/, /live/, /photo-gallery/, /video/ and sports'
 *    /scores (other wires use /gallery/, /photos/, /videos/, /standings, /stats).
 * 2. The page's JSON-LD @types (top-level items and @graph items only: a story's embedded
 *    VideoObject is not the page's type): LiveBlogPosting, ImageGallery / MediaGallery; and
 *    CollectionPage / ItemList (a hub) or VideoObject and og:type `video.*` (a video) when no
 *    article type (NewsArticle and its kin) is there too.
 * 3. Tables with little prose: more words in table cells than in paragraphs outside tables.
 * 4. The extracted article: none, or under MIN_STORY_WORDS words (a teaser, a caption, a
 *    paywall stub), is not an article.
 *
 * Every rule is checked on the stand-in's pages shaped like AP's (test/unit/follow-story.test.ts):
 * stories are stories, and each other kind is named, from its URL alone and from its contents
 * alone under a neutral URL.
 */

import type { NotStoryReason } from './types';

/** Fewer words than this is not a story: a teaser, a caption, a paywall stub. */
export const MIN_STORY_WORDS = 80;

/** What a page says about its kind, read before its article is extracted (storyMetadata). */
export interface StoryPageSignals {
  /** JSON-LD @types of the page's top-level items and @graph items. */
  jsonLdTypes: string[];
  /** `og:type`, lower-cased, or ''. */
  ogType: string;
  tables: number;
  /** Words in table cells. */
  tableWords: number;
  /** Words in paragraphs outside tables. */
  proseWords: number;
}

export interface StoryPageMeta extends StoryPageSignals {
  /** The page's URL (as fetched, after redirects). */
  url: string;
  /** Words of the extracted article; 0 when Readability found none. */
  articleWords: number;
}

export type StoryKind = 'story' | NotStoryReason;

const SCORES_FOLDER = /^(scores?|scoreboard|standings|stats|statistics|schedule|odds)$/;

const ARTICLE_TYPES = new Set([
  'article', 'newsarticle', 'reportagenewsarticle', 'analysisnewsarticle', 'backgroundnewsarticle',
  'opinionnewsarticle', 'reviewnewsarticle', 'askpublicnewsarticle', 'blogposting', 'report', 'scholarlyarticle',
]);

const PATH_KINDS: readonly [RegExp, NotStoryReason][] = [
  [/^hubs?$/, 'hub'],
  [/^live$/, 'live'],
  [/^(photo-?galleries|photo-?gallery|galleries|gallery|photos)$/, 'gallery'],
  [/^videos?$/, 'video'],
  [SCORES_FOLDER, 'scores'],
];

/** The kind a URL's path names, when it names one other than a story (a URL alone can never say "story"). */
export function storyKindFromUrl(url: string): NotStoryReason | undefined {
  let segments: string[];
  try {
    segments = new URL(url).pathname.toLowerCase().split('/').filter(Boolean);
  } catch {
    return undefined;
  }
  // The folders a page sits in; the last segment is its own slug ("live-updates-…" names a story).
  const folders = segments.length > 1 ? segments.slice(0, -1) : segments;
  for (const folder of folders) {
    for (const [pattern, kind] of PATH_KINDS) if (pattern.test(folder)) return kind;
  }
  // A listing named by its last segment: /sports/nfl/scores.
  const last = segments[segments.length - 1] ?? '';
  return SCORES_FOLDER.test(last) ? 'scores' : undefined;
}

/** What kind of page this is: 'story', or why it is not one. */
export function storyKind(meta: StoryPageMeta): StoryKind {
  const byPath = storyKindFromUrl(meta.url);
  if (byPath) return byPath;

  const types = new Set(meta.jsonLdTypes.map((t) => t.toLowerCase().replace(/^https?:\/\/schema\.org\//, '')));
  const isArticle = [...types].some((t) => ARTICLE_TYPES.has(t));
  if (types.has('liveblogposting')) return 'live';
  if (types.has('imagegallery') || types.has('mediagallery')) return 'gallery';
  if (!isArticle) {
    if (types.has('collectionpage') || types.has('itemlist')) return 'hub';
    if (types.has('videoobject') || meta.ogType.startsWith('video')) return 'video';
  }

  if (meta.tables > 0 && meta.tableWords > meta.proseWords) return 'scores';
  if (meta.articleWords < MIN_STORY_WORDS) return 'not-article';
  return 'story';
}

/** Words in a text, as storyKind counts them. */
export function countWords(text: string): number {
  return text.match(/\S+/g)?.length ?? 0;
}

/** What a reason is in the reader's words (QueueEntry.reason). */
export const NOT_STORY_WORDS: Readonly<Record<NotStoryReason, string>> = {
  hub: 'a hub page (a list of stories)',
  live: 'a live blog',
  gallery: 'a photo gallery',
  video: 'a video page',
  scores: 'a scores or statistics table',
  'not-article': 'no article text on the page',
  'too-big': 'the page is too big to read',
  'other-host': 'it leads to another site',
};
