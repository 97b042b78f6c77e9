/**
 * Heartbleed, CCS injection and ROBOT: each test against the SIMULATED vulnerable and fixed
 * responders (test/lab/tls/vuln-responder.ts; no runnable stack has these bugs), against hostile
 * replies (stall, garbage, a flood) with bounded time, and against a real Node 24 / OpenSSL 3.5 server,
 * which must come out not vulnerable.
 */
import { describe, expect, it } from 'vitest';
import { tlsLabPerFile } from '../../lab/tls/lab-per-file.js';
import { STATIC_RSA_ONLY, startNodeTls } from '../../lab/tls/servers.js';
import { startVulnResponder, type ResponderMode } from '../../lab/tls/vuln-responder.js';
import { VulnerabilityTests } from '../../../src/probes/tls/vulnerabilities.js';
import type { ProtocolProbe } from '../../../src/probes/tls/protocols.js';
import { probeTls } from '../../../src/probes/tls.js';
import { tlsVulnerabilitiesCheck } from '../../../src/checks/tls/vulnerabilities.js';
import { evidenceOf } from '../../checks/tls/fixtures.js';

const lab = tlsLabPerFile();

/** The protocol pass as the probe saw it: TLS 1.2 answered, echoing the heartbeat extension when `heartbeat`. */
function pass(heartbeat: boolean): ProtocolProbe[] {
  const outcome = { kind: 'server_hello' as const, legacyVersion: 0x0303, version: 0x0303, versionName: 'TLSv1.2' as const, cipherSuite: 0x009c, compressionMethod: 0, helloRetryRequest: false, extensions: heartbeat ? [0xff01, 0x000f] : [0xff01], secureRenegotiation: true, elapsedMs: 1 };
  return [{ result: { protocol: 'TLSv1.2', supported: true, answer: 'ServerHello' }, outcome }];
}

async function run(mode: ResponderMode, opts: { heartbeat?: boolean; rsa?: boolean; timeoutMs?: number } = {}) {
  const server = await lab.start(() => startVulnResponder({ mode, cert: lab.certs.good }));
  const tests = new VulnerabilityTests({ address: '127.0.0.1', port: server.port, timeoutMs: opts.timeoutMs ?? 3_000, slot: (fn) => fn() });
  if (opts.rsa) tests.onAccepted('TLSv1.2', 0x009c);
  tests.start(pass(opts.heartbeat ?? true));
  const started = performance.now();
  const result = await tests.result();
  return { result, ms: performance.now() - started, connections: (server as unknown as { connections: number }).connections };
}

describe('Heartbleed (simulated responder)', () => {
  it('a server that answers the claimed 16 KiB is vulnerable, and the finding says so without the leaked bytes', async () => {
    const { result } = await run('heartbleed-vulnerable');
    expect(result.heartbleed).toMatchObject({ verdict: 'vulnerable', heartbeatExtension: true, overreadBytes: 16384 - 16, connections: 1 });
    const e = evidenceOf({ ...(await import('../../checks/tls/fixtures.js')).modernTls(), vulnerabilities: result });
    const ids = tlsVulnerabilitiesCheck.run(e, { now: new Date() }).map((f) => f.id);
    expect(ids).toContain('tls_heartbleed');
    expect(JSON.stringify(result)).not.toContain('MMMM');
  });

  it('a fixed server drops the over-long request and echoes the well-formed one: not vulnerable, in one round trip', async () => {
    const { result } = await run('heartbleed-fixed');
    expect(result.heartbleed).toMatchObject({ verdict: 'not_vulnerable', overreadBytes: 0 });
    expect(result.heartbleed.detail).toContain('answered the well-formed one');
  });

  it('no heartbeat extension in the protocol pass: no connection, not vulnerable', async () => {
    const { result } = await run('heartbleed-vulnerable', { heartbeat: false });
    expect(result.heartbleed).toMatchObject({ verdict: 'not_vulnerable', heartbeatExtension: false, connections: 0 });
  });
});

describe('CCS injection (simulated responder)', () => {
  it('a server that takes the early CCS and fails on the second is vulnerable', async () => {
    const { result } = await run('ccs-vulnerable');
    expect(result.ccsInjection).toMatchObject({ verdict: 'vulnerable', version: 'TLSv1.2', reply: 'alert 21 alert_21' });
  });
  it('a server that refuses it with unexpected_message is not vulnerable', async () => {
    const { result } = await run('ccs-fixed');
    expect(result.ccsInjection).toMatchObject({ verdict: 'not_vulnerable', reply: 'alert 10 unexpected_message' });
  });
});

