// The options page's Follow AP and pack subscription sections, and the welcome page's offer
// to follow AP, rendered with Preact on linkedom against a fake background (follow-fake.ts).
// What matters most: the browser is asked for the site inside the reader's click, before
// anything is sent or awaited, and a refusal changes nothing.
import { h } from 'preact';
import { describe, expect, it } from 'vitest';
import { t } from '../../src/i18n/t';
import { FollowSection } from '../../src/ui/options/FollowSection';
import { SubscriptionsSection } from '../../src/ui/options/SubscriptionsSection';
import { parseBudget, parseSha256, splitBudget } from '../../src/ui/options/follow-form';
import { originPattern } from '../../src/ui/options/host-permission';
import { FollowOffer } from '../../src/ui/welcome/FollowOffer';
import { AP_SITEMAP, FakeFollow, FakePermissions, FakeSubscriptions } from './follow-fake';
import { $, mount, until, waitFor } from './preact-dom';

const OPTIONS_URL = 'chrome-extension://wirecheck/options.html';

/** Types into a field (or picks an option) and lets Preact render, as a reader's next keystroke would. */
async function type(el: HTMLElement, value: string, event = 'input'): Promise<void> {
  if (el.localName === 'select') {
    // linkedom's select has no value setter: the reader's choice is the option marked selected.
    for (const option of el.querySelectorAll('option')) option.toggleAttribute('selected', option.getAttribute('value') === value);
  } else {
    (el as HTMLInputElement).value = value;
  }
  el.dispatchEvent(new (el.ownerDocument.defaultView as unknown as typeof globalThis).Event(event, { bubbles: true }));
  await new Promise((r) => setTimeout(r, 0));
}

function submit(form: Element): void {
  form.dispatchEvent(new (form.ownerDocument.defaultView as unknown as typeof globalThis).Event('submit', { bubbles: true, cancelable: true }));
}

function followPage(setup: (follow: FakeFollow) => void = () => {}, grant = true) {
  const log: string[] = [];
  const follow = new FakeFollow(log);
  setup(follow);
  const permissions = new FakePermissions(log, grant);
  let corpusChanges = 0;
  const root = mount(h(FollowSection, { follow, permissions, pollMs: 20, onCorpusChanged: () => corpusChanges++ }));
  return { root, follow, permissions, log, corpusChanges: () => corpusChanges };
}

