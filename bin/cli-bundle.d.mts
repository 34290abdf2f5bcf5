// Types of cli-bundle.mjs (plain JavaScript: it loads before any TypeScript support exists).

/** A hash of every file under `dirs` (path, size, modification time) and of `files`, relative to `root`. */
export function sourceStamp(root: string, dirs: readonly string[], files: readonly string[]): string;

/** The folder of a bundle of the current sources, built into `cacheDir` if need be; null when it cannot be built. */
export function cliBundle(opts?: { root?: string; cacheDir?: string }): Promise<string | null>;
