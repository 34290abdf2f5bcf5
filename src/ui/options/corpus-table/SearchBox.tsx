/**
 * The corpus table's search: what to look for and where (titles, or the full texts). Typing
 * waits for a pause before searching, so each keystroke does not start a search of its own;
 * the text is trimmed before it is searched for.
 */

import { useEffect, useState } from 'preact/hooks';
import { t } from '../../../i18n/t';
import type { SearchIn } from './corpus-page';

const SEARCH_DELAY_MS = 250;

export interface SearchBoxProps {
  searchIn: SearchIn;
  onSearchIn(searchIn: SearchIn): void;
  /** Called after a pause in typing, with the trimmed text. */
  onSearch(search: string): void;
  onFocus(): void;
}

export function SearchBox({ searchIn, onSearchIn, onSearch, onFocus }: SearchBoxProps) {
  const [input, setInput] = useState('');

  useEffect(() => {
    const timer = setTimeout(() => {
      onSearch(input.trim());
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [input]);

  return (
    <form role="search" class="search" onSubmit={(e) => e.preventDefault()}>
      <label for="corpus-search">{t('options_search_label')}</label>
      <input
        id="corpus-search"
        type="search"
        data-testid="corpus-search"
        value={input}
        placeholder={searchIn === 'text' ? t('options_search_placeholder_text') : t('options_search_placeholder')}
        aria-describedby={searchIn === 'text' ? 'search-text-note' : undefined}
        onFocus={onFocus}
        onInput={(e) => setInput((e.currentTarget as HTMLInputElement).value)}
      />
      <label for="corpus-search-in">{t('options_search_in')}</label>
      <select
        id="corpus-search-in"
        data-testid="corpus-search-in"
        value={searchIn}
        onChange={(e) => onSearchIn((e.currentTarget as HTMLSelectElement).value === 'text' ? 'text' : 'title')}
      >
        <option value="title">{t('options_search_in_title')}</option>
        <option value="text">{t('options_search_in_text')}</option>
      </select>
      {searchIn === 'text' && (
        <p id="search-text-note" class="quiet small">
          {t('options_search_text_note')}
        </p>
      )}
    </form>
  );
}
