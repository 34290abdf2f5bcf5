/** A page's site and record URL (src/core/sites/site.ts). */
import { describe, expect, it } from 'vitest';
import { hostOf, registrableDomain, siteOf } from '../../src/core/sites/site';

describe('siteOf', () => {
  it('gives http(s) pages a site, lower case, without one leading www.', () => {
    expect(siteOf('https://WWW.Example.COM/News/A')).toEqual({ host: 'example.com', url: 'https://www.example.com/News/A' });
    expect(siteOf('http://news.example.com./a')).toEqual({ host: 'news.example.com', url: 'http://news.example.com./a' });
    expect(siteOf('https://www.www.example.com/')?.host).toBe('www.example.com');
    expect(siteOf('https://bücher.example/a')?.host).toBe('xn--bcher-kva.example');
  });

  it('has no site for anything but http(s), or what is not a URL', () => {
    for (const url of ['file:///home/a.html', 'about:blank', 'chrome-extension://abc/popup.html', 'moz-extension://x/y', 'data:text/html,hi', 'javascript:alert(1)', 'not a url', '']) {
      expect(siteOf(url), url).toBeNull();
    }
  });

  it('uses the canonical URL only on the page’s own site', () => {
    expect(siteOf('https://m.example.com/a?x=1', 'https://www.example.com/story/a')).toEqual({ host: 'example.com', url: 'https://www.example.com/story/a' });
    expect(siteOf('https://amp.example.co.uk/a', 'https://edition.example.co.uk/a')?.url).toBe('https://edition.example.co.uk/a');
    expect(siteOf('https://example.com/a', '/story/a#top')?.url).toBe('https://example.com/story/a');
    // Another site, another registrable domain under the same public suffix, another port, or not http(s): the page's own URL.
    expect(siteOf('https://copycat.example/a', 'https://apnews.com/article/x')).toEqual({ host: 'copycat.example', url: 'https://copycat.example/a' });
    expect(siteOf('https://one.co.uk/a', 'https://other.co.uk/a')?.host).toBe('one.co.uk');
    expect(siteOf('http://127.0.0.1:8001/a', 'http://127.0.0.1:8002/a')?.url).toBe('http://127.0.0.1:8001/a');
    expect(siteOf('https://example.com/a', 'javascript:alert(1)')?.url).toBe('https://example.com/a');
    expect(siteOf('https://example.com/a', 'http://[broken')?.url).toBe('https://example.com/a');
    expect(siteOf('https://example.com/a', '  ')?.url).toBe('https://example.com/a');
  });

  it('keeps a non-default port: two local servers are two sites', () => {
    expect(siteOf('http://127.0.0.1:8001/a')?.host).toBe('127.0.0.1:8001');
    expect(siteOf('http://localhost:8002/a')?.host).toBe('localhost:8002');
    expect(siteOf('https://example.com:443/a')?.host).toBe('example.com');
  });

  it('keeps URLs without fragment, credentials or tracking parameters', () => {
    expect(siteOf('https://user:pw@example.com/a?id=7&utm_source=x&fbclid=y#c')?.url).toBe('https://example.com/a?id=7');
    expect(siteOf('https://example.com/a?utm_medium=social&gclid=1')?.url).toBe('https://example.com/a');
  });
});

describe('hostOf and registrableDomain', () => {
  it('read the same host rule', () => {
    expect(hostOf('https://www.Example.com/x')).toBe('example.com');
    expect(hostOf('ftp://example.com/')).toBeNull();
  });
  it('approximate the registrable domain', () => {
    expect(registrableDomain('a.b.example.com')).toBe('example.com');
    expect(registrableDomain('news.bbc.co.uk')).toBe('bbc.co.uk');
    expect(registrableDomain('www.smh.com.au')).toBe('smh.com.au');
    expect(registrableDomain('localhost')).toBe('localhost');
    expect(registrableDomain('10.0.0.1')).toBe('10.0.0.1');
  });
});
