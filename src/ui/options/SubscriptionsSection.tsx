/**
 * Pack subscriptions on the options page: a form that adds the URL of a corpus pack (with its
 * SHA-256 when the reader wants it pinned), and the subscriptions as a table with what each
 * last did, "Check now" and "Remove". The background checks them on its schedule; this page
 * asks for the list while it is visible (every SUBSCRIPTIONS_POLL_MS), and after each action.
 *
 * Adding asks the browser for the pack's site first, synchronously in the submit handler (the
 * browsers grant an optional host permission only inside the reader's gesture); the URL and
 * the hash are checked before that, so a typo asks for nothing. URLs are shown as text, and
 * as a link only when they are http(s) (safe-link.ts).
 */

import { useCallback, useState } from 'preact/hooks';
import { t } from '../../i18n/t';
import type { SubscriptionStatus, SubscriptionsApi } from '../api';
import { hostOf, parseHttpUrl, parseSha256 } from './follow-form';
import { errorText, usePolled } from './follow/use-polled';
import { type PermissionsApi, withSiteAccess } from './host-permission';
import { SubscriptionRows } from './subscriptions/SubscriptionRows';
import { type Feedback, FeedbackLine } from './follow/FeedbackLine';

/** The list changes only on the background's schedule or the reader's actions: asked less often than the follow's status. */
export const SUBSCRIPTIONS_POLL_MS = 5000;

export interface SubscriptionsSectionProps {
  subscriptions: SubscriptionsApi;
  permissions: PermissionsApi;
  /** A pack was imported or removed: the corpus table re-reads. */
  onCorpusChanged?(): void;
  pollMs?: number;
}


