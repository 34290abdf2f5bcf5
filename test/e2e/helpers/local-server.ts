/**
 * What the e2e tests' own HTTP servers share (pack-server.ts, recording-proxy.ts): a free
 * loopback port, a close that does not wait for the browsers' keep-alive connections, and a
 * request's headers as plain strings.
 */
import type http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Starts `server` on a free port of 127.0.0.1; its origin (`http://127.0.0.1:<port>`) and port. */
export async function listenOnLoopback(server: http.Server): Promise<{ origin: string; port: number }> {
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const port = (server.address() as AddressInfo).port;
  return { origin: `http://127.0.0.1:${port}`, port };
}

/** Closes `server`, dropping the connections still open on it and on `alongside` (a keep-alive one would hold the close up). */
export function closeServer(server: http.Server, ...alongside: http.Server[]): Promise<void> {
  return new Promise<void>((done) => {
    server.close(() => done());
    server.closeAllConnections();
    for (const other of alongside) other.closeAllConnections();
  });
}

/** A request's headers, names in lower case, a repeated header's values joined with ', '. */
export function headersOf(req: http.IncomingMessage): Record<string, string> {
  return Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(', ') : (v ?? '')]));
}
