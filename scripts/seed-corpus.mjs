// Writes the seed corpora of cases.json as JSON Lines (test/fixtures/seeds/corpus-<name>.jsonl)
// and the bundled sample corpus (assets/sample-corpus.jsonl). Run after changing the seeds.
import { readFileSync, writeFileSync } from 'node:fs';

const dir = new URL('../test/fixtures/seeds/', import.meta.url);
const cases = JSON.parse(readFileSync(new URL('cases.json', dir), 'utf8'));
// The seeds README dates the story 22 February 2023; the originals' URLs are not known.
const PUBLISHED = '2023-02-22';

function article({ id, file, title }) {
  const raw = readFileSync(new URL(file, dir), 'utf8');
  // Line 1 is the headline; the body follows.
  const text = raw.split('\n').slice(1).join('\n').trim();
  return { id, title, url: '', published: PUBLISHED, text };
}

for (const [name, entries] of Object.entries(cases.corpora)) {
  const lines = entries.map((e) => JSON.stringify(article(e)));
  writeFileSync(new URL(`corpus-${name}.jsonl`, dir), `${lines.join('\n')}\n`);
}
const sample = cases.corpora.both.map((e) => JSON.stringify(article(e)));
writeFileSync(new URL('../../../assets/sample-corpus.jsonl', dir), `${sample.join('\n')}\n`);
console.log('seed corpora written');
