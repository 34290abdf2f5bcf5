/**
 * A publisher of corpus packs for the subscription tests: one URL whose bytes a test swaps
 * (a full pack, then a delta), served with an ETag (a hash of the bytes) and answered 304 when
 * the request's If-None-Match names the current one. It records every request it answers
 * (path, headers, status, time), so a test counts what a check cost.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import { closeServer, headersOf, listenOnLoopback } from './local-server.ts';

export interface PackRequest {
  path: string;
  headers: Record<string, string>;
  status: number;
  time: number;
}

export interface PackServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly port: number;
  /** Serves `bytes` at `path` from now on. */
  publish(path: string, bytes: Uint8Array): void;
  /** The ETag `path` is served with now. */
  etag(path: string): string | undefined;
  readonly requests: readonly PackRequest[];
  close(): Promise<void>;
}

export async function startPackServer(): Promise<PackServer> {
  const published = new Map<string, { bytes: Uint8Array; etag: string }>();
  const requests: PackRequest[] = [];
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const headers = headersOf(req);
    const entry: PackRequest = { path, headers, status: 0, time: Date.now() };
    requests.push(entry);
    const pack = published.get(path);
    if (!pack) {
      entry.status = 404;
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('No such pack.\n');
    } else if (headers['if-none-match']?.split(/\s*,\s*/).includes(pack.etag)) {
      entry.status = 304;
      res.writeHead(304, { ETag: pack.etag }).end();
    } else {
      entry.status = 200;
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(pack.bytes.byteLength), ETag: pack.etag });
      res.end(pack.bytes);
    }
  });
  const { origin, port } = await listenOnLoopback(server);
  return {
    origin,
    port,
    publish(path, bytes) {
      published.set(path, { bytes, etag: `"${createHash('sha256').update(bytes).digest('hex').slice(0, 32)}"` });
    },
    etag: (path) => published.get(path)?.etag,
    requests,
    close: () => closeServer(server),
  };
}
