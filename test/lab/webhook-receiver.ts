/** A webhook receiver on 127.0.0.1 that records each POST (headers and body), or stalls on purpose. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedHook {
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedHook[];
  /** Connections that arrived while stalling. */
  stalled: number;
  close(): Promise<void>;
}

export async function startWebhookReceiver(mode: 'ok' | 'stall' = 'ok'): Promise<WebhookReceiver> {
  const state = { received: [] as ReceivedHook[], stalled: 0 };
  const server = http.createServer((req, res) => {
    if (mode === 'stall') {
      state.stalled++;
      return; // never answer
    }
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      state.received.push({ headers: req.headers, body, at: Date.now() });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hooks/scorifya`,
    get received() {
      return state.received;
    },
    get stalled() {
      return state.stalled;
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
