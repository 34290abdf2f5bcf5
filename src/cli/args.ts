/**
 * The command line, parsed into one plain Command value, and the help texts that describe it.
 * Built on node:util parseArgs so the CLI needs no dependency of its own. Anything the user
 * typed wrong becomes a UsageError (exit status 2), kept apart from the failures of
 * individual inputs (exit status 1) so scripts can tell "you called me wrong" from "some
 * file was bad".
 */

import { DEFAULT_SITEMAP_INDEX as DEFAULT_FOLLOW_SITEMAP } from '../core/follow/defaults';
import { parseArgs } from 'node:util';
import { isPackLink } from '../core/pack/identity';
import { BACKFILL_WINDOWS, type BackfillWindow } from '../core/follow/types';
import type { SiteSortKey } from '../core/sites/summary';
import { BY_SITE_SORTS } from './by-site';

export type CommandName = 'check' | 'extract' | 'index' | 'follow';

export type Command =
  | { name: 'help'; topic?: CommandName }
  | { name: 'version' }
  | { name: 'check'; corpus: string; json: boolean; evidence: boolean; jobs?: number; keepGoing?: true; bySite?: true; sort?: SiteSortKey; inputs: string[] }
  | { name: 'index'; corpus: string; output: string; keepGoing?: true; since?: string; previous?: string; full?: string; jobs?: number }
  | { name: 'extract'; json: boolean; inputs: string[] }
  | FollowCommand;

export interface FollowCommand {
  name: 'follow';
  output: string;
  sitemap: string;
  /**
   * How far back the follow reaches: a named window, or a day (YYYY-MM-DD, from its start in
   * UTC). Absent when not given: a month for a new follow, unchanged for one under way.
   */
  since?: { window: BackfillWindow } | { date: string };
  budgetBytes?: number;
  quiet: boolean;
}


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
  follow    make and update a corpus pack from AP's published stories (its sitemaps)

Options:
  -h, --help     show this help; 'wirecheck <command> --help' for a command's
  -v, --version  print the version

Exit status: 0 everything was processed, 1 some input failed (each reported on
stderr, the others still processed) or the corpus could not be used whole, 2 usage error.
`,
  check: `Usage: wirecheck check --corpus <corpus.jsonl | folder | pack> [--json] [--evidence] [--jobs N] [--keep-going] <file…>
       wirecheck check --corpus <…> --by-site [--sort share|rewrites|articles|site] [--json] <file…>

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
      --by-site        one row per site instead of one per file: articles, AP copy,
                       copy that credits AP (byline, dateline, "contributed" or source
                       line) and copy that does not, uncredited rewrites (edited or
                       rewritten without credit), and the share of AP copy. A page's
                       site is the host of the URL it names for itself (canonical link,
                       else og:url); a page naming none is a row of its own. With
                       --json: one {"host","articles","byVerdict","apCopy","credited",
                       "uncredited","uncreditedRewrites","apShare","firstCheckedAt",
                       "lastCheckedAt"} object per site and line
      --sort <order>   (with --by-site) share (of AP copy, the default), rewrites
                       (uncredited), articles: largest first; site: A to Z
  -h, --help           show this help

Verdicts: verbatim (copied word for word), edited (lightly reworded), rewritten
(paraphrased or spun), partial (only part of the page derives from the source),
none (no source in the corpus).
Paraphrase score: 0 = word for word … 100 = entirely reworded.
Coverage: share of the page's words that derive from the source.
`,
  index: `Usage: wirecheck index <corpus.jsonl | folder> -o <corpus.wcpack> [--jobs N] [--keep-going]
       wirecheck index <corpus | pack> --since <old.wcpack> -o <delta.wcpack> [--previous <url>] [--full <url>] [--jobs N]

Fingerprints every article of the corpus once and writes a corpus pack: the articles with
their texts compressed, their fingerprints and the search index, in one versioned file with
a checksum. 'wirecheck check --corpus <pack>' and the extension's options page load a pack
without fingerprinting anything, which is what makes it fast. A damaged, truncated or
outdated pack is refused with a message, never used.

With --since, it writes a delta pack: only what changed since an older full pack (new and
changed articles, ids removed), which subscribers of that pack apply to get this version.

