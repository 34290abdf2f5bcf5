// Pack subscriptions (src/core/follow/subscription.ts) against a real HTTP server in this
// process (node:http) serving packs with ETag, Last-Modified and 304, through a minimal
// FollowFetch over Node's fetch, applied to an in-memory corpus (a Map of articles).
import { createHash } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FollowError } from '../../src/core/follow/errors';
import { type ApplyOptions, MAX_SUBSCRIPTION_BYTES, type SubscriptionDeps, checkSubscription } from '../../src/core/follow/subscription';
import type { FollowFetch, FollowResponse, SubscriptionRecord } from '../../src/core/follow/types';
import { DEFAULT_PARAMS } from '../../src/core/fingerprint/minhash';
import { buildPack } from '../../src/core/pack/build';
import { buildDeltaPack, takePack } from '../../src/core/pack/delta';
import { corpusIdOf } from '../../src/core/pack/identity';
import { type Pack, type PackArticle, openPack } from '../../src/core/pack/pack';
import type { Article } from '../../src/core/types';
import { syntheticArticles } from './storage-synthetic';

/** What the server serves at a path: a pack with its validators, a redirect, or a status. */
type Route = { bytes: Uint8Array; etag?: string; lastModified?: string } | { redirect: string } | { status: number };

const routes = new Map<string, Route>();
const log: { path: string; headers: Record<string, string | string[] | undefined> }[] = [];
let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    log.push({ path, headers: req.headers });
    const route = routes.get(path);
    if (!route) return void res.writeHead(404).end('not found');
    if ('status' in route) return void res.writeHead(route.status).end();
    if ('redirect' in route) return void res.writeHead(302, { Location: route.redirect }).end();
    const validators = { ...(route.etag ? { ETag: route.etag } : {}), ...(route.lastModified ? { 'Last-Modified': route.lastModified } : {}) };
    const inm = req.headers['if-none-match'];
    const ims = req.headers['if-modified-since'];
    const fresh = inm !== undefined ? inm === route.etag : ims !== undefined && route.lastModified !== undefined && Date.parse(ims) >= Date.parse(route.lastModified);
    if (fresh) return void res.writeHead(304, validators).end();
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': route.bytes.length, ...validators }).end(route.bytes);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));
beforeEach(() => {
  routes.clear();
  log.length = 0;
});

/** A FollowFetch over Node's fetch: no redirects followed, no cookies, the body read up to a limit. */
const nodeFetch: FollowFetch = async (url, request) => {
  const res = await fetch(url, { headers: request.headers, signal: request.signal, redirect: 'manual', credentials: 'omit' });
  const read = async (maxBytes: number): Promise<Uint8Array> => {
    const chunks: Uint8Array[] = [];
    let total = 0;
    const body = res.body?.getReader();
    for (let part = await body?.read(); part && !part.done; part = await body!.read()) {
      const chunk = part.value;
      total += chunk.length;
      if (total > maxBytes) {
        await body!.cancel();
        throw new FollowError('too-large', `${url} is larger than ${maxBytes} bytes`);
      }
      chunks.push(chunk);
    }
    const out = new Uint8Array(total);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  };
  return { status: res.status, url: res.url || url, header: (name) => res.headers.get(name), bytes: read, text: async (max) => new TextDecoder().decode(await read(max)) };
};

