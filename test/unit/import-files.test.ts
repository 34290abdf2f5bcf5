// The options page's file reading (src/ui/options/import-files.ts) with Node's own File.
import { describe, expect, it } from 'vitest';
import { extractFromHtml } from '../../src/extraction/node';
import { describeProblem, readCorpusFiles } from '../../src/ui/options/import-files';
import { seedCorpus } from './seeds';

const jsonl = (articles: object[]) => articles.map((a) => JSON.stringify(a)).join('\n');
const extract = (html: string) => extractFromHtml(html);

describe('reading corpus files chosen in the options page', () => {
  it('reads JSON Lines and text files together', async () => {
    const [a, b] = seedCorpus('both');
    const files = [new File([jsonl([a!])], 'one.jsonl'), new File([`${b!.title}\n\n${b!.text}`], 'Second Story.txt')];
    const { articles, problems } = await readCorpusFiles(files, extract);
    expect(problems).toEqual([]);
    expect(articles.map((x) => x.id)).toEqual([a!.id, 'txt:second-story']);
  });

  it('names the file and line of every problem', async () => {
    const [a] = seedCorpus('both');
    const files = [
      new File([jsonl([a!])], 'good.jsonl'),
      new File([`${jsonl([a!])}\n{"id": 1}`], 'bad.jsonl'),
      new File([new Uint8Array([0x66, 0xff, 0xfe, 0x00])], 'latin1.txt'),
    ];
    const { problems } = await readCorpusFiles(files, extract);
    const lines = problems.map(describeProblem);
    expect(lines).toContain('latin1.txt: not UTF-8 text');
    expect(lines.some((l) => l.startsWith('bad.jsonl, line 2: '))).toBe(true);
    expect(lines).toContain(`bad.jsonl: duplicate id "${a!.id}" (first in good.jsonl)`);
  });
});
