/**
 * Item 2 of issue 22 against loopback labs: OCSP (good, revoked), CRL (listed, not listed), a stapled
 * response read, must-staple without a staple, and hostile OCSP/CRL answers bounded and explained.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPkiLab, type LeafOptions, type PkiLab } from '../../lab/tls/pki-lab.js';
import { MODERN, startNodeTls, type RunningServer } from '../../lab/tls/servers.js';
import { runTlsTool } from '../../../src/engine/index.js';
import type { TlsEvidence } from '../../../src/model/tls.js';
import { renderTlsTerminal } from '../../../src/report/tls-terminal.js';

let pki: PkiLab;
const servers: RunningServer[] = [];
beforeAll(async () => {
  pki = await startPkiLab();
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await pki.close();
});

async function scan(o: LeafOptions, setup: { revokeOcsp?: boolean; revokeCrl?: boolean; staple?: 'good' | 'revoked'; timeoutMs?: number; allowList?: string[] } = {}) {
  const leaf = await pki.leaf(o);
  if (setup.revokeOcsp) pki.ocspRevoked.add(leaf.serialNumber.toLowerCase().replace(/^0+/, ''));
  if (setup.revokeCrl) await pki.revokeInCrl(leaf.serialNumber);
  const server = await startNodeTls(leaf, { ...MODERN, ...(setup.staple ? { ocspResponse: pki.ocspResponseFor(leaf.der, setup.staple) } : {}) });
  servers.push(server);
  const started = performance.now();
  const { report, evidence } = await runTlsTool(`localhost:${server.port}`, {
    ...(setup.allowList ? { allowList: setup.allowList } : { allowPrivate: true }),
    resolve: [`localhost:${server.port}:127.0.0.1`],
    ca: [pki.rootPem],
    timeoutMs: setup.timeoutMs ?? 10_000,
  });
  const tls = (evidence.tls as { data: TlsEvidence }).data;
  const ids = report.findings.map((f) => f.id).filter((id) => id !== 'tls_pq_hybrid_supported').sort();
  return { tls, ids, report, ms: performance.now() - started };
}

describe('revocation: OCSP, CRL, stapling, must-staple', () => {
  it('OCSP good: the answer, its dates and a verified signature are in the evidence; no staple is information only', async () => {
    const { tls, ids } = await scan({ ocsp: ['/ocsp'] });
    expect(ids).toEqual(['tls_ocsp_stapling_missing']);
    expect(tls.revocation!.ocsp).toMatchObject({ url: `${pki.base}/ocsp`, status: 'good', responseStatus: 'successful', signatureValid: true, thisUpdate: expect.any(String), nextUpdate: expect.any(String) });
    expect(tls.revocation!.crl).toBeNull();
    expect(renderTlsTerminal(tls, [], undefined)).toContain('  revocation: OCSP good (signature verified); no CRL; stapled: none; must-staple: no\n');
  });

  it('OCSP revoked → cert_revoked (critical)', async () => {
    const { tls, ids, report } = await scan({ ocsp: ['/ocsp'] }, { revokeOcsp: true });
    expect(ids).toEqual(['cert_revoked', 'tls_ocsp_stapling_missing']);
    expect(tls.revocation!.ocsp).toMatchObject({ status: 'revoked', signatureValid: true, revokedAt: expect.any(String) });
    expect(report.findings.find((f) => f.id === 'cert_revoked')).toMatchObject({ severity: 'critical' });
  });

  it('CRL listing the serial → cert_revoked; a CRL that does not list it → nothing', async () => {
    const revoked = await scan({ crl: ['/crl'] }, { revokeCrl: true });
    expect(revoked.ids).toEqual(['cert_revoked']);
    expect(revoked.tls.revocation!.crl).toMatchObject({ url: `${pki.base}/crl`, status: 'listed', signatureValid: true, reason: 'keyCompromise' });
    const fine = await scan({ crl: ['/crl'] });
    expect(fine.ids).toEqual([]);
    expect(fine.tls.revocation!.crl).toMatchObject({ status: 'not_listed', signatureValid: true, entries: expect.any(Number) });
    expect(fine.tls.revocation!.notes).toContain("the certificate names no OCSP responder (normal since Let's Encrypt ended OCSP in 2025); not penalised");
  });

  it('must-staple without a staple → cert_must_staple_missing_staple; with a good staple → nothing, the staple parsed', async () => {
    const bare = await scan({ ocsp: ['/ocsp'], mustStaple: true });
    expect(bare.ids).toEqual(['cert_must_staple_missing_staple']);
    expect(bare.tls.revocation).toMatchObject({ mustStaple: true, stapled: null });
    const stapled = await scan({ ocsp: ['/ocsp'], mustStaple: true }, { staple: 'good' });
    expect(stapled.ids).toEqual([]);
    expect(stapled.tls.ocspStapled).toBe(true);
    expect(stapled.tls.revocation!.stapled).toMatchObject({ status: 'good', signatureValid: true });
  });

  it('a stapled "revoked" answer → cert_revoked', async () => {
    const { ids, tls } = await scan({ ocsp: ['/ocsp'] }, { staple: 'revoked' });
    expect(ids).toEqual(['cert_revoked']);
    expect(tls.revocation!.stapled).toMatchObject({ status: 'revoked', signatureValid: true });
  });

  it('garbage from the responder and the CRL URL is a note, never a finding', async () => {
    const { ids, tls } = await scan({ ocsp: ['/garbage'], crl: ['/garbage'] });
    expect(ids).toEqual(['tls_ocsp_stapling_missing']);
    expect(tls.revocation!.ocsp).toMatchObject({ status: 'error', detail: '700 bytes that are not an OCSP response' });
    expect(tls.revocation!.crl).toMatchObject({ status: 'error', detail: '700 bytes that are not a CRL' });
    expect(tls.revocation!.notes.some((n) => n.startsWith('OCSP ') && n.includes('not an OCSP response'))).toBe(true);
  });

  it('a stalled responder and a huge CRL are bounded and explained', async () => {
    const { ids, tls, ms } = await scan({ ocsp: ['/stall'], crl: ['/huge'] }, { timeoutMs: 1_500 });
    expect(ids).toEqual(['tls_ocsp_stapling_missing']);
    expect(tls.revocation!.ocsp).toMatchObject({ status: 'error', detail: expect.stringMatching(/no complete answer within 1500 ms/) });
    expect(tls.revocation!.crl).toMatchObject({ status: 'error', detail: expect.stringMatching(/more than the 4194304-byte limit/) });
    expect(ms).toBeLessThan(6_000);
  });

  it('a refused OCSP address is never asked (redirect to the metadata service; only the target is allow-listed)', async () => {
    const { tls } = await scan({ ocsp: ['/to-metadata'] }, { allowList: ['127.0.0.1/32'] });
    expect(tls.revocation!.ocsp).toMatchObject({ status: 'error', detail: expect.stringMatching(/169\.254\.169\.254.*cloud metadata/) });
  });
});
