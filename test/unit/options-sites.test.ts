// The options page's Sites view, rendered with Preact on linkedom against a fake record
// (options-sites-fake.ts): the table and its sorting, the empty and "record off" states, a
// site's detail (figures, chart, articles with safe links and text-only titles), export, and
// clearing one site or all of them behind a confirmation.
import { resolveObjectURL } from 'node:buffer';
import { h } from 'preact';
import { afterAll, describe, expect, it } from 'vitest';
import { t } from '../../src/i18n/t';
import { SitesSection } from '../../src/ui/options/sites/SitesSection';
import { FakeSites, NOW, threeSites, visit } from './options-sites-fake';
import { $, mount, until, waitFor } from './preact-dom';

// Without requestAnimationFrame, Preact runs effects (and the cleanups of unmounted ones) 100 ms
// after a render: let the last ones run while this file's document is still in place.
afterAll(() => new Promise((r) => setTimeout(r, 150)));

function sitesPage(fake = new FakeSites(threeSites())) {
  const root = mount(h(SitesSection, { sites: fake, pollMs: 60_000, now: () => new Date(NOW) }));
  return { root, fake };
}

const hosts = (root: HTMLElement) => [...root.querySelectorAll('[data-testid="sites-row"]')].map((r) => r.getAttribute('data-host'));
const cell = (root: HTMLElement, host: string, col: string) => root.querySelector(`[data-host="${host}"] [data-col="${col}"]`)?.textContent;
const sortOf = (root: HTMLElement) =>
  [...root.querySelectorAll('[data-testid="sites-table"] thead th')].filter((th) => th.hasAttribute('aria-sort')).map((th) => [th.querySelector('button')?.getAttribute('data-testid'), th.getAttribute('aria-sort')]);

describe('the Sites table', () => {
  it('shows each site’s counts, by share of AP copy first', async () => {
    const { root } = sitesPage();
    await waitFor(root, '[data-testid="sites-table"]');
    expect(hosts(root)).toEqual(['wire.example', 'copy.example', 'own.example']);
    expect(cell(root, 'copy.example', 'articles')).toBe('5');
    expect(cell(root, 'copy.example', 'apShare')).toBe('4 (80%)');
    expect(cell(root, 'copy.example', 'credited')).toBe('1');
    expect(cell(root, 'copy.example', 'uncreditedRewrites')).toBe('3');
    expect(cell(root, 'own.example', 'apShare')).toBe('1 (25%)');
    expect(cell(root, 'wire.example', 'uncreditedRewrites')).toBe('0');
    expect($(root, 'sites-count').textContent).toBe('3 sites');
    expect(sortOf(root)).toEqual([['sites-sort-apShare', 'descending']]);
    expect(root.querySelector('[data-testid="sites-table"] caption')?.textContent).toBe(t('options_sites_caption'));
  });

  it('sorts by uncredited rewrites, then the other way, and by site name; the sort controls are buttons', async () => {
    const { root } = sitesPage();
    await waitFor(root, '[data-testid="sites-table"]');
    expect([...root.querySelectorAll('[data-testid^="sites-sort-"]')].map((b) => b.localName)).toEqual(['button', 'button', 'button', 'button']);
    $(root, 'sites-sort-uncreditedRewrites').click();
    await until(() => hosts(root)[0] === 'copy.example', 'the rewrites sort');
    // Ties (0 and 0) keep one order: more articles first.
    expect(hosts(root)).toEqual(['copy.example', 'own.example', 'wire.example']);
    expect(sortOf(root)).toEqual([['sites-sort-uncreditedRewrites', 'descending']]);
    $(root, 'sites-sort-uncreditedRewrites').click();
    await until(() => hosts(root)[2] === 'copy.example', 'the reverse');
    expect(sortOf(root)).toEqual([['sites-sort-uncreditedRewrites', 'ascending']]);
    $(root, 'sites-sort-host').click();
    await until(() => hosts(root)[0] === 'copy.example' && hosts(root)[1] === 'own.example', 'the name sort');
    expect(sortOf(root)).toEqual([['sites-sort-host', 'ascending']]);
  });

  it('says when nothing is recorded, with nothing to export or clear', async () => {
    const { root } = sitesPage(new FakeSites([]));
    await waitFor(root, '[data-testid="sites-empty"]');
    expect($(root, 'sites-empty').textContent).toBe(t('options_sites_empty'));
    expect(root.querySelector('[data-testid="sites-table"]')).toBeNull();
    expect(root.querySelector('[data-testid="sites-export-csv"]')).toBeNull();
    expect(root.querySelector('[data-testid="sites-clear-all"]')).toBeNull();
    expect(root.querySelector('[data-testid="sites-off"]')).toBeNull();
  });

  it('says when the record is off, with a link to its setting, and still shows what is kept', async () => {
    const fake = new FakeSites(threeSites());
    fake.recording = false;
    const { root } = sitesPage(fake);
    await waitFor(root, '[data-testid="sites-off"]');
    expect($(root, 'sites-off').textContent).toContain(t('options_sites_off'));
    expect($(root, 'sites-off-link').getAttribute('href')).toBe('#site-record');
    expect(root.querySelector('[data-testid="sites-table"]')).toBeTruthy();
  });

  it('says the retention period in days', async () => {
    const fake = new FakeSites(threeSites());
    fake.retentionDays = 30;
    const { root } = sitesPage(fake);
    await waitFor(root, '[data-testid="sites-table"]');
    expect(root.textContent).toContain('An article is kept for 30 days after it was checked.');
  });

  it('says so when the record cannot be read', async () => {
    const fake = new FakeSites(threeSites());
    fake.fail.list = 'no background';
    const { root } = sitesPage(fake);
    await waitFor(root, '[data-testid="sites-load-error"]');
    expect($(root, 'sites-load-error').getAttribute('role')).toBe('alert');
    expect($(root, 'sites-load-error').textContent).toBe(t('options_sites_unreachable', 'no background'));
  });
});

