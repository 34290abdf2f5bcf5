/**
 * Fingerprints are bit-identical in Chromium, Firefox and Node.
 *
 * The MinHash code (src/core/fingerprint) is written in 32-bit integer arithmetic so that a
 * corpus indexed by the CLI can be queried by the extension and the other way round. This
 * test bundles that very module with esbuild, runs it in a page of each real browser and in
 * Node, and compares every signature value and band key for the seed texts and for text in
 * Chinese, Japanese and accented Latin script.
 */
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { selectedBrowsers } from './helpers/browsers.ts';
import { GENERATED_DIR, REPO_ROOT, SEEDS_DIR } from './helpers/paths.ts';
import { useSuite } from './helpers/suite.ts';

interface Prints {
  verbatim: number[];
  reworded: number[];
  bandKeys: number[];
}

const entry = path.join(REPO_ROOT, 'src/core/fingerprint/minhash.ts');
const samples: string[] = [];
let nodePrints: Prints[] = [];
let browserBundle = '';

before(async () => {
  for (const f of ['002_2af652c4d04ee126.txt', '001_2b3f9f2055e0df11.txt', '004_017aadd92dbe6fea.txt']) {
    samples.push(await readFile(path.join(SEEDS_DIR, f), 'utf8'));
  }
  samples.push('俄罗斯和中国周三在莫斯科举行了一系列会晤，展示了两国日益加深的关系。王毅会见了普京。');
  samples.push('ロシアと中国は水曜日、モスクワで一連の会談を行い、関係の深まりを示した。');
  samples.push('La Russie et la Chine ont affiché mercredi leurs liens de plus en plus étroits à Moscou. Ça dépend — « dit-il ».');
  const browserBuild = await build({ entryPoints: [entry], bundle: true, write: false, format: 'iife', globalName: 'WirecheckFingerprint', target: 'es2022' });
  browserBundle = browserBuild.outputFiles[0]!.text;
  const nodeFile = path.join(GENERATED_DIR, 'fingerprint.mjs');
  await mkdir(GENERATED_DIR, { recursive: true });
  const nodeBuild = await build({ entryPoints: [entry], bundle: true, write: false, format: 'esm', platform: 'node', target: 'es2022' });
  await writeFile(nodeFile, nodeBuild.outputFiles[0]!.text);
  const core = await import(pathToFileURL(nodeFile).href);
  nodePrints = samples.map((t) => {
    const fp = core.fingerprintText(t);
    return { verbatim: Array.from(fp.verbatim), reworded: Array.from(fp.reworded), bandKeys: Array.from(fp.bandKeys) };
  });
});

for (const { name, launch } of selectedBrowsers()) {
  describe(`fingerprints match Node: ${name}`, { timeout: 180_000 }, () => {
    const { s, server } = useSuite(name, launch);

    test('every signature value and band key is identical', async () => {
      const { page } = await s().openUrl(server().notAnArticleUrl);
      const prints = await page.evaluate(
        ({ code, texts }: { code: string; texts: string[] }) => {
          // Indirect eval runs the bundle in the page's global scope, as a <script> would; the
          // bundle is strict code, so its global is read back as the eval's value.
          const core = (0, eval)(`${code}\n;WirecheckFingerprint`) as { fingerprintText(t: string): { verbatim: Uint32Array; reworded: Uint32Array; bandKeys: Uint32Array } };
          return texts.map((t) => {
            const fp = core.fingerprintText(t);
            return { verbatim: Array.from(fp.verbatim), reworded: Array.from(fp.reworded), bandKeys: Array.from(fp.bandKeys) };
          });
        },
        { code: browserBundle, texts: samples },
      );
      assert.equal(prints.length, nodePrints.length);
      for (const [i, p] of prints.entries()) {
        assert.ok(p.verbatim.some((v) => v !== 0xffffffff), `sample ${i} produced an empty signature`);
        assert.deepEqual(p, nodePrints[i], `sample ${i} differs between ${name} and Node`);
      }
    });
  });
}
