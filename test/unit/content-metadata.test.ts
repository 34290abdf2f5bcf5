// What auto-capture reads from a page besides its text: the canonical URL (on the page's own
// site, http(s), without fragment; else the page URL without query and hash) and the ISO
// publication date, in the documented order of sources.
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { canonicalUrl, isIsoDate, publishedDate } from '../../src/extraction/page-metadata';

const doc = (head: string, body = '') =>
  parseHTML(`<!doctype html><html><head>${head}</head><body>${body}</body></html>`).document as unknown as Document;

const PAGE = 'https://apnews.com/article/story-1?utm_source=feed&x=1#comments';

describe('canonicalUrl', () => {
  it('takes <link rel=canonical>, resolved against the page, without its fragment', () => {
    expect(canonicalUrl(doc('<link rel="canonical" href="https://apnews.com/article/story-1#x">'), PAGE)).toBe('https://apnews.com/article/story-1');
    expect(canonicalUrl(doc('<link rel="canonical" href="/article/story-1">'), PAGE)).toBe('https://apnews.com/article/story-1');
    expect(canonicalUrl(doc('<link rel="Canonical alternate" href="https://www.apnews.com/a">'), PAGE)).toBe('https://www.apnews.com/a');
  });

  it('falls back to the page URL without query and hash', () => {
    expect(canonicalUrl(doc(''), PAGE)).toBe('https://apnews.com/article/story-1');
    // Not http(s), or another site's story: the page may not file its text under it.
    expect(canonicalUrl(doc('<link rel="canonical" href="javascript:alert(1)">'), PAGE)).toBe('https://apnews.com/article/story-1');
    expect(canonicalUrl(doc('<link rel="canonical" href="https://evil.example/article/story-1">'), PAGE)).toBe('https://apnews.com/article/story-1');
    expect(canonicalUrl(doc('<link rel="canonical" href="http://[bad">'), PAGE)).toBe('https://apnews.com/article/story-1');
  });

  it('gives nothing for a page that is not http(s)', () => {
    expect(canonicalUrl(doc(''), 'file:///tmp/x.html')).toBe('');
  });
});

describe('publishedDate', () => {
  it('prefers article:published_time as a property, then as a name', () => {
    const both = doc('<meta name="article:published_time" content="2023-01-01"><meta property="article:published_time" content="2023-02-22T10:15:00Z">');
    expect(publishedDate(both)).toBe('2023-02-22T10:15:00Z');
    expect(publishedDate(doc('<meta name="article:published_time" content="2023-01-01">'))).toBe('2023-01-01');
  });

  it('reads JSON-LD datePublished, also inside @graph and arrays, skipping broken blocks', () => {
    const graph = JSON.stringify({ '@context': 'https://schema.org', '@graph': [{ '@type': 'WebPage' }, { '@type': 'NewsArticle', datePublished: '2023-02-22T09:00:00-05:00' }] });
    expect(publishedDate(doc(`<script type="application/ld+json">{ broken</script><script type="application/ld+json">${graph}</script>`))).toBe('2023-02-22T09:00:00-05:00');
    expect(publishedDate(doc(`<script type="application/ld+json">[{"datePublished":"2023-02-21"}]</script>`))).toBe('2023-02-21');
  });

  it('falls back to the first <time datetime>, and to "" for anything that is not ISO', () => {
    expect(publishedDate(doc('', '<p>Posted <time datetime="2023-02-20">Monday</time></p>'))).toBe('2023-02-20');
    expect(publishedDate(doc('<meta property="article:published_time" content="2 hours ago">', '<time datetime="yesterday">x</time>'))).toBe('');
    expect(publishedDate(doc(''))).toBe('');
  });

  it('accepts ISO dates and date-times only', () => {
    for (const ok of ['2023-02-22', '2023-02-22T10:15', '2023-02-22T10:15:00.123Z', '2023-02-22T10:15:00+0100', '2023-02-22T10:15:00-05:00']) expect(isIsoDate(ok), ok).toBe(true);
    for (const bad of ['22/02/2023', '2023-13-01', '2023-02-22 10:15', 'Feb 22, 2023', '2023-02-22T25:00', `2023-02-22T10:15:00.${'1'.repeat(80)}Z`]) expect(isIsoDate(bad), bad).toBe(false);
  });
});