describe('a site’s detail', () => {
  async function openSite(root: HTMLElement, host: string): Promise<HTMLElement> {
    await waitFor(root, '[data-testid="sites-table"]');
    const button = root.querySelector<HTMLElement>(`[data-host="${host}"] [data-testid="sites-open"]`)!;
    expect(button.getAttribute('aria-expanded')).toBe('false');
    button.click();
    await waitFor(root, `[data-testid="site-detail"][data-host="${host}"] [data-testid="site-articles"]`);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    expect(button.getAttribute('aria-controls')).toBe('site-detail');
    return $(root, 'site-detail');
  }

  it('shows its figures, an accessible chart and its last articles, newest first', async () => {
    const { root, fake } = sitesPage();
    const detail = await openSite(root, 'copy.example');
    expect(fake.calls).toContain('detail copy.example');
    const fact = (k: string) => detail.querySelector(`[data-fact="${k}"]`)?.textContent;
    expect([fact('articles'), fact('apCopy'), fact('credited'), fact('uncredited'), fact('uncreditedRewrites')]).toEqual(['5', '4 (80%)', '1', '3', '3']);

    const svg = $(root, 'site-chart-svg');
    expect(svg.getAttribute('role')).toBe('img');
    const label = svg.getAttribute('aria-label')!;
    expect(label).toContain('in all 5 articles checked, 4 AP copy, 3 without credit');
    // The figures are also a table (visually hidden): one row per week.
    const figures = $(root, 'site-chart-table');
    expect(figures.getAttribute('class')).toContain('visually-hidden');
    expect(figures.querySelectorAll('tbody tr')).toHaveLength(4);
    const totals = [...figures.querySelectorAll('tbody tr')].map((r) => [...r.querySelectorAll('td')].map((td) => Number(td.textContent)));
    expect(totals.reduce((a, r) => a.map((n, i) => n + r[i]!), [0, 0, 0])).toEqual([5, 4, 3]);
    expect(svg.querySelectorAll('rect.bar').length).toBeGreaterThan(0);

    const rows = [...detail.querySelectorAll('[data-testid="site-article"]')];
    expect(rows.map((r) => r.querySelector('a')?.textContent)).toEqual(['Story 1 on copy.example', 'Story 2 on copy.example', 'Story 3 on copy.example', 'Story 9 on copy.example', 'Story 10 on copy.example']);
    expect(rows.map((r) => r.getAttribute('data-verdict'))).toEqual(['rewritten', 'rewritten', 'edited', 'verbatim', 'none']);
    expect(rows[0]!.querySelector('a')?.getAttribute('href')).toBe('https://copy.example/article/1');
    expect(rows[0]!.querySelector('a')?.getAttribute('rel')).toBe('noreferrer');
    expect(rows[0]!.textContent).toContain('AP original 1');
    expect(rows[0]!.textContent).toContain('72');
    expect(rows.map((r) => r.querySelector('[data-testid="site-article-credit"]')?.textContent)).toEqual([
      t('options_sites_credit_no'),
      t('options_sites_credit_no'),
      t('options_sites_credit_no'),
      t('options_sites_credit_yes', t('options_sites_signal_dateline')),
      t('options_sites_none'),
    ]);
  });

  it('renders titles as text and links only http(s) addresses', async () => {
    const fake = new FakeSites([
      visit('odd.example', 1, 'rewritten', { title: '<img src=x onerror=alert(1)>Breaking', url: 'javascript:alert(1)' }),
      visit('odd.example', 2, 'none', { title: '<b>bold</b>' }),
    ]);
    const { root } = sitesPage(fake);
    const detail = await openSite(root, 'odd.example');
    expect(detail.querySelector('img')).toBeNull();
    expect(detail.querySelector('b')).toBeNull();
    const [first, second] = [...detail.querySelectorAll('[data-testid="site-article"]')];
    expect(first!.querySelector('a')).toBeNull();
    expect(first!.querySelector('td.title')?.textContent).toContain('<img src=x onerror=alert(1)>Breaking');
    expect(second!.querySelector('a')?.textContent).toBe('<b>bold</b>');
    for (const a of detail.querySelectorAll('a')) expect(a.getAttribute('href')).toMatch(/^https?:/);
  });

  it('closes with “Back to all sites”, and a second click on the name closes it too', async () => {
    const { root } = sitesPage();
    await openSite(root, 'wire.example');
    $(root, 'site-close').click();
    await until(() => root.querySelector('[data-testid="site-detail"]') === null, 'the detail closed');
    await openSite(root, 'wire.example');
    root.querySelector<HTMLElement>('[data-host="wire.example"] [data-testid="sites-open"]')!.click();
    await until(() => root.querySelector('[data-testid="site-detail"]') === null, 'the detail closed again');
  });
});

