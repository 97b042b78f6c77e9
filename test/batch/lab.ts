/**
 * The batch lab: one loopback HTTP+HTTPS server answering any name under batch.test (a wildcard
 * certificate from a throwaway CA), a server that never answers (the slow target), and a closed port
 * (the unreachable target). Names are pinned with --resolve, so a batch sees many distinct hosts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLabCa } from '../lab/ca.js';
import { startLabServer, type LabServer } from '../lab/http-server.js';
import { GOOD_HEADERS } from '../support/evidence.js';

export interface BatchLab {
  server: LabServer;
  slow: LabServer;
  closedPort: number;
  dir: string;
  caFile: string;
  /** https URL of a lab name on the good server. */
  url(name: string, path?: string): string;
  slowUrl: string;
  deadUrl: string;
  /** Resolves when the first plain-http request for a `hold…` name arrives; that request is never answered. */
  holdSeen: Promise<void>;
  /** CLI flags that let a scan (or a worker) reach every lab name. */
  netArgs(names: string[]): string[];
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export async function startBatchLab(): Promise<BatchLab> {
  const ca = await createLabCa('Scorifya Batch Lab CA');
  const cert = await ca.issue({ dnsNames: ['*.batch.test'], ipAddresses: ['127.0.0.1'] });
  let firstHold = true;
  let holdSeen!: () => void;
  const held = new Promise<void>((resolve) => (holdSeen = resolve));
  const page = '<!doctype html><html><head><title>lab</title></head><body>batch lab</body></html>';
  const server = await startLabServer({
    cert,
    routes: {
      // Names starting with `weak` send no security headers, so a batch has findings to count.
      '*': (req, scheme) => {
        if (scheme === 'http' && req.headers.host?.startsWith('hold') && firstHold) {
          firstHold = false;
          holdSeen();
          return { behaviour: 'stall' };
        }
        // Names starting with `drag` answer plain http only after 600 ms (the lab server has no delay, so
        // the request is left open and answered by hand), which makes each of their scans last that long.
        if (scheme === 'http' && req.headers.host?.startsWith('drag')) {
          const location = `https://${req.headers.host}${req.url}`;
          setTimeout(() => req.socket.end(`HTTP/1.1 301 Moved Permanently\r\nLocation: ${location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`), 600);
          return { behaviour: 'stall' };
        }
        return scheme === 'http'
          ? { status: 301, headers: [['Location', `https://${req.headers.host}${req.url}`]] }
          : { status: 200, headers: [['Content-Type', 'text/html; charset=utf-8'], ...(req.headers.host?.startsWith('weak') ? [] : GOOD_HEADERS)], body: page };
      },
    },
  });
  const slow = await startLabServer({ cert, routes: { '*': { behaviour: 'stall' } } });
  const closedPort = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'scorifya-batch-'));
  const caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, ca.certPem);
  return {
    server,
    slow,
    closedPort,
    dir,
    caFile,
    url: (name, path = '/') => `https://${name}.batch.test:${server.port}${path}`,
    holdSeen: held,
    slowUrl: `https://slow.batch.test:${slow.port}/`,
    deadUrl: `https://dead.batch.test:${closedPort}/`,
    netArgs: (names) => [
      '--allow-private',
      '--ca', caFile,
      ...names.flatMap((n) => ['--resolve', `${n}.batch.test:*:127.0.0.1`]),
      '--resolve', 'slow.batch.test:*:127.0.0.1',
      '--resolve', 'dead.batch.test:*:127.0.0.1',
    ],
    close: async () => {
      await server.close();
      await slow.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
