/**
 * Every sentence of the options page, in one object.
 *
 * Written in the shape of src/ui/messages.ts on purpose (keys `options_*`, `$1`…`$9` for
 * values, `ot()` substituting like `t()`), so moving it into the browser.i18n catalogue is
 * cutting these entries into MESSAGES and replacing `ot` with `t`. Plurals are two keys
 * (`_one`, `_many`), as browser.i18n has no plural rules.
 */

export const OPTIONS_TEXT = {
  options_title: 'Wirecheck: your corpus and settings',
  options_intro:
    'Wirecheck compares the news you read with the Associated Press originals you keep here. Everything stays in this browser: pages, your corpus and the results never leave your machine.',
  options_nav_label: 'Sections of this page',
  options_nav_import: 'Import',
  options_nav_corpus: 'Corpus',
  options_nav_export: 'Export',
  options_nav_storage: 'Storage',
  options_nav_settings: 'Settings',
  options_count_articles_one: '1 article',
  options_count_articles_many: '$1 articles',
  options_count_files_one: '1 file',
  options_count_files_many: '$1 files',
  options_bytes: '$1 bytes',

  // Import
  options_import_heading: 'Import AP originals',
  options_import_formats:
    'JSON Lines (one {"id", "title", "url", "published", "text"} object per line), plain text (the headline on the first line, the story after it) or saved web pages (.html). If any line cannot be read, nothing is imported until you decide.',
  options_drop_here: 'Drop files here, or choose them:',
  options_drop_active: 'Release to import these files',
  options_choose_files: 'Corpus files',
  options_add_sample: 'Add the sample corpus',
  options_cancel_import: 'Cancel import',
  options_progress_label: 'Import progress',
  options_reading: 'Reading files… $1 of $2 · $3 ready',
  options_reading_problems: ' · $1 with problems so far',
  options_reading_reused: ' · $1 already read in an earlier run',
  options_saving: 'Saving $1 to your corpus…',
  options_imported: 'Imported $1 from $2: $3 new, $4 updated, $5 unchanged.',
  options_imported_resumed: 'Continued an earlier import: $1 were not read again.',
  options_skipped_heading_one: 'Left out 1 line or file with a problem:',
  options_skipped_heading_many: 'Left out $1 lines or files with problems:',
  options_import_failed: 'Import failed; your corpus is unchanged.',
  options_problems_one: '1 problem in your files:',
  options_problems_many: '$1 problems in your files:',
  options_more_problems: '…and $1 more problems',
  options_import_anyway_one: 'Import the 1 valid article anyway',
  options_import_anyway_many: 'Import the $1 valid articles anyway',
  options_discard: 'Discard',
  options_discard_import: 'Discard this import',
  options_import_error: 'Import failed; your corpus is unchanged ($1)',
  options_import_cancelled: 'Import cancelled; your corpus is unchanged.',
  options_import_cancelled_kept: 'The $1 read so far are kept: choose the same files again to continue where it stopped, or discard them.',
  options_no_articles_in_file: 'no articles in this file',
  options_pending_heading: 'Unfinished imports',
  options_pending_staging: '$1, started $2: stopped after $3. Choose the same files again to continue where it stopped.',
  options_pending_staged: '$1, started $2: $3 read and ready, not yet in your corpus.',
  options_pending_staged_problems: '$1, started $2: $3 ready; $4 with problems left out if you import them.',
  options_pending_import: 'Import them',
  options_discarded: 'Discarded; your corpus is unchanged.',

  // Corpus table
  options_corpus_heading: 'In your corpus: ',
  options_corpus_heading_after: ' articles',
  options_corpus_empty: 'Your corpus is empty. Import AP originals above, or add the sample corpus to try Wirecheck.',
  options_corpus_read_error: 'Could not read the corpus: $1',
  options_search_label: 'Search',
  options_search_placeholder: 'Words in the title',
  options_search_placeholder_text: 'Words in the title or text',
  options_search_in: 'Search in',
  options_search_in_title: 'titles',
  options_search_in_text: 'titles and full texts',
  options_search_text_note: 'Searching full texts reads every article, which takes a while in a large corpus.',
  options_searching: 'Searching full texts… $1 of $2 articles read',
  options_searching_titles: 'Searching…',
  options_stop_search: 'Stop searching',
  options_search_stopped: 'Search stopped.',
  options_matches_none: 'No article matches “$1”.',
  options_showing: 'Showing $1–$2 of $3',
  options_showing_matching: 'Showing $1–$2 of $3 matching “$4”',
  options_table_caption: 'Articles in your corpus',
  options_col_select: 'Select',
  options_col_title: 'Title',
  options_col_published: 'Published',
  options_col_added: 'Added',
  options_col_words: 'Words',
  options_col_actions: 'Actions',
  options_sorted_asc: 'sorted ascending',
  options_sorted_desc: 'sorted descending',
  options_sort_by: 'Sort by $1',
  options_select_row: 'Select “$1”',
  options_select_page: 'Select every article on this page',
  options_view: 'View',
  options_view_label: 'View “$1”',
  options_delete: 'Delete',
  options_delete_label: 'Delete “$1”',
  options_deleted_one: 'Deleted “$1”.',
  options_deleted_many: 'Deleted $1 articles.',
  options_delete_failed: 'Could not delete: $1',
  options_selected_one: '1 article selected',
  options_selected_many: '$1 articles selected',
  options_selected_all_matching: 'All $1 matching articles selected',
  options_select_all_matching: 'Select all $1 matching articles',
  options_select_all_corpus: 'Select all $1 articles',
  options_delete_selected: 'Delete selected',
  options_clear_selection: 'Clear selection',
  options_confirm_delete_heading_one: 'Delete 1 article?',
  options_confirm_delete_heading_many: 'Delete $1 articles?',
  options_confirm_delete_text: 'They leave your corpus for good. To get them back, import them again (export your corpus first to keep a copy).',
  options_confirm_delete: 'Delete',
  options_cancel: 'Cancel',
  options_paging_label: 'Pages',
  options_first_page: 'First page',
  options_previous_page: 'Previous page',
  options_next_page: 'Next page',
  options_last_page: 'Last page',
  options_page_of: 'Page $1 of $2',

  // Article view
  options_article_published: 'Published',
  options_article_added: 'Added to your corpus',
  options_article_words: 'Words',
  options_article_url: 'Address',
  options_article_no_url: 'none in your corpus',
  options_article_unsafe_url: '$1 (not a web address, so not a link)',
  options_article_id: 'Id',
  options_article_text: 'Text of the article',
  options_article_loading: 'Loading the article…',
  options_article_missing: 'This article is no longer in your corpus.',
  options_close: 'Close',

  // Export
  options_export_heading: 'Export',
  options_export_text: 'Save your corpus as a JSON Lines file: one article per line, the same format the import reads, so it moves to another browser or computer as it is.',
  options_export_button: 'Export the corpus',
  options_exporting: 'Exporting… $1 of $2 articles',
  options_exported: 'Exported $1 ($2).',
  options_export_again: 'Save $1 again',
  options_export_failed: 'Export failed: $1',

  // Storage
  options_storage_heading: 'Storage',
  options_storage_usage: 'Wirecheck uses $1 of the $2 this browser allows it.',
  options_storage_unknown: 'This browser does not say how much space Wirecheck uses.',
  options_storage_persisted: 'This browser will keep your corpus even when disk space runs low.',
  options_storage_not_persisted: 'This browser may clear your corpus when disk space runs low, unless you ask it to keep it.',
  options_persist_button: 'Ask the browser to keep my corpus',
  options_persist_asking: 'Asking the browser… It may show you a question about storing data; its answer appears here.',
  options_persist_granted: 'Granted: the browser will keep your corpus even when space runs low.',
  options_persist_denied: 'Not granted: the browser decides this itself (Chrome grants it to extensions and sites you use often; Firefox may ask you). Exporting your corpus keeps a copy either way.',
  options_persist_unavailable: 'This browser cannot be asked to keep its data.',

  // Settings
  options_settings_heading: 'Settings',
  options_settings_saved: 'Saved.',
  options_settings_save_failed: 'Could not save the settings: $1',
  options_sensitivity_legend: 'How much evidence a match needs',
  options_sensitivity_cautious: 'Cautious',
  options_sensitivity_cautious_text: 'Flags a page only when at least 3 of its sentences derive from an AP story. Fewest false alarms; short reuses go unnoticed.',
  options_sensitivity_balanced: 'Balanced (recommended)',
  options_sensitivity_balanced_text: 'Flags a page when at least 2 of its sentences derive from an AP story.',
  options_sensitivity_eager: 'Eager',
  options_sensitivity_eager_text: 'Flags a page as soon as 1 sentence derives from an AP story. Catches single reused passages, and flags more pages that merely quote the same source.',
  options_checking_legend: 'Checking pages',
  options_auto_check: 'Check articles automatically as they load',
  options_auto_check_text: 'When off, Wirecheck reads a page only when you ask, with “Check this page” in its toolbar popup.',
  options_in_page_notice: 'Show a notice on pages that derive from an AP story',
  options_in_page_notice_text: 'A small box at the edge of the page. The toolbar badge shows the result either way.',
  options_credited_notice: 'Also show the notice on word-for-word copies that credit AP',
  options_credited_notice_text: 'Newspapers that subscribe to AP republish its stories word for word, with credit. That is usually legitimate, so by default only the badge tells you.',
  options_never_legend: 'Sites never to check',
  options_never_text: 'Wirecheck does not read pages on these sites at all. A site also covers its subdomains (example.com covers news.example.com).',
  options_never_empty: 'No sites.',
  options_host_label: 'Site to add',
  options_host_placeholder: 'example.com',
  options_add_host: 'Add site',
  options_remove: 'Remove',
  options_host_invalid: '“$1” is not a site name. Type a name such as example.com, or paste an address.',
  options_host_empty: 'Type a site name such as example.com first.',
  options_host_duplicate: '$1 is already on the list.',
  options_host_too_many: 'The list is full ($1 sites). Remove some first.',
  options_muted_legend: 'Sites where the notice is muted',
  options_muted_text: 'Pages on these sites are still checked and the badge still shows the result; only the notice on the page is hidden. Mute a site from the notice itself.',
  options_muted_empty: 'No sites muted.',
  options_capture_legend: 'Collecting AP originals',
  options_auto_capture: 'Add AP stories I read on apnews.com to my corpus',
  options_auto_capture_text:
    'Off unless you turn it on. When on, each article you open on apnews.com is saved in your corpus as an original (a later version of the same story replaces the earlier one), so rewrites of it are recognised later. It stays in this browser like the rest of your corpus.',
} as const;

export type OptionsTextKey = keyof typeof OPTIONS_TEXT;

/** The text for `key` with `$1`…`$9` replaced by `values`, like `t()` in ../i18n.ts. */
export function ot(key: OptionsTextKey, ...values: (string | number)[]): string {
  return OPTIONS_TEXT[key].replace(/\$(\d)/g, (_, n: string) => String(values[Number(n) - 1] ?? ''));
}

/** `_one` for 1, `_many` (with the count as $1) otherwise. */
export function otCount(base: string, count: number, ...values: (string | number)[]): string {
  const key = `${base}_${count === 1 ? 'one' : 'many'}` as OptionsTextKey;
  return ot(key, formatCount(count), ...values);
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** "1 article" / "1,234 articles". */
export function articles(n: number): string {
  return otCount('options_count_articles', n);
}

export function filesCount(n: number): string {
  return otCount('options_count_files', n);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return ot('options_bytes', bytes);
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}