export function SubscriptionsSection({ subscriptions, permissions, onCorpusChanged, pollMs = SUBSCRIPTIONS_POLL_MS }: SubscriptionsSectionProps) {
  const load = useCallback(() => subscriptions.list(), [subscriptions]);
  const polled = usePolled(load, pollMs);
  const list = polled.value;
  const [urlText, setUrlText] = useState('');
  const [shaText, setShaText] = useState('');
  const [urlError, setUrlError] = useState<string | undefined>();
  const [shaError, setShaError] = useState<string | undefined>();
  const [adding, setAdding] = useState(false);
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());
  const [feedback, setFeedback] = useState<Feedback>();

  const add = (e: Event) => {
    e.preventDefault();
    const url = parseHttpUrl(urlText);
    const sha256 = parseSha256(shaText);
    setUrlError(url ? (list?.some((s) => s.url === url) ? t('options_subs_duplicate', url) : undefined) : t('options_subs_url_invalid'));
    setShaError(sha256 === undefined ? t('options_subs_sha_invalid') : undefined);
    if (!url || sha256 === undefined || list?.some((s) => s.url === url)) return;
    setAdding(true);
    setFeedback({ kind: 'info', text: t('options_subs_adding', url) });
    // The permission request happens inside withSiteAccess, before anything awaits.
    withSiteAccess(permissions, url, () => polled.apply(subscriptions.add(url, sha256 || undefined)))
      .then(
        (r) => {
          if (r.kind !== 'granted') return setFeedback({ kind: 'error', text: t('options_subs_refused', hostOf(url)) });
          setUrlText('');
          setShaText('');
          const added = r.value.find((s) => s.url === url);
          setFeedback(added?.error ? { kind: 'error', text: t('options_subs_added_error', url, added.error) } : { kind: 'info', text: t('options_subs_added', url) });
          onCorpusChanged?.();
        },
        (err: unknown) => setFeedback({ kind: 'error', text: t('options_subs_action_failed', errorText(err)) }),
      )
      .finally(() => setAdding(false));
  };

  /** Runs an action on one subscription (`run` at once, inside the click), with its row's buttons disabled meanwhile. */
  const onRow = (url: string, run: () => Promise<SubscriptionStatus[] | 'refused'>, said: (after: SubscriptionStatus[]) => Feedback) => {
    setPending((p) => new Set(p).add(url));
    setFeedback(undefined);
    let answer: Promise<SubscriptionStatus[] | 'refused'>;
    try {
      answer = run();
    } catch (e) {
      answer = Promise.reject(e);
    }
    answer
      .then(
        (after) => {
          if (after === 'refused') return setFeedback({ kind: 'error', text: t('options_subs_refused', hostOf(url)) });
          setFeedback(said(after));
          onCorpusChanged?.();
        },
        (err: unknown) => setFeedback({ kind: 'error', text: t('options_subs_action_failed', errorText(err)) }),
      )
      .finally(() =>
        setPending((p) => {
          const next = new Set(p);
          next.delete(url);
          return next;
        }),
      );
  };

  // "Check now" asks for the pack's site first (granted already, the browser answers at once
  // without asking the reader): a site access withdrawn since is asked for again here.
  const check = (sub: SubscriptionStatus) =>
    onRow(
      sub.url,
      () => withSiteAccess(permissions, sub.url, () => polled.apply(subscriptions.check(sub.url))).then((r) => (r.kind === 'granted' ? r.value : 'refused')),
      (after) => {
        const now = after.find((s) => s.url === sub.url);
        if (now?.error) return { kind: 'error', text: t('options_subs_check_error', sub.url, now.error) };
        return { kind: 'info', text: now && now.lastChangedAt !== sub.lastChangedAt ? t('options_subs_check_changed', sub.url) : t('options_subs_check_unchanged', sub.url) };
      },
    );
  const remove = (sub: SubscriptionStatus) => onRow(sub.url, () => polled.apply(subscriptions.remove(sub.url)), () => ({ kind: 'info', text: t('options_subs_removed', sub.url) }));

  return (
    <section id="subscriptions" aria-labelledby="subscriptions-heading" data-testid="subscriptions">
      <h2 id="subscriptions-heading">{t('options_subs_heading')}</h2>
      <p>{t('options_subs_text')}</p>
      <form class="subscribe" onSubmit={add} noValidate>
        <div class="field">
          <label for="subs-url">{t('options_subs_url_label')}</label>
          <input
            id="subs-url"
            data-testid="subs-url"
            type="url"
            value={urlText}
            placeholder={t('options_subs_url_placeholder')}
            autoComplete="off"
            spellcheck={false}
            disabled={adding}
            aria-invalid={urlError ? 'true' : undefined}
            aria-describedby={urlError ? 'subs-url-error' : undefined}
            onInput={(e) => {
              setUrlText((e.currentTarget as HTMLInputElement).value);
              setUrlError(undefined);
            }}
          />
          {urlError && (
            <p id="subs-url-error" class="notice error" role="alert">
              {urlError}
            </p>
          )}
        </div>
        <div class="field">
          <label for="subs-sha">{t('options_subs_sha_label')}</label>
          <input
            id="subs-sha"
            data-testid="subs-sha"
            value={shaText}
            autoComplete="off"
            spellcheck={false}
            maxLength={80}
            disabled={adding}
            aria-invalid={shaError ? 'true' : undefined}
            aria-describedby={shaError ? 'subs-sha-error subs-sha-text' : 'subs-sha-text'}
            onInput={(e) => {
              setShaText((e.currentTarget as HTMLInputElement).value);
              setShaError(undefined);
            }}
          />
          <p id="subs-sha-text" class="quiet explain">
            {t('options_subs_sha_text')}
          </p>
          {shaError && (
            <p id="subs-sha-error" class="notice error" role="alert">
              {shaError}
            </p>
          )}
        </div>
        <div class="actions">
          <button type="submit" class="primary" data-testid="subs-add" disabled={adding}>
            {t('options_subs_add')}
          </button>
        </div>
      </form>

      {polled.error && (
        <p class="notice error" role="alert" data-testid="subs-load-error">
          {t('options_subs_unreachable', polled.error)}
        </p>
      )}
      {list === undefined ? (
        !polled.error && <p class="quiet">{t('options_subs_loading')}</p>
      ) : list.length === 0 ? (
        <p class="quiet" data-testid="subs-empty">
          {t('options_subs_empty')}
        </p>
      ) : (
        <SubscriptionRows list={list} pending={pending} onCheck={check} onRemove={remove} />
      )}

      <FeedbackLine feedback={feedback} testid="subs" />
    </section>
  );
}
