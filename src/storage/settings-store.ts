/**
 * The reader's settings and "this looks wrong" reports, kept in the corpus database next to
 * the corpus (no `storage` permission needed). Settings are one `meta` record, validated and
 * migrated on every read and before every write (core/settings.ts `migrateSettings`), so a
 * damaged or older record reads as what it can be made into. Reports are keyed by page URL
 * and source, so reporting the same pair again replaces the earlier report.
 */

import { type Settings, migrateSettings } from '../core/settings';
import { type Connection, writeAll } from './connection';
import { SETTINGS_KEY } from './schema';

/** The settings, validated and migrated (defaults when none were saved). */
export function getSettings(connection: Connection): Promise<Settings> {
  return connection.reading(async (db) => migrateSettings((await db.get('meta', SETTINGS_KEY))?.value));
}

/** Saves settings after validating them; returns what was stored. */
export async function saveSettings(connection: Connection, settings: Settings): Promise<Settings> {
  const valid = migrateSettings(settings);
  await connection.writing((db) => db.put('meta', { key: SETTINGS_KEY, value: valid }));
  return valid;
}

/**
 * Reads, changes and saves the settings in one transaction, so a change made elsewhere in
 * between (the background muting a site) is not overwritten by a stale copy. Returns what
 * was stored, validated.
 */
export function updateSettings(connection: Connection, change: (current: Settings) => Settings): Promise<Settings> {
  return connection.writing(async (db) => {
    const tx = db.transaction('meta', 'readwrite');
    return writeAll(tx, async () => {
      const current = migrateSettings((await tx.store.get(SETTINGS_KEY))?.value);
      const valid = migrateSettings(change(current));
      await tx.store.put({ key: SETTINGS_KEY, value: valid });
      return valid;
    });
  });
}

/** The reader says this page does not derive from this source. */
export async function reportWrong(connection: Connection, url: string, sourceId: string): Promise<void> {
  await connection.writing((db) => db.put('feedback', { url, sourceId, reportedAt: Date.now() }));
}

/** Sources the reader has said this URL does not derive from. */
export function reportedWrong(connection: Connection, url: string): Promise<string[]> {
  return connection.reading(async (db) => {
    const records = await db.getAll('feedback', IDBKeyRange.bound([url, ''], [url, '\uffff']));
    return records.map((r) => r.sourceId);
  });
}
