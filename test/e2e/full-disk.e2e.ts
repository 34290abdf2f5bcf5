/**
 * A full disk in a real browser: the main write paths run against a real storage quota, full
 * to the last byte, so IndexedDB itself refuses the write with QuotaExceededError. For each
 * path the page that started it shows the out-of-space message, a dump of the whole database
 * afterwards equals the dump before, and once the quota is lifted the same action succeeds.
 * (test/unit/storage-quota.test.ts injects the error at every write of every path on
 * fake-indexeddb; this is the same promise on real engines.)
 *
 * What is covered of an import is its first write (the journal and staging); a failure at
 * commit, after staging succeeded, is left to the unit tests.
 *
 * Chromium: the quota comes from the DevTools protocol (`Storage.overrideQuotaForOrigin`),
 * settable per origin at any moment; a full disk is a quota equal to the use.
 *
 * Firefox has no such call: its quota is `dom.quotaManager.temporaryStorage.fixedLimit` at
 * launch, and a group (here the add-on's origin) gets a fifth of that but never less than
 * 10 MB (`QuotaManager::GetGroupLimitForLimit`). So this suite runs a Firefox of its own with
 * a limit of 50 MB, the add-on's group 10 MB. A full disk is a filler database of the add-on's
 * origin written with random (incompressible) bytes, in ever smaller pieces, until a piece of
 * 1 KB is refused; lifting the quota is deleting that database, which frees its space at once.
 * The filler takes ~10 MB and well under a second per full disk.
 *
 * In Firefox a connection whose write was refused for space refuses every later write with
 * InvalidStateError ("A mutation operation was attempted on a database that did not allow
 * mutations"), even once the filler is gone; a new connection writes. The store therefore
 * closes a connection after a refused write and opens another for the next call
 * (storage/connection.ts, reopenAfter). The delete and "add this page" retry on the same page
 * and the same background, so they prove it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CDPSession, Page } from 'playwright-core';
import { selectedBrowsers } from './helpers/browsers.ts';
import { sleep } from './helpers/common.ts';
import { type DatabaseDump, dumpDatabase, dumpDifferences } from './helpers/database.ts';
import { corpusBothPath, readE2EFixture } from './helpers/fixtures.ts';
import { T, article, clickInRow } from './helpers/options-page.ts';
import { GENERATED_DIR, ensureDir } from './helpers/paths.ts';
import { useSuite } from './helpers/suite.ts';
import type { E2EPage, ExtensionSession } from './helpers/types.ts';
import { SEL, chooseCorpusFiles, openOptions, openPopupUntil, waitForCorpusCount } from './helpers/wirecheck.ts';

const OUT_OF_SPACE = /Not enough storage space/;
/** The corpus the suite starts with: the two AP versions of the seed story. */
const START_COUNT = 2;

const jsonl = (list: readonly object[]) => list.map((a) => JSON.stringify(a)).join('\n') + '\n';

