/**
 * What a new follow starts with, wherever it starts (the options page, the welcome page, the
 * background, the CLI): AP's sitemap index, the last month of stories, and a storage budget of
 * 1 GiB (about a year of AP's stories, bench/results.json "A year of AP"; the options page
 * writes sizes 1024-based, so it reads "1 GB").
 */

import type { BackfillWindow } from './types';

export const DEFAULT_SITEMAP_INDEX = 'https://apnews.com/sitemap.xml';
export const DEFAULT_BACKFILL_WINDOW: BackfillWindow = 'month';
export const DEFAULT_BUDGET_BYTES = 1024 ** 3;