describe('export', () => {
  async function exported(root: HTMLElement, prefix: string): Promise<{ name: string; text: string; type: string }> {
    const link = (await waitFor(root, `[data-testid="${prefix}-link"]`)) as HTMLAnchorElement;
    const blob = resolveObjectURL(link.getAttribute('href')!);
    if (!blob) throw new Error('the link’s blob is gone');
    return { name: link.getAttribute('download')!, text: await blob.text(), type: blob.type };
  }

  it('saves every site as CSV, and says how many articles', async () => {
    const { root, fake } = sitesPage();
    await waitFor(root, '[data-testid="sites-export-csv"]');
    $(root, 'sites-export-csv').click();
    const file = await exported(root, 'sites-export');
    expect(fake.calls).toContain('export all');
    expect(file.name).toMatch(/^wirecheck-sites-2026-12-0\d\.csv$/);
    expect(file.type).toContain('text/csv');
    const lines = file.text.trim().split(/\r?\n/);
    expect(lines).toHaveLength(1 + 12);
    for (const host of ['copy.example', 'wire.example', 'own.example']) expect(file.text).toContain(host);
    expect($(root, 'sites-export-status').textContent).toContain('12 articles');
  });

  it('saves one site as JSON Lines', async () => {
    const { root, fake } = sitesPage();
    await waitFor(root, '[data-testid="sites-table"]');
    root.querySelector<HTMLElement>('[data-host="wire.example"] [data-testid="sites-open"]')!.click();
    ((await waitFor(root, '[data-testid="site-export-jsonl"]')) as HTMLElement).click();
    const file = await exported(root, 'site-export');
    expect(fake.calls).toContain('export wire.example');
    expect(file.name).toMatch(/^wirecheck-sites-wire\.example-2026-12-0\d\.jsonl$/);
    const lines = file.text.trim().split('\n').map((l) => JSON.parse(l) as { host: string; url: string });
    expect(lines.map((l) => l.host)).toEqual(['wire.example', 'wire.example', 'wire.example']);
  });

  it('says why an export failed', async () => {
    const fake = new FakeSites(threeSites());
    fake.fail.exportVisits = 'the record is busy';
    const { root } = sitesPage(fake);
    ((await waitFor(root, '[data-testid="sites-export-jsonl"]')) as HTMLElement).click();
    await waitFor(root, '[data-testid="sites-export-error"]');
    expect($(root, 'sites-export-error').textContent).toBe(t('options_export_failed', 'the record is busy'));
  });
});

