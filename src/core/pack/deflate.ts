/**
 * Text compression with the platform's CompressionStream ('deflate-raw'): present in Chromium
 * (103+), Firefox (113+, so ESR 115 and later) and Node (21.2+ for deflate-raw; Wirecheck's
 * scripts run Node 22). No library, and the same bytes whoever compressed them, since both
 * sides only ever inflate what the other deflated.
 *
 * Article texts are compressed one by one, not as one stream, so a single article can be read
 * (alignment, the article dialog) without inflating its neighbours, and a pack's compressed
 * texts can be stored in IndexedDB as they are. Measured (Node 22.23): see
 * src/storage/text-codec.ts for the ratios on real and synthetic text.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

async function through(bytes: Uint8Array, transform: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  // A Blob's stream then a Response: one buffer in, one out, no manual chunk juggling.
  const stream = new Blob([bytes as BlobPart]).stream().pipeThrough(transform as unknown as ReadableWritablePair<Uint8Array, Uint8Array>);
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  return through(bytes, new CompressionStream('deflate-raw'));
}

export function inflate(bytes: Uint8Array): Promise<Uint8Array> {
  return through(bytes, new DecompressionStream('deflate-raw'));
}

export function compressText(text: string): Promise<Uint8Array> {
  return deflate(encoder.encode(text));
}

/** Rejects (TypeError) when the bytes are not deflate-raw data of UTF-8 text. */
export async function decompressText(bytes: Uint8Array): Promise<string> {
  return decoder.decode(await inflate(bytes));
}
