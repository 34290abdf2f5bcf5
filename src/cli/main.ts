/**
 * The CLI's entry point: parse the command line, run one command, return the exit status
 * (0 all done, 1 some input or corpus line failed, 2 usage error). bin/wirecheck.mjs calls
 * main() from a bundle of the sources (bin/cli-bundle.mjs), or after registering tsx; running
 * this file directly (`npx tsx src/cli/main.ts …`) works too. main() itself never exits the
 * process, so pending output is always flushed.
 */

import { pathToFileURL } from 'node:url';
import packageJson from '../../package.json' with { type: 'json' };
import { type Command, parseCommandLine, USAGE, UsageError } from './args';
import { runCheck } from './commands/check';
import { runExtract } from './commands/extract';
import { runFollow } from './commands/follow';
import { runIndex } from './commands/index';
import { type Io, processIo } from './io';

export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  let command: Command;
  try {
    command = parseCommandLine(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    const help = e.command ? `wirecheck ${e.command} --help` : 'wirecheck --help';
    io.err(`wirecheck: ${e.message} (see '${help}')`);
    return 2;
  }
  try {
    switch (command.name) {
      case 'help':
        io.out(USAGE[command.topic ?? 'main'].trimEnd());
        return 0;
      case 'version':
        io.out(version());
        return 0;
      case 'check':
        return await runCheck(command, io);
      case 'extract':
        return await runExtract(command, io);
      case 'index':
        return await runIndex(command, io);
      case 'follow':
        return await runFollow(command, io);
    }
  } catch (e) {
    // Input problems are handled inside the commands; reaching here is a bug in Wirecheck.
    io.err(`wirecheck: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return 1;
  }
}

function version(): string {
  return packageJson.version;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
