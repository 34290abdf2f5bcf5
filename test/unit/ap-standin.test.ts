/**
 * The apnews.com stand-in (test/support/ap-standin.ts) over real HTTP: what it serves, the
 * conditional answers, each fault, the request log, and that its stories are told apart by the
 * project's own checker.
 */
import http from 'node:http';
import { SaxesParser } from 'saxes';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryCorpus } from '../../src/core/corpus/memory';
import { extractFromHtml } from '../../src/extraction/node';
import { createRequestLog, hugeSitemapBytes, startApStandin, startRecorder, type ApStandin, type ApStandinOptions } from '../support/ap-standin';

const NOW = '2025-03-10T12:00:00Z';

interface Got {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  bytes: number;
}

/** A GET with exactly these headers (a Host of our choosing too); `keepBody: false` only counts bytes. */
function get(url: string, headers: Record<string, string> = {}, opts: { timeoutMs?: number; keepBody?: boolean } = {}): Promise<Got> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers, agent: false }, (res) => {
      let body = '';
      let bytes = 0;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        bytes += Buffer.byteLength(chunk);
        if (opts.keepBody !== false) body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body, bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (opts.timeoutMs) req.setTimeout(opts.timeoutMs, () => req.destroy(new Error('timeout')));
  });
}

const locs = (xml: string) => [...xml.matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));

