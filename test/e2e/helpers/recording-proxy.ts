/**
 * A recording HTTP proxy the browser sends every request through, so a test can say what the
 * browser asked of whom: each request's host, path, headers and arrival time, whether or not
 * anything answers it. Host names listed in `hosts` are forwarded to the address they map to
 * (the port kept), loopback addresses are forwarded as they are, and every other host is
 * answered 502 by the proxy itself. An HTTPS tunnel (CONNECT) to a host it serves ends here,
 * in TLS with a throwaway self-signed certificate the browsers are launched to accept, and the
 * requests inside it are recorded like the others (Firefox upgrades an MV3 extension's http://
 * requests to https: its default extension CSP has `upgrade-insecure-requests`); a tunnel to
 * any other host is recorded and refused. The machine has no network, so nothing leaves it.
 *
 *     const proxy = await startRecordingProxy({ hosts: { 'apnews.com': '127.0.0.1' } });
 *     launch({ proxyServer: proxy.origin });           // chromium.ts / firefox.ts route all through it
 *     ...
 *     proxy.since(mark).filter((r) => r.host !== 'apnews.com:8123');  // anything else asked for
 *
 * Why a proxy rather than the stand-in's own request log: the log only sees the requests that
 * reach the stand-in, so a request to another host (a redirect's target, a related link, a
 * canonical URL elsewhere) would leave no trace at all; the proxy sees every request the
 * browser makes, to any host, in both browsers the same way (Chromium: `--proxy-server` with
 * `--proxy-bypass-list=<-loopback>`, so loopback goes through it too; Firefox: the manual proxy
 * prefs with `network.proxy.allow_hijacking_localhost`). Headers are recorded as the browser
 * sent them (a proxy sees the Cookie and Referer an origin server would). The browsers' own
 * service traffic shows up too (BROWSER_SERVICE_HOSTS), and a test leaves it out by name.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { closeServer, headersOf, listenOnLoopback } from './local-server.ts';

export interface ProxiedRequest {
  method: string;
  /** `hostname:port` as the browser asked for it (`apnews.com:8123`); for CONNECT, the tunnel's target. */
  host: string;
  /** How the browser sent it: plain, or inside a CONNECT tunnel (which the proxy ends for a host it serves). */
  scheme: 'http' | 'https';
  /** Path and query ('' for a refused CONNECT). */
  path: string;
  /** Request headers as received, names lowercased (cookie, referer, origin… when sent). */
  headers: Record<string, string>;
  /** Date.now() on arrival. */
  time: number;
  /**
   * The earliest sign of it: the tunnel's CONNECT for the first request through a tunnel (its
   * TLS handshake came in between), else its arrival. What a pace is measured on.
   */
  startedAt: number;
  /** What came back: the upstream's status, or the proxy's own 502 for a host it does not serve. */
  status?: number;
  /** True when the proxy forwarded it (a mapped or loopback host). */
  forwarded: boolean;
}

export interface RecordingProxy {
  /** `http://127.0.0.1:<port>`: what the browser is told to use. */
  readonly origin: string;
  readonly port: number;
  /** Every request so far, in order of arrival. */
  readonly requests: readonly ProxiedRequest[];
  /** A mark to pass to `since`: the number of requests so far. */
  mark(): number;
  /** The requests after `mark`. */
  since(mark: number): ProxiedRequest[];
  close(): Promise<void>;
}

export interface RecordingProxyOptions {
  /** Host names forwarded to another address, port kept: `{ 'apnews.com': '127.0.0.1' }`. */
  hosts?: Record<string, string>;
}

/**
 * Hosts the browsers call on their own, whatever the extension does, that their launch
 * switches and prefs do not silence (measured here over a 25 s idle): Chromium's on-demand
 * component update (update.googleapis.com, at start) and its Google sign-in check
 * (accounts.google.com, retried with a growing delay all along), Firefox's remote settings
 * (firefox.settings.services.mozilla.com, at start and every ~30 s; Firefox ignores the
 * `services.settings.server` pref that points it elsewhere). A test about the extension's
 * requests leaves these out by name (`browsersOwn`) and says how many it left out.
 */
export const BROWSER_SERVICE_HOSTS: readonly string[] = [
  'accounts.google.com:443',
  'update.googleapis.com:443',
  'update.googleapis.com:80',
  'clients2.google.com:80',
  'clients2.google.com:443',
  'firefox.settings.services.mozilla.com:443',
];

