/** Serves fixed HTML pages on 127.0.0.1 (ephemeral port): `/p/<name>`. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PageServer {
  url(name: string): string;
  add(name: string, html: string): string;
  close(): Promise<void>;
}

export async function servePages(): Promise<PageServer> {
  const pages = new Map<string, string>();
  const server = http.createServer((req, res) => {
    const name = decodeURIComponent((req.url ?? '').replace(/^\/p\//, '').replace(/\?.*$/, ''));
    const html = pages.get(name);
    if (html === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = (name: string) => `http://127.0.0.1:${port}/p/${encodeURIComponent(name)}`;
  return {
    url,
    add(name, html) {
      pages.set(name, html);
      return url(name);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