describe('ROBOT (simulated responder)', () => {
  it('a different alert for a wrong first padding byte is a strong oracle, confirmed by a second round', async () => {
    const { result, connections } = await run('robot-strong', { rsa: true });
    expect(result.robot).toMatchObject({ verdict: 'vulnerable', oracle: 'strong', suite: 'TLS_RSA_WITH_AES_128_GCM_SHA256', connections: 10 });
    expect(result.robot.responses.find((r) => r.variant === 'wrong_first_bytes')!.reply).toBe('alert 51 decrypt_error');
    // Besides ROBOT's ten: Heartbleed, CCS injection, and Ticketbleed's ticket handshake (which this raw responder cannot complete).
    expect(connections).toBe(10 + 3);
    const e = evidenceOf({ ...(await import('../../checks/tls/fixtures.js')).modernTls(), vulnerabilities: result });
    expect(tlsVulnerabilitiesCheck.run(e, { now: new Date() }).find((f) => f.id === 'tls_robot')).toMatchObject({ title: expect.stringContaining('strong') });
  });
  it('a close only when the separator is missing is a weak oracle, reported high', async () => {
    const { result } = await run('robot-weak', { rsa: true });
    expect(result.robot).toMatchObject({ verdict: 'vulnerable', oracle: 'weak' });
    const e = evidenceOf({ ...(await import('../../checks/tls/fixtures.js')).modernTls(), vulnerabilities: result });
    expect(tlsVulnerabilitiesCheck.run(e, { now: new Date() }).find((f) => f.id === 'tls_robot')).toMatchObject({ severity: 'high' });
  });
  it('the same alert for every block is not vulnerable, in five connections', async () => {
    const { result } = await run('robot-fixed', { rsa: true });
    expect(result.robot).toMatchObject({ verdict: 'not_vulnerable', oracle: null, connections: 5 });
    expect(new Set(result.robot.responses.map((r) => r.reply))).toEqual(new Set(['alert 20 bad_record_mac']));
  });
  it('no RSA key exchange accepted: not tested, with the reason', async () => {
    const { result } = await run('robot-fixed');
    expect(result.robot).toMatchObject({ verdict: 'not_tested', connections: 0 });
    expect(result.robot.detail).toContain('no RSA key exchange');
  });
});

describe('hostile replies after the first flight are bounded', () => {
  for (const mode of ['stall-after-flight', 'garbage-after-flight', 'huge-after-flight'] as const) {
    it(`${mode}: every test ends within its caps and none says vulnerable`, async () => {
      const { result, ms } = await run(mode, { rsa: true, timeoutMs: 800 });
      expect(ms).toBeLessThan(3_000);
      for (const r of [result.heartbleed, result.ccsInjection, result.robot, result.ticketbleed]) expect(r.verdict).not.toBe('vulnerable');
      if (mode !== 'stall-after-flight') expect(result.ccsInjection.verdict).toBe('inconclusive');
    });
  }
});

describe('a real server (Node 24, OpenSSL 3.5)', () => {
  it('static-RSA TLS 1.2: Heartbleed, CCS injection, ROBOT and Ticketbleed all not vulnerable', async () => {
    const server = await lab.start(() => startNodeTls(lab.certs.good, STATIC_RSA_ONLY));
    const probed = await probeTls({ host: 'localhost', port: server.port, address: '127.0.0.1', ca: [lab.certs.rootPem], handshakeTimeoutMs: 5_000 });
    if (probed.status !== 'ok') throw new Error(probed.reason);
    const v = probed.data.vulnerabilities;
    expect(v.heartbleed).toMatchObject({ verdict: 'not_vulnerable', heartbeatExtension: false });
    expect(v.ccsInjection).toMatchObject({ verdict: 'not_vulnerable', version: 'TLSv1.2' });
    expect(v.robot).toMatchObject({ verdict: 'not_vulnerable', connections: 5 });
    expect(v.ticketbleed).toMatchObject({ verdict: 'not_vulnerable', echoedIdLength: 1, leakedBytes: 0 });
    expect(tlsVulnerabilitiesCheck.run(evidenceOf(probed.data), { now: new Date() })).toEqual([]);
  });
});