describe('clearing', () => {
  it('clears one site after a confirmation, and only that site', async () => {
    const { root, fake } = sitesPage();
    await waitFor(root, '[data-testid="sites-table"]');
    root.querySelector<HTMLElement>('[data-host="copy.example"] [data-testid="sites-open"]')!.click();
    ((await waitFor(root, '[data-testid="site-clear"]')) as HTMLElement).click();
    await waitFor(root, '[data-testid="confirm-dialog"]');
    expect($(root, 'confirm-dialog').textContent).toContain(t('options_sites_clear_site_heading', 'copy.example'));
    expect($(root, 'confirm-dialog').textContent).toContain('the 5 articles recorded on copy.example');
    expect(fake.calls.filter((c) => c.startsWith('clear'))).toEqual([]);
    $(root, 'confirm-delete').click();
    await until(() => hosts(root).length === 2, 'the site gone');
    expect(fake.calls.filter((c) => c.startsWith('clear'))).toEqual(['clear copy.example']);
    expect(hosts(root)).toEqual(['wire.example', 'own.example']);
    expect(root.querySelector('[data-testid="site-detail"]')).toBeNull();
    expect($(root, 'sites-feedback').textContent).toBe(t('options_sites_cleared_site', 'copy.example'));
  });

  it('clears every site after a confirmation; Cancel clears nothing', async () => {
    const { root, fake } = sitesPage();
    ((await waitFor(root, '[data-testid="sites-clear-all"]')) as HTMLElement).click();
    await waitFor(root, '[data-testid="confirm-dialog"]');
    expect($(root, 'confirm-dialog').textContent).toContain('Clear the record of 3 sites?');
    $(root, 'confirm-cancel').click();
    await until(() => root.querySelector('[data-testid="confirm-dialog"]') === null, 'the dialog closed');
    expect(fake.calls.filter((c) => c.startsWith('clear'))).toEqual([]);
    expect(hosts(root)).toHaveLength(3);

    $(root, 'sites-clear-all').click();
    (await waitFor(root, '[data-testid="confirm-delete"]') as HTMLElement).click();
    await waitFor(root, '[data-testid="sites-empty"]');
    expect(fake.calls.filter((c) => c.startsWith('clear'))).toEqual(['clear all']);
    expect(await fake.exportVisits()).toEqual([]);
    expect($(root, 'sites-feedback').textContent).toBe(t('options_sites_cleared_all'));
  });

  it('says why clearing failed and keeps the table', async () => {
    const fake = new FakeSites(threeSites());
    fake.fail.clear = 'disk full';
    const { root } = sitesPage(fake);
    ((await waitFor(root, '[data-testid="sites-clear-all"]')) as HTMLElement).click();
    ((await waitFor(root, '[data-testid="confirm-delete"]')) as HTMLElement).click();
    await waitFor(root, '[data-testid="sites-error"]');
    expect($(root, 'sites-error').textContent).toBe(t('options_sites_clear_failed', 'disk full'));
    expect(hosts(root)).toHaveLength(3);
  });
});
