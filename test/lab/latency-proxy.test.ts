/** The bench's latency proxy: delay per direction, order kept, the TCP handshake's round trip, counts. */
import net from 'node:net';
import dgram from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLatencyProxy, type LatencyProxy } from './latency-proxy.js';

let echo: net.Server;
let udpEcho: dgram.Socket;
let proxy: LatencyProxy;
let udpBound = false;

beforeAll(async () => {
  echo = net.createServer((s) => s.pipe(s));
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', () => r()));
  const port = (echo.address() as net.AddressInfo).port;
  // A UDP echo on the same port number when it is free; the proxy relays to target.port.
  udpEcho = dgram.createSocket('udp4');
  udpEcho.on('message', (m, r) => udpEcho.send(m, r.port, r.address));
  await new Promise<void>((r, j) => {
    udpEcho.once('error', j);
    udpEcho.bind(port, '127.0.0.1', () => r());
  }).then(() => (udpBound = true), () => undefined);
  proxy = await startLatencyProxy({ target: { host: '127.0.0.1', port }, delayMs: 20, udp: true });
});
afterAll(async () => {
  await proxy.close();
  udpEcho.close();
  await new Promise<void>((r) => echo.close(() => r()));
});

function roundTrip(first: Buffer, second: Buffer): Promise<{ ms: number; data: Buffer }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const chunks: Buffer[] = [];
    const s = net.connect({ host: '127.0.0.1', port: proxy.port }, () => {
      s.write(first);
      s.write(second);
    });
    s.on('data', (d: Buffer) => {
      chunks.push(d);
      if (Buffer.concat(chunks).length >= first.length + second.length) {
        s.destroy();
        resolve({ ms: performance.now() - t0, data: Buffer.concat(chunks) });
      }
    });
    s.on('error', reject);
  });
}

describe('latency proxy', () => {
  it('costs the handshake round trip plus one round trip for an echo, keeps order and counts TLS openings', async () => {
    proxy.reset();
    const { ms, data } = await roundTrip(Buffer.from([0x16, 0x03, 0x01]), Buffer.from('second'));
    // Handshake (2 × 20 ms) + there and back (2 × 20 ms); timers only ever fire late, never early.
    expect(ms).toBeGreaterThanOrEqual(78);
    expect(data.subarray(3).toString()).toBe('second');
    expect(proxy.counters).toMatchObject({ connections: 1, tlsConnections: 1 });
  });

  it('relays UDP with the delay both ways', async (ctx) => {
    // The UDP echo needs the TCP echo's port number; on the rare collision there is nothing to relay to.
    if (!udpBound) return ctx.skip();
    const client = dgram.createSocket('udp4');
    const t0 = performance.now();
    const answer = new Promise<Buffer>((r) => client.once('message', (m) => r(m)));
    client.send(Buffer.from('ping'), proxy.port, '127.0.0.1');
    expect((await answer).toString()).toBe('ping');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(38);
    client.close();
  });
});
