/**
 * SSRF, the rest of it: DNS rebinding, unspecified addresses, IPv6 zone ids, IDN forms of localhost,
 * and redirects into refused addresses. Every refused address is a real loopback listener (a canary)
 * that must accept zero connections, and net/'s connect gate must report no attempt at it. Addresses
 * that are not loopback are covered by the pure policy tests (policy.test.ts): no packet here leaves
 * loopback even if the code under test is wrong.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/index.js';
import type { ConnectAttempt } from '../../src/net/index.js';
import type { HttpEvidence } from '../../src/model/http.js';
import { httpResponse, startRawServer, type RawServer } from '../lab/hostile/raw-server.js';
import { startHostileDns, type HostileDns } from '../lab/hostile/dns-server.js';
import { HOSTILE_PROBES, category } from './support.js';

/** A listener that only counts: any connection to it is an SSRF the policy should have stopped. */
async function startCanary(host: string, port = 0): Promise<{ port: number; connections: number; close(): Promise<void> }> {
  const state = { port: 0, connections: 0, close: async () => undefined as void };
  const server = net.createServer((s) => {
    state.connections++;
    s.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  state.port = (server.address() as net.AddressInfo).port;
  state.close = () => new Promise<void>((r) => server.close(() => r()));
  return state;
}

const ipv6Loopback = await new Promise<boolean>((resolve) => {
  const s = net.createServer();
  s.once('error', () => resolve(false));
  s.listen(0, '::1', () => s.close(() => resolve(true)));
});

describe('DNS rebinding: the first answer is pinned for the whole scan', () => {
  let dns: HostileDns;
  let target: RawServer;
  let canary: Awaited<ReturnType<typeof startCanary>>;
  let aQueries = 0;

  beforeAll(async () => {
    // The "public" address is 127.0.0.2 (allow-listed); later answers say 127.0.0.3 (refused).
    target = await startRawServer(
      (socket, req) =>
        socket.end(
          req.path === '/'
            ? httpResponse('302 Found', [['Location', `http://rebind.test:${target.port}/page`]])
            : httpResponse('200 OK', [['Content-Type', 'text/html'], ['Set-Cookie', 'sid=1; Secure; HttpOnly']], '<html><head></head></html>'),
        ),
      // TLS answers a handshake-failure alert: the https request fails as TLS, so the TLS probe runs too.
      { host: '127.0.0.2', onTls: (socket) => socket.end(Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28])) },
    );
    canary = await startCanary('127.0.0.3', target.port);
    dns = await startHostileDns((q) => {
      if (q.name !== 'rebind.test' || q.type !== 'A') return { answers: [] };
      aQueries++;
      return { answers: [{ type: 'A', name: 'rebind.test', ttl: 0, data: aQueries === 1 ? '127.0.0.2' : '127.0.0.3' }] };
    });
  });
  afterAll(async () => {
    await Promise.all([dns.close(), target.close(), canary.close()]);
  });

  it('every connection of a full scan goes to the pinned address; the rebound one sees none', async () => {
    const attempts: ConnectAttempt[] = [];
    const { report, evidence } = await scan(`http://rebind.test:${target.port}/`, {
      probes: HOSTILE_PROBES,
      nameServers: [dns.spec],
      allowList: ['127.0.0.2/32'],
      timeoutMs: 3000,
      onConnect: (a) => attempts.push(a),
    });
    expect(report.target.pinned).toBe('127.0.0.2');
    expect(aQueries).toBe(1);
    expect(canary.connections).toBe(0);
    expect(attempts.length).toBeGreaterThan(5);
    expect(new Set(attempts.map((a) => a.address))).toEqual(new Set(['127.0.0.2']));
    expect(new Set(attempts.map((a) => a.purpose))).toEqual(new Set(['http', 'https', 'tls']));
    // The page behind the same-name redirect was reached on the pinned address and judged.
    const chain = (evidence.http as { data: HttpEvidence }).data.http;
    expect(chain.outcome).toBe('final');
    expect(chain.hops.map((h) => h.remoteAddress)).toEqual(['127.0.0.2', '127.0.0.2']);
    expect(category(report, 'headers').status).toBe('measured');
  });
});

