/**
 * What the options suite (options.e2e.ts) drives the options page with: the files it imports
 * (a controlled corpus of 60 articles, 4,000 articles big enough to cancel, a file with one
 * malformed line, corpus packs made by the real `wirecheck index`), typing and choosing as
 * Preact hears it, clicks inside a table row, and the settings as stored.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { poll } from './common.ts';
import { GENERATED_DIR, ensureDir } from './paths.ts';
import type { E2EPage } from './types.ts';
import { SEL } from './wirecheck.ts';

/** A `data-testid` selector. */
export const T = (id: string) => `[data-testid=${id}]`;

export interface E2EArticle {
  id: string;
  title: string;
  url: string;
  published: string;
  text: string;
}

const FILLER = 'Officials said the council would meet again next week to review the plan and hear from residents who live near the site.';

/** An article of `sentences` filler sentences and `extra` words of its own. */
export function article(id: string, title: string, published: string, sentences: number, extra = ''): E2EArticle {
  return { id, title, url: `https://apnews.example/${id}`, published, text: `${Array.from({ length: sentences }, () => FILLER).join(' ')} ${extra}`.trim() };
}

/** 60 articles: 3 about a harbor, 55 about a vote in Zürich, 2 others; words and dates vary. */
function controlledCorpus(): E2EArticle[] {
  const out: E2EArticle[] = [
    article('harbor-1', 'Harbor reopens after storm', '2024-03-01', 3, 'The quayside marker is periwinkle.'),
    article('harbor-2', 'Harbor workers strike', '2023-07-15', 5),
    article('harbor-3', 'New harbor master named', '2022-01-09', 2),
    article('longest', 'Budget debate runs late', '2024-06-30', 80),
    article('shortest', 'Court adjourns', '2021-05-05', 1),
  ];
  for (let i = 0; i < 55; i++) out.push(article(`zurich-${i}`, `Zürich vote count ${i + 1}`, `2020-02-${String((i % 28) + 1).padStart(2, '0')}`, 4 + (i % 7)));
  return out;
}

const jsonl = (list: readonly object[]) => list.map((a) => JSON.stringify(a)).join('\n') + '\n';

/**
 * A corpus pack of 12 articles made by the real `wirecheck index`, a copy cut short and a copy
 * with one flipped bit (named .bin: packs are told by their bytes, not their names).
 */
