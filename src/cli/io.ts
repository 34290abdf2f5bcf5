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

/** One stderr line: file names and messages can hold anything a page or a corpus held, escaped. */
export function problemLine(p: Problem): string {
  return escapeControls(`wirecheck: ${p.file}${p.line !== undefined ? ` line ${p.line}` : ''}: ${p.message}`);
}

/**
 * Characters that must not reach a terminal raw from a page, a corpus or a file name: C0 and C1
 * controls and DEL (ESC starts escape sequences that recolour or retitle the terminal, 0x9B is
 * a one-byte CSI, BEL ends an OSC title, CR overwrites the line) and the bidirectional
 * controls (U+061C, U+200E/U+200F, U+202A–U+202E, U+2066–U+2069), which reorder what is shown
 * after them (a "Trojan Source" title). Newline is spared only where the caller prints one on
 * purpose.
 */
// eslint-disable-next-line no-control-regex -- the controls a terminal must not receive
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- the controls a terminal must not receive
const UNSAFE_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const SHORT: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * Text for human-readable output with every unsafe character written out as an escape
 * (\x1b, \u202e; \t, \r, \n), so what a page says is shown, never obeyed. JSON output goes
 * through `escapeJson` instead.
 */
export function escapeControls(text: string, opts: { newlines?: boolean } = {}): string {
  return text.replace(opts.newlines ? UNSAFE_BUT_NEWLINE : UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return SHORT[c] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
  });
}

// What JSON.stringify leaves raw of the above (it escapes only U+0000–U+001F): DEL, the C1
// controls, the bidirectional controls, and the line and paragraph separators, which some
// line readers take for a newline inside a one-line JSON object.
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * JSON text (JSON.stringify's) with every character a terminal must not receive raw written
 * as \uXXXX. Outside strings JSON text is ASCII, so each one found is inside a string, where
 * JSON reads the escape back as the same character: `--json | jq` sees the page's text
 * unchanged, a terminal or a pager sees only escapes.
 */
export function escapeJson(json: string): string {
  return json.replace(UNSAFE_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function processIo(): Io {
  // `wirecheck … | head` closes the pipe early; that is the reader's choice, not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  return {
    out: (line) => void process.stdout.write(`${line}\n`),
    // Every diagnostic is escaped again here (newlines kept, for a stack trace): whatever a
    // command forgot, stderr never carries a raw escape sequence.
    err: (line) => void process.stderr.write(`${escapeControls(line, { newlines: true })}\n`),
    // hasColors() already honours NO_COLOR, FORCE_COLOR and TERM=dumb.
    color: process.stdout.isTTY === true && process.stdout.hasColors(),
  };
}
