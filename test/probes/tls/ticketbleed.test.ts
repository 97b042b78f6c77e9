/**
 * Ticketbleed: the test against a SIMULATED vulnerable / fixed responder (test/lab/tls/ticketbleed-responder.ts,
 * a raw front that answers ticket-resumption hellos itself and passes every other connection to a real
 * Node TLS server, which issues the real ticket), against hostile answers with bounded time, and
 * against a real Node 24 / OpenSSL 3.5 server, which must come out not vulnerable.
 */
import { describe, expect, it } from 'vitest';
import { tlsLabPerFile } from '../../lab/tls/lab-per-file.js';
import { MODERN, TLS13_ONLY, startNodeTls } from '../../lab/tls/servers.js';
import { MEMORY_BYTE, startTicketbleedResponder, type TicketbleedMode } from '../../lab/tls/ticketbleed-responder.js';
import { testTicketbleed } from '../../../src/probes/tls/ticketbleed.js';
import type { VulnContext } from '../../../src/probes/tls/vuln-conversation.js';
import { probeTls } from '../../../src/probes/tls.js';
import { tlsVulnerabilitiesCheck } from '../../../src/checks/tls/vulnerabilities.js';
import { evidenceOf, modernTls } from '../../checks/tls/fixtures.js';

const lab = tlsLabPerFile();

const ctx = (port: number, timeoutMs = 3_000): VulnContext => ({ address: '127.0.0.1', port, serverName: 'localhost', timeoutMs, slot: (fn) => fn() });

async function run(mode: TicketbleedMode, timeoutMs?: number) {
  const server = await lab.start(() => startTicketbleedResponder(mode, lab.certs.good));
  const started = performance.now();
  const result = await testTicketbleed(ctx(server.port, timeoutMs), ['TLSv1.2']);
  return { result, ms: performance.now() - started, resumptions: (server as unknown as { resumptions: number }).resumptions };
}

describe('Ticketbleed (simulated responder)', () => {
  it('a server that echoes 32 session-id bytes for our 1 is vulnerable; the evidence counts the bytes, never holds them', async () => {
    const { result, resumptions } = await run('vulnerable');
    expect(result).toMatchObject({ verdict: 'vulnerable', sessionTickets: true, echoedIdLength: 32, leakedBytes: 31, connections: 2 });
    expect(resumptions).toBe(1);
    expect(JSON.stringify(result)).not.toContain(String.fromCharCode(MEMORY_BYTE).repeat(4));
    const findings = tlsVulnerabilitiesCheck.run(evidenceOf({ ...modernTls(), vulnerabilities: { ...modernTls().vulnerabilities, ticketbleed: result } }), { now: new Date() });
    expect(findings.map((f) => f.id)).toEqual(['tls_ticketbleed']);
    expect(findings[0]!.evidence).toContain('31 bytes past ours');
  });

  it('a server that resumes and echoes exactly our session id is not vulnerable', async () => {
    const { result } = await run('fixed');
    expect(result).toMatchObject({ verdict: 'not_vulnerable', sessionTickets: true, echoedIdLength: 1, leakedBytes: 0, connections: 2 });
  });

  it('a declined ticket (a full handshake, even with an id that starts with ours) is inconclusive, never vulnerable', async () => {
    const { result } = await run('declines');
    expect(result).toMatchObject({ verdict: 'inconclusive', echoedIdLength: null, leakedBytes: null });
    expect(result.detail).toContain('declined (a full handshake: Certificate');
  });

  it('a server that issues no tickets: one handshake, not tested, with the reason', async () => {
    const { result, resumptions } = await run('no-tickets');
    expect(result).toMatchObject({ verdict: 'not_tested', sessionTickets: false, connections: 1 });
    expect(result.detail).toContain('received no session ticket');
    expect(resumptions).toBe(0);
  });

  it('no TLS 1.0 to 1.2: no connection, not tested', async () => {
    const result = await testTicketbleed(ctx(1), []);
    expect(result).toMatchObject({ verdict: 'not_tested', connections: 0, sessionTickets: null });
  });
});

describe('hostile answers to the resumption hello are bounded and never vulnerable', () => {
  for (const mode of ['alert', 'stall', 'truncated', 'oversized-id', 'garbage'] as const) {
    it(`${mode}: inconclusive within the cap`, async () => {
      const { result, ms } = await run(mode, 800);
      expect(result.verdict).toBe('inconclusive');
      expect(result.leakedBytes).toBeNull();
      expect(ms).toBeLessThan(2_500);
    });
  }
  it('the oversized session id is named', async () => {
    const { result } = await run('oversized-id');
    expect(result.detail).toContain('session id length 64 exceeds 32');
  });
});

describe('a real server (Node 24, OpenSSL 3.5)', () => {
  it('issues tickets, resumes with our 1-byte id echoed exactly: not vulnerable, counted in handshakes', async () => {
    const server = await lab.start(() => startNodeTls(lab.certs.good, MODERN));
    const probed = await probeTls({ host: 'localhost', port: server.port, address: '127.0.0.1', ca: [lab.certs.rootPem], handshakeTimeoutMs: 5_000 });
    if (probed.status !== 'ok') throw new Error(probed.reason);
    const t = probed.data.vulnerabilities.ticketbleed;
    // One connection: the ticket comes from the renegotiation test's first handshake, made anyway.
    expect(t).toMatchObject({ verdict: 'not_vulnerable', sessionTickets: true, echoedIdLength: 1, leakedBytes: 0, connections: 1 });
    expect(t.detail).toContain('TLSv1.2');
    expect(tlsVulnerabilitiesCheck.run(evidenceOf(probed.data), { now: new Date() })).toEqual([]);
  });

  it('TLS 1.3 only: not tested, no ticket handshake', async () => {
    const server = await lab.start(() => startNodeTls(lab.certs.good, TLS13_ONLY));
    const probed = await probeTls({ host: 'localhost', port: server.port, address: '127.0.0.1', ca: [lab.certs.rootPem], handshakeTimeoutMs: 5_000 });
    if (probed.status !== 'ok') throw new Error(probed.reason);
    expect(probed.data.vulnerabilities.ticketbleed).toMatchObject({ verdict: 'not_tested', connections: 0 });
  });
});