async function writePacks(dir: string): Promise<{ pack: string; truncated: string; damaged: string; count: number }> {
  const list = Array.from({ length: 12 }, (_, i) => article(`pack-${i}`, `Packed story ${i}`, '2017-07-07', 4, `packword${i}`));
  const source = path.join(dir, 'options-pack.jsonl');
  await writeFile(source, jsonl(list));
  const pack = path.join(dir, 'options.wcpack');
  const made = spawnSync(process.execPath, [path.resolve('bin/wirecheck.mjs'), 'index', source, '-o', pack], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  const bytes = await readFile(pack);
  const truncated = path.join(dir, 'options-truncated.wcpack');
  await writeFile(truncated, bytes.subarray(0, bytes.length - 50));
  const flipped = Buffer.from(bytes);
  flipped[flipped.length >> 1]! ^= 0x08;
  const damaged = path.join(dir, 'options-damaged.bin');
  await writeFile(damaged, flipped);
  return { pack, truncated, damaged, count: list.length };
}

/** The corpus, big, mixed and pack files the options suite imports, written to this process's GENERATED_DIR (paths.ts). */
export async function writeFixtures(): Promise<{ corpus: string; big: string; mixed: string; bigCount: number; savedPage: string; withPage: string; offPage: string; packs: Awaited<ReturnType<typeof writePacks>> }> {
  const dir = await ensureDir(GENERATED_DIR);
  const corpus = path.join(dir, 'options-corpus.jsonl');
  await writeFile(corpus, jsonl(controlledCorpus()));
  // Big enough that an import is still running when Cancel is pressed (~5 MB).
  const bigCount = 4_000;
  const big = path.join(dir, 'options-big.jsonl');
  await writeFile(big, jsonl(Array.from({ length: bigCount }, (_, i) => article(`big-${i}`, `Bulk story ${i}`, '2019-01-01', 8, `unique${i}word`))));
  const mixed = path.join(dir, 'options-mixed.jsonl');
  const valid = Array.from({ length: 5 }, (_, i) => JSON.stringify(article(`mixed-${i}`, `Mixed file story ${i}`, '2018-08-08', 3)));
  valid.splice(2, 0, '{"id": "mixed-broken", "title": "Truncated');
  await writeFile(mixed, `${valid.join('\n')}\n`);
  // A saved web page, and a JSON Lines file to import with it.
  const savedPage = path.join(dir, 'options-saved-page.html');
  await writeFile(
    savedPage,
    `<!doctype html><html lang="en"><head><title>Harbour ferry returns after storm repairs</title></head><body><article><h1>Harbour ferry returns after storm repairs</h1>${Array.from(
      { length: 8 },
      (_, i) => `<p>The harbour ferry carried its first passengers in three weeks on Tuesday, paragraph ${i + 1}, after crews replaced the ramp that the storm had bent, the port authority said in a statement.</p>`,
    ).join('')}</article></body></html>`,
  );
  const withPage = path.join(dir, 'options-with-page.jsonl');
  await writeFile(withPage, jsonl([article('with-page-1', 'Story imported beside a saved page', '2020-03-03', 3)]));
  const offPage = path.join(dir, 'options-off-page.jsonl');
  await writeFile(offPage, jsonl([article('off-page-1', 'Story read in a worker', '2020-04-04', 3), article('off-page-2', 'Another story read in a worker', '2020-04-05', 3)]));
  return { corpus, big, mixed, bigCount, savedPage, withPage, offPage, packs: await writePacks(dir) };
}

/** Types into an input the way Preact hears it (an `input` event). */
export async function typeInto(page: E2EPage, selector: string, value: string): Promise<void> {
  await page.waitFor(selector);
  await page.evaluate(
    ([s, v]: [string, string]) => {
      const input = document.querySelector(s) as HTMLInputElement;
      input.focus();
      input.value = v;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    },
    [selector, value] as [string, string],
  );
}

/** Picks `value` in a <select>, firing `change` as Preact hears it. */
export async function choose(page: E2EPage, selector: string, value: string): Promise<void> {
  await page.evaluate(
    ([s, v]: [string, string]) => {
      const select = document.querySelector(s) as HTMLSelectElement;
      select.value = v;
      select.dispatchEvent(new Event('change', { bubbles: true }));
    },
    [selector, value] as [string, string],
  );
}

/** Clicks `selector` inside the table row whose text contains `title`. */
export async function clickInRow(page: E2EPage, title: string, selector: string): Promise<void> {
  const marked = await page.evaluate(
    ([rowSel, sel, wanted]: [string, string, string]) => {
      document.querySelectorAll('[data-e2e-target]').forEach((e) => e.removeAttribute('data-e2e-target'));
      const row = Array.from(document.querySelectorAll(rowSel)).find((r) => r.textContent?.includes(wanted));
      const target = row?.querySelector(sel);
      target?.setAttribute('data-e2e-target', '');
      return !!target;
    },
    [SEL.corpusRow, selector, title] as [string, string, string],
  );
  assert.ok(marked, `${selector} in the row titled "${title}"`);
  await page.click('[data-e2e-target]');
}

/** The titles in the table, top to bottom. */
export async function rowTitles(page: E2EPage): Promise<string[]> {
  return page.texts(`${SEL.corpusRow} ${T('view-article')}`);
}

/** Chooses `file` in the import input and waits until the import's progress bar is past `share` (0–1). */
export async function importPast(page: E2EPage, file: string, share: number, timeout: number, what: string): Promise<void> {
  await page.setInputFiles(SEL.corpusFileInput, [file]);
  await poll(() => page.evaluate((at) => ((document.querySelector('[data-testid=import-progress]') as HTMLProgressElement | null)?.value ?? 0) > at, share), {
    timeout,
    interval: 50,
    describe: () => what,
  });
}

/** The raw driver's keyboard: Playwright and Puppeteer pages both have `keyboard.press`. */
export function press(page: E2EPage, key: string): Promise<void> {
  return (page.raw as { keyboard: { press(key: string): Promise<void> } }).keyboard.press(key);
}

/** The settings as the extension stored them (its own IndexedDB), or null before any were saved. */
export async function settingsInDatabase(page: E2EPage): Promise<Record<string, unknown> | null> {
  return page.evaluate(
    () =>
      new Promise<Record<string, unknown> | null>((resolve, reject) => {
        const open = indexedDB.open('wirecheck');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const get = db.transaction('meta').objectStore('meta').get('settings');
          get.onsuccess = () => {
            db.close();
            resolve((get.result?.value as Record<string, unknown>) ?? null);
          };
          get.onerror = () => reject(get.error);
        };
      }),
  );
}