describe('Follow AP, not following yet', () => {
  it('explains what following does and offers a month and 1 GB by default', async () => {
    const { root } = followPage();
    await until(() => $(root, 'follow-status').textContent === t('options_follow_status_off'));
    expect(root.textContent).toContain(t('options_follow_text'));
    expect(root.textContent).toContain(t('options_follow_privacy'));
    expect(($(root, 'follow-window') as HTMLSelectElement).value).toBe('month');
    expect([...$(root, 'follow-window').querySelectorAll('option')].map((o) => o.getAttribute('value'))).toEqual(['week', 'month', 'quarter', 'year']);
    expect(($(root, 'follow-budget') as HTMLInputElement).value).toBe('1');
    expect(($(root, 'follow-budget-unit') as HTMLSelectElement).value).toBe('GB');
    expect($(root, 'follow-status').getAttribute('role')).toBe('status');
    expect(root.querySelector('label[for="follow-window"]')).toBeTruthy();
    expect(root.querySelector('label[for="follow-budget"]')).toBeTruthy();
  });

  it('asks for apnews.com inside the click, then follows with the chosen window and budget', async () => {
    const { root, follow, permissions, log } = followPage();
    const button = (await waitFor(root, '[data-testid="follow-start"]')) as HTMLButtonElement;
    await type($(root, 'follow-window'), 'year', 'change');
    await type($(root, 'follow-budget'), '500');
    await type($(root, 'follow-budget-unit'), 'MB', 'change');
    button.click();
    // Synchronously, in the click: the request and nothing else.
    expect(permissions.asked).toEqual([['https://apnews.com/*']]);
    expect(log).toEqual(['request https://apnews.com/*']);
    await until(() => follow.changes.length === 1, 'the follow-set');
    expect(follow.changes[0]).toEqual({ following: true, window: 'year', budgetBytes: 500 * 1024 ** 2 });
    await until(() => root.querySelector('[data-testid="follow-facts"]') !== null, 'the status of a follow');
    expect($(root, 'follow-feedback').textContent).toBe(t('options_follow_started'));
  });

  it('says it is asking while the browser’s prompt is open', async () => {
    const { root, follow, permissions } = followPage();
    permissions.hold = true;
    ((await waitFor(root, '[data-testid="follow-start"]')) as HTMLButtonElement).click();
    await until(() => $(root, 'follow-feedback').textContent === t('options_follow_asking', 'apnews.com'), 'the asking line');
    expect($(root, 'follow-start').hasAttribute('disabled')).toBe(true);
    expect(follow.changes).toEqual([]);
    permissions.answer(true);
    await until(() => $(root, 'follow-feedback').textContent === t('options_follow_started'), 'the follow');
    expect(follow.changes).toHaveLength(1);
  });

  it('changes nothing when the browser (or the reader) refuses the site, and says so', async () => {
    const { root, follow, permissions } = followPage(() => {}, false);
    ((await waitFor(root, '[data-testid="follow-start"]')) as HTMLButtonElement).click();
    await until(() => root.querySelector('[data-testid="follow-error"]') !== null, 'the refusal');
    expect(permissions.asked).toHaveLength(1);
    expect(follow.changes).toEqual([]);
    expect($(root, 'follow-error').getAttribute('role')).toBe('alert');
    expect($(root, 'follow-error').textContent).toBe(t('options_follow_refused', 'apnews.com'));
    expect($(root, 'follow-status').textContent).toBe(t('options_follow_status_off'));
    expect(root.querySelector('[data-testid="follow-start"]')).toBeTruthy();
  });

  it('follows another sitemap named under Advanced, asking for its site', async () => {
    const { root, follow, permissions } = followPage();
    await waitFor(root, '[data-testid="follow-start"]');
    expect(($(root, 'follow-sitemap') as HTMLInputElement).value).toBe(AP_SITEMAP);
    await type($(root, 'follow-sitemap'), 'http://wire.example:8080/sitemap.xml');
    ($(root, 'follow-start') as HTMLButtonElement).click();
    expect(permissions.asked).toEqual([['http://wire.example/*']]);
    await until(() => follow.changes.length === 1);
    expect(follow.changes[0]).toMatchObject({ following: true, sitemapIndex: 'http://wire.example:8080/sitemap.xml' });
  });

  it('refuses a budget that is not a number or too small, with an alert beside the field', async () => {
    const { root } = followPage();
    await waitFor(root, '[data-testid="follow-start"]');
    await type($(root, 'follow-budget'), 'lots');
    const error = await waitFor(root, '#follow-budget-error');
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toBe(t('options_follow_budget_invalid'));
    expect($(root, 'follow-budget').getAttribute('aria-invalid')).toBe('true');
    await type($(root, 'follow-budget'), '5');
    await type($(root, 'follow-budget-unit'), 'MB', 'change');
    await until(() => root.querySelector('#follow-budget-error')?.textContent === t('options_follow_budget_too_small'));
  });

  it('says so, as an alert, when the background does not answer', async () => {
    const { root } = followPage((f) => (f.failGet = 'no receiving end'));
    const alert = await waitFor(root, '[data-testid="follow-load-error"]');
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.textContent).toBe(t('options_follow_unreachable', 'no receiving end'));
  });
});

