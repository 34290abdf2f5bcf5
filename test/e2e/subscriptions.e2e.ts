/**
 * Pack subscriptions from the options page, in each browser: a publisher (helpers/pack-server.ts)
 * serves one `.wcpack` URL with an ETag, reached as `packs.example` through the recording
 * proxy (helpers/recording-proxy.ts), like apnews.com in follow.e2e.ts (in Firefox the
 * extension's http:// requests are upgraded to https, which the proxy ends itself).
 *
 * - Subscribing (the URL typed, the pack's site granted, "Subscribe") imports the pack: the
 *   corpus grows by its articles, and the row says how many.
 * - "Check now" with nothing changed costs one request, answered 304 (its If-None-Match the
 *   pack's ETag), and leaves the corpus as it was, record for record.
 * - The publisher then serves a delta pack (core/pack/delta.ts) built on the first: "Check
 *   now" applies it in one request: the new articles added, the changed one replaced, the
 *   removed one gone, the corpus whole.
 *
 * The packs are made in Node by the project's own pack writer (`buildPack`, `buildDeltaPack`)
 * from stories of the apnews.com stand-in.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Article } from '../../src/core/types.ts';
import { selectedBrowsers } from './helpers/browsers.ts';
import { type DatabaseDump, corpusInconsistencies, dumpDatabase, dumpDifferences } from './helpers/database.ts';
import { storedArticles } from './helpers/follow.ts';
import { T, typeInto } from './helpers/options-page.ts';
import { type PackServer, startPackServer } from './helpers/pack-server.ts';
import { grantHostPermission } from './helpers/permissions.ts';
import { packBuildModule, packDeltaModule, packModule, standinModule } from './helpers/project-modules.ts';
import { type RecordingProxy, browsersOwn, startRecordingProxy } from './helpers/recording-proxy.ts';
import { useSuite } from './helpers/suite.ts';
import type { E2EPage } from './helpers/types.ts';
import { openOptions, waitForCorpusCount } from './helpers/wirecheck.ts';

const PACK_HOST = 'packs.example';
const PACK_PATH = '/wire/stories.wcpack';
/** The stores a corpus change writes (src/storage/schema.ts CORPUS_STORES). */
const CORPUS_STORES = ['articles', 'feedback', 'indexIds', 'indexShards', 'meta', 'snapshots', 'summaries'];

interface Packs {
  full: Uint8Array;
  delta: Uint8Array;
  first: Article[];
  second: Article[];
  removed: string;
  changed: Article;
}

/** Version 1: six stories. Version 2: the first gone, the second changed, two new. */
async function makePacks(): Promise<Packs> {
  const ap = await (await standinModule()).startApStandin({ stories: 8, seed: 7, nonStories: false });
  const records = ap.storyRecords('https://wire.example');
  await ap.close();
  const first = records.slice(0, 6);
  const changed: Article = { ...records[1]!, title: `${records[1]!.title}, update`, text: `${records[1]!.text}\n\nThe agency said late Friday that it would publish the full figures next month.` };
  const second = [changed, ...records.slice(2, 8)];
  const { buildPack } = await packBuildModule();
  const { buildDeltaPack } = await packDeltaModule();
  const { openPack } = await packModule();
  const full = await buildPack(first);
  const delta = await buildDeltaPack(second, openPack(full));
  assert.deepEqual([delta.added, delta.changed, delta.removed], [2, 1, 1]);
  return { full, delta: delta.bytes, first, second, removed: records[0]!.id, changed };
}

function corpusPart(dump: DatabaseDump): DatabaseDump {
  return Object.fromEntries(Object.entries(dump).filter(([store]) => CORPUS_STORES.includes(store)));
}

