/**
 * Client-initiated renegotiation, Extended Master Secret and 0-RTT against real servers on loopback:
 * Node's TLS server (allows a few client renegotiations, sends tickets without early data, EMS),
 * OpenSSL 3's s_server by default (refuses client renegotiation), with -client_renegotiation, and with
 * -max_early_data (tickets allow 0-RTT); a TLS 1.3-only server; and servers that stall.
 */
import net from 'node:net';
import tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { tlsLabPerFile } from '../../lab/tls/lab-per-file.js';
import { MODERN, TLS13_ONLY, startNodeTls, startStall, type NodeTlsConfig } from '../../lab/tls/servers.js';
import { startOpensslServer } from '../../lab/tls/openssl-server.js';
import { probeTls } from '../../../src/probes/tls.js';
import type { TlsEvidence } from '../../../src/model/tls.js';
import { readEarlyDataTicket, tryClientRenegotiation } from '../../../src/net/tls/session-handshakes.js';
import { vulnerabilityTable } from '../../../src/checks/tls/vulnerability-table.js';

const lab = tlsLabPerFile();

async function probe(port: number): Promise<TlsEvidence> {
  const result = await probeTls({ host: 'localhost', port, address: '127.0.0.1', ca: [lab.certs.rootPem], handshakeTimeoutMs: 10_000 });
  if (result.status !== 'ok') throw new Error(`probe unavailable: ${result.reason}`);
  return result.data;
}
const node = (config: NodeTlsConfig = MODERN) => lab.start(() => startNodeTls(lab.certs.good, config));
/** A Node TLS server that keeps each connection open, as an HTTPS server waiting for a request does. */
async function nodeKeepingConnections(): Promise<number> {
  const server = tls.createServer({ key: lab.certs.good.keyPem, cert: lab.certs.good.chainPem }, () => undefined);
  server.on('tlsClientError', () => undefined);
  const sockets = new Set<net.Socket>();
  server.on('connection', (s) => (sockets.add(s), s.on('close', () => sockets.delete(s))));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  await lab.start(async () => ({
    port: (server.address() as net.AddressInfo).port,
    close: () => new Promise<void>((r) => (sockets.forEach((s) => s.destroy()), server.close(() => r()))),
  }));
  return (server.address() as net.AddressInfo).port;
}
const openssl = (flags: string[]) => lab.start(() => startOpensslServer(lab.certs.good, flags));
const verdictOf = (e: TlsEvidence, name: string) => vulnerabilityTable(e).find((r) => r.name === name);

