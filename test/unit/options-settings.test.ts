// The options page's settings logic (src/ui/options/settings-form.ts) and text helpers, as pure
// functions: site lists validated the way the background reads them, sensitivity explained
// with the numbers the verdict code uses.
import { describe, expect, it } from 'vitest';
import { DERIVED_SENTENCES_BY_SENSITIVITY } from '../../src/core/match/verdict';
import { DEFAULT_SETTINGS, isNeverChecked, migrateSettings } from '../../src/core/settings';
import { MAX_HOSTS, SENSITIVITY_CHOICES, addHost, removeHost, withSetting } from '../../src/ui/options/settings-form';
import { OPTIONS_TEXT } from '../../src/i18n/text/options';
import { articles, formatBytes, tCount } from '../../src/i18n/counts';
import { WELCOME_TEXT } from '../../src/i18n/text/welcome';
import { t } from '../../src/i18n/t';
import { MESSAGES } from '../../src/i18n/catalogue';

describe('settings form', () => {
  it('adds a site as the background will match it, from a name or a pasted address', () => {
    const added = addHost([], '  https://WWW.Example.COM/some/page?x=1 ');
    expect(added).toEqual({ ok: true, hosts: ['www.example.com'], host: 'www.example.com' });
    const settings = withSetting(DEFAULT_SETTINGS, 'neverCheck', added.ok ? added.hosts : []);
    expect(isNeverChecked(settings, 'https://www.example.com/news/1')).toBe(true);
    expect(isNeverChecked(settings, 'https://example.com/')).toBe(false);
    expect(addHost(['b.example'], 'a.example')).toMatchObject({ ok: true, hosts: ['a.example', 'b.example'] }); // kept sorted
  });

  it.each([
    ['', 'Type a site name such as example.com first.'],
    ['   ', 'Type a site name such as example.com first.'],
    ['not a host', '“not a host” is not a site name. Type a name such as example.com, or paste an address.'],
    ['localhost', '“localhost” is not a site name. Type a name such as example.com, or paste an address.'],
    ['javascript:alert(1)', '“javascript:alert(1)” is not a site name. Type a name such as example.com, or paste an address.'],
  ])('refuses %j with a message that says what to type', (input, error) => {
    expect(addHost([], input)).toEqual({ ok: false, error });
  });

  it('refuses a site already listed, and a list that is full', () => {
    expect(addHost(['example.com'], 'EXAMPLE.com')).toEqual({ ok: false, error: 'example.com is already on the list.' });
    const full = Array.from({ length: MAX_HOSTS }, (_, i) => `site${i}.example`);
    expect(addHost(full, 'one-more.example')).toEqual({ ok: false, error: `The list is full (${MAX_HOSTS} sites). Remove some first.` });
    // migrateSettings keeps exactly as many: the form's limit is the store's.
    expect(migrateSettings({ neverCheck: [...full, 'one-more.example'] }).neverCheck).toHaveLength(MAX_HOSTS);
  });

  it('removes a site, and changes one field through the same validation as the store', () => {
    expect(removeHost(['a.example', 'b.example'], 'a.example')).toEqual(['b.example']);
    expect(withSetting(DEFAULT_SETTINGS, 'sensitivity', 'eager')).toEqual({ ...DEFAULT_SETTINGS, sensitivity: 'eager' });
    expect(withSetting(DEFAULT_SETTINGS, 'sensitivity', 'reckless' as never).sensitivity).toBe('balanced');
    expect(withSetting(DEFAULT_SETTINGS, 'noticeMutedHosts', ['Muted.Example', 'nope']).noticeMutedHosts).toEqual(['muted.example']);
  });

  it('explains each sensitivity with the number of sentences the verdict code asks for', () => {
    expect(SENSITIVITY_CHOICES.map((c) => c.value)).toEqual(['cautious', 'balanced', 'eager']);
    for (const c of SENSITIVITY_CHOICES) {
      expect(c.sentences).toBe(DERIVED_SENTENCES_BY_SENSITIVITY[c.value]);
      expect(t(c.explanation)).toContain(`${c.sentences} ${c.sentences === 1 ? 'sentence' : 'of its sentences'}`);
    }
    expect(SENSITIVITY_CHOICES.map((c) => c.sentences)).toEqual([3, 2, 1]);
  });
});

describe('options and welcome text', () => {
  it('substitutes values and counts like t()', () => {
    expect(t('options_imported', articles(1_234), '2 files', 1, 2, 3)).toBe('Imported 1,234 articles from 2 files: 1 new, 2 updated, 3 unchanged.');
    expect(tCount('options_import_anyway', 1)).toBe('Import the 1 valid article anyway');
    expect(tCount('options_import_anyway', 5)).toBe('Import the 5 valid articles anyway');
    expect(t('welcome_sample_added', 2, 2)).toBe('Added: your corpus now holds the 2 sample articles (2 new).');
    expect([formatBytes(512), formatBytes(2048), formatBytes(5 * 1024 ** 3)]).toEqual(['512 bytes', '2.0 KB', '5.0 GB']);
  });

  it('keys are valid browser.i18n names, and every one is in the catalogue t() reads', () => {
    for (const [key, text] of [...Object.entries(OPTIONS_TEXT), ...Object.entries(WELCOME_TEXT)]) {
      expect(key).toMatch(/^(options|welcome)_[a-z0-9_]+$/);
      expect(MESSAGES[key as keyof typeof MESSAGES]).toBe(text);
    }
  });

  it('a successful import never says "failed" (the e2e contract reads it as an error)', () => {
    const success = [t('options_imported', 'x', 'y', 1, 2, 3), t('options_imported_resumed', 'x'), tCount('options_skipped_heading', 2), t('options_reading', 'a', 'b', 'c'), t('options_saving', 'x')];
    for (const line of success) expect(line).not.toMatch(/failed/i);
    expect(t('options_reading', 'a', 'b', 'c')).not.toMatch(/imported/i); // progress is not an outcome
  });
});