/** Whether a request is the browser's own service traffic (BROWSER_SERVICE_HOSTS). */
export function browsersOwn(request: ProxiedRequest): boolean {
  return BROWSER_SERVICE_HOSTS.includes(request.host);
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Hop-by-hop headers a proxy does not pass on (RFC 9110 §7.6.1), plus the proxy's own. */
const HOP_BY_HOP = new Set(['connection', 'proxy-connection', 'keep-alive', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/** Where a host name goes: its mapped address, a loopback address as it is, else nowhere. */
function upstreamOf(hosts: ReadonlyMap<string, string>, hostname: string): string | undefined {
  const mapped = hosts.get(hostname) ?? (LOOPBACK.has(hostname) ? hostname : undefined);
  return mapped === 'localhost' || mapped === '[::1]' ? '127.0.0.1' : mapped;
}

/** Passes the request on to `upstream:port` over plain HTTP and the answer back. */
function forward(entry: ProxiedRequest, req: http.IncomingMessage, res: http.ServerResponse, upstream: string, port: number): void {
  const headers: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(name.toLowerCase())) headers[name] = value;
  headers.connection = 'close';
  const out = http.request({ host: upstream, port, method: req.method, path: entry.path, headers }, (answer) => {
    entry.status = answer.statusCode;
    const back: http.OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(answer.headers)) if (!HOP_BY_HOP.has(name.toLowerCase())) back[name] = value;
    res.writeHead(answer.statusCode ?? 502, back);
    answer.pipe(res);
  });
  out.on('error', (error) => {
    entry.status = 502;
    if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain' });
    res.end(`The test proxy could not reach ${entry.host}: ${error.message}\n`);
  });
  // The browser went away (an aborted fetch, a hang): so does the upstream request.
  res.on('close', () => out.destroy());
  req.pipe(out);
}

function refuse(entry: ProxiedRequest, res: http.ServerResponse): void {
  entry.status = 502;
  res.writeHead(502, { 'Content-Type': 'text/plain' }).end(`The test proxy does not reach ${entry.host}.\n`);
}

export async function startRecordingProxy(opts: RecordingProxyOptions = {}): Promise<RecordingProxy> {
  const hosts = new Map(Object.entries(opts.hosts ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const requests: ProxiedRequest[] = [];
  const record = (req: http.IncomingMessage, scheme: 'http' | 'https', host: string, path: string, forwarded: boolean): ProxiedRequest => {
    const time = Date.now();
    const entry: ProxiedRequest = { method: req.method ?? 'GET', scheme, host, path, headers: headersOf(req), time, startedAt: time, forwarded };
    requests.push(entry);
    return entry;
  };

  // Plain HTTP: the browser sends the absolute URL.
  const server = http.createServer((req, res) => {
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      // Not a proxy request (origin-form): nobody should address the proxy as a server.
      res.writeHead(400, { 'Content-Type': 'text/plain' }).end('This is a proxy: send absolute URLs.\n');
      return;
    }
    const port = Number(target.port || (target.protocol === 'https:' ? 443 : 80));
    const hostname = target.hostname.toLowerCase();
    const upstream = target.protocol === 'http:' ? upstreamOf(hosts, hostname) : undefined;
    const entry = record(req, 'http', `${hostname}:${port}`, target.pathname + target.search, upstream !== undefined);
    if (upstream === undefined) refuse(entry, res);
    else forward(entry, req, res, upstream, port);
  });

  // HTTPS to a host the proxy serves: the tunnel ends here, in TLS with a self-signed
  // certificate (the browsers are launched to accept it), and each request inside is recorded
  // and passed on over plain HTTP. The requests of a tunnel carry origin-form paths; the host
  // is the tunnel's.
  let tlsIdentity: { key: string; cert: string } | undefined;
  const tunnelled = new WeakMap<object, { host: string; upstream: string; port: number; connectedAt?: number }>();
  const inner = http.createServer((req, res) => {
    const tunnel = tunnelled.get(req.socket)!;
    const entry = record(req, 'https', tunnel.host, req.url ?? '/', true);
    if (tunnel.connectedAt !== undefined) entry.startedAt = tunnel.connectedAt;
    delete tunnel.connectedAt;
    forward(entry, req, res, tunnel.upstream, tunnel.port);
  });
  server.on('connect', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => {});
    const host = (req.url ?? '').toLowerCase();
    const at = host.lastIndexOf(':');
    const hostname = at > 0 ? host.slice(0, at) : host;
    const port = Number(at > 0 ? host.slice(at + 1) : 443);
    const upstream = upstreamOf(hosts, hostname);
    if (upstream === undefined) {
      // Recorded, then refused: nothing leaves the machine.
      const time = Date.now();
      requests.push({ method: 'CONNECT', scheme: 'https', host, path: '', headers: headersOf(req), time, startedAt: time, status: 502, forwarded: false });
      socket.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    tlsIdentity ??= selfSignedIdentity();
    if (head.length) socket.unshift(head);
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    const secure = new tls.TLSSocket(socket, { isServer: true, ...tlsIdentity });
    secure.on('error', () => {});
    tunnelled.set(secure, { host: `${hostname}:${port}`, upstream, port, connectedAt: Date.now() });
    inner.emit('connection', secure);
  });

  const { origin, port } = await listenOnLoopback(server);
  return {
    origin,
    port,
    requests,
    mark: () => requests.length,
    since: (mark) => requests.slice(mark),
    close: () => closeServer(server, inner),
  };
}

/**
 * A throwaway key and self-signed certificate for the tunnels the proxy ends (openssl; Node
 * cannot make certificates). No browser trusts it: they are launched to accept any.
 */
function selfSignedIdentity(): { key: string; cert: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'wirecheck-e2e-proxy-tls-'));
  try {
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', '/CN=wirecheck-e2e-proxy', '-keyout', key, '-out', cert], { stdio: 'ignore' });
    return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