describe('Follow AP, following', () => {
  it('shows the last and next run, the counts, and the storage against the budget', async () => {
    const { root } = followPage((f) => f.following());
    await waitFor(root, '[data-testid="follow-facts"]');
    expect($(root, 'follow-status').textContent).toBe(t('options_follow_status_idle'));
    expect($(root, 'follow-count-added').textContent).toBe('340');
    expect($(root, 'follow-count-queued').textContent).toBe('12');
    expect($(root, 'follow-count-skipped').textContent).toBe('25');
    expect($(root, 'follow-count-failed').textContent).toBe('2');
    expect($(root, 'follow-last-run').textContent).not.toBe(t('options_follow_never'));
    expect($(root, 'follow-storage').textContent).toBe(t('options_follow_storage', '150 MB', '1.0 GB'));
    expect(root.querySelector('meter')?.getAttribute('max')).toBe(String(1024 ** 3));
  });

  it('follows what the background reports, polled while the page is visible', async () => {
    const { root, follow, corpusChanges } = followPage((f) => f.following());
    await waitFor(root, '[data-testid="follow-facts"]');
    follow.status.running = true;
    follow.status.progress = { phase: 'stories', counts: follow.status.counts, current: 'https://apnews.com/article/x-1' };
    follow.status.counts = { ...follow.status.counts, added: 341 };
    await until(() => $(root, 'follow-count-added').textContent === '341', 'the next poll');
    expect($(root, 'follow-status').textContent).toBe(t('options_follow_status_stories'));
    expect($(root, 'follow-current').textContent).toBe(t('options_follow_fetching', 'https://apnews.com/article/x-1'));
    const waitUntil = Date.UTC(2026, 11, 1, 9, 45, 30);
    follow.status.progress = { phase: 'waiting', counts: follow.status.counts, waitUntil };
    await until(() => $(root, 'follow-status').textContent === t('options_follow_status_waiting_until', new Date(waitUntil).toLocaleTimeString()), 'the wait');
    follow.status.running = false;
    await until(() => corpusChanges() === 1, 'the corpus table told, once the run ends');
  });

  it('pauses and resumes, and updates now', async () => {
    const { root, follow, log } = followPage((f) => f.following());
    const pause = (await waitFor(root, '[data-testid="follow-pause"]')) as HTMLButtonElement;
    expect(pause.textContent).toBe(t('options_follow_pause'));
    ($(root, 'follow-run-now') as HTMLButtonElement).click();
    await until(() => log.includes('run-now'));
    await until(() => $(root, 'follow-run-now').hasAttribute('disabled'), 'update now disabled while running');
    follow.status.running = false;
    await until(() => !$(root, 'follow-pause').hasAttribute('disabled'));
    ($(root, 'follow-pause') as HTMLButtonElement).click();
    await until(() => $(root, 'follow-status').textContent === t('options_follow_status_paused'));
    expect(follow.changes.at(-1)).toEqual({ paused: true });
    expect($(root, 'follow-pause').textContent).toBe(t('options_follow_resume'));
    ($(root, 'follow-pause') as HTMLButtonElement).click();
    await until(() => follow.changes.length === 2);
    expect(follow.changes.at(-1)).toEqual({ paused: false });
  });

  it('shows why a follow stopped as an alert, and "Try again" asks for the site in the click, then runs', async () => {
    const { root, follow, permissions, log } = followPage((f) => f.following({}, { stopped: { reason: 'apnews.com answered 503 six times in a row', at: 1 } }));
    const alert = await waitFor(root, '[data-testid="follow-stopped"]');
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.textContent).toBe(t('options_follow_stopped_reason', 'apnews.com answered 503 six times in a row'));
    expect($(root, 'follow-status').textContent).toBe(t('options_follow_status_stopped'));
    expect($(root, 'follow-next-run').textContent).toBe(t('options_follow_not_while_stopped'));
    ($(root, 'follow-retry') as HTMLButtonElement).click();
    expect(permissions.asked).toEqual([['https://apnews.com/*']]);
    await until(() => log.at(-1) === 'run-now');
    expect(log).toEqual(['request https://apnews.com/*', 'run-now']);
    await until(() => root.querySelector('[data-testid="follow-stopped"]') === null, 'the alert gone');
    expect(follow.status.state?.stopped).toBeUndefined();
  });

  it('offers to grant the site again when the browser no longer does', async () => {
    const { root, log } = followPage((f) => f.following({ permitted: false }));
    await waitFor(root, '[data-testid="follow-stopped"]');
    expect($(root, 'follow-status').textContent).toBe(t('options_follow_status_no_access', 'apnews.com'));
    ($(root, 'follow-retry') as HTMLButtonElement).click();
    await until(() => log.length === 2);
    expect(log).toEqual(['request https://apnews.com/*', 'run-now']);
  });

  it('asks whether to keep the stories when the reader stops following', async () => {
    const { root, follow, corpusChanges } = followPage((f) => f.following());
    ((await waitFor(root, '[data-testid="follow-stop"]')) as HTMLButtonElement).click();
    const dialog = await waitFor(root, '[data-testid="follow-stop-dialog"]');
    expect(dialog.textContent).toContain('The 340 stories it added can stay in your corpus, or leave it.');
    ($(root, 'follow-stop-cancel') as HTMLButtonElement).click();
    await until(() => root.querySelector('[data-testid="follow-stop-dialog"]') === null);
    expect(follow.changes).toEqual([]);
    ($(root, 'follow-stop') as HTMLButtonElement).click();
    ((await waitFor(root, '[data-testid="follow-stop-delete"]')) as HTMLButtonElement).click();
    await until(() => follow.changes.length === 1);
    expect(follow.changes[0]).toEqual({ following: false, keepStories: false });
    await until(() => $(root, 'follow-status').textContent === t('options_follow_status_off'));
    expect($(root, 'follow-feedback').textContent).toBe(t('options_follow_stopped_deleted'));
    expect(corpusChanges()).toBeGreaterThanOrEqual(1);
  });

  it('saves a new budget, changes the window, and switches sitemap asking for its site', async () => {
    const { root, follow, permissions } = followPage((f) => f.following());
    await waitFor(root, '[data-testid="follow-budget-save"]');
    await type($(root, 'follow-budget'), '2');
    submit($(root, 'follow-budget').closest('form')!);
    await until(() => follow.changes.length === 1);
    expect(follow.changes[0]).toEqual({ budgetBytes: 2 * 1024 ** 3 });
    await type($(root, 'follow-window'), 'quarter', 'change');
    await until(() => follow.changes.length === 2);
    expect(follow.changes[1]).toEqual({ window: 'quarter' });
    await type($(root, 'follow-sitemap'), 'https://wire.example/sitemap.xml');
    submit($(root, 'follow-sitemap').closest('form')!);
    expect(permissions.asked).toEqual([['https://wire.example/*']]);
    await until(() => follow.changes.length === 3);
    expect(follow.changes[2]).toEqual({ sitemapIndex: 'https://wire.example/sitemap.xml' });
  });
});