for (const { name, launch } of selectedBrowsers()) {
  describe(`pack subscriptions: ${name}`, { timeout: 120_000 }, () => {
    let proxy: RecordingProxy | undefined;
    let publisher: PackServer | undefined;
    let packs: Packs | undefined;
    const { s } = useSuite(name, launch, {
      server: false,
      launchOptions: async () => {
        proxy = await startRecordingProxy({ hosts: { [PACK_HOST]: '127.0.0.1' } });
        publisher = await startPackServer();
        return { proxyServer: proxy.origin };
      },
    });
    before(async () => {
      packs = await makePacks();
      publisher!.publish(PACK_PATH, packs.full);
    });
    after(async () => {
      await publisher?.close();
      await proxy?.close();
    });
    const pub = () => {
      assert.ok(publisher, 'the pack server did not start');
      return publisher;
    };
    const pk = () => {
      assert.ok(packs, 'the packs were not made');
      return packs;
    };
    const packUrl = () => `http://${PACK_HOST}:${pub().port}${PACK_PATH}`;
    let options: E2EPage | undefined;
    const o = () => {
      assert.ok(options, 'no subscription was added');
      return options;
    };
    /** Runs `act`, then returns the publisher's requests and the proxy's (other than the browser's own) it caused. */
    async function requestsOf(act: () => Promise<void>) {
      const atPublisher = pub().requests.length;
      const atProxy = proxy!.mark();
      await act();
      return { published: pub().requests.slice(atPublisher), proxied: proxy!.since(atProxy).filter((r) => !browsersOwn(r)) };
    }

    test('subscribing imports the pack', async () => {
      options = await openOptions(s());
      await o().waitFor(T('subs-add'));
      await typeInto(o(), T('subs-url'), packUrl());
      await grantHostPermission(s(), packUrl());
      const { published, proxied } = await requestsOf(async () => {
        await o().click(T('subs-add'));
        await o().waitForText(T('subs-feedback'), 'Subscribed to', { timeout: 30_000 });
      });
      assert.deepEqual(published.map((r) => [r.path, r.status]), [[PACK_PATH, 200]]);
      assert.deepEqual([...new Set(proxied.map((r) => r.host))], [`${PACK_HOST}:${pub().port}`], 'only the pack’s host was asked');
      await waitForCorpusCount(o(), pk().first.length, 20_000);
      assert.deepEqual((await storedArticles(s())).map((a) => a.id).sort(), pk().first.map((a) => a.id).sort());
      await o().waitForText(T('subs-articles'), String(pk().first.length));
      assert.equal(await o().count(T('subs-row')), 1);
    });

    test('“Check now” with nothing changed: one request, answered 304, and the corpus as it was', async () => {
      const beforeCheck = await dumpDatabase(s());
      const { published } = await requestsOf(async () => {
        await o().click(T('subs-check'));
        await o().waitForText(T('subs-feedback'), 'has not changed', { timeout: 30_000 });
      });
      assert.deepEqual(published.map((r) => [r.path, r.status, r.headers['if-none-match']]), [[PACK_PATH, 304, pub().etag(PACK_PATH)]]);
      assert.deepEqual(dumpDifferences(corpusPart(beforeCheck), corpusPart(await dumpDatabase(s()))), [], 'the corpus is as it was');
      assert.equal(await o().count(T('subs-error')), 0);
    });

    test('a delta pack built on it is applied: new articles added, the changed one replaced, the removed one gone', async () => {
      pub().publish(PACK_PATH, pk().delta);
      const { published } = await requestsOf(async () => {
        await o().click(T('subs-check'));
        await o().waitForText(T('subs-feedback'), 'had changed', { timeout: 30_000 });
      });
      assert.deepEqual(published.map((r) => [r.path, r.status]), [[PACK_PATH, 200]]);
      await waitForCorpusCount(o(), pk().second.length, 20_000);
      const stored = await storedArticles(s());
      assert.deepEqual(stored.map((a) => a.id).sort(), pk().second.map((a) => a.id).sort());
      assert.ok(!stored.some((a) => a.id === pk().removed), 'the removed article is gone');
      assert.equal(stored.find((a) => a.id === pk().changed.id)?.title, pk().changed.title, 'the changed article is its new version');
      assert.deepEqual(corpusInconsistencies(await dumpDatabase(s())), []);
      await o().waitForText(T('subs-state'), 'Up to date');
    });
  });
}
