/**
 * `wirecheck extract`: show what the extension would check on a saved page, the first thing
 * to look at when a verdict surprises. Pages are handled one by one; a bad one is reported
 * on stderr and the others still printed.
 */

import { extractJson, extractText, jsonLine } from '../format';
import { errorMessage, loadHtmlPage } from '../inputs';
import { type Io, problemLine } from '../io';

export interface ExtractOptions {
  json: boolean;
  inputs: string[];
}

export async function runExtract(opts: ExtractOptions, io: Io): Promise<number> {
  let failed = false;
  let printed = 0;
  for (const input of opts.inputs) {
    try {
      const page = await loadHtmlPage(input);
      if (opts.json) io.out(jsonLine(extractJson(input, page)));
      else io.out(`${printed > 0 ? '\n' : ''}${extractText(input, page)}`);
      printed++;
    } catch (e) {
      io.err(problemLine({ file: input, message: errorMessage(e) }));
      failed = true;
    }
  }
  return failed ? 1 : 0;
}