function subsPage(setup: (s: FakeSubscriptions) => void = () => {}, grant = true) {
  const log: string[] = [];
  const subscriptions = new FakeSubscriptions(log);
  setup(subscriptions);
  const permissions = new FakePermissions(log, grant);
  const root = mount(h(SubscriptionsSection, { subscriptions, permissions, pollMs: 20 }));
  return { root, subscriptions, permissions, log };
}

const PACK = 'https://packs.example.org/ap.wcpack';
const SHA = 'AB'.repeat(32);

describe('pack subscriptions', () => {
  it('checks the address and the hash before asking for anything', async () => {
    const { root, log } = subsPage();
    await waitFor(root, '[data-testid="subs-empty"]');
    await type($(root, 'subs-url'), 'ftp://packs.example.org/ap.wcpack');
    await type($(root, 'subs-sha'), 'abc');
    submit($(root, 'subs-add').closest('form')!);
    const urlError = await waitFor(root, '#subs-url-error');
    expect(urlError.getAttribute('role')).toBe('alert');
    expect(urlError.textContent).toBe(t('options_subs_url_invalid'));
    expect($(root, 'subs-sha').getAttribute('aria-invalid')).toBe('true');
    expect(root.querySelector('#subs-sha-error')?.textContent).toBe(t('options_subs_sha_invalid'));
    expect(log).toEqual([]);
  });

  it('asks for the pack’s site inside the submit, then subscribes with the hash pinned', async () => {
    const { root, permissions, log } = subsPage();
    await waitFor(root, '[data-testid="subs-empty"]');
    await type($(root, 'subs-url'), PACK);
    await type($(root, 'subs-sha'), ` ${SHA} `);
    submit($(root, 'subs-add').closest('form')!);
    expect(permissions.asked).toEqual([['https://packs.example.org/*']]);
    expect(log).toEqual(['request https://packs.example.org/*']);
    await waitFor(root, '[data-testid="subs-row"]');
    expect(log[1]).toBe(`add ${PACK} ${SHA.toLowerCase()}`);
    expect($(root, 'subs-feedback').textContent).toBe(t('options_subs_added', PACK));
    expect($(root, 'subs-articles').textContent).toBe('10,000');
    expect($(root, 'subs-state').textContent).toBe(t('options_subs_ok'));
    expect(($(root, 'subs-url') as HTMLInputElement).value).toBe('');
  });

  it('subscribes to nothing when the site is refused', async () => {
    const { root, log } = subsPage(() => {}, false);
    await waitFor(root, '[data-testid="subs-empty"]');
    await type($(root, 'subs-url'), PACK);
    submit($(root, 'subs-add').closest('form')!);
    const error = await waitFor(root, '[data-testid="subs-error"]');
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toBe(t('options_subs_refused', 'packs.example.org'));
    expect(log).toEqual(['request https://packs.example.org/*']);
    expect(root.querySelector('[data-testid="subs-row"]')).toBeNull();
  });

  it('lists each pack as text, links only http(s), and checks and removes it', async () => {
    const hostile = 'javascript:alert(1)//<b>x</b>';
    const { root, subscriptions, log } = subsPage((s) => {
      s.list_ = [
        { url: PACK, addedAt: 1, lastCheckedAt: Date.UTC(2026, 11, 1), articles: 5, checking: false, permitted: true },
        { url: hostile, addedAt: 2, error: 'HTTP 404', checking: false, permitted: true },
      ];
    });
    const rows = await until(() => root.querySelectorAll('[data-testid="subs-row"]').length === 2).then(() => [...root.querySelectorAll('[data-testid="subs-row"]')]);
    expect(rows[0]!.querySelector('a')?.getAttribute('href')).toBe(PACK);
    expect(rows[1]!.querySelector('a')).toBeNull();
    expect(rows[1]!.querySelector('b')).toBeNull();
    expect(rows[1]!.textContent).toContain(hostile);
    expect(rows[1]!.textContent).toContain(t('options_subs_row_error', 'HTTP 404'));
    expect(rows[0]!.querySelector('[data-testid="subs-check"]')?.getAttribute('aria-label')).toBe(t('options_subs_check_label', PACK));

    subscriptions.onCheck = (sub) => {
      sub.lastChangedAt = Date.UTC(2026, 11, 2);
      sub.articles = 7;
    };
    (rows[0]!.querySelector('[data-testid="subs-check"]') as HTMLButtonElement).click();
    expect(log).toEqual(['request https://packs.example.org/*']);
    await until(() => $(root, 'subs-feedback').textContent === t('options_subs_check_changed', PACK), 'the check');
    expect(log[1]).toBe(`check ${PACK}`);
    expect(root.querySelector('[data-testid="subs-articles"]')!.textContent).toBe('7');

    (root.querySelector('[data-testid="subs-remove"]') as HTMLButtonElement).click();
    await until(() => root.querySelectorAll('[data-testid="subs-row"]').length === 1, 'the removal');
    expect(log.at(-1)).toBe(`remove ${PACK}`);
    expect($(root, 'subs-feedback').textContent).toBe(t('options_subs_removed', PACK));
  });
});