const sha256 = async (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The reader's corpus: articles by id, and the packs applied in order. */
class Reader {
  readonly articles = new Map<string, PackArticle>();
  readonly applied: { resultId: string; kind: string; removed: number }[] = [];
  failOn?: number;
  apply = async (pack: Pack, opts: ApplyOptions) => {
    if (this.applied.length === this.failOn) throw new Error('the disk is full');
    expect(opts.remove).toEqual(pack.delta?.removed ?? []);
    takePack(this.articles, pack, (a) => a);
    this.applied.push({ resultId: pack.resultId, kind: opts.kind, removed: opts.remove.length });
  };
  get corpusId() {
    return corpusIdOf(this.articles.values());
  }
}

const v1 = syntheticArticles(50, { words: 60, seed: 11 });
const v2: Article[] = [...v1.slice(2).map((a, i) => (i < 4 ? { ...a, text: `${a.text} Updated on the second day.` } : a)), ...syntheticArticles(5, { words: 60, seed: 12, prefix: 'day2' })];
const v3: Article[] = [...v2.slice(3).map((a, i) => (i < 2 ? { ...a, text: `${a.text} Updated on the third day.` } : a)), ...syntheticArticles(4, { words: 60, seed: 13, prefix: 'day3' })];
let full: Pack[];
let fullBytes: Uint8Array[];

beforeAll(async () => {
  fullBytes = await Promise.all([v1, v2, v3].map((v) => buildPack(v)));
  full = fullBytes.map((b) => openPack(b));
});

const delta = async (to: number, opts: { previous?: string; full?: string } = {}) => (await buildDeltaPack(full[to]!, full[to - 1]!, opts)).bytes;
const record = (path: string, extra: Partial<SubscriptionRecord> = {}): SubscriptionRecord => ({ url: `${origin}${path}`, addedAt: 1, ...extra });
const deps = (reader: Reader, extra: Partial<SubscriptionDeps> = {}): SubscriptionDeps => ({ fetch: nodeFetch, sha256, apply: reader.apply, now: () => 1000, ...extra });
/** A reader that already took the full pack of version `v` (0-based). */
function readerAt(v: number): Reader {
  const reader = new Reader();
  takePack(reader.articles, full[v]!, (a) => a);
  return reader;
}

describe('pack subscriptions', () => {
  it('takes a full pack, then answers a 304 with exactly one request and nothing read', async () => {
    routes.set('/ap.wcpack', { bytes: fullBytes[0]!, etag: '"v1"', lastModified: 'Tue, 01 Apr 2025 10:00:00 GMT' });
    const reader = new Reader();
    const first = await checkSubscription(record('/ap.wcpack'), deps(reader));
    expect(first).toMatchObject({ outcome: 'updated', requests: 1, applied: { packs: 1, kind: 'full', articles: 50, removed: 0, bytes: fullBytes[0]!.length } });
    expect(first.record).toEqual({ url: `${origin}/ap.wcpack`, addedAt: 1, etag: '"v1"', lastModified: 'Tue, 01 Apr 2025 10:00:00 GMT', corpusId: full[0]!.corpusId, lastCheckedAt: 1000, lastChangedAt: 1000, articles: 50 });
    expect(reader.corpusId).toBe(full[0]!.corpusId);

    log.length = 0;
    const again = await checkSubscription(first.record, deps(reader, { now: () => 2000 }));
    expect(again).toEqual({ outcome: 'unchanged', requests: 1, record: { ...first.record, lastCheckedAt: 2000 } });
    expect(log).toHaveLength(1);
    expect(log[0]!.headers).toMatchObject({ 'if-none-match': '"v1"', 'if-modified-since': 'Tue, 01 Apr 2025 10:00:00 GMT' });
    expect(log[0]!.headers.cookie).toBeUndefined();
    expect(reader.applied).toHaveLength(1);

    // Last-Modified alone is enough for a 304 too; a 200 of the version the reader has changes nothing.
    routes.set('/ap.wcpack', { bytes: fullBytes[0]!, lastModified: 'Tue, 01 Apr 2025 10:00:00 GMT' });
    const { etag: _, ...withoutEtag } = first.record;
    expect((await checkSubscription(withoutEtag, deps(reader))).outcome).toBe('unchanged');
    routes.set('/ap.wcpack', { bytes: fullBytes[0]! });
    const same = await checkSubscription(first.record, deps(reader));
    expect(same).toMatchObject({ outcome: 'unchanged', record: { corpusId: full[0]!.corpusId } });
    expect(same.record.etag).toBeUndefined();
    expect(reader.applied).toHaveLength(1);
  });

  it("applies a delta whose base is the reader's copy, and walks `previous` links back to it", async () => {
    routes.set('/d2.wcpack', { bytes: await delta(1) });
    routes.set('/feed/d3.wcpack', { bytes: await delta(2, { previous: '../d2.wcpack' }), etag: '"d3"' });
    const one = readerAt(1);
    const direct = await checkSubscription(record('/feed/d3.wcpack', { corpusId: full[1]!.corpusId }), deps(one));
    expect(direct).toMatchObject({ outcome: 'updated', requests: 1, applied: { packs: 1, kind: 'delta', articles: 6, removed: 3 }, record: { corpusId: full[2]!.corpusId, etag: '"d3"', articles: 6 } });
    expect(one.corpusId).toBe(full[2]!.corpusId);

    log.length = 0;
    const behind = readerAt(0);
    const chain = await checkSubscription(record('/feed/d3.wcpack', { corpusId: full[0]!.corpusId, etag: '"old"' }), deps(behind));
    expect(chain).toMatchObject({ outcome: 'updated', requests: 2, applied: { packs: 2, kind: 'delta', articles: 9 + 6, removed: 2 + 3 }, record: { corpusId: full[2]!.corpusId, etag: '"d3"' } });
    expect(log.map((r) => r.path)).toEqual(['/feed/d3.wcpack', '/d2.wcpack']);
    expect(log[1]!.headers['if-none-match']).toBeUndefined();
    expect(behind.applied.map((a) => a.resultId)).toEqual([full[1]!.corpusId, full[2]!.corpusId]);
    expect(behind.corpusId).toBe(full[2]!.corpusId);
  });

  it('refuses a gap, or takes the full pack the delta names instead', async () => {
    routes.set('/d3.wcpack', { bytes: await delta(2), etag: '"d3"' });
    const reader = readerAt(0);
    const sub = record('/d3.wcpack', { corpusId: full[0]!.corpusId, etag: '"old"', articles: 50, lastChangedAt: 5 });
    const gap = await checkSubscription(sub, deps(reader));
    expect(gap.outcome).toBe('failed');
    expect(gap.record.error).toBe(`a gap: this update builds on ${full[1]!.corpusId.slice(0, 12)}, your copy is ${full[0]!.corpusId.slice(0, 12)}`);
    expect(gap.record).toMatchObject({ etag: '"old"', corpusId: full[0]!.corpusId, articles: 50, lastChangedAt: 5, lastCheckedAt: 1000 });
    expect(reader.applied).toHaveLength(0);

    // A `previous` link that is not there: the gap again, saying why.
    routes.set('/d3.wcpack', { bytes: await delta(2, { previous: 'gone.wcpack' }) });
    const broken = await checkSubscription(sub, deps(reader));
    expect(broken.record.error).toMatch(/^a gap: .*; the delta before it could not be read: .*gone\.wcpack answered HTTP 404$/);

    routes.set('/d3.wcpack', { bytes: await delta(2, { previous: 'gone.wcpack', full: `${origin}/full3.wcpack` }), etag: '"d3"' });
    routes.set('/full3.wcpack', { bytes: fullBytes[2]! });
    const viaFull = await checkSubscription(sub, deps(reader));
    expect(viaFull).toMatchObject({ outcome: 'updated', applied: { packs: 1, kind: 'full', articles: v3.length }, record: { corpusId: full[2]!.corpusId, etag: '"d3"' } });
    expect(viaFull.record.error).toBeUndefined();
    for (const a of full[2]!.articles) expect(reader.articles.get(a.id)).toEqual(a);

    // A new subscriber (nothing applied yet) goes straight to the full pack.
    log.length = 0;
    const fresh = new Reader();
    expect(await checkSubscription(record('/d3.wcpack'), deps(fresh))).toMatchObject({ outcome: 'updated', requests: 2, record: { corpusId: full[2]!.corpusId } });
    expect(log.map((r) => r.path)).toEqual(['/d3.wcpack', '/full3.wcpack']);
    expect(fresh.corpusId).toBe(full[2]!.corpusId);
  });

  it('checks a pinned SHA-256 before applying anything, and takes a pinned pack alone', async () => {
    routes.set('/ap.wcpack', { bytes: fullBytes[1]!, etag: '"v2"' });
    const pin = await sha256(fullBytes[1]!);
    const reader = new Reader();
    expect(await checkSubscription(record('/ap.wcpack', { sha256: pin.toUpperCase() }), deps(reader))).toMatchObject({ outcome: 'updated', record: { sha256: pin.toUpperCase(), corpusId: full[1]!.corpusId } });

    const other = new Reader();
    const wrong = await checkSubscription(record('/ap.wcpack', { sha256: '0'.repeat(64) }), deps(other));
    expect(wrong.outcome).toBe('failed');
    expect(wrong.record.error).toBe(`the pack's SHA-256 is ${pin}, not the pinned ${'0'.repeat(64)}; nothing applied`);
    expect(wrong.record.etag).toBeUndefined();
    expect(other.applied).toHaveLength(0);

    const d3 = await delta(2, { full: 'full3.wcpack' });
    routes.set('/d3.wcpack', { bytes: d3 });
    routes.set('/full3.wcpack', { bytes: fullBytes[2]! });
    const pinnedDelta = await checkSubscription(record('/d3.wcpack', { sha256: await sha256(d3), corpusId: full[0]!.corpusId }), deps(readerAt(0)));
    expect(pinnedDelta).toMatchObject({ outcome: 'failed', requests: 1, record: { error: expect.stringMatching(/^a gap: .*\(a pinned pack is taken alone\)$/) } });
  });

  it('refuses a damaged pack, one made with other fingerprint parameters, and one too large, in their own words', async () => {
    const reader = new Reader();
    const damaged = fullBytes[0]!.slice();
    damaged[damaged.length >> 1]! ^= 0x10;
    routes.set('/damaged.wcpack', { bytes: damaged });
    expect((await checkSubscription(record('/damaged.wcpack'), deps(reader))).record.error).toBe('the corpus pack is damaged (checksum mismatch)');

    routes.set('/other.wcpack', { bytes: await buildPack(v1.slice(0, 3), { params: { ...DEFAULT_PARAMS, seed: 4321 } }) });
    const other = await checkSubscription(record('/other.wcpack'), deps(reader));
    expect(other).toMatchObject({ outcome: 'failed', record: { error: expect.stringMatching(/^the corpus pack was made with other fingerprint parameters/) } });

    routes.set('/ap.wcpack', { bytes: fullBytes[0]! });
    const limits: number[] = [];
    const capped: FollowFetch = async (url, request) => {
      const res = await nodeFetch(url, request);
      return { ...res, bytes: async (max: number) => (limits.push(max), Promise.reject(new FollowError('too-large', `${url} is larger than 1 GiB`))) } as FollowResponse;
    };
    const big = await checkSubscription(record('/ap.wcpack'), deps(reader, { fetch: capped }));
    expect(big).toMatchObject({ outcome: 'failed', record: { error: `${origin}/ap.wcpack is larger than 1 GiB` } });
    expect(limits).toEqual([MAX_SUBSCRIPTION_BYTES]);
    expect(MAX_SUBSCRIPTION_BYTES).toBe(2 ** 30);
    expect(reader.applied).toHaveLength(0);
  });

  it('follows redirects, and fails on other statuses and unreachable hosts', async () => {
    routes.set('/latest', { redirect: '/packs/ap.wcpack' });
    routes.set('/packs/ap.wcpack', { bytes: fullBytes[0]!, etag: '"v1"' });
    const reader = new Reader();
    expect(await checkSubscription(record('/latest'), deps(reader))).toMatchObject({ outcome: 'updated', requests: 2, record: { etag: '"v1"' } });

    routes.set('/oops', { status: 500 });
    expect((await checkSubscription(record('/oops', { corpusId: 'c'.repeat(32), etag: '"x"' }), deps(reader))).record).toMatchObject({ error: `${origin}/oops answered HTTP 500`, corpusId: 'c'.repeat(32), etag: '"x"' });
    routes.set('/loop', { redirect: '/loop' });
    expect((await checkSubscription(record('/loop'), deps(reader))).record.error).toBe(`${origin}/loop redirects too many times`);
    const down = await checkSubscription({ url: 'http://127.0.0.1:9/ap.wcpack', addedAt: 1 }, deps(reader));
    expect(down.record.error).toMatch(/^could not reach 127\.0\.0\.1:9 /);
  });

  it('records where the copy is when applying fails part way through a chain', async () => {
    routes.set('/d2.wcpack', { bytes: await delta(1) });
    routes.set('/d3.wcpack', { bytes: await delta(2, { previous: 'd2.wcpack' }), etag: '"d3"' });
    const reader = readerAt(0);
    reader.failOn = 1;
    const cut = await checkSubscription(record('/d3.wcpack', { corpusId: full[0]!.corpusId, etag: '"old"' }), deps(reader));
    expect(cut).toMatchObject({ outcome: 'failed', applied: { packs: 1 }, record: { corpusId: full[1]!.corpusId, error: 'could not apply the pack (the disk is full)', lastChangedAt: 1000 } });
    expect(cut.record.etag).toBeUndefined();
    reader.failOn = undefined;
    const next = await checkSubscription(cut.record, deps(reader));
    expect(next).toMatchObject({ outcome: 'updated', requests: 1, record: { corpusId: full[2]!.corpusId } });
    expect(reader.corpusId).toBe(full[2]!.corpusId);
  });
});
