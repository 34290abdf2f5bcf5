/**
 * Pack subscriptions in the background: which `.wcpack` URLs the reader subscribed to, and when
 * each is checked (core/follow/subscription.ts does the checking: a conditional request, the
 * pack or its deltas applied in order).
 *
 * - A subscription is added only when the browser grants the host permission of its URL (the
 *   options page requests it when the reader adds the URL), and is checked at once.
 * - Every subscription is checked every SUBSCRIPTION_CHECK_MINUTES (the 'wirecheck-subscriptions'
 *   alarm, set while there is at least one), and when the reader asks. A check of a URL already
 *   being checked joins it rather than starting a second; the schedule checks one at a time.
 * - A check that changed the corpus tells the background (tabs whose verdict is older are
 *   checked again). What a check learned is written with `update`, so a subscription removed
 *   while it was checked stays removed.
 */

import type { SubscriptionStatus } from '../messaging/protocol';
import type { SubscriptionRecord } from '../storage/subscriptions';
import type { AlarmsLike } from './follow-runner';

export const SUBSCRIPTIONS_ALARM = 'wirecheck-subscriptions';
/** How often each subscription is checked: every 6 hours. */
export const SUBSCRIPTION_CHECK_MINUTES = 6 * 60;

export interface SubscriptionStoreLike {
  list(): Promise<SubscriptionRecord[]>;
  get(url: string): Promise<SubscriptionRecord | undefined>;
  put(record: SubscriptionRecord): Promise<SubscriptionRecord>;
  update(url: string, change: (current: SubscriptionRecord) => SubscriptionRecord | undefined): Promise<SubscriptionRecord | undefined>;
  remove(url: string): Promise<boolean>;
}

/** What one check found: the record as it is to be stored, and whether the corpus changed. */
export interface CheckOutcome {
  record: SubscriptionRecord;
  changed: boolean;
}

export interface SubscriptionsDeps {
  store: SubscriptionStoreLike;
  /** Checks one subscription (fetches, verifies, applies); throws only for what it cannot record. */
  check(record: SubscriptionRecord): Promise<CheckOutcome>;
  permitted(url: string): Promise<boolean>;
  alarms: AlarmsLike;
  corpusChanged(): void;
  now?: () => number;
  log?: (message: string) => void;
}

export class Subscriptions {
  private readonly checking = new Map<string, Promise<void>>();
  private readonly now: () => number;

  constructor(private readonly deps: SubscriptionsDeps) {
    this.now = deps.now ?? Date.now;
  }

  async list(): Promise<SubscriptionStatus[]> {
    const records = await this.deps.store.list();
    return Promise.all(records.map((r) => this.statusOf(r)));
  }

  /** Subscribes to `url` (or pins a new SHA-256 on an existing one) and checks it now. */
  async add(url: string, sha256?: string): Promise<SubscriptionStatus[]> {
    if (!(await this.permitted(url))) throw new Error(`Wirecheck may not read ${new URL(url).host}: allow it first`);
    const existing = await this.deps.store.get(url);
    if (existing) {
      // A new pin is verified on the pack itself: asked for whole, not "unchanged since".
      await this.deps.store.update(url, (current) => {
        if (current.sha256 === sha256) return undefined;
        const { etag: _etag, lastModified: _lastModified, ...rest } = current;
        return withPin(rest, sha256);
      });
    } else {
      await this.deps.store.put(withPin({ url, addedAt: this.now() }, sha256));
    }
    await this.checking.get(url)?.catch(() => undefined); // a check begun before the change does not count
    await this.check(url);
    await this.schedule();
    return this.list();
  }

  /** Forgets the subscription; the articles it brought stay in the corpus. */
  async remove(url: string): Promise<SubscriptionStatus[]> {
    await this.deps.store.remove(url);
    await this.schedule();
    return this.list();
  }

  /** Checks one subscription now and answers when the check is done. */
  async checkNow(url: string): Promise<SubscriptionStatus[]> {
    if (!(await this.deps.store.get(url))) throw new Error(`not subscribed to ${url}`);
    await this.check(url);
    return this.list();
  }

  /** The alarm fired: every subscription, one at a time. */
  async checkAll(): Promise<void> {
    const records = await this.deps.store.list();
    for (const record of records) await this.check(record.url);
    await this.schedule();
  }

  /** The background started: the schedule is set while there are subscriptions. */
  wake(): Promise<void> {
    return this.schedule();
  }

  private check(url: string): Promise<void> {
    const running = this.checking.get(url);
    if (running) return running;
    const done = this.checkOne(url).finally(() => this.checking.delete(url));
    this.checking.set(url, done);
    return done;
  }

  private async checkOne(url: string): Promise<void> {
    const record = await this.deps.store.get(url);
    if (!record) return;
    let outcome: CheckOutcome;
    if (!(await this.permitted(url))) {
      outcome = { record: { ...record, lastCheckedAt: this.now(), error: `Wirecheck may not read ${new URL(url).host}: allow it in the options page` }, changed: false };
    } else {
      try {
        outcome = await this.deps.check(record);
      } catch (e) {
        const error = e instanceof Error ? e.message : String(e);
        this.deps.log?.(`the subscription ${url} could not be checked: ${error}`);
        outcome = { record: { ...record, lastCheckedAt: this.now(), error }, changed: false };
      }
    }
    // The reader's own fields stay as they are now (a pin set or a removal during the check).
    const { sha256: _pin, ...found } = outcome.record;
    await this.deps.store.update(url, (current) => ({ ...found, url: current.url, addedAt: current.addedAt, ...pinOf(current) }));
    if (outcome.changed) this.deps.corpusChanged();
  }

  /**
   * Sets the alarm while there are subscriptions: kept when set (setting it again would push
   * every check back by the period), else due when the stalest subscription is (a browser
   * may drop alarms when it restarts), a minute from now at the soonest.
   */
  private async schedule(): Promise<void> {
    const records = await this.deps.store.list();
    if (records.length === 0) {
      await this.deps.alarms.clear(SUBSCRIPTIONS_ALARM);
      return;
    }
    if (await this.deps.alarms.get(SUBSCRIPTIONS_ALARM)) return;
    const stalest = Math.min(...records.map((r) => r.lastCheckedAt ?? 0));
    const dueInMinutes = (stalest + SUBSCRIPTION_CHECK_MINUTES * 60_000 - this.now()) / 60_000;
    await this.deps.alarms.create(SUBSCRIPTIONS_ALARM, { delayInMinutes: Math.max(1, Math.min(SUBSCRIPTION_CHECK_MINUTES, dueInMinutes)), periodInMinutes: SUBSCRIPTION_CHECK_MINUTES });
  }

  private async statusOf(record: SubscriptionRecord): Promise<SubscriptionStatus> {
    const { etag: _etag, lastModified: _lastModified, corpusId: _corpusId, ...shown } = record;
    return { ...shown, checking: this.checking.has(record.url), permitted: await this.permitted(record.url) };
  }

  private permitted(url: string): Promise<boolean> {
    return this.deps.permitted(url).catch(() => false);
  }
}

function withPin(record: SubscriptionRecord, sha256: string | undefined): SubscriptionRecord {
  const { sha256: _old, ...rest } = record;
  return sha256 ? { ...rest, sha256 } : rest;
}

function pinOf(record: SubscriptionRecord): { sha256?: string } {
  return record.sha256 ? { sha256: record.sha256 } : {};
}