describe('the welcome page’s offer to follow AP', () => {
  function offer(grant: boolean, setup: (f: FakeFollow) => void = () => {}) {
    const log: string[] = [];
    const follow = new FakeFollow(log);
    setup(follow);
    const permissions = new FakePermissions(log, grant);
    const root = mount(h(FollowOffer, { follow, permissions, optionsUrl: OPTIONS_URL }));
    return { root, follow, permissions, log };
  }

  it('offers a month by default, asks for apnews.com in the click, and links to the options section', async () => {
    const { root, follow, log } = offer(true);
    const button = (await waitFor(root, '[data-testid="welcome-follow-start"]')) as HTMLButtonElement;
    expect(($(root, 'welcome-follow-window') as HTMLSelectElement).value).toBe('month');
    expect($(root, 'welcome-follow-link').getAttribute('href')).toBe(`${OPTIONS_URL}#follow`);
    button.click();
    expect(log).toEqual(['request https://apnews.com/*']);
    await until(() => $(root, 'welcome-follow-status').textContent === t('welcome_follow_following'));
    expect(follow.changes).toEqual([{ following: true, window: 'month', budgetBytes: 1024 ** 3 }]);
    expect(root.querySelector('[data-testid="welcome-follow-start"]')).toBeNull();
  });

  it('says nothing changed when the site is refused', async () => {
    const { root, follow } = offer(false);
    ((await waitFor(root, '[data-testid="welcome-follow-start"]')) as HTMLButtonElement).click();
    const error = await waitFor(root, '[data-testid="welcome-follow-error"]');
    expect(error.getAttribute('role')).toBe('alert');
    expect(error.textContent).toBe(t('welcome_follow_refused', 'apnews.com'));
    expect(follow.changes).toEqual([]);
  });

  it('tells a reader who already follows so', async () => {
    const { root } = offer(true, (f) => f.following());
    await until(() => $(root, 'welcome-follow-status').textContent === t('welcome_follow_following'));
    expect(root.querySelector('[data-testid="welcome-follow-start"]')).toBeNull();
  });
});

