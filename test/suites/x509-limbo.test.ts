/**
 * A selection of x509-limbo server-validation cases (names incl. wildcards and IP SANs, validity dates,
 * weak keys, incomplete and untrusted chains) judged by our certificate checks. Each case's chain is
 * served by a node:tls server on loopback and fetched with the case's trust anchors, as our TLS probe
 * fetches a chain (Node/OpenSSL decides `trusted`); each certificate is described by the probe's
 * describeCertificate; then the trust, validity and crypto checks run with the case's validation time.
 * Any failure finding means FAILURE. Differences from limbo's expected result must be listed.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { X509Certificate } from 'node:crypto';
import { connect, createServer } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { describeCertificate } from '../../src/probes/tls/certificate-info.js';
import { tlsCertificateTrustCheck } from '../../src/checks/tls/certificate-trust.js';
import { tlsCertificateValidityCheck } from '../../src/checks/tls/certificate-validity.js';
import { tlsCertificateCryptoCheck } from '../../src/checks/tls/certificate-crypto.js';
import type { CertificateEvidence } from '../../src/model/tls.js';
import { evidenceOf, modernTls } from '../checks/tls/fixtures.js';
import { ok } from '../../src/model/probed.js';

const dir = fileURLToPath(new URL('./x509-limbo/', import.meta.url));
interface LimboCase {
  id: string;
  validation_time: string | null;
  expected_result: 'SUCCESS' | 'FAILURE';
  expected_peer_name: { kind: 'DNS' | 'IP'; value: string };
  trusted_certs: string[];
  untrusted_intermediates: string[];
  peer_certificate: string;
  peer_certificate_key: string | null;
}
const suite: { testcases: LimboCase[] } = JSON.parse(readFileSync(`${dir}selected-testcases.json`, 'utf8'));
const listed: { id: string; ours: string; reason: string }[] = JSON.parse(readFileSync(`${dir}expected-differences.json`, 'utf8'));
const FAILURE_IDS = new Set(['cert_hostname_mismatch', 'cert_self_signed', 'cert_untrusted', 'cert_incomplete_chain', 'cert_expired', 'cert_not_yet_valid', 'cert_weak_key', 'cert_weak_signature']);
// Weak keys and signatures are judged by our crypto check, not refused by the handshake used to fetch them.
const ANY_LEVEL = 'ALL:@SECLEVEL=0';

type Verdict = { trusted: boolean; verifyError?: string; chain?: Buffer[]; via: string } | { unmeasured: string };

/** OpenSSL's verify error numbers for the codes Node reports (x509_vfy.h). */
const VERIFY_CODES: Record<string, string> = {
  '2': 'UNABLE_TO_GET_ISSUER_CERT', '7': 'CERT_SIGNATURE_FAILURE', '9': 'CERT_NOT_YET_VALID', '10': 'CERT_HAS_EXPIRED',
  '18': 'DEPTH_ZERO_SELF_SIGNED_CERT', '19': 'SELF_SIGNED_CERT_IN_CHAIN', '20': 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', '21': 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
};