Options:
  -o, --output <file>  where to write the pack (replaced if it exists)
  -j, --jobs <N>       fingerprint and compress on N worker threads (default: one per
                       processor core, and one per 2,000 articles at most: fewer are
                       not worth starting a worker); 1 works without workers. The pack
                       is the same whatever N
      --keep-going     pack the articles that loaded even when some corpus files or
                       lines are bad (they are still listed on stderr, and the exit
                       status is 1); without it a bad corpus writes nothing
      --since <pack>   write a delta pack against this full pack (the corpus may
                       then be a full pack too)
      --previous <url> (with --since) where the delta before this one is published,
                       for subscribers who missed it: http(s), or relative to this one
      --full <url>     (with --since) where the full new pack is published, for
                       subscribers too far behind
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
  follow: `Usage: wirecheck follow -o <pack.wcpack> [--sitemap <url>] [--since <when>] [--budget <size>] [--quiet]

Follows a news service's public sitemaps (AP's by default) and keeps a corpus pack of its
stories: fetches the story pages the pack lacks, reads each one as the extension does
(hubs, live blogs, galleries, videos and score tables are skipped), and writes the pack
for 'wirecheck check --corpus'. Run it again to add what is new or changed since; a run
that was interrupted resumes where it stopped, and no story is ever kept twice.

It is polite: one request at a time, at most one a second (slower when robots.txt asks),
robots.txt and Retry-After honoured, back-off after 429 and 5xx answers; no cookies, no
referrer. After repeated failures it stops and says why.

Options:
  -o, --output <file>  the pack to make or update; the queue and the follow's state are
                       kept beside it, in <file>.follow.json (and <file>.follow.lock
                       while it runs: one run at a time on a pack)
      --sitemap <url>  the sitemap index to follow (default ${DEFAULT_FOLLOW_SITEMAP})
      --since <when>   how far back the follow reaches: week, month (the default for
                       a new follow), quarter, year, or a day (YYYY-MM-DD); later runs
                       fetch what is new or changed, and reach further back only when
                       given an earlier --since
      --budget <size>  keep the followed stories within this size (e.g. 2GB, 500MB): the
                       oldest published go first. Default: no limit
  -q, --quiet          no progress on stderr
  -h, --help           show this help

Progress goes to stderr (one updating line on a terminal, a line a minute otherwise), a
summary to stdout. The pack and the state file are replaced atomically: at the end, on
Ctrl-C (SIGINT) or SIGTERM, and along the way every 100 stories or every minute (the pack
only while rewriting it stays cheap: a large one waits).

Exit status: 0 the run finished, 1 it stopped after repeated failures or could not write
(the reason on stderr), 2 usage error, 130 or 143 interrupted by SIGINT or SIGTERM (what
was fetched is kept).
`,
};

const COMMANDS: readonly CommandName[] = ['check', 'extract', 'index', 'follow'];

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
  if (first === 'follow') return parseFollow(rest);
  return first === 'check' ? parseCheck(rest) : first === 'index' ? parseIndex(rest) : parseExtract(rest);
}

