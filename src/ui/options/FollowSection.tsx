/**
 * "Follow AP" on the options page: what following does, the button that starts it, and then
 * what it is doing (polled from the background every STATUS_POLL_MS while the page is
 * visible), with pause, update now and stop.
 *
 * Every action that needs a site (start, try again, another sitemap) asks the browser for it
 * first, synchronously in the click handler, before anything awaits: the browsers grant an
 * optional host permission only inside the reader's gesture. A refusal changes nothing and
 * says so. The parts live in follow/: the polling, the window and budget fields, the facts,
 * the sitemap under "Advanced", the stop dialog and the start flow the welcome page shares.
 */

import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { BackfillWindow } from '../../core/follow/types';
import { t } from '../../i18n/t';
import type { FollowApi, FollowChange, FollowStatus } from '../api';
import { DEFAULT_BUDGET_BYTES, DEFAULT_SITEMAP, DEFAULT_WINDOW, STATUS_POLL_MS, followPhase, hostOf, phaseText } from './follow-form';
import { BudgetField } from './follow/BudgetField';
import { FollowFacts } from './follow/FollowFacts';
import { SitemapField } from './follow/SitemapField';
import { StopDialog } from './follow/StopDialog';
import { WindowSelect } from './follow/WindowSelect';
import { startFollowing } from './follow/start-following';
import { errorText, usePolled } from './follow/use-polled';
import { type PermissionsApi, withSiteAccess } from './host-permission';
import { type Feedback, FeedbackLine } from './follow/FeedbackLine';

export interface FollowSectionProps {
  follow: FollowApi;
  permissions: PermissionsApi;
  /** The followed stories changed the corpus (added, evicted, deleted): the table re-reads. */
  onCorpusChanged?(): void;
  pollMs?: number;
}

/** What an action ends with: a new status (and a sentence saying what happened), or why nothing changed. */
type Done = { status: FollowStatus; info?: string } | { error: string };

