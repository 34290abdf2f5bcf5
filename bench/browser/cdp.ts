/**
 * A minimal Chrome DevTools Protocol client over the browser's WebSocket endpoint, for what
 * Playwright does not expose on a persistent context: sessions on the extension's service
 * worker (heap usage, stopping it). Flat sessions: one socket, `sessionId` per target.
 */

export interface CdpTarget {
  targetId: string;
  type: string;
  url: string;
  attached?: boolean;
}

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void; method: string };

export class Cdp {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  private constructor(private readonly ws: WebSocket) {
    ws.addEventListener('message', (event) => {
      const msg = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: { message: string } };
      if (msg.id === undefined) return;
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.error) p.reject(new Error(`${p.method}: ${msg.error.message}`));
      else p.resolve(msg.result);
    });
  }

  static async connect(wsUrl: string): Promise<Cdp> {
    const ws = new WebSocket(wsUrl);
    await new Promise<void>((resolve, reject) => {
      ws.addEventListener('open', () => resolve(), { once: true });
      ws.addEventListener('error', () => reject(new Error(`cannot connect to ${wsUrl}`)), { once: true });
    });
    return new Cdp(ws);
  }

  send<T = unknown>(method: string, params: object = {}, sessionId?: string): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, method });
      this.ws.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    });
  }

  async targets(): Promise<CdpTarget[]> {
    return (await this.send<{ targetInfos: CdpTarget[] }>('Target.getTargets')).targetInfos;
  }

  async attach(targetId: string): Promise<string> {
    return (await this.send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true })).sessionId;
  }

  async detach(sessionId: string): Promise<void> {
    await this.send('Target.detachFromTarget', { sessionId }).catch(() => {});
  }

  close(): void {
    this.ws.close();
  }
}
