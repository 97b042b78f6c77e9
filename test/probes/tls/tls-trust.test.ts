/**
 * Item 1 of issue 22 against loopback labs: a chain completed through AIA is "incomplete"; an issuer
 * found nowhere is unknown and untrusted; a chain to a catalogued interception root is named; an AIA
 * URL at a refused address is never connected; garbage from an AIA URL is explained.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPkiLab, type LeafOptions, type PkiLab } from '../../lab/tls/pki-lab.js';
import { MODERN, startNodeTls, type RunningServer } from '../../lab/tls/servers.js';
import type { LeafFixture } from '../../lab/tls/certs.js';
import { runTlsTool } from '../../../src/engine/index.js';
import type { ConnectAttempt } from '../../../src/net/connect-gate.js';
import type { TlsEvidence } from '../../../src/model/tls.js';

let pki: PkiLab;
const servers: RunningServer[] = [];
beforeAll(async () => {
  pki = await startPkiLab();
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await pki.close();
});

async function scanLeaf(leaf: LeafFixture, extra: { allowList?: string[] } = {}) {
  const server = await startNodeTls(leaf, MODERN);
  servers.push(server);
  const attempts: ConnectAttempt[] = [];
  const { report, evidence } = await runTlsTool(`localhost:${server.port}`, {
    ...(extra.allowList ? { allowList: extra.allowList } : { allowPrivate: true }),
    resolve: [`localhost:${server.port}:127.0.0.1`],
    ca: [pki.rootPem],
    timeoutMs: 10_000,
    onConnect: (a) => attempts.push(a),
  });
  expect(evidence.tls?.status).toBe('ok');
  const tls = (evidence.tls as { data: TlsEvidence }).data;
  const ids = report.findings.map((f) => f.id).filter((id) => id !== 'tls_pq_hybrid_supported').sort();
  return { tls, ids, report, attempts };
}

const alone = async (o: LeafOptions) => {
  const leaf = await pki.leaf(o);
  return { ...leaf, chainPem: leaf.certPem };
};

describe('trust: AIA, unknown issuers, interception roots', () => {
  it('a chain completed through AIA is incomplete, and the evidence says from where', async () => {
    const { tls, ids, report } = await scanLeaf(await alone({ caIssuers: ['/intermediate.der'] }));
    expect(ids).toEqual(['cert_incomplete_chain']);
    expect(tls.chainCompletion).toMatchObject({ validates: true, root: 'CN=Scorifya PKI Lab Root', missingIssuer: 'CN=Scorifya PKI Lab Intermediate' });
    expect(tls.chainCompletion!.fetches).toEqual([
      { url: `${pki.base}/intermediate.der`, outcome: 'fetched', detail: expect.stringMatching(/^1 certificate in \d+ ms$/), certificates: [{ subject: 'CN=Scorifya PKI Lab Intermediate', sha256Fingerprint: expect.any(String) }] },
    ]);
    expect(report.findings.find((f) => f.id === 'cert_incomplete_chain')!.evidence).toMatch(/validates to CN=Scorifya PKI Lab Root/);
  });

  it('a PEM answer from the AIA URL completes the chain too', async () => {
    const { tls } = await scanLeaf(await alone({ caIssuers: ['/intermediate.pem'] }));
    expect(tls.chainCompletion?.validates).toBe(true);
  });

  it('an issuer found neither served, nor through AIA, nor among known CAs is unknown and untrusted', async () => {
    const orphan = await pki.ca('CN=Orphan Issuing CA');
    const leaf = await pki.leaf({ caIssuers: ['/missing.der'], issuer: orphan });
    const { tls, ids, report } = await scanLeaf(leaf);
    expect(ids).toEqual(['cert_untrusted']);
    const finding = report.findings.find((f) => f.id === 'cert_untrusted')!;
    expect(finding.cause).toBe('issuer_unknown');
    expect(finding.title).toMatch(/CN=Orphan Issuing CA\) is unknown and untrusted/);
    expect(finding.evidence).toMatch(/send your CA's full chain.*publicly trusted certificate/s);
    expect(tls.chainCompletion).toMatchObject({ validates: false, fetches: [{ outcome: 'failed', detail: expect.stringMatching(/HTTP 404/) }] });
  });

  it('a missing issuer with no AIA URL is unknown, not merely incomplete', async () => {
    const { tls, ids } = await scanLeaf(await alone({}));
    expect(ids).toEqual(['cert_untrusted']);
    expect(tls.chainCompletion).toMatchObject({ validates: false, fetches: [], detail: expect.stringMatching(/names no AIA caIssuers URL/) });
  });

  it('garbage from the AIA URL is explained, and the issuer stays unknown', async () => {
    const { tls, ids } = await scanLeaf(await alone({ caIssuers: ['/garbage'] }));
    expect(ids).toEqual(['cert_untrusted']);
    expect(tls.chainCompletion!.fetches[0]).toMatchObject({ outcome: 'not_a_certificate', detail: '700 bytes that are not a certificate (DER, PEM or PKCS#7)' });
  });

  it('an AIA URL at a refused address is never connected', async () => {
    const { tls, ids, attempts } = await scanLeaf(await alone({ caIssuers: ['http://169.254.169.254/latest/meta-data/'] }), { allowList: ['127.0.0.1/32'] });
    expect(ids).toEqual(['cert_untrusted']);
    expect(tls.chainCompletion!.fetches[0]).toMatchObject({ outcome: 'refused', detail: expect.stringMatching(/cloud metadata service/) });
    expect(attempts.filter((a) => a.address !== '127.0.0.1')).toEqual([]);
    expect(attempts.filter((a) => a.purpose === 'certificate-url')).toEqual([]);
  });

  it.each([
    ['Fiddler', 'CN=DO_NOT_TRUST_FiddlerRoot, O=DO_NOT_TRUST, OU=Created by http://www.fiddler2.com', /Fiddler/],
    ['Superfish', [{ CN: ['Superfish, Inc.'] }, { O: ['Superfish, Inc.'] }, { L: ['SAN JOSE'] }, { ST: ['CA'] }, { C: ['US'] }], /Superfish/],
    ['eDellRoot', 'CN=eDellRoot', /eDellRoot/],
    ['mitmproxy', 'CN=mitmproxy, O=mitmproxy', /mitmproxy/],
  ] as const)('a chain to the %s root is named as interception (critical)', async (_name, subject, expected) => {
    const root = await pki.ca(subject as never);
    const leaf = await pki.leaf({ issuer: root });
    const { ids, report } = await scanLeaf({ ...leaf, chainPem: leaf.certPem + root.pem });
    expect(ids).toEqual(['cert_interception_root']);
    const finding = report.findings[0]!;
    expect(finding).toMatchObject({ severity: 'critical' });
    expect(finding.title).toMatch(expected);
  });
});