function parseCheck(args: string[]): Command {
  const { values, positionals } = parse('check', args, {
    corpus: { type: 'string', short: 'c', multiple: true },
    json: { type: 'boolean' },
    evidence: { type: 'boolean' },
    jobs: { type: 'string', short: 'j' },
    'keep-going': { type: 'boolean' },
    'by-site': { type: 'boolean' },
    sort: { type: 'string', multiple: true },
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
    ...bySiteOptions(values['by-site'] === true, (values.sort ?? []) as string[], values.evidence === true),
    inputs: positionals,
  };
}

function bySiteOptions(bySite: boolean, sorts: string[], evidence: boolean): { bySite?: true; sort?: SiteSortKey } {
  if (sorts.length > 0 && !bySite) throw new UsageError('--sort goes with --by-site', 'check');
  if (!bySite) return {};
  if (evidence) throw new UsageError('--evidence shows one page at a time; --by-site counts pages per site', 'check');
  if (sorts.length > 1) throw new UsageError('--sort given more than once', 'check');
  const sort = sorts[0];
  if (sort !== undefined && !Object.hasOwn(BY_SITE_SORTS, sort)) throw new UsageError(`--sort needs one of ${Object.keys(BY_SITE_SORTS).join(', ')}`, 'check');
  return { bySite: true, ...(sort !== undefined ? { sort: BY_SITE_SORTS[sort]! } : {}) };
}

function parseIndex(args: string[]): Command {
  const { values, positionals } = parse('index', args, {
    output: { type: 'string', short: 'o', multiple: true },
    'keep-going': { type: 'boolean' },
    since: { type: 'string', multiple: true },
    previous: { type: 'string', multiple: true },
    full: { type: 'string', multiple: true },
    jobs: { type: 'string', short: 'j', multiple: true },
  });
  const outputs = (values.output ?? []) as string[];
  if (positionals.length === 0) throw new UsageError('no corpus given', 'index');
  if (positionals.length > 1) throw new UsageError('one corpus at a time (a .jsonl file or a folder)', 'index');
  if (outputs.length === 0 || outputs[0] === '') throw new UsageError('-o <file> is required: where to write the pack', 'index');
  if (outputs.length > 1) throw new UsageError('-o given more than once', 'index');
  // The delta options: each at most once; --previous and --full only with --since.
  const delta: { since?: string; previous?: string; full?: string } = {};
  for (const name of ['since', 'previous', 'full'] as const) {
    const given = (values[name] ?? []) as string[];
    if (given.length > 1) throw new UsageError(`--${name} given more than once`, 'index');
    if (given[0] === '') throw new UsageError(`--${name} needs a value`, 'index');
    if (given[0] !== undefined) delta[name] = given[0];
  }
  if (delta.since === undefined && (delta.previous !== undefined || delta.full !== undefined)) {
    throw new UsageError(`--${delta.previous !== undefined ? 'previous' : 'full'} goes with --since <old.wcpack>: it is a link in a delta pack`, 'index');
  }
  for (const name of ['previous', 'full'] as const) {
    const link = delta[name];
    if (link !== undefined && !isPackLink(link)) throw new UsageError(`--${name} needs an http(s) URL or one relative to the delta's, not '${link}'`, 'index');
  }
  const jobs = (values.jobs ?? []) as string[];
  if (jobs.length > 1) throw new UsageError('--jobs given more than once', 'index');
  if (jobs[0] !== undefined && !(/^\d+$/.test(jobs[0]) && Number(jobs[0]) >= 1 && Number(jobs[0]) <= 256)) {
    throw new UsageError('--jobs needs a whole number from 1 to 256', 'index');
  }
  return {
    name: 'index',
    corpus: positionals[0]!,
    output: outputs[0]!,
    ...(values['keep-going'] === true ? { keepGoing: true as const } : {}),
    ...delta,
    ...(jobs[0] !== undefined ? { jobs: Number(jobs[0]) } : {}),
  };
}

function parseExtract(args: string[]): Command {
  const { values, positionals } = parse('extract', args, { json: { type: 'boolean' } });
  if (positionals.length === 0) throw new UsageError('no pages to extract', 'extract');
  return { name: 'extract', json: values.json === true, inputs: positionals };
}

function parseFollow(args: string[]): Command {
  const { values, positionals } = parse('follow', args, {
    output: { type: 'string', short: 'o', multiple: true },
    sitemap: { type: 'string', multiple: true },
    since: { type: 'string', multiple: true },
    budget: { type: 'string', multiple: true },
    quiet: { type: 'boolean', short: 'q' },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}' (the pack goes after -o)`, 'follow');
  const once = (name: string, flag: string): string | undefined => {
    const given = (values[name] ?? []) as string[];
    if (given.length > 1) throw new UsageError(`${flag} given more than once`, 'follow');
    if (given[0] === '') throw new UsageError(`${flag} needs a value`, 'follow');
    return given[0];
  };
  const output = once('output', '-o');
  if (output === undefined) throw new UsageError('-o <file> is required: the pack to make or update', 'follow');
  const sitemap = once('sitemap', '--sitemap') ?? DEFAULT_FOLLOW_SITEMAP;
  const url = URL.canParse(sitemap) ? new URL(sitemap) : undefined;
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) throw new UsageError(`--sitemap needs an http(s) URL, not '${sitemap}'`, 'follow');
  if (url.username || url.password) throw new UsageError('--sitemap must not carry a user name or password: requests carry no credentials', 'follow');
  const sinceText = once('since', '--since');
  const budgetText = once('budget', '--budget');
  return {
    name: 'follow',
    output,
    sitemap: url.href,
    ...(sinceText !== undefined ? { since: parseSince(sinceText) } : {}),
    ...(budgetText !== undefined ? { budgetBytes: parseSize(budgetText) } : {}),
    quiet: values.quiet === true,
  };
}

function parseSince(text: string): NonNullable<FollowCommand['since']> {
  if ((BACKFILL_WINDOWS as readonly string[]).includes(text)) return { window: text as BackfillWindow };
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const ms = day ? Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])) : NaN;
  if (!day || new Date(ms).toISOString().slice(0, 10) !== text) {
    throw new UsageError(`--since needs week, month, quarter, year or a day (YYYY-MM-DD), not '${text}'`, 'follow');
  }
  if (ms > Date.now()) throw new UsageError(`--since ${text} is in the future`, 'follow');
  return { date: text };
}

const SIZE_UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** "2GB", "500 MB", "1.5GiB", "800000000": sizes as the CLI prints them (binary units: 1 GB = 1024 MB). */
function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(?:([kmgt])i?)?b?$/i.exec(text.trim());
  const bytes = m ? Math.floor(Number(m[1]) * SIZE_UNITS[(m[2] ?? '').toLowerCase()]!) : NaN;
  if (!m || !Number.isSafeInteger(bytes) || bytes < 1) throw new UsageError(`--budget needs a size such as 2GB or 500MB, not '${text}'`, 'follow');
  return bytes;
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
