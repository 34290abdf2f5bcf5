/**
 * The request log of the apnews.com stand-in (test/support/ap-standin.ts), and a recorder: a
 * server that only logs and answers 200, to stand for "another host" and prove that nothing
 * reached it. Several servers may share one log; each entry names the server that took it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoggedRequest {
  method: string;
  /** Path and query as requested. */
  path: string;
  /** Request headers, names lowercased (cookie, referer, user-agent, if-none-match, … when sent). */
  headers: Record<string, string>;
  /** Date.now() when the request arrived. */
  time: number;
  /** The listening origin of the server that took it (several servers may share a log). */
  server: string;
  /** Status answered (also when the client hung up mid-body); absent while no answer has begun (a hang). */
  status?: number;
}

export interface RequestLog {
  readonly entries: LoggedRequest[];
  clear(): void;
  /** Requests whose path starts with `pathPrefix` (all when absent), in order of arrival. */
  requestsTo(pathPrefix?: string): LoggedRequest[];
  /** The paths requested, in order. */
  paths(): string[];
}

export function createRequestLog(): RequestLog {
  const entries: LoggedRequest[] = [];
  return {
    entries,
    clear: () => void entries.splice(0),
    requestsTo: (prefix = '') => entries.filter((e) => e.path.startsWith(prefix)),
    paths: () => entries.map((e) => e.path),
  };
}

/** The log entry of a request as it arrives: headers with lowercased names, repeated ones joined. */
export function logEntry(req: http.IncomingMessage, server: string): LoggedRequest {
  return {
    method: req.method ?? 'GET',
    path: req.url ?? '/',
    headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(', ') : (v ?? '')])),
    time: Date.now(),
    server,
  };
}

/** A server that records every request into `log` and answers 200: the other host of a redirect, to prove nothing reaches it. */
export async function startRecorder(opts: { port?: number; log?: RequestLog } = {}): Promise<{ origin: string; log: RequestLog; close(): Promise<void> }> {
  const log = opts.log ?? createRequestLog();
  let origin = '';
  const server = http.createServer((req, res) => {
    log.entries.push({ ...logEntry(req, origin), status: 200 });
    res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>Elsewhere</title><p>Another host.</p>');
  });
  await new Promise<void>((ok) => server.listen(opts.port ?? 0, '127.0.0.1', () => ok()));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    log,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
