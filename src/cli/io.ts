/**
 * Where the CLI's output goes. Commands write whole lines through this small interface, never
 * to process.stdout directly, so stdout carries only results (clean for `--json | jq`), every
 * complaint goes to stderr, and a test can capture both without spawning a process.
 */

export interface Io {
  /** One line of results on stdout (the newline is added). */
  out(line: string): void;
  /** One line of diagnostics on stderr (the newline is added). */
  err(line: string): void;
  /** Whether stdout is a terminal that understands colour codes. */
  color: boolean;
}

/** A bad input or corpus line, as the user should read it. */
export interface Problem {
  file: string;
  line?: number;
  message: string;
}

export function problemLine(p: Problem): string {
  return `wirecheck: ${p.file}${p.line !== undefined ? ` line ${p.line}` : ''}: ${p.message}`;
}

export function processIo(): Io {
  // `wirecheck … | head` closes the pipe early; that is the reader's choice, not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  return {
    out: (line) => void process.stdout.write(`${line}\n`),
    err: (line) => void process.stderr.write(`${line}\n`),
    // hasColors() already honours NO_COLOR, FORCE_COLOR and TERM=dumb.
    color: process.stdout.isTTY === true && process.stdout.hasColors(),
  };
}
