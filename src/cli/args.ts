/**
 * The command line, parsed into one plain Command value, and the help texts that describe it.
 * Built on node:util parseArgs so the CLI needs no dependency of its own. Anything the user
 * typed wrong becomes a UsageError (exit status 2), kept apart from the failures of
 * individual inputs (exit status 1) so scripts can tell "you called me wrong" from "some
 * file was bad".
 */

import { parseArgs } from 'node:util';

export type CommandName = 'check' | 'extract' | 'index';

export type Command =
  | { name: 'help'; topic?: CommandName }
  | { name: 'version' }
  | { name: 'check'; corpus: string; json: boolean; evidence: boolean; jobs?: number; keepGoing?: true; inputs: string[] }
  | { name: 'index'; corpus: string; output: string; keepGoing?: true }
  | { name: 'extract'; json: boolean; inputs: string[] };

export class UsageError extends Error {
  /** The command whose help the user should read, if the mistake was inside one. */
  constructor(message: string, readonly command?: CommandName) {
    super(message);
    this.name = 'UsageError';
  }
}

export const USAGE: Record<'main' | CommandName, string> = {
  main: `Usage: wirecheck <command> [options]

Tells whether news articles are Associated Press copy, and how much they were reworded,
by comparing them with a local corpus of AP originals. Nothing leaves your machine.

Commands:
  check     check articles (.txt or .html files) against a corpus
  index     make a corpus pack: the corpus fingerprinted once, for fast loading
  extract   print the article that would be checked in saved HTML pages

Options:
  -h, --help     show this help; 'wirecheck <command> --help' for a command's
  -v, --version  print the version

Exit status: 0 everything was processed, 1 some input failed (each reported on
stderr, the others still processed) or the corpus could not be used whole, 2 usage error.
`,
  check: `Usage: wirecheck check --corpus <corpus.jsonl | folder | pack> [--json] [--evidence] [--jobs N] [--keep-going] <file…>

Checks each file against the corpus: which original it derives from (if any), the verdict,
how much it was reworded, and how much of it derives from the original.

Inputs:
  file.txt             the headline on the first non-empty line, the body after it
  file.html, file.htm  a saved page; the article is extracted as the extension does

Options:
  -c, --corpus <path>  the originals: a .jsonl file, one {"id","title","url","published",
                       "text"} object per line, or a folder whose .jsonl, .txt and .html
                       files (also .ndjson, .htm) are all read, in name order, or a
                       corpus pack made by 'wirecheck index' (told by its first bytes)
      --json           one JSON object per line for each input, in input order:
                       {"input","verdict","source","paraphraseScore","coverage","candidates"}
      --evidence       also show what was found: every aligned sentence pair with its
                       similarity and rewording, the word substitutions, shared quotes
                       (with --json: one more key, "evidence", at the end of each object)
  -j, --jobs <N>       check N files at a time on worker threads (default: one per
                       processor core, and one per 50 files at most, as a worker
                       takes about a second to start); output stays in input order
      --keep-going     check against the articles that loaded even when some corpus
                       files or lines are bad (they are still listed on stderr, and
                       the exit status is 1); without it a bad corpus checks nothing
  -h, --help           show this help

Verdicts: verbatim (copied word for word), edited (lightly reworded), rewritten
(paraphrased or spun), partial (only part of the page derives from the source),
none (no source in the corpus).
Paraphrase score: 0 = word for word … 100 = entirely reworded.
Coverage: share of the page's words that derive from the source.
`,
  index: `Usage: wirecheck index <corpus.jsonl | folder> -o <corpus.wcpack> [--keep-going]

Fingerprints every article of the corpus once and writes a corpus pack: the articles with
their texts compressed, their fingerprints and the search index, in one versioned file with
a checksum. 'wirecheck check --corpus <pack>' and the extension's options page load a pack
without fingerprinting anything, which is what makes it fast. A damaged, truncated or
outdated pack is refused with a message, never used.

Options:
  -o, --output <file>  where to write the pack (replaced if it exists)
      --keep-going     pack the articles that loaded even when some corpus files or
                       lines are bad (they are still listed on stderr, and the exit
                       status is 1); without it a bad corpus writes nothing
  -h, --help           show this help

Bad corpus files and lines are listed on stderr; the pack is written only from a corpus
without any (or with --keep-going). Interrupted (Ctrl-C), it leaves no file behind.
`,
  extract: `Usage: wirecheck extract [--json] <page.html…>

Prints the article found in each saved HTML page, extracted exactly as the browser
extension extracts it before checking: title, byline, then the text.

Options:
      --json   one {"input","title","byline","text"} JSON object per line, in input order
  -h, --help   show this help
`,
};