function wellFormed(xml: string): string | null {
  const parser = new SaxesParser({ xmlns: true });
  try {
    parser.write(xml).close();
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

const running: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function standin(opts: ApStandinOptions = {}): Promise<ApStandin> {
  const ap = await startApStandin({ now: NOW, ...opts });
  running.push(ap);
  return ap;
}

describe('sitemaps', () => {
  it('the index lists the monthly sitemaps of its stories and the news sitemap, each with a lastmod', async () => {
    const ap = await standin();
    const res = await get(ap.sitemapIndexUrl());
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/xml/);
    expect(wellFormed(res.body)).toBeNull();
    expect(res.body).toContain('<sitemapindex');
    // 35 days ending 10 March 2025: February and March.
    expect(ap.months()).toEqual(['202503', '202502']);
    expect(locs(res.body)).toEqual([`${ap.origin}/ap-sitemap-202503.xml`, `${ap.origin}/ap-sitemap-202502.xml`, `${ap.origin}/news-sitemap.xml`]);
    const lastmods = [...res.body.matchAll(/<lastmod>([^<]*)<\/lastmod>/g)].map((m) => m[1]);
    expect(lastmods).toHaveLength(3);
    for (const l of lastmods) expect(l).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('the monthly sitemaps list every story once with its lastmod, and the non-story pages', async () => {
    const ap = await standin();
    const listed: string[] = [];
    for (const month of ap.months()) {
      const res = await get(ap.url(`/ap-sitemap-${month}.xml`));
      expect(res.status).toBe(200);
      expect(wellFormed(res.body)).toBeNull();
      listed.push(...locs(res.body));
      for (const s of ap.stories.filter((x) => x.published.startsWith(`${month.slice(0, 4)}-${month.slice(4)}`))) {
        expect(res.body).toContain(`<loc>${ap.storyUrl(s.index)}</loc><lastmod>${s.modified}</lastmod>`);
      }
    }
    expect(ap.stories).toHaveLength(40);
    expect(listed.filter((u) => u.includes('/article/')).sort()).toEqual(ap.stories.map((s) => ap.storyUrl(s.index)).sort());
    for (const prefix of ['/hub/', '/live/', '/photo-gallery/', '/sports/scores/', '/video/']) {
      expect(listed.filter((u) => u.startsWith(ap.url(prefix)))).toHaveLength(1);
    }
    for (const s of ap.stories) expect(s.path).toMatch(/^\/article\/[a-z0-9-]+-[0-9a-f]{32}$/);
    expect((await get(ap.url('/ap-sitemap-201901.xml'))).status).toBe(404);
  });

  it('the news sitemap lists the stories of the last two days with their publication dates', async () => {
    const ap = await standin();
    const res = await get(ap.url('/news-sitemap.xml'));
    expect(wellFormed(res.body)).toBeNull();
    const recent = ap.stories.filter((s) => Date.parse(s.published) > Date.parse(NOW) - 2 * 86_400_000);
    expect(recent.length).toBeGreaterThan(0);
    expect(locs(res.body)).toEqual(recent.map((s) => ap.storyUrl(s.index)));
    for (const s of recent) expect(res.body).toContain(`<news:publication_date>${s.published}</news:publication_date>`);
  });

  it('links name the host the request came in on, or publicOrigin', async () => {
    const ap = await standin();
    const index = await get(ap.sitemapIndexUrl(), { host: `apnews.com:${ap.port}` });
    expect(locs(index.body)[0]).toBe(`${ap.apOrigin}/ap-sitemap-202503.xml`);
    const page = await get(ap.storyUrl(3), { host: `apnews.com:${ap.port}` });
    expect(page.body).toContain(`<link rel="canonical" href="${ap.storyUrl(3, ap.apOrigin)}">`);
    const pub = await standin({ publicOrigin: 'https://apnews.com' });
    expect(locs((await get(pub.sitemapIndexUrl(pub.origin))).body)[0]).toBe('https://apnews.com/ap-sitemap-202503.xml');
    expect(pub.storyUrl(0)).toMatch(/^https:\/\/apnews\.com\/article\//);
  });

  it('answers 304 to If-None-Match and If-Modified-Since, and 200 again once a story changes', async () => {
    const ap = await standin();
    const month = ap.months()[0]!;
    const url = ap.url(`/ap-sitemap-${month}.xml`);
    const first = await get(url);
    const etag = first.headers.etag!;
    const lastModified = first.headers['last-modified']!;
    expect(etag).toMatch(/^".+"$/);
    expect((await get(url, { 'if-none-match': etag })).status).toBe(304);
    expect((await get(url, { 'if-modified-since': lastModified })).status).toBe(304);
    expect((await get(url, { 'if-none-match': '"other"' })).status).toBe(200);
    expect((await get(url, { 'if-modified-since': new Date(Date.parse(lastModified) - 60_000).toUTCString() })).status).toBe(200);
    const index = await get(ap.sitemapIndexUrl());
    expect((await get(ap.sitemapIndexUrl(), { 'if-none-match': index.headers.etag! })).status).toBe(304);

    const i = ap.stories.length - 1;
    const before = ap.storyRecords()[i]!;
    const changed = ap.changeStory(i);
    expect(Date.parse(changed.modified)).toBeGreaterThan(Date.parse(before.published));
    const after = await get(url, { 'if-none-match': etag });
    expect(after.status).toBe(200);
    expect(after.body).toContain(`<loc>${ap.storyUrl(i)}</loc><lastmod>${changed.modified}</lastmod>`);
    expect((await get(url, { 'if-modified-since': lastModified })).status).toBe(200);
    expect((await get(ap.sitemapIndexUrl(), { 'if-none-match': index.headers.etag! })).status).toBe(200);
    const page = await get(ap.storyUrl(i));
    expect(page.body).toContain(`"dateModified":"${changed.modified}"`);
    expect(ap.storyRecords()[i]!.text).not.toBe(before.text);
    expect(page.body).toContain(changed.paragraphs[0]!.slice(0, 40));
  });
});

describe('pages', () => {
  it('a story page is shaped like AP’s and reads back as its record', async () => {
    const ap = await standin();
    const record = ap.storyRecords()[5]!;
    const story = ap.stories[5]!;
    const html = (await get(record.url)).body;
    expect(html).toContain(`<link rel="canonical" href="${record.id}">`);
    expect(html).toContain(`<meta property="og:url" content="${record.id}">`);
    expect(html).toMatch(/<h1[^>]*>[^<]+<\/h1>/);
    expect(html).toContain(`By <a class="Link"`);
    expect(html).toContain(`${story.dateline} (AP) — `);
    const ld = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/.exec(html)![1]!) as Record<string, unknown>;
    expect(ld).toMatchObject({ '@type': 'NewsArticle', headline: record.title, datePublished: record.published, dateModified: story.modified });
    expect(record.text.split(/\s+/).length).toBeGreaterThanOrEqual(200);
    const read = extractFromHtml(html, { url: record.url });
    expect(read?.title).toBe(record.title);
    expect(read?.text.replace(/\s+/g, ' ')).toContain(story.paragraphs[0]!);
    expect(read?.text.replace(/\s+/g, ' ')).toContain(story.paragraphs.at(-1)!);
  });

  it('the non-story pages are shaped like AP’s hubs, live blogs, galleries, score tables and videos', async () => {
    const ap = await standin();
    const types: Record<string, RegExp> = {
      hub: /"@type":"CollectionPage"/,
      live: /"@type":"LiveBlogPosting"/,
      gallery: /"@type":"ImageGallery"[\s\S]*<figcaption>/,
      scores: /<table class="Scoreboard-table">/,
      video: /"@type":"VideoObject"[\s\S]*<video/,
    };
    for (const page of ap.pages) {
      const res = await get(ap.url(page.path));
      expect(res.status, page.path).toBe(200);
      expect(res.body, page.kind).toMatch(types[page.kind]!);
    }
    expect((await get(ap.url('/article/nothing-here-00000000000000000000000000000000'))).status).toBe(404);
  });

  it('no story is taken for another by the checker', async () => {
    const ap = await standin();
    const records = ap.storyRecords();
    for (const [i, r] of records.entries()) {
      const others = new MemoryCorpus(records.filter((_, j) => j !== i));
      const result = await others.check({ title: r.title, text: r.text });
      expect(result.source, `story ${i} taken for ${result.source?.id}`).toBeNull();
    }
    const all = new MemoryCorpus(records);
    expect((await all.check({ title: records[7]!.title, text: records[7]!.text })).source?.id).toBe(records[7]!.id);
  });

  it('addStory adds a story to its month’s sitemap, the same seed gives the same stories', async () => {
    const ap = await standin({ stories: 3 });
    const added = ap.addStory({ headline: 'Harbor reopens after storm', paragraphs: ['NEW YORK (AP) — The harbor reopened.'] });
    expect(added.index).toBe(3);
    expect(added.published).toBe(NOW);
    expect(locs((await get(ap.url('/ap-sitemap-202503.xml'))).body)).toContain(ap.storyUrl(3));
    expect((await get(ap.storyUrl(3))).body).toContain('The harbor reopened.');
    const again = await standin({ stories: 3 });
    expect(again.storyRecords().map((r) => r.text)).toEqual(ap.storyRecords().slice(0, 3).map((r) => r.text));
  });
});

describe('faults', () => {
  it('429 with Retry-After for the next N requests, then for a path only', async () => {
    const ap = await standin({ faults: { tooMany: { count: 2, retryAfter: 7 } } });
    const a = await get(ap.url('/robots.txt'));
    expect([a.status, a.headers['retry-after']]).toEqual([429, '7']);
    expect((await get(ap.sitemapIndexUrl())).status).toBe(429);
    expect((await get(ap.sitemapIndexUrl())).status).toBe(200);
    ap.faults.tooMany = { path: '/article/' };
    expect((await get(ap.storyUrl(0))).status).toBe(429);
    expect((await get(ap.storyUrl(1))).headers['retry-after']).toBe('1');
    expect((await get(ap.sitemapIndexUrl())).status).toBe(200);
    ap.clearFaults();
    expect((await get(ap.storyUrl(0))).status).toBe(200);
  });

  it('5xx for the next N requests', async () => {
    const ap = await standin();
    ap.setFaults({ serverError: { count: 1, status: 502 } });
    expect((await get(ap.storyUrl(0))).status).toBe(502);
    expect((await get(ap.storyUrl(0))).status).toBe(200);
    ap.setFaults({ serverError: { count: 3 } });
    for (let i = 0; i < 3; i++) expect((await get(ap.sitemapIndexUrl())).status).toBe(503);
    expect((await get(ap.sitemapIndexUrl())).status).toBe(200);
  });

  it('a hang never answers (until close), and a slow path answers late', async () => {
    const ap = await standin({ faults: { hang: ['/article/'] } });
    await expect(get(ap.storyUrl(0), {}, { timeoutMs: 300 })).rejects.toThrow('timeout');
    expect(ap.log.requestsTo('/article/')[0]!.status).toBeUndefined();
    expect((await get(ap.sitemapIndexUrl())).status).toBe(200);
    ap.faults = { slow: { path: '/robots.txt', ms: 250 } };
    const t0 = Date.now();
    expect((await get(ap.url('/robots.txt'))).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(240);
  });

  it('a malformed sitemap for a month', async () => {
    const ap = await standin({ faults: { malformedSitemap: ['202502'] } });
    const bad = await get(ap.url('/ap-sitemap-202502.xml'));
    expect(bad.status).toBe(200);
    expect(wellFormed(bad.body)).toMatch(/close tag/);
    expect(wellFormed((await get(ap.url('/ap-sitemap-202503.xml'))).body)).toBeNull();
  });

  it('a sitemap over 50 MiB, streamed, with or without Content-Length', async () => {
    const ap = await standin({ faults: { hugeSitemap: [{ month: '202503' }] } });
    const big = await get(ap.url('/ap-sitemap-202503.xml'), {}, { keepBody: false });
    expect(big.status).toBe(200);
    expect(big.headers['content-length']).toBeUndefined();
    expect(big.bytes).toBeGreaterThan(50 * 1024 * 1024);
    expect(big.bytes).toBe(hugeSitemapBytes(ap.origin, { month: '202503' }));
    ap.faults.hugeSitemap = [{ month: '202502', bytes: 200_000, contentLength: true }];
    const small = await get(ap.url('/ap-sitemap-202502.xml'));
    expect(Number(small.headers['content-length'])).toBe(small.bytes);
    expect(small.bytes).toBeGreaterThanOrEqual(200_000);
    expect(wellFormed(small.body)).toBeNull();
  });

  it('a story that redirects to another host, and one that redirects on its own host', async () => {
    const log = createRequestLog();
    const other = await startRecorder({ log });
    running.push(other);
    const ap = await standin({ otherOrigin: other.origin, log, faults: { redirectOffHost: [2], redirectSameHost: [4] } });
    const off = await get(ap.storyUrl(2));
    expect(off.status).toBe(302);
    expect(off.headers.location).toBe(other.origin + ap.stories[2]!.path);
    expect(log.entries.filter((e) => e.server === other.origin)).toEqual([]);
    const same = await get(ap.storyUrl(4));
    expect([same.status, same.headers.location]).toEqual([301, ap.url(ap.stories[4]!.aliasPath)]);
    const moved = await get(same.headers.location!);
    expect(moved.body).toContain(`<link rel="canonical" href="${ap.storyUrl(4)}">`);
    // The recorder answers whatever reaches it, and logs it in the shared log.
    await get(`${other.origin}/probe`);
    expect(log.entries.filter((e) => e.server === other.origin).map((e) => e.path)).toEqual(['/probe']);
  });

  it('robots.txt: allow, disallow /article/, disallow all, missing, error, Crawl-delay', async () => {
    const ap = await standin();
    const robots = () => get(ap.url('/robots.txt'));
    expect((await robots()).body).toMatch(/User-agent: \*\nAllow: \//);
    expect((await robots()).body).toContain(`Sitemap: ${ap.origin}/sitemap.xml`);
    ap.faults = { robots: 'disallow-articles', crawlDelay: 3 };
    expect((await robots()).body).toMatch(/Disallow: \/article\/\nCrawl-delay: 3/);
    ap.faults = { robots: 'disallow-all' };
    expect((await robots()).body).toMatch(/Disallow: \/\n/);
    ap.faults = { robots: 'missing' };
    expect((await robots()).status).toBe(404);
    ap.faults = { robots: 'error' };
    expect((await robots()).status).toBe(503);
    ap.faults = { robotsText: 'User-agent: Wirecheck\nDisallow: /\n' };
    expect((await robots()).body).toBe('User-agent: Wirecheck\nDisallow: /\n');
  });

  it('the same story under two URLs: both listed, one canonical', async () => {
    const ap = await standin({ faults: { duplicates: [6] } });
    const s = ap.stories[6]!;
    const month = s.published.slice(0, 7).replace('-', '');
    const listed = locs((await get(ap.url(`/ap-sitemap-${month}.xml`))).body);
    expect(listed).toContain(ap.storyUrl(s.index));
    expect(listed).toContain(ap.url(s.aliasPath));
    const a = await get(ap.storyUrl(s.index));
    const b = await get(ap.url(s.aliasPath));
    expect(b.body).toBe(a.body);
    expect(b.body).toContain(`<link rel="canonical" href="${ap.storyUrl(s.index)}">`);
  });
});

describe('request log', () => {
  it('records method, path, lowercased headers and time; requestsTo and clear', async () => {
    const ap = await standin();
    const t0 = Date.now();
    await get(ap.storyUrl(0), { Cookie: 'a=1', Referer: 'http://example.com/', 'User-Agent': 'Wirecheck/1', 'If-None-Match': '"x"', 'If-Modified-Since': 'Mon, 10 Mar 2025 12:00:00 GMT' });
    await get(ap.sitemapIndexUrl());
    const [story] = ap.log.requestsTo('/article/');
    expect(story).toMatchObject({ method: 'GET', path: ap.stories[0]!.path, server: ap.origin, status: 200 });
    expect(story!.headers).toMatchObject({ cookie: 'a=1', referer: 'http://example.com/', 'user-agent': 'Wirecheck/1', 'if-none-match': '"x"', 'if-modified-since': 'Mon, 10 Mar 2025 12:00:00 GMT' });
    expect(story!.time).toBeGreaterThanOrEqual(t0);
    expect(ap.log.paths()).toEqual([ap.stories[0]!.path, '/sitemap.xml']);
    expect(ap.log.requestsTo('/sitemap')).toHaveLength(1);
    expect(ap.maxInFlight).toBe(1);
    ap.log.clear();
    expect(ap.log.entries).toEqual([]);
    await Promise.all([get(ap.storyUrl(1)), get(ap.storyUrl(2)), get(ap.storyUrl(3))]);
    expect(ap.log.entries).toHaveLength(3);
  });

  it('story pages set a cookie, as apnews.com does, unless told not to', async () => {
    const ap = await standin();
    expect((await get(ap.storyUrl(0))).headers['set-cookie']).toBeDefined();
    const plain = await standin({ setCookie: false });
    expect((await get(plain.storyUrl(0))).headers['set-cookie']).toBeUndefined();
  });
});