export function FollowSection({ follow, permissions, onCorpusChanged, pollMs = STATUS_POLL_MS }: FollowSectionProps) {
  const load = useCallback(() => follow.followGet(), [follow]);
  const polled = usePolled(load, pollMs);
  const status = polled.value;
  // What the reader chose for a new follow; until they choose, a follow turned off offers what it had.
  const [chosen, setChosen] = useState<{ window?: BackfillWindow; budget?: number; sitemap?: string }>({});
  const backfill = chosen.window ?? status?.state?.window ?? DEFAULT_WINDOW;
  const budget = chosen.budget ?? status?.state?.budgetBytes ?? DEFAULT_BUDGET_BYTES;
  const sitemap = chosen.sitemap ?? status?.sitemapIndex ?? DEFAULT_SITEMAP;
  const [busy, setBusy] = useState(false);
  const [feedback, setFeedback] = useState<Feedback>();
  const [stopping, setStopping] = useState(false);

  useCorpusChanges(status, onCorpusChanged);
  // A sentence saying what an action did is read once (role=status) and then goes; errors stay.
  useEffect(() => {
    if (feedback?.kind !== 'info') return;
    const timer = setTimeout(() => setFeedback(undefined), FEEDBACK_MS);
    return () => clearTimeout(timer);
  }, [feedback]);

  /**
   * Runs an action: `run` is called at once (its permission request inside this click), its
   * answer shown. `asking`: the site whose access it asks for (the browser may show a prompt).
   */
  const act = (run: () => Promise<Done>, asking?: string) => {
    setBusy(true);
    setFeedback(asking ? { kind: 'info', text: t('options_follow_asking', hostOf(asking)) } : undefined);
    let answer: Promise<Done>;
    try {
      answer = run();
    } catch (e) {
      answer = Promise.reject(e);
    }
    void answer
      .then(
        (done) => {
          if ('error' in done) return setFeedback({ kind: 'error', text: done.error });
          void polled.apply(Promise.resolve(done.status));
          setFeedback(done.info ? { kind: 'info', text: done.info } : undefined);
        },
        (e: unknown) => setFeedback({ kind: 'error', text: t('options_follow_action_failed', errorText(e)) }),
      )
      .finally(() => setBusy(false));
  };

  const followedSitemap = status?.sitemapIndex ?? sitemap;
  const withAccess = (url: string, change: FollowChange, info?: string) => () =>
    withSiteAccess(permissions, url, () => follow.followSet(change)).then((r): Done =>
      r.kind === 'granted' ? { status: r.value, info } : r.kind === 'refused' ? refused(url) : { error: t('options_follow_sitemap_invalid') },
    );

  const start = () =>
    act(() =>
      startFollowing(permissions, follow, { window: backfill, budgetBytes: budget, sitemapIndex: sitemap }).then((r): Done =>
        r.kind === 'following' ? { status: r.status, info: t('options_follow_started') } : r.kind === 'refused' ? refused(sitemap) : { error: t('options_follow_sitemap_invalid') },
      ),
      sitemap,
    );
  // "Try again" is "update now" after the site's access is asked for again (the background clears `stopped`).
  const retry = () =>
    act(() =>
      withSiteAccess(permissions, followedSitemap, () => follow.followRunNow()).then((r): Done =>
        r.kind === 'granted' ? { status: r.value, info: t('options_follow_retrying') } : r.kind === 'refused' ? refused(followedSitemap) : { error: t('options_follow_sitemap_invalid') },
      ),
      followedSitemap,
    );
  const set = (change: FollowChange, info?: string) => act(() => follow.followSet(change).then((s) => ({ status: s, info })));
  const runNow = () => act(() => follow.followRunNow().then((s) => ({ status: s, info: t('options_follow_updating') })));
  const stop = (keepStories: boolean) => {
    setStopping(false);
    act(() =>
      follow.followSet({ following: false, keepStories }).then((s) => {
        if (!keepStories) onCorpusChanged?.();
        return { status: s, info: keepStories ? t('options_follow_stopped_kept') : t('options_follow_stopped_deleted') };
      }),
    );
  };

  const phase = status ? followPhase(status) : undefined;
  const following = status?.following ?? false;

  return (
    <section id="follow" aria-labelledby="follow-heading" data-testid="follow" data-phase={phase}>
      <h2 id="follow-heading">{t('options_follow_heading')}</h2>
      <p>{t('options_follow_text')}</p>
      <p class="quiet">{t('options_follow_privacy')}</p>

      {polled.error && (
        <p class="notice error" role="alert" data-testid="follow-load-error">
          {t('options_follow_unreachable', polled.error)}
        </p>
      )}
      <p role="status" data-testid="follow-status">
        {status ? phaseText(status) : polled.error ? '' : t('options_follow_loading')}
      </p>

      {status && (phase === 'stopped' || phase === 'no-access') && (
        <div class="follow-problem">
          <p class="notice error" role="alert" data-testid="follow-stopped">
            {phase === 'stopped' ? t('options_follow_stopped_reason', status.state?.stopped?.reason ?? '') : t('options_follow_no_access_text', hostOf(followedSitemap))}
          </p>
          <button type="button" class="primary" data-testid="follow-retry" disabled={busy} onClick={retry}>
            {t('options_follow_try_again')}
          </button>
        </div>
      )}

      {status && !following && (
        <>
          <WindowSelect id="follow-window" value={backfill} disabled={busy} onChange={(w) => setChosen((c) => ({ ...c, window: w }))} />
          <BudgetField bytes={budget} disabled={busy} onChange={(b) => setChosen((c) => ({ ...c, budget: b }))} />
          <div class="actions">
            <button type="button" class="primary" data-testid="follow-start" disabled={busy} onClick={start}>
              {t('options_follow_start')}
            </button>
          </div>
        </>
      )}

      {status && following && (
        <>
          <FollowFacts status={status} />
          <div class="actions">
            <button type="button" data-testid="follow-pause" disabled={busy || phase === 'stopped'} onClick={() => set({ paused: !status.state?.paused })}>
              {status.state?.paused ? t('options_follow_resume') : t('options_follow_pause')}
            </button>
            <button type="button" data-testid="follow-run-now" disabled={busy || status.running || phase !== 'idle'} onClick={runNow}>
              {t('options_follow_update_now')}
            </button>
            <button type="button" class="danger" data-testid="follow-stop" disabled={busy} onClick={() => setStopping(true)}>
              {t('options_follow_stop')}
            </button>
          </div>
          <WindowSelect id="follow-window" value={status.state?.window ?? DEFAULT_WINDOW} disabled={busy} onChange={(w) => set({ window: w })} />
          <BudgetField bytes={status.state?.budgetBytes ?? DEFAULT_BUDGET_BYTES} disabled={busy} onSave={(bytes) => set({ budgetBytes: bytes }, t('options_follow_budget_saved'))} />
        </>
      )}

      {status && (
        <SitemapField
          value={following ? followedSitemap : sitemap}
          following={following}
          disabled={busy}
          onChange={(s) => setChosen((c) => ({ ...c, sitemap: s }))}
          onUse={(url) => act(withAccess(url, { sitemapIndex: url }, t('options_follow_sitemap_changed', hostOf(url))), url)}
        />
      )}

      <FeedbackLine feedback={feedback} testid="follow" />
      {stopping && status && <StopDialog added={status.counts.added} onStop={stop} onCancel={() => setStopping(false)} />}
    </section>
  );
}

function refused(url: string): Done {
  return { error: t('options_follow_refused', hostOf(url)) };
}

/** How long a sentence saying what an action did stays. */
const FEEDBACK_MS = 15_000;

/** The corpus table re-reads at most this often while a follow adds stories (it would jump under the reader). */
const CORPUS_REFRESH_MS = 15_000;

/** Tells the page when the followed stories changed the corpus: at most every CORPUS_REFRESH_MS, and when a run ends. */
function useCorpusChanges(status: FollowStatus | undefined, onCorpusChanged: (() => void) | undefined): void {
  const told = useRef<{ key: string; at: number } | undefined>(undefined);
  const key = status ? `${status.counts.added}/${status.counts.evicted}` : undefined;
  const running = status?.running ?? false;
  useEffect(() => {
    if (key === undefined) return;
    const last = told.current;
    told.current ??= { key, at: Date.now() };
    if (!last || last.key === key) return;
    if (running && Date.now() - last.at < CORPUS_REFRESH_MS) return;
    told.current = { key, at: Date.now() };
    onCorpusChanged?.();
  }, [key, running, onCorpusChanged]);
}