/** A case without a leaf key cannot be served; the openssl command verifies it at the case's time instead. */
function opensslCommandVerdict(c: LimboCase): Verdict {
  const tmp = mkdtempSync(join(tmpdir(), 'limbo-'));
  try {
    writeFileSync(join(tmp, 'roots.pem'), c.trusted_certs.join('\n'));
    writeFileSync(join(tmp, 'inter.pem'), c.untrusted_intermediates.join('\n') || '\n');
    writeFileSync(join(tmp, 'leaf.pem'), c.peer_certificate);
    const args = ['verify', '-CAfile', join(tmp, 'roots.pem'), ...(c.untrusted_intermediates.length ? ['-untrusted', join(tmp, 'inter.pem')] : [])];
    if (c.validation_time) args.push('-attime', String(Math.floor(Date.parse(c.validation_time) / 1000)));
    const r = spawnSync('openssl', [...args, join(tmp, 'leaf.pem')], { encoding: 'utf8', timeout: 10_000 });
    if (r.status === 0) return { trusted: true, via: 'openssl verify' };
    const code = /error (\d+) at/.exec(r.stdout + r.stderr)?.[1];
    return { trusted: false, via: 'openssl verify', ...(code ? { verifyError: VERIFY_CODES[code] ?? `X509_V_ERR_${code}` } : {}) };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Serve the chain on loopback and let OpenSSL verify it against the case's anchors, as the probe does. */
async function opensslVerdict(c: LimboCase): Promise<Verdict> {
  if (!c.peer_certificate_key) return opensslCommandVerdict(c);
  let server;
  try {
    server = createServer({ key: c.peer_certificate_key, cert: [c.peer_certificate, ...c.untrusted_intermediates].join('\n'), ciphers: ANY_LEVEL, minVersion: 'TLSv1.2' });
  } catch (err) {
    return { unmeasured: `server cannot load the chain: ${(err as Error).message}` };
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  try {
    return await new Promise((resolve) => {
      const socket = connect({ host: '127.0.0.1', port, ca: c.trusted_certs, rejectUnauthorized: false, ciphers: ANY_LEVEL, ...(c.expected_peer_name.kind === 'DNS' ? { servername: c.expected_peer_name.value } : {}) }, () => {
        const err = socket.authorizationError as unknown as { code?: string } | string | null;
        const code = typeof err === 'string' ? err : err?.code;
        // The chain as Node assembled it (leaf, then issuers), which is what the probe records.
        const chain: Buffer[] = [];
        for (let p = socket.getPeerCertificate(true); p?.raw && !chain.some((d) => d.equals(p.raw)); p = p.issuerCertificate) chain.push(p.raw);
        resolve({ trusted: socket.authorized, via: 'handshake', chain, ...(!socket.authorized && code ? { verifyError: String(code) } : {}) });
        socket.end();
      });
      socket.on('error', (err) => resolve({ unmeasured: `handshake failed: ${err.message}` }));
    });
  } finally {
    server.close();
  }
}

const der = (pem: string) => Buffer.from(new X509Certificate(pem).raw);

async function judge(c: LimboCase): Promise<{ verdict: 'SUCCESS' | 'FAILURE'; ids: string[]; note?: string }> {
  const openssl = await opensslVerdict(c);
  const ders = 'chain' in openssl && openssl.chain?.length ? openssl.chain : [c.peer_certificate, ...c.untrusted_intermediates, ...c.trusted_certs].map(der);
  const chain = await Promise.all(ders.map((d) => describeCertificate(d)));
  const certificate: CertificateEvidence = {
    checkedName: c.expected_peer_name.value,
    chain,
    servedCount: 1 + c.untrusted_intermediates.length,
    // When no handshake could be made (e.g. a DSA leaf), trust is left to the other checks.
    trusted: 'unmeasured' in openssl ? true : openssl.trusted,
    ...('verifyError' in openssl && openssl.verifyError ? { verifyError: openssl.verifyError } : {}),
    // The limbo's roots are test roots: no public rule binds them.
    anchor: 'private',
    protocol: 'TLSv1.3',
  };
  const tls = { ...modernTls(), certificate: ok(certificate) };
  const evidence = evidenceOf(tls);
  const now = c.validation_time ? new Date(c.validation_time) : new Date();
  const ids = [tlsCertificateTrustCheck, tlsCertificateValidityCheck, tlsCertificateCryptoCheck].flatMap((check) => check.run(evidence, { now }).map((r) => r.id));
  const failing = ids.filter((id) => FAILURE_IDS.has(id));
  return { verdict: failing.length ? 'FAILURE' : 'SUCCESS', ids: failing, ...('unmeasured' in openssl ? { note: openssl.unmeasured } : {}) };
}

describe('certificates: x509-limbo selection', () => {
  it('our certificate verdicts match limbo, or the difference is listed', async () => {
    const rows = [];
    for (const c of suite.testcases) rows.push({ id: c.id, expected: c.expected_result, ...(await judge(c)) });
    const off = rows.filter((r) => r.verdict !== r.expected);
    console.log(`[conformance] x509-limbo selection: ${rows.length} cases; agree ${rows.length - off.length}; listed differences ${listed.length}`);
    expect(off.filter((r) => !listed.some((l) => l.id === r.id && l.ours === r.verdict)).map((r) => JSON.stringify(r))).toEqual([]);
    expect(listed.filter((l) => !off.some((r) => r.id === l.id)).map((l) => `${l.id} listed but now agrees`)).toEqual([]);
  }, 120_000);
});