/** A JSON Lines file of 20 articles and a corpus pack of 12 made by the real `wirecheck index`. */
async function writeFiles(): Promise<{ lines: string; pack: string }> {
  const dir = await ensureDir(GENERATED_DIR);
  const lines = path.join(dir, 'full-disk.jsonl');
  await writeFile(lines, jsonl(Array.from({ length: 20 }, (_, i) => article(`disk-${i}`, `Disk story ${i}`, '2022-02-02', 6, `diskword${i}`))));
  const source = path.join(dir, 'full-disk-pack.jsonl');
  await writeFile(source, jsonl(Array.from({ length: 12 }, (_, i) => article(`disk-pack-${i}`, `Disk pack story ${i}`, '2016-06-06', 4, `diskpack${i}`))));
  const pack = path.join(dir, 'full-disk.wcpack');
  const made = spawnSync(process.execPath, [path.resolve('bin/wirecheck.mjs'), 'index', source, '-o', pack], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  return { lines, pack };
}

/** Room the origin is given between full disks: more than the suite writes, less than FLUSH_BYTES. */
const ROOM_BYTES = 32 * 2 ** 20;
/** A write larger than any room IndexedDB may still have cached (see `Quota`). */
const FLUSH_BYTES = 40 * 2 ** 20;
/**
 * Chromium's IndexedDB asks the quota manager for the space left at most every 30 s and grants
 * writes from that answer, decaying, in between (`BucketContext::GetBucketSpaceToAllot`,
 * `kBucketSpaceCacheTimeLimit`). So the suite waits that long once, under a quota of
 * `ROOM_BYTES` above use, for the ~10 GB answer of the install to expire.
 */
const SPACE_CACHE_MS = 31_000;

/** The extension's origin's storage, made full and given room again between tests. */
interface Disk {
  /** No room at all: the origin's next write is refused. */
  full(session: ExtensionSession): Promise<void>;
  /** Room for the suite's writes. */
  roomy(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The origin's storage quota through the DevTools protocol (`Storage.overrideQuotaForOrigin`).
 * Chromium keeps an override only while the session that set it is attached, so it is held by
 * a blank tab of its own, open for the whole suite.
 */
class Quota implements Disk {
  private readonly cdp: CDPSession;
  private readonly tab: Page;
  private readonly origin: string;

  private constructor(cdp: CDPSession, tab: Page, origin: string) {
    this.cdp = cdp;
    this.tab = tab;
    this.origin = origin;
  }

  static async open(session: ExtensionSession): Promise<Quota> {
    const options = await openOptions(session);
    const tab = await (options.raw as Page).context().newPage();
    await options.close();
    return new Quota(await tab.context().newCDPSession(tab), tab, session.extensionOrigin);
  }

  private async set(room: number): Promise<void> {
    const { usage } = (await this.cdp.send('Storage.getUsageAndQuota', { origin: this.origin })) as { usage: number };
    await this.cdp.send('Storage.overrideQuotaForOrigin', { origin: this.origin, quotaSize: usage + room });
  }

  /** Room for the suite's writes, and no more. */
  roomy(): Promise<void> {
    return this.set(ROOM_BYTES);
  }

  /**
   * No room at all: the quota is the use, and a write too large for IndexedDB's cached answer
   * makes it ask the quota manager again (and be refused), so the next write is refused too.
   */
  async full(session: ExtensionSession): Promise<void> {
    await this.set(0);
    const flushed = await session.evaluateInExtension(writeFiller, FLUSH_BYTES);
    assert.equal(flushed, 'QuotaExceededError', 'a write on the full disk');
  }

  async close(): Promise<void> {
    await this.cdp.detach().catch(() => {});
    await this.tab.close().catch(() => {});
  }
}

/** Firefox's storage limit for this suite, in KB: the add-on's group gets its floor, 10 MB. */
const FIREFOX_LIMIT_KB = 50 * 1024;
const FILLER_DB = 'wirecheck-e2e-filler';
/** The filler's first and last piece sizes: each refusal divides the piece by 4. */
const FILLER_LARGEST = 2 ** 20;
const FILLER_SMALLEST = 1024;

/**
 * Runs in the control page: writes `piece` random bytes to the filler database under `key`,
 * in a transaction of their own; the error's name, or "written".
 */
function writePiece({ name, piece, key }: { name: string; piece: number; key: number }): Promise<string> {
  return new Promise((resolve) => {
    const open = indexedDB.open(name);
    open.onupgradeneeded = () => open.result.createObjectStore('filler');
    open.onerror = () => resolve(`open: ${String(open.error?.name)}`);
    open.onsuccess = () => {
      const db = open.result;
      const bytes = new Uint8Array(piece);
      for (let at = 0; at < piece; at += 65_536) crypto.getRandomValues(bytes.subarray(at, at + 65_536));
      const tx = db.transaction('filler', 'readwrite');
      tx.objectStore('filler').put(bytes, key);
      tx.oncomplete = () => {
        db.close();
        resolve('written');
      };
      tx.onabort = () => {
        db.close();
        resolve(String(tx.error?.name));
      };
    };
  });
}

/** Runs in the control page: deletes a database. */
function deleteDatabase(name: string): Promise<string> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve('deleted');
    request.onerror = () => resolve(String(request.error?.name));
    request.onblocked = () => resolve('blocked');
  });
}

/** Firefox: the add-on's group limit filled by a database of its own, and freed by deleting it. */
class FillerDisk implements Disk {
  private session: ExtensionSession | undefined;

  async full(session: ExtensionSession): Promise<void> {
    this.session = session;
    let piece = FILLER_LARGEST;
    let written = 0;
    for (let key = 1; ; key++) {
      const result = await session.evaluateInExtension(writePiece, { name: FILLER_DB, piece, key });
      if (result === 'written') written += piece;
      else if (result !== 'QuotaExceededError') assert.fail(`filling the disk: ${result}`);
      else if (piece === FILLER_SMALLEST) return;
      else piece = Math.max(FILLER_SMALLEST, piece / 4);
      assert.ok(written < 64 * 2 ** 20, `${written} bytes written and no refusal`);
    }
  }

