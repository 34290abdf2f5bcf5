/**
 * The reader's settings as the settings section holds them: loaded once, changed at once on
 * screen, then saved by applying the same change to the settings as stored at that moment
 * (`SettingsApi.update`), so a change made elsewhere meanwhile is kept. A failed save says
 * why and reloads what is stored.
 */

import { useEffect, useState } from 'preact/hooks';
import type { Settings } from '../../../core/settings';
import type { SettingsApi } from '../corpus-api';
import { withSetting } from '../settings-form';

export type Saved = { kind: 'idle' } | { kind: 'saved'; at: number } | { kind: 'failed'; message: string };

export function useSettings(api: SettingsApi) {
  const [settings, setSettings] = useState<Settings | undefined>();
  const [loadError, setLoadError] = useState<string | undefined>();
  const [saved, setSaved] = useState<Saved>({ kind: 'idle' });

  useEffect(() => {
    api.load().then(setSettings, (e: unknown) => setLoadError(e instanceof Error ? e.message : String(e)));
  }, [api]);

  const change = async (apply: (s: Settings) => Settings) => {
    if (settings) setSettings(apply(settings)); // at once, so the control does not lag
    try {
      setSettings(await api.update(apply));
      setSaved({ kind: 'saved', at: Date.now() });
    } catch (e) {
      setSaved({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
      api.load().then(setSettings, () => undefined);
    }
  };

  return {
    /** Undefined until loaded. */
    settings,
    loadError,
    saved,
    /** Applies `apply` to the settings, on screen and then as stored. */
    change: (apply: (s: Settings) => Settings) => void change(apply),
    set: <K extends keyof Settings>(key: K, value: Settings[K]) => void change((s) => withSetting(s, key, value)),
  };
}

export type SettingsState = ReturnType<typeof useSettings>;
