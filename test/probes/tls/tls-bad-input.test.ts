import { afterAll, describe, expect, it } from 'vitest';
import { startGarbage, startNotTls, startResetAfterHello, startStall, freePort, type RunningServer } from '../../lab/tls/servers.js';
import { probeTls } from '../../../src/probes/tls.js';
import { exchangeHello } from '../../../src/net/tls/hello-exchange.js';

const servers: RunningServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

// Short caps where silence is the point; generous ones elsewhere so a loaded CI machine cannot flake.
async function probeBad(start: () => Promise<RunningServer>, handshakeTimeoutMs = 3000) {
  const server = await start();
  servers.push(server);
  const started = performance.now();
  const result = await probeTls({ host: 'localhost', port: server.port, address: '127.0.0.1', ca: [], handshakeTimeoutMs });
  return { result, ms: performance.now() - started };
}

describe('TLS probe against misbehaving servers', () => {
  it('a plain-text service is explained as not TLS', async () => {
    const { result, ms } = await probeBad(startNotTls);
    expect(result).toMatchObject({ status: 'unavailable', code: 'PLAIN_HTTP' });
    if (result.status === 'unavailable') expect(result.reason).toMatch(/^port \d+ speaks plain HTTP \(it answered a TLS ClientHello with "HTTP\/1\.[01] 400 Bad Request"\)$/);
    expect(ms).toBeLessThan(5000);
  });

  it('a server that stalls mid-handshake times out within the budget', async () => {
    const { result, ms } = await probeBad(startStall, 600);
    expect(result).toMatchObject({ status: 'unavailable', code: 'NOT_TLS' });
    if (result.status === 'unavailable') expect(result.reason).toMatch(/no answer within the time limit/);
    expect(ms).toBeLessThan(5000);
  });

  it('garbage bytes are explained, not parsed', async () => {
    const { result } = await probeBad(startGarbage);
    expect(result).toMatchObject({ status: 'unavailable', code: 'NOT_TLS' });
    if (result.status === 'unavailable') expect(result.reason).toMatch(/not a TLS/);
  });

  it('a reset after ServerHello is explained as an interrupted handshake', async () => {
    const { result, ms } = await probeBad(startResetAfterHello);
    expect(result).toMatchObject({ status: 'unavailable', code: 'HANDSHAKE_INTERRUPTED' });
    expect(ms).toBeLessThan(5000);
  });

  it('a closed port is a connection failure', async () => {
    const port = await freePort();
    const result = await probeTls({ host: 'localhost', port, address: '127.0.0.1', ca: [], handshakeTimeoutMs: 600 });
    expect(result).toMatchObject({ status: 'unavailable', code: 'CONNECT_FAILED' });
  });

  it('the hello driver refuses names: it only connects to pinned addresses', async () => {
    await expect(exchangeHello({ address: 'localhost', port: 443, hello: new Uint8Array(5), timeoutMs: 100 })).rejects.toThrow(/pinned IP/);
  });

  it('the hello driver stops at its byte cap', async () => {
    const net = await import('node:net');
    const server = net.createServer((s) => {
      s.on('error', () => undefined);
      // A ServerHello header that promises 8000 bytes, then a trickle of filler records.
      s.write(Buffer.from([22, 3, 3, 0, 4, 2, 0, 0x1f, 0x40]));
      const filler = Buffer.concat(Array.from({ length: 40 }, () => Buffer.from([22, 3, 3, 0, 100, ...Buffer.alloc(100)])));
      s.write(filler);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as import('node:net').AddressInfo).port;
    const outcome = await exchangeHello({ address: '127.0.0.1', port, hello: new Uint8Array([22, 3, 1, 0, 0]), timeoutMs: 2000, maxBytes: 2048 });
    expect(outcome.kind).toBe('too_large');
    server.close();
  });
});
