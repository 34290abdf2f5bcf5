// The hand-labelled credit pages (test/fixtures/credit-labels.json) read as the detector sees
// them: a fixture page's article as Readability extracts it (text, byline, title), a seed text
// as the CLI reads a .txt (headline, then text). Shared by sites-credit.test.ts and bench/credit.ts.
import { readFileSync } from 'node:fs';
import { splitHeadline } from '../../src/core/corpus/headline';
import type { CreditSignal } from '../../src/core/sites/types';
import { extractFromHtml } from '../../src/extraction/node';

export interface CreditLabel {
  id: string;
  file: string;
  credited: boolean;
  signal?: CreditSignal;
  evidence?: string;
  note: string;
}

const fixtures = new URL('../fixtures/', import.meta.url);

export const creditLabels: CreditLabel[] = (JSON.parse(readFileSync(new URL('credit-labels.json', fixtures), 'utf8')) as { labels: CreditLabel[] }).labels;

/** The page a label is about, as the detector reads it. */
export function labelledPage(label: CreditLabel): { title: string; text: string; byline?: string } {
  const content = readFileSync(new URL(label.file, fixtures), 'utf8');
  if (label.file.endsWith('.txt')) return splitHeadline(content);
  const article = extractFromHtml(content, { url: 'https://example.com/article' });
  if (!article) throw new Error(`${label.file}: no article extracted`);
  return { title: article.title, text: article.text, ...(article.byline ? { byline: article.byline } : {}) };
}
