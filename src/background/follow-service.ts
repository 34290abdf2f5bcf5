/**
 * Follow AP and pack subscriptions, wired to a browser: the follow's and the subscriptions'
 * messages (`ui:follow-*`, `ui:subscription*`), their alarms, and what runs when the
 * background starts. The runner (follow-runner.ts) and the subscriptions (subscriptions.ts)
 * get the corpus database's stores, the browser's fetch without cookies or referrer
 * (fetch.ts), the story reader the follower stores stories with (extraction/story.ts), and
 * SHA-256 from WebCrypto; everything reaches them as a parameter, so the unit tests run this
 * on WXT's fake browser, with the real storage on fake-indexeddb and a stand-in site over HTTP.
 */

import type { FollowerOptions } from '../core/follow/follower';
import { Follower } from '../core/follow/follower';
import { checkSubscription } from '../core/follow/subscription';
import type { FollowFetch, SubscriptionRecord } from '../core/follow/types';
import { readStoryHtml } from '../extraction/story';
import { type FollowUiMessage, originPattern } from '../messaging/protocol';
import type { CorpusStore } from '../storage';
import { IdbFollowStore } from '../storage/follow-store';
import { SubscriptionStore } from '../storage/subscriptions';
import { browserFollowFetch } from './fetch';
import { type AlarmsLike, FOLLOW_ALARM, FollowRunner } from './follow-runner';
import { type CheckOutcome, SUBSCRIPTIONS_ALARM, Subscriptions } from './subscriptions';

export interface FollowServiceDeps {
  /** The corpus database (the background's CorpusChecker store). */
  corpus(): Promise<CorpusStore>;
  permissions: { contains(permissions: { origins: string[] }): Promise<boolean> };
  alarms: AlarmsLike;
  /** A cheap extension API call: the browser then sees the service worker busy. */
  keepAlive(): Promise<unknown>;
  /** Followed stories stored or evicted, a subscription applied: tabs are checked again. */
  corpusChanged(): void;
  fetch?: FollowFetch;
  log?: (message: string) => void;
  now?: () => number;
  /**
   * Follower options for tests and benchmarks only (a shorter pace, `minIntervalMs`); the
   * extension always runs the follower's defaults (one request a second at most).
   */
  follower?: Pick<FollowerOptions, 'minIntervalMs' | 'timeoutMs' | 'maxWaitMs' | 'sleep'>;
}

export class FollowService {
  private parts?: Promise<{ runner: FollowRunner; subscriptions: Subscriptions }>;

  constructor(private readonly deps: FollowServiceDeps) {}

  async handle(msg: FollowUiMessage): Promise<unknown> {
    const { runner, subscriptions } = await this.open();
    switch (msg.type) {
      case 'ui:follow-get':
        return runner.status();
      case 'ui:follow-set':
        return runner.change(msg.change);
      case 'ui:follow-run-now':
        return runner.runNow();
      case 'ui:subscriptions-get':
        return subscriptions.list();
      case 'ui:subscription-add':
        return subscriptions.add(msg.url, msg.sha256);
      case 'ui:subscription-remove':
        return subscriptions.remove(msg.url);
      case 'ui:subscription-check':
        return subscriptions.checkNow(msg.url);
    }
  }

  async onAlarm(name: string): Promise<void> {
    if (name !== FOLLOW_ALARM && name !== SUBSCRIPTIONS_ALARM) return;
    const { runner, subscriptions } = await this.open();
    if (name === FOLLOW_ALARM) await runner.onAlarm();
    else await subscriptions.checkAll();
  }

  /** The background started: a follow with work queued resumes, the schedules are set. */
  async wake(): Promise<void> {
    const { runner, subscriptions } = await this.open();
    await Promise.all([runner.wake(), subscriptions.wake()]);
  }

  /** Stops a run in progress (tests end with it). */
  async stop(): Promise<void> {
    if (this.parts) await (await this.parts).runner.stop();
  }

  private open(): Promise<{ runner: FollowRunner; subscriptions: Subscriptions }> {
    this.parts ??= this.deps.corpus().then(
      (corpus) => this.build(corpus),
      (e: unknown) => {
        this.parts = undefined; // the next message tries again
        throw e;
      },
    );
    return this.parts;
  }

  private build(corpus: CorpusStore): { runner: FollowRunner; subscriptions: Subscriptions } {
    const d = this.deps;
    const fetch = d.fetch ?? browserFollowFetch();
    const now = d.now ?? Date.now;
    const permitted = (url: string) => Promise.resolve().then(() => d.permissions.contains({ origins: [originPattern(url)] }));
    const followStore = new IdbFollowStore(corpus);
    const runner = new FollowRunner({
      store: followStore,
      follower: (store, keepAlive) => new Follower({ ...d.follower, fetch, store, readStory: readStoryHtml, now, keepAlive }),
      clearFollow: async (opts) => (await followStore.clearFollow(opts)).deleted,
      permitted,
      alarms: d.alarms,
      keepAlive: d.keepAlive,
      corpusChanged: d.corpusChanged,
      now,
      ...(d.log ? { log: d.log } : {}),
    });
    const check = async (record: SubscriptionRecord): Promise<CheckOutcome> => {
      const result = await checkSubscription(record, {
        fetch,
        sha256,
        now,
        params: corpus.params,
        apply: (pack, opts) => corpus.importPack(pack, { remove: opts.remove }),
      });
      return { record: result.record, changed: (result.applied?.packs ?? 0) > 0 };
    };
    const subscriptions = new Subscriptions({
      store: new SubscriptionStore(corpus),
      check,
      permitted,
      alarms: d.alarms,
      corpusChanged: d.corpusChanged,
      now,
      ...(d.log ? { log: d.log } : {}),
    });
    return { runner, subscriptions };
  }
}

/** Lowercase hex SHA-256 of the bytes, by WebCrypto. */
export async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}
