/**
 * The bundled sample corpus (assets/sample-corpus.jsonl: the two AP versions of the seed
 * story) as a file the import reads like any other. Its modification time is fixed, so adding
 * it twice is recognised as the same import.
 */

import sampleCorpusUrl from '../../../assets/sample-corpus.jsonl?url';
import type { ImportFile } from './import-run';

export const SAMPLE_FILE_NAME = 'sample-corpus.jsonl';

export async function sampleCorpusFile(): Promise<ImportFile> {
  const response = await fetch(sampleCorpusUrl);
  if (!response.ok) throw new Error(`the sample corpus could not be loaded (${response.status})`);
  return new File([await response.blob()], SAMPLE_FILE_NAME, { lastModified: 0 });
}
