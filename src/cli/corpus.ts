/**
 * What `check` and `index` do alike with the corpus they were given: say everything that was
 * wrong with it, then decide whether the command may go on.
 *
 * A corpus is used whole or not at all, as the options page imports it: a bad file or line
 * stops the command before it checks or writes anything, and the reader fixes the corpus or
 * says, with --keep-going, that the rest will do (the problems are still listed, and the exit
 * status is 1). A corpus without a single article stops the command either way: a check
 * against nothing would answer "none" for every page, which reads like a result.
 */

import { PackError } from '../core/pack/pack';
import { type CorpusSource, InputError, errorMessage } from './inputs';
import { type Io, problemLine } from './io';

export interface CorpusUse {
  keepGoing: boolean;
  /** What the command does with the articles, and what it says when it does nothing. */
  command: 'check' | 'index';
}

const WORDS = {
  check: { stop: 'nothing checked', go: (n: string) => `check against the ${n} that loaded`, going: (n: string) => `checking against the ${n} that loaded` },
  index: { stop: 'nothing written', go: (n: string) => `pack the ${n} that loaded`, going: (n: string) => `packing the ${n} that loaded` },
};

const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/** Problems a corpus file's list stands for: its last entry may count the ones not listed. */
function problemCount(problems: readonly { message: string }[]): number {
  return problems.reduce((sum, p) => sum + Number(/^and (\d+) more problems? not listed$/.exec(p.message)?.[1] ?? 1), 0);
}

/**
 * Lists what a folder skipped and every problem on stderr; true when the command may use the
 * articles (all of them loaded, or --keep-going), false when it must stop (already said why).
 */
export function acceptCorpus(source: Extract<CorpusSource, { kind: 'articles' }>, corpus: string, io: Io, use: CorpusUse): boolean {
  const words = WORDS[use.command];
  for (const s of source.skipped) io.err(problemLine(s));
  for (const p of source.problems) io.err(problemLine(p));
  const articles = plural(source.articles.length, 'article');
  if (source.articles.length === 0) {
    io.err(problemLine({ file: corpus, message: `no articles in the corpus; ${words.stop}` }));
    return false;
  }
  if (source.problems.length === 0) return true;
  const problems = `${plural(problemCount(source.problems), 'problem')} in the corpus (listed above)`;
  if (!use.keepGoing) {
    io.err(problemLine({ file: corpus, message: `${problems}; ${words.stop}: fix the corpus, or pass --keep-going to ${words.go(articles)}` }));
    return false;
  }
  io.err(problemLine({ file: corpus, message: `${problems}; ${words.going(articles)} (--keep-going)` }));
  return true;
}

/** A corpus that could not be read at all: what a folder skipped, then why. */
export function reportCorpusError(e: unknown, corpus: string, io: Io): void {
  if (e instanceof InputError) for (const note of e.notes) io.err(problemLine(note));
  io.err(problemLine({ file: corpus, message: e instanceof PackError ? e.message : errorMessage(e) }));
}