describe('the forms’ words and numbers', () => {
  it('reads budgets in MB and GB, and shows whole GB as GB', () => {
    expect(parseBudget('1.5', 'GB')).toEqual({ ok: true, bytes: 1.5 * 1024 ** 3 });
    expect(parseBudget('500', 'MB')).toEqual({ ok: true, bytes: 500 * 1024 ** 2 });
    expect(parseBudget('9', 'MB')).toEqual({ ok: false, error: t('options_follow_budget_too_small') });
    expect(parseBudget('-1', 'GB')).toEqual({ ok: false, error: t('options_follow_budget_invalid') });
    expect(splitBudget(2 * 1024 ** 3)).toEqual({ amount: '2', unit: 'GB' });
    expect(splitBudget(1_000_000_000)).toEqual({ amount: '953.7', unit: 'MB' });
  });

  it('takes a SHA-256 as 64 hex digits in either case, or none', () => {
    expect(parseSha256(SHA)).toBe(SHA.toLowerCase());
    expect(parseSha256('  ')).toBe('');
    expect(parseSha256(`${SHA}0`)).toBeUndefined();
    expect(parseSha256('g'.repeat(64))).toBeUndefined();
  });

  it('asks for a site by scheme and host, on any port, and for http(s) sites only', () => {
    expect(originPattern('https://apnews.com/sitemap.xml')).toBe('https://apnews.com/*');
    expect(originPattern('http://127.0.0.1:8123/ap.wcpack')).toBe('http://127.0.0.1/*');
    expect(originPattern('file:///etc/passwd')).toBeUndefined();
    expect(originPattern('not a url')).toBeUndefined();
  });
});
