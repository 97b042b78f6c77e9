/**
 * What the TLS probe costs in connections, pinned on the lab sites, so that it cannot creep back (issue
 * 22: 63 on the round-trip bench's site after the named-vulnerability probes, the full scan 14.5 round
 * trips at 50 ms; the side tests then shared the connections made anyway). Counted by a proxy in front
 * of each server (what actually crossed the wire), and the evidence's own `handshakes` must agree.
 *
 * The enumeration's part count follows the connections idle when a part finds a suite, so the totals
 * vary by a hello or two between runs: the bounds are upper bounds; the side tests' shares are exact.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { probeTls, type TlsProbeOptions } from '../../../src/probes/tls.js';
import type { TlsEvidence } from '../../../src/model/tls.js';
import { startLatencyProxy, type LatencyProxy } from '../../lab/latency-proxy.js';
import { startRttSite, RTT_HOST, type RttSite } from '../../lab/rtt-site.js';
import { tlsLabPerFile } from '../../lab/tls/lab-per-file.js';
import { LEGACY_TLS10_11, MODERN, TLS13_ONLY, startNodeTls } from '../../lab/tls/servers.js';

const lab = tlsLabPerFile();
const closing: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const close of closing.reverse()) await close();
});

/** As in a scan: the budget's 12 connections less the HTTP probe's two. */
const SCAN_CONCURRENCY = 10;

async function probeThrough(port: number, opts: Pick<TlsProbeOptions, 'host' | 'ca'>): Promise<{ e: TlsEvidence; proxy: LatencyProxy }> {
  const proxy = await startLatencyProxy({ target: { host: '127.0.0.1', port } });
  closing.push(() => proxy.close());
  const probed = await probeTls({ ...opts, port: proxy.port, address: '127.0.0.1', concurrency: SCAN_CONCURRENCY, handshakeTimeoutMs: 5_000 });
  if (probed.status !== 'ok') throw new Error(probed.reason);
  return { e: probed.data, proxy };
}

const sideConnections = (e: TlsEvidence) => {
  const v = e.vulnerabilities;
  return { heartbleed: v.heartbleed.connections, ccs: v.ccsInjection.connections, robot: v.robot.connections, ticketbleed: v.ticketbleed.connections };
};

describe('connections the TLS probe opens on the lab sites', () => {
  it("the round-trip bench's site (Node http2, TLS 1.2 and 1.3, 19 + 3 suites, static RSA, no DHE): at most 56 (62 before)", async () => {
    const site: RttSite = await startRttSite({ h2: true });
    closing.push(() => site.close());
    const { e, proxy } = await probeThrough(site.port, { host: RTT_HOST, ca: [site.ca.certPem] });
    expect(e.handshakes).toBe(proxy.counters.tlsConnections);
    expect(e.ciphers.map((c) => [c.protocol, c.suites.length])).toEqual([['TLSv1.3', 3], ['TLSv1.2', 19]]);
    // CCS carries the CRIME question; Ticketbleed's ticket comes from the renegotiation test's handshake;
    // ROBOT needs its five blocks (a weak oracle can show on any one of them).
    expect(sideConnections(e)).toEqual({ heartbleed: 0, ccs: 1, robot: 5, ticketbleed: 1 });
    expect(e.compression).toBe(false);
    expect(e.sessionSecurity.earlyData.outcome).toBe('refused');
    // No DHE suite, so no DH hello.
    expect(e.dhGroups).toBeNull();
    expect(e.handshakes).toBeLessThanOrEqual(56);
  });

  it('a modern Node server (TLS 1.2 and 1.3, ECDHE only): at most 35 (41 before)', async () => {
    const server = await lab.start(() => startNodeTls(lab.certs.good, MODERN));
    const { e, proxy } = await probeThrough(server.port, { host: 'localhost', ca: [lab.certs.rootPem] });
    expect(e.handshakes).toBe(proxy.counters.tlsConnections);
    expect(sideConnections(e)).toEqual({ heartbleed: 0, ccs: 1, robot: 0, ticketbleed: 1 });
    expect(e.handshakes).toBeLessThanOrEqual(35);
  });

  it('a TLS 1.0–1.1 server: at most 35 (38 before)', async () => {
    const server = await lab.start(() => startNodeTls(lab.certs.good, LEGACY_TLS10_11));
    const { e, proxy } = await probeThrough(server.port, { host: 'localhost', ca: [lab.certs.rootPem] });
    expect(e.handshakes).toBe(proxy.counters.tlsConnections);
    expect(sideConnections(e)).toEqual({ heartbleed: 0, ccs: 1, robot: 5, ticketbleed: 1 });
    expect(e.handshakes).toBeLessThanOrEqual(35);
  });

  it('a TLS 1.3-only server: no TLS ≤ 1.2 side test, at most 15 (17 before)', async () => {
    const server = await lab.start(() => startNodeTls(lab.certs.good, TLS13_ONLY));
    const { e, proxy } = await probeThrough(server.port, { host: 'localhost', ca: [lab.certs.rootPem] });
    expect(e.handshakes).toBe(proxy.counters.tlsConnections);
    expect(sideConnections(e)).toEqual({ heartbleed: 0, ccs: 0, robot: 0, ticketbleed: 0 });
    expect(e.handshakes).toBeLessThanOrEqual(15);
  });
});
