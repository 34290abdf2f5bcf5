/**
 * A value the page asks the background for again and again while the reader can see it: at
 * once, every `everyMs` while the page is visible (not while hidden: a background tab asks
 * nothing), and at once when it becomes visible again. One request at a time; the answer to an
 * action (`apply`) is shown as soon as it comes, and an older poll's answer arriving after it
 * is dropped, so the page never steps back to what it showed before the action.
 */

import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export interface Polled<T> {
  value: T | undefined;
  /** Why the last poll failed, until one succeeds. */
  error: string | undefined;
  /** Shows what an action answers (the new status); rejects as the action does. */
  apply(answer: Promise<T>): Promise<T>;
  refresh(): void;
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function usePolled<T>(load: () => Promise<T>, everyMs: number): Polled<T> {
  const [value, setValue] = useState<T | undefined>();
  const [error, setError] = useState<string | undefined>();
  const started = useRef(0);
  const shown = useRef(0);
  const polling = useRef(false);
  const live = useRef(true);

  const apply = useCallback((answer: Promise<T>) => {
    const n = ++started.current;
    return answer.then((v) => {
      if (live.current && n > shown.current) {
        shown.current = n;
        setValue(v);
        setError(undefined);
      }
      return v;
    });
  }, []);

  const refresh = useCallback(() => {
    if (polling.current) return;
    polling.current = true;
    const n = started.current + 1;
    apply(load())
      .catch((e: unknown) => {
        if (live.current && n > shown.current) setError(errorText(e));
      })
      .finally(() => {
        polling.current = false;
      });
  }, [apply, load]);

  useEffect(() => {
    live.current = true;
    refresh();
    const timer = setInterval(() => {
      if (document.visibilityState !== 'hidden') refresh();
    }, everyMs);
    const onVisible = () => {
      if (document.visibilityState === 'visible') refresh();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      live.current = false;
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [refresh, everyMs]);

  return { value, error, apply, refresh };
}