describe('targets that mean "this machine", without the allow flag', () => {
  let canary4: Awaited<ReturnType<typeof startCanary>>;
  let canary6: Awaited<ReturnType<typeof startCanary>> | undefined;
  beforeAll(async () => {
    canary4 = await startCanary('127.0.0.1');
    if (ipv6Loopback) canary6 = await startCanary('::1', canary4.port);
  });
  afterAll(async () => {
    await canary4.close();
    await canary6?.close();
  });

  const spellings = (port: number) => [
    `http://0.0.0.0:${port}/`,
    `http://0:${port}/`,
    `http://[::]:${port}/`,
    `http://[::ffff:0.0.0.0]:${port}/`,
    `http://ｌｏｃａｌｈｏｓｔ:${port}/`, // fullwidth letters: IDNA maps them to "localhost"
    `http://LOCALHOST.:${port}/`,
    `http://api.localhost:${port}/`,
    `http://127。0。0。1:${port}/`, // ideographic full stops are dots after IDNA mapping
    `http://[::1]:${port}/`,
    `http://[0:0:0:0:0:0:0:1]:${port}/`,
    `http://2130706433:${port}/`,
    `http://[fe80::1%25lo]:${port}/`, // a zone id: not a valid URL host at all
  ];

  it('each is refused before any socket opens (exit code 2 material), and the canaries see nothing', async () => {
    const attempts: ConnectAttempt[] = [];
    const outcomes = await Promise.all(
      spellings(canary4.port).map((input) =>
        scan(input, { probes: HOSTILE_PROBES, timeoutMs: 2000, onConnect: (a) => attempts.push(a) }).then(
          () => ({ input, error: undefined as Error | undefined }),
          (error: Error) => ({ input, error }),
        ),
      ),
    );
    for (const { input, error } of outcomes) {
      expect(error, input).toBeDefined();
      expect(error!.name, `${input}: ${error!.message}`).toMatch(/TargetRefusedError|InputError/);
      expect(error!.message).not.toMatch(/\bE[A-Z]{4,}\b/);
    }
    expect(attempts).toEqual([]);
    expect(canary4.connections).toBe(0);
    expect(canary6?.connections ?? 0).toBe(0);
  });
});

describe('redirects into refused addresses', () => {
  let canary4: Awaited<ReturnType<typeof startCanary>>;
  let canary6: Awaited<ReturnType<typeof startCanary>> | undefined;
  let lab: RawServer;
  let targets: string[] = [];

  beforeAll(async () => {
    canary4 = await startCanary('127.0.0.1');
    if (ipv6Loopback) canary6 = await startCanary('::1', canary4.port);
    const p = canary4.port;
    targets = [
      `http://127.0.0.1:${p}/`,
      `http://127.1:${p}/`,
      `http://0x7f.1:${p}/`,
      `http://0177.0.0.1:${p}/`,
      `http://2130706433:${p}/`,
      `http://[::1]:${p}/`,
      `http://[::ffff:127.0.0.1]:${p}/`,
      `http://[::ffff:7f00:1]:${p}/`,
      `http://localhost:${p}/`,
      `http://ｌｏｃａｌｈｏｓｔ:${p}/`,
      `http://api.localhost:${p}/`,
      `http://0.0.0.0:${p}/`,
      `http://[::]:${p}/`,
      `https://127.0.0.1:${p}/`,
    ];
    // The lab's own address 127.0.0.5 is the only allow-listed one.
    lab = await startRawServer((socket, req) => {
      const i = Number(/^\/r\/(\d+)/.exec(req.path)?.[1] ?? -1);
      socket.end(targets[i] ? httpResponse('302 Found', [['Location', targets[i]!]]) : httpResponse('404 Not Found', []));
    }, { host: '127.0.0.5' });
  });
  afterAll(async () => {
    await Promise.all([canary4.close(), canary6?.close(), lab.close()]);
  });

  it('every loopback spelling is refused at the hop, said in words, with zero connections to it', async () => {
    const attempts: ConnectAttempt[] = [];
    const runs = await Promise.all(
      targets.map(async (to, i) => {
        const { report, evidence } = await scan(`http://127.0.0.5:${lab.port}/r/${i}`, {
          probes: ['http', 'tls'],
          allowList: ['127.0.0.5/32'],
          timeoutMs: 3000,
          onConnect: (a) => attempts.push(a),
        });
        return { to, report, chain: (evidence.http as { data: HttpEvidence }).data.http };
      }),
    );
    for (const { to, report, chain } of runs) {
      expect(chain.outcome, to).toBe('refused');
      expect(chain.error?.message, to).toMatch(/^the redirect to .* was not followed: refusing to scan .*(loopback|unspecified)/);
      expect(category(report, 'headers').reason, to).toMatch(/not followed: refusing to scan/);
    }
    expect(new Set(attempts.map((a) => a.address))).toEqual(new Set(['127.0.0.5']));
    expect(canary4.connections).toBe(0);
    expect(canary6?.connections ?? 0).toBe(0);
  });
});
