/**
 * TLS endpoints that misbehave mid-handshake or send absurd certificates: bounded by the time limit,
 * explained in words (no OpenSSL error strings), hostile certificate text escaped when shown.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/index.js';
import { renderTerminal } from '../../src/report/terminal.js';
import { TLS_CASE_IDS, startTlsCase, type TlsCaseId, type TlsLabServer } from '../lab/hostile/tls-cases.js';
import { HOSTILE_PROBES, category, expectExplained } from './support.js';

const T = 1500;

// Every server (and its certificate, whose 10,000 names take seconds of CPU to build) is ready before
// any scan starts, so no scan's clock runs while the event loop is busy generating certificates.
const servers = new Map<TlsCaseId, TlsLabServer>();
beforeAll(async () => {
  for (const id of TLS_CASE_IDS) servers.set(id, await startTlsCase(id));
});
afterAll(async () => {
  await Promise.all([...servers.values()].map((s) => s.close()));
});

async function scanTlsCase(id: TlsCaseId, timeoutMs = T) {
  const t0 = performance.now();
  const { report } = await scan(servers.get(id)!.url(), { allowPrivate: true, probes: HOSTILE_PROBES, timeoutMs });
  return { report, ms: performance.now() - t0 };
}

describe('hostile TLS endpoints', () => {
  it.concurrent('a handshake that stalls after the first bytes: one time limit, said so', async () => {
    const { report, ms } = await scanTlsCase('tls-stall-mid-handshake');
    expect(ms).toBeLessThan(2 * T + 2000);
    expect(category(report, 'tls').status).toBe('not_measured');
    expectExplained(report, /no TLS handshake with 127\.0\.0\.1:\d+ completed within 1500 ms \(the server accepted nothing or stalled mid-handshake\)/);
  });

  it.concurrent('a handshake reset halfway: said so, at once', async () => {
    const { report, ms } = await scanTlsCase('tls-reset-mid-handshake');
    expect(ms).toBeLessThan(2 * T + 2000);
    expect(category(report, 'tls').status).toBe('not_measured');
    expectExplained(report, /the server closed the connection in the middle of the TLS handshake/);
    expectExplained(report, /connection closed after 11 bytes/);
  });

  it.concurrent('a certificate with 10,000 names: larger than any client accepts, not measured, said in words', async () => {
    // Content, not time: a generous limit so a loaded machine cannot turn it into a timeout.
    const { report, ms } = await scanTlsCase('tls-10000-sans', 10_000);
    expect(ms).toBeLessThan(20_000);
    expect(category(report, 'tls').status).toBe('not_measured');
    expectExplained(report, /answers ServerHello but no handshake completes: a TLS handshake message is larger than any client accepts/);
  });

  it.concurrent('a certificate with absurd fields: parsed, judged, escaped in the terminal', async () => {
    const { report } = await scanTlsCase('tls-absurd-fields', 10_000);
    expect(category(report, 'tls').status).toBe('measured');
    const selfSigned = report.findings.find((f) => f.id === 'cert_self_signed');
    expect(selfSigned?.evidence).toContain('\u001b[2J');
    const text = renderTerminal(report, { color: false, verbose: true });
    expect(text).toContain('\\x1b[2J');
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
    expectExplained(report, /CN=absurd/);
  });
});
