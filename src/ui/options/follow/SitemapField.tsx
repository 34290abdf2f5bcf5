/**
 * The sitemap a follow reads, under "Advanced": AP's index unless the reader names another
 * (another wire service's sitemap works the same way). Before a follow starts it is only held
 * by the form; while following, "Use this sitemap" asks for the new site in the click itself
 * (`onUse` must ask before it awaits anything) and then switches.
 */

import { useEffect, useState } from 'preact/hooks';
import { t } from '../../../i18n/t';
import { DEFAULT_SITEMAP, parseHttpUrl } from '../follow-form';

export interface SitemapFieldProps {
  value: string;
  following: boolean;
  disabled?: boolean;
  /** Every edit, before a follow starts. */
  onChange(value: string): void;
  /** While following: switch to this sitemap (already checked to be an http(s) URL). */
  onUse(url: string): void;
}

export function SitemapField({ value, following, disabled, onChange, onUse }: SitemapFieldProps) {
  const [text, setText] = useState(value);
  const [error, setError] = useState<string | undefined>();
  useEffect(() => setText(value), [value]);

  const use = (e: Event) => {
    e.preventDefault();
    const url = parseHttpUrl(text);
    if (!url) return setError(t('options_follow_sitemap_invalid'));
    setError(undefined);
    if (following) onUse(url);
  };

  return (
    <details class="advanced" data-testid="follow-advanced">
      <summary>{t('options_follow_advanced')}</summary>
      <form class="sitemap" onSubmit={use}>
        <label for="follow-sitemap">{t('options_follow_sitemap_label')}</label>
        <input
          id="follow-sitemap"
          data-testid="follow-sitemap"
          type="url"
          value={text}
          placeholder={DEFAULT_SITEMAP}
          autoComplete="off"
          spellcheck={false}
          disabled={disabled}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? 'follow-sitemap-error' : 'follow-sitemap-text'}
          onInput={(e) => {
            const next = (e.currentTarget as HTMLInputElement).value;
            setText(next);
            setError(undefined);
            if (!following) onChange(next);
          }}
        />
        {following && (
          <button type="submit" data-testid="follow-sitemap-use" disabled={disabled}>
            {t('options_follow_sitemap_use')}
          </button>
        )}
        <p id="follow-sitemap-text" class="quiet explain">
          {t('options_follow_sitemap_text')}
        </p>
        {error && (
          <p id="follow-sitemap-error" class="notice error" role="alert">
            {error}
          </p>
        )}
      </form>
    </details>
  );
}