  async roomy(): Promise<void> {
    if (this.session) assert.equal(await this.session.evaluateInExtension(deleteDatabase, FILLER_DB), 'deleted');
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** An import's last word: a result, a failure, or out of space (told in other words than "failed"). */
const importFiles = (page: E2EPage, files: readonly string[]) => chooseCorpusFiles(page, files, /imported|failed|storage space/i);

/** Runs in the control page: writes `bytes` to a database of its own; the error's name, or "written". */
function writeFiller(bytes: number): Promise<string> {
  return new Promise((resolve) => {
    const open = indexedDB.open('wirecheck-e2e-filler');
    open.onupgradeneeded = () => open.result.createObjectStore('filler');
    open.onerror = () => resolve(`open: ${String(open.error?.name)}`);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction('filler', 'readwrite');
      // Random bytes: Chromium compresses values before it asks for space, and zeros shrink to nothing.
      const filler = new Uint8Array(bytes);
      for (let at = 0; at < bytes; at += 65_536) crypto.getRandomValues(filler.subarray(at, at + 65_536));
      tx.objectStore('filler').put(filler, 1);
      tx.oncomplete = () => {
        db.close();
        resolve('written');
      };
      tx.onabort = () => {
        db.close();
        resolve(String(tx.error?.name));
      };
    };
  });
}

/**
 * Runs `action` on a full disk: it must show the out-of-space message and leave the database
 * as it was. Returns the message.
 */
async function onFullDisk(session: ExtensionSession, quota: Disk, action: () => Promise<string>): Promise<string> {
  const before: DatabaseDump = await dumpDatabase(session);
  await quota.full(session);
  let shown: string;
  try {
    shown = await action();
  } finally {
    await quota.roomy();
  }
  assert.match(shown, OUT_OF_SPACE);
  const after = await dumpDatabase(session);
  assert.deepEqual(dumpDifferences(before, after), [], 'the database changed on a full disk');
  return shown;
}

for (const { name, launch } of selectedBrowsers()) {
  describe(`a full disk: ${name}`, { timeout: 120_000 }, () => {
    const { s, server } = useSuite(name, launch, {
      articles: { local: () => readE2EFixture('unrelated-library.txt') },
      corpus: { files: [corpusBothPath()], count: START_COUNT },
      launchOptions: name === 'firefox' ? { firefoxStorageLimitKb: FIREFOX_LIMIT_KB } : undefined,
    });
    let files: Awaited<ReturnType<typeof writeFiles>>;
    const seen: string[] = [];

    let quota: Disk;
    before(async () => {
      if (name === 'firefox') {
        quota = new FillerDisk();
        files = await writeFiles();
        return;
      }
      quota = await Quota.open(s());
      await quota.roomy();
      const waited = Date.now();
      files = await writeFiles();
      await sleep(SPACE_CACHE_MS - (Date.now() - waited));
    });
    after(() => quota?.close());

    test('importing a JSON Lines file', async () => {
      const options = await openOptions(s());
      await waitForCorpusCount(options, START_COUNT);
      seen.push(await onFullDisk(s(), quota, () => importFiles(options, [files.lines])));
      assert.match(await importFiles(options, [files.lines]), /Imported 20 articles/);
      await waitForCorpusCount(options, START_COUNT + 20);
      await options.close();
    });

    test('importing a corpus pack', async () => {
      const options = await openOptions(s());
      await waitForCorpusCount(options, START_COUNT + 20);
      seen.push(await onFullDisk(s(), quota, () => importFiles(options, [files.pack])));
      assert.match(await importFiles(options, [files.pack]), /Imported 12 articles/);
      await waitForCorpusCount(options, START_COUNT + 32);
      await options.close();
    });

    test('deleting an article', async () => {
      const options = await openOptions(s());
      await waitForCorpusCount(options, START_COUNT + 32);
      await options.waitFor(SEL.corpusRow);
      const title = (await options.texts(`${SEL.corpusRow} ${T('view-article')}`))[0]!;
      seen.push(
        await onFullDisk(s(), quota, async () => {
          await clickInRow(options, title, SEL.deleteArticle);
          return options.waitForText(T('delete-status'), /./);
        }),
      );
      assert.equal(await options.count(SEL.corpusRow) > 0, true);
      // The same page: its store opens a new connection after the refused write (design note).
      await clickInRow(options, title, SEL.deleteArticle);
      await waitForCorpusCount(options, START_COUNT + 31);
      await options.close();
    });

    test('saving a setting', async () => {
      const options = await openOptions(s());
      await options.waitFor(T('sensitivity-cautious'));
      seen.push(
        await onFullDisk(s(), quota, async () => {
          await options.click(T('sensitivity-cautious'));
          return options.waitForText(T('settings-status'), /Could not save|Saved/);
        }),
      );
      await options.close();
      const reopened = await openOptions(s());
      await reopened.waitFor(T('sensitivity-cautious'));
      await reopened.click(T('sensitivity-cautious'));
      await reopened.waitForText(T('settings-status'), 'Saved.');
      await reopened.close();
    });

    test('"add this page" from the popup', async () => {
      const { tabId } = await s().openUrl(server().articleUrl('local'));
      const { page: popup, found } = await openPopupUntil(s(), tabId, [SEL.verdict, SEL.stateNoSource, SEL.stateNotArticle]);
      assert.equal(found, SEL.stateNoSource);
      seen.push(
        await onFullDisk(s(), quota, async () => {
          await popup.click(T('add-page'));
          return popup.waitForText(T('action-error'), OUT_OF_SPACE, { timeout: 15_000 });
        }),
      );
      // The popup reads the tab's state again after an action; the message must outlast that.
      await sleep(1_500);
      assert.match((await popup.text(T('action-error'))) ?? '', OUT_OF_SPACE);
      // The same background: its store opens a new connection after the refused write.
      await popup.click(T('add-page'));
      await popup.waitFor(SEL.verdict, { timeout: 15_000 });
      assert.equal(await popup.count(T('action-error')), 0, 'the message goes once the action succeeds');
      await popup.close();
      console.log(`[e2e] full-disk messages:\n${seen.map((m) => `  ${m}`).join('\n')}`);
    });
  });
}