describe('session security against lab servers', () => {
  it("Node's TLS server: accepts client renegotiation, echoes EMS, issues tickets without early data", async () => {
    const e = await probe(await nodeKeepingConnections());
    expect(e.sessionSecurity.clientRenegotiation).toEqual({ outcome: 'accepted', detail: 'a second handshake, started by the client on a TLSv1.2 connection, completed' });
    expect(e.sessionSecurity.extendedMasterSecret).toEqual({ supported: true, protocol: 'TLSv1.2' });
    expect(e.sessionSecurity.earlyData).toEqual({ outcome: 'refused', maxEarlyDataSize: 0, detail: 'the session ticket carries no early_data extension' });
    expect(verdictOf(e, 'Client-Initiated Renegotiation')).toMatchObject({ verdict: 'vulnerable', findingId: 'tls_client_renegotiation' });
    expect(verdictOf(e, '0-RTT (early data)')).toMatchObject({ verdict: 'not_vulnerable' });
  });

  it('OpenSSL 3 s_server by default refuses client renegotiation with a no_renegotiation alert', async () => {
    const e = await probe((await openssl([])).port);
    expect(e.sessionSecurity.clientRenegotiation).toEqual({ outcome: 'refused', detail: 'the server answered the renegotiation with a no_renegotiation alert' });
    expect(verdictOf(e, 'Client-Initiated Renegotiation')).toMatchObject({ verdict: 'not_vulnerable' });
  });

  it('s_server -client_renegotiation accepts it; -max_early_data tickets allow 0-RTT', async () => {
    const e = await probe((await openssl(['-client_renegotiation', '-max_early_data', '16384'])).port);
    expect(e.sessionSecurity.clientRenegotiation.outcome).toBe('accepted');
    expect(e.sessionSecurity.earlyData).toEqual({ outcome: 'accepted', maxEarlyDataSize: 16384, detail: 'the session ticket allows 16384 bytes of early data (0-RTT)' });
    expect(verdictOf(e, '0-RTT (early data)')).toMatchObject({ verdict: 'vulnerable', findingId: 'tls_early_data_accepted' });
  });

  it('s_server -no_ticket: no ticket, so no early data', async () => {
    const e = await probe((await openssl(['-no_ticket', '-num_tickets', '0'])).port);
    expect(e.sessionSecurity.earlyData.outcome).toBe('refused');
    expect(e.sessionSecurity.earlyData.detail).toMatch(/^no session ticket within \d+ ms of the handshake/);
  });

  it('a TLS 1.3-only server: renegotiation and EMS do not apply, and the table says why', async () => {
    const e = await probe((await node(TLS13_ONLY)).port);
    expect(e.sessionSecurity.clientRenegotiation.outcome).toBe('not_tested');
    expect(e.sessionSecurity.extendedMasterSecret).toEqual({ supported: null, protocol: null });
    expect(verdictOf(e, 'Client-Initiated Renegotiation')).toMatchObject({ verdict: 'not_vulnerable', evidence: 'only TLS 1.3 answered, which has no renegotiation' });
    expect(verdictOf(e, 'Extended Master Secret')).toMatchObject({ verdict: 'not_vulnerable' });
  });
});

describe('session handshakes against servers that misbehave, bounded in time', () => {
  it('a server that never answers: inconclusive within the cap', async () => {
    const stall = await lab.start(() => startStall());
    const started = performance.now();
    const [reneg, early] = await Promise.all([
      tryClientRenegotiation({ address: '127.0.0.1', port: stall.port, timeoutMs: 400, minAnswerWaitMs: 100 }),
      readEarlyDataTicket({ address: '127.0.0.1', port: stall.port, timeoutMs: 400, minTicketWaitMs: 100 }),
    ]);
    expect(performance.now() - started).toBeLessThan(1500);
    expect(reneg).toEqual({ outcome: 'inconclusive', detail: 'the first handshake did not complete (no answer within 400 ms)' });
    expect(early).toMatchObject({ outcome: 'inconclusive', maxEarlyDataSize: null });
  });

  it('a server that completes the handshake but ignores the renegotiation: inconclusive, not refused', async () => {
    // A TLS server whose socket is paused after the handshake: it never reads the second ClientHello.
    const serverPort = await nodeKeepingConnections();
    const relay = net.createServer((client) => {
      const upstream = net.connect(serverPort, '127.0.0.1');
      let handshakes = 0;
      client.on('data', (d) => {
        // Pass the first flight through; from the renegotiation's ClientHello on (an encrypted record
        // after our Finished), drop everything.
        if (handshakes++ < 2) upstream.write(d);
      });
      upstream.pipe(client);
      const end = () => (client.destroy(), upstream.destroy());
      client.on('error', end).on('close', end);
      upstream.on('error', end);
    });
    await new Promise<void>((r) => relay.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (relay.address() as net.AddressInfo).port;
      const r = await tryClientRenegotiation({ address: '127.0.0.1', port, timeoutMs: 5_000, minAnswerWaitMs: 300 });
      expect(r.outcome).toBe('inconclusive');
      expect(r.detail).toMatch(/^the server did not answer the renegotiation \(no answer within \d+ ms\)$/);
    } finally {
      await new Promise((r) => relay.close(r));
    }
  });
});
