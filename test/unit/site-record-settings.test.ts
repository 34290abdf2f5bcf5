// The per-site record's two settings, end to end in the background's service
// (src/background/sites-service.ts on fake-indexeddb) and in the options page
// (src/ui/options/settings/SiteRecordSettings.tsx): turning the record off stops the counting
// and keeps what it holds (the page says so); a shorter retention drops the visits it no longer
// covers, from the list, the export and the database; the retention field keeps its number
// within 7 to 3,650 days.
import 'fake-indexeddb/auto';
import { h } from 'preact';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, SITE_RETENTION_DAYS, type Settings } from '../../src/core/settings';
import type { MatchResult } from '../../src/core/types';
import { t } from '../../src/i18n/t';
import type { SitesList } from '../../src/messaging/sites';
import { SitesService } from '../../src/background/sites-service';
import { SiteRecordSettings } from '../../src/ui/options/settings/SiteRecordSettings';
import { mount, waitFor } from './preact-dom';
import { dumpDatabase } from './raw-database';

const DAY = 86_400_000;
const START = Date.UTC(2026, 11, 7, 12);
const rewritten = { verdict: 'rewritten', source: { id: 'ap-1', title: 'AP story' }, paraphraseScore: 62 } as unknown as MatchResult;
const page = (url: string) => ({ url, title: 'A story', text: 'Line one of the story.\n\nLine two of the story.' });

// Let the last effects (run 100 ms after a render without requestAnimationFrame) end while
// this file's document is still in place.
afterAll(() => new Promise((r) => setTimeout(r, 150)));

let n = 0;
const services: SitesService[] = [];
afterEach(() => {
  for (const s of services.splice(0)) s.close();
});

function service() {
  const clock = { now: START };
  const settings: Settings = { ...DEFAULT_SETTINGS };
  const dbName = `wirecheck-sites-settings-${++n}`;
  const sites = new SitesService({ settings: async () => settings, dbName, now: () => clock.now });
  services.push(sites);
  const list = () => sites.handle({ type: 'ui:sites-list' }, () => ({ status: 'idle' }) as never) as Promise<SitesList>;
  const exported = () => sites.handle({ type: 'ui:sites-export' }, () => ({ status: 'idle' }) as never) as Promise<{ url: string }[]>;
  return { sites, settings, clock, dbName, list, exported };
}

describe('the record’s settings in the background', () => {
  it('off: nothing more is counted, and what was counted stays', async () => {
    const { sites, settings, list, exported } = service();
    sites.record(1, page('https://a.example/one'), rewritten);
    await sites.settled();
    settings.siteRecord = false;
    sites.record(1, page('https://a.example/two'), rewritten);
    sites.record(2, page('https://b.example/three'), rewritten);
    await sites.settled();
    const off = await list();
    expect(off.recording).toBe(false);
    expect(off.sites.map((s) => [s.host, s.articles])).toEqual([['a.example', 1]]);
    expect((await exported()).map((v) => v.url)).toEqual(['https://a.example/one']);
    // The popup's line is hidden while the record is off.
    expect(await sites.handle({ type: 'ui:site-for-tab', tabId: 1 }, () => ({ status: 'checked', url: 'https://a.example/one' }) as never)).toBeNull();

    settings.siteRecord = true;
    sites.record(1, page('https://a.example/two'), rewritten);
    await sites.settled();
    expect((await list()).sites.map((s) => [s.host, s.articles])).toEqual([['a.example', 2]]);
  });

  it('a shorter retention drops what it no longer covers, from the list, the export and the database', async () => {
    const { sites, settings, clock, dbName, list, exported } = service();
    sites.record(1, page('https://a.example/old'), rewritten);
    await sites.settled();
    clock.now += 20 * DAY;
    sites.record(1, page('https://a.example/new'), rewritten);
    sites.record(2, page('https://b.example/new'), rewritten);
    await sites.settled();
    expect((await list()).sites.map((s) => [s.host, s.articles])).toEqual([
      ['a.example', 2],
      ['b.example', 1],
    ]);

    settings.siteRetentionDays = 7;
    const shorter = await list();
    expect(shorter.retentionDays).toBe(7);
    expect(shorter.sites.map((s) => [s.host, s.articles])).toEqual([
      ['a.example', 1],
      ['b.example', 1],
    ]);
    expect((await exported()).map((v) => v.url).sort()).toEqual(['https://a.example/new', 'https://b.example/new']);

    clock.now += 8 * DAY;
    expect((await list()).sites).toEqual([]);
    expect(await exported()).toEqual([]);
    sites.close();
    const dump = await dumpDatabase(dbName);
    expect(Object.values(dump).every((records) => (records as unknown[]).length === 0)).toBe(true);
  });
});

describe('the record’s settings in the options page', () => {
  function settingsPart(initial: Partial<Settings> = {}) {
    const calls: [keyof Settings, unknown][] = [];
    const settings = { ...DEFAULT_SETTINGS, ...initial };
    const root = mount(h(SiteRecordSettings, { settings, set: (key: keyof Settings, value: unknown) => void calls.push([key, value]) }));
    return { root, calls };
  }
  const input = (root: HTMLElement) => root.querySelector<HTMLInputElement>('[data-testid="site-retention-days"]')!;
  // Without requestAnimationFrame, Preact runs a render's effects 100 ms after it (the
  // browser, within a frame): let the field take its first value before typing.
  const effectsRun = () => new Promise((r) => setTimeout(r, 150));
  /** An event of the page's own DOM (linkedom), as the browser fires it. */
  const fire = (el: Element, type: string) => {
    const PageEvent = (el.ownerDocument.defaultView as unknown as { Event: typeof Event }).Event;
    el.dispatchEvent(new PageEvent(type, { bubbles: true }));
  };

  it('says that turning the record off does not clear it', async () => {
    const { root } = settingsPart();
    await waitFor(root, '#site-record');
    expect(root.textContent).toContain(t('options_site_record_text'));
    expect(t('options_site_record_text')).toMatch(/does not clear/);
  });

  it('turns the record off and on', async () => {
    const { root, calls } = settingsPart();
    const toggle = (await waitFor(root, '#site-record')) as HTMLInputElement;
    expect(toggle.checked || toggle.hasAttribute('checked')).toBe(true);
    toggle.checked = false;
    fire(toggle, 'change');
    toggle.checked = true;
    fire(toggle, 'change');
    expect(calls).toEqual([
      ['siteRecord', false],
      ['siteRecord', true],
    ]);
  });

  it.each([
    ['30', 30],
    ['2', SITE_RETENTION_DAYS.min],
    ['99999', SITE_RETENTION_DAYS.max],
    ['45.6', 46],
  ])('saves the retention %s as %i days', async (typed, saved) => {
    const { root, calls } = settingsPart();
    await waitFor(root, '[data-testid="site-retention-days"]');
    await effectsRun();
    const field = input(root);
    field.value = typed;
    fire(field, 'input');
    // The browser fires change in a later task, once the field has been re-rendered.
    await new Promise((r) => setTimeout(r, 0));
    fire(field, 'change');
    expect(calls).toEqual([['siteRetentionDays', saved]]);
  });

  it('saves nothing when the number is the one kept', async () => {
    const { root, calls } = settingsPart({ siteRetentionDays: 30 });
    await waitFor(root, '[data-testid="site-retention-days"]');
    const field = input(root);
    field.value = '30';
    fire(field, 'change');
    expect(calls).toEqual([]);
  });
});