const COMMANDS: readonly CommandName[] = ['check', 'extract', 'index'];

export function parseCommandLine(argv: readonly string[]): Command {
  const [first, ...rest] = argv;
  if (first === undefined) throw new UsageError('no command given');
  if (first === '-h' || first === '--help') return { name: 'help' };
  if (first === '-v' || first === '--version') return { name: 'version' };
  if (first === 'help') {
    const topic = rest[0];
    if (topic === undefined) return { name: 'help' };
    if (!isCommandName(topic)) throw new UsageError(`no help for unknown command '${topic}'`);
    return { name: 'help', topic };
  }
  if (first.startsWith('-')) throw new UsageError(`expected a command before '${first}'`);
  if (!isCommandName(first)) throw new UsageError(`unknown command '${first}'`);
  // --help wins over every other mistake on the line: someone asking for help should get it.
  const beforeTerminator = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  if (beforeTerminator.some((a) => a === '-h' || a === '--help')) return { name: 'help', topic: first };
  return first === 'check' ? parseCheck(rest) : first === 'index' ? parseIndex(rest) : parseExtract(rest);
}

function parseCheck(args: string[]): Command {
  const { values, positionals } = parse('check', args, {
    corpus: { type: 'string', short: 'c', multiple: true },
    json: { type: 'boolean' },
    evidence: { type: 'boolean' },
    jobs: { type: 'string', short: 'j' },
    'keep-going': { type: 'boolean' },
  });
  const corpora = (values.corpus ?? []) as string[];
  if (corpora.length === 0) throw new UsageError('--corpus <corpus.jsonl | folder> is required', 'check');
  // parseArgs would silently keep the last one; a second corpus is more likely a typo.
  if (corpora.length > 1) throw new UsageError('--corpus given more than once', 'check');
  if (corpora[0] === '') throw new UsageError('--corpus needs a path', 'check');
  if (positionals.length === 0) throw new UsageError('no files to check', 'check');
  let jobs: number | undefined;
  if (values.jobs !== undefined) {
    jobs = Number(values.jobs);
    if (!/^\d+$/.test(String(values.jobs)) || jobs < 1 || jobs > 256) throw new UsageError('--jobs needs a whole number from 1 to 256', 'check');
  }
  return {
    name: 'check',
    corpus: corpora[0]!,
    json: values.json === true,
    evidence: values.evidence === true,
    ...(jobs ? { jobs } : {}),
    ...(values['keep-going'] === true ? { keepGoing: true as const } : {}),
    inputs: positionals,
  };
}

function parseIndex(args: string[]): Command {
  const { values, positionals } = parse('index', args, { output: { type: 'string', short: 'o', multiple: true }, 'keep-going': { type: 'boolean' } });
  const outputs = (values.output ?? []) as string[];
  if (positionals.length === 0) throw new UsageError('no corpus given', 'index');
  if (positionals.length > 1) throw new UsageError('one corpus at a time (a .jsonl file or a folder)', 'index');
  if (outputs.length === 0 || outputs[0] === '') throw new UsageError('-o <file> is required: where to write the pack', 'index');
  if (outputs.length > 1) throw new UsageError('-o given more than once', 'index');
  return { name: 'index', corpus: positionals[0]!, output: outputs[0]!, ...(values['keep-going'] === true ? { keepGoing: true as const } : {}) };
}

function parseExtract(args: string[]): Command {
  const { values, positionals } = parse('extract', args, { json: { type: 'boolean' } });
  if (positionals.length === 0) throw new UsageError('no pages to extract', 'extract');
  return { name: 'extract', json: values.json === true, inputs: positionals };
}

type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

/**
 * parseArgs in its lenient mode, then our own checks on its tokens: strict mode's messages
 * are paragraphs aimed at programmers, and one line naming the option reads better.
 */
function parse(command: CommandName, args: string[], options: OptionSpec) {
  const parsed = parseArgs({ args, options, allowPositionals: true, strict: false, tokens: true });
  for (const token of parsed.tokens) {
    if (token.kind !== 'option') continue;
    const spec = options[token.name];
    if (!spec) throw new UsageError(`unknown option '${token.rawName}'`, command);
    if (spec.type === 'boolean' && token.inlineValue) throw new UsageError(`${token.rawName} takes no value`, command);
    // Lenient mode takes the next word even when it is another option ("--corpus --json").
    if (spec.type === 'string' && (token.value === undefined || (!token.inlineValue && token.value.startsWith('-')))) {
      throw new UsageError(`${token.rawName} needs a value`, command);
    }
  }
  return parsed;
}

function isCommandName(s: string): s is CommandName {
  return (COMMANDS as readonly string[]).includes(s);
}
