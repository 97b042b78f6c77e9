/** Hand-written TLS evidence: a healthy modern server, which each test bends into one problem. */
import type { Evidence } from '../../../src/model/evidence.js';
import type { CertificateInfo, SuiteResult, TlsEvidence, TlsProtocol } from '../../../src/model/tls.js';
import { suiteResult } from '../../../src/probes/tls/protocols.js';
import { CIPHER_SUITES } from '../../../src/net/tls/cipher-suites.js';

export const NOW = new Date('2026-11-25T12:00:00Z');
const DAY = 86_400_000;

export function suite(name: string): SuiteResult {
  const info = [...CIPHER_SUITES.values()].find((s) => s.name === name);
  if (!info) throw new Error(`unknown suite ${name}`);
  return suiteResult(info.id);
}

export function cert(overrides: Partial<CertificateInfo> = {}): CertificateInfo {
  return {
    subject: 'CN=www.example.com',
    issuer: 'CN=Example Issuing CA',
    serialNumber: '01',
    notBefore: new Date(NOW.getTime() - 30 * DAY).toISOString(),
    notAfter: new Date(NOW.getTime() + 60 * DAY).toISOString(),
    subjectAltNames: ['DNS:www.example.com', 'DNS:example.com'],
    publicKey: { algorithm: 'RSA', bits: 2048 },
    signatureAlgorithm: 'sha256WithRSAEncryption',
    signatureHash: 'SHA-256',
    isCA: false,
    selfSigned: false,
    sha256Fingerprint: 'AA',
    caIssuers: [],
    // Two SCTs, as a public CA embeds them (Chrome wants two or three, from distinct log operators).
    embeddedScts: {
      scts: [
        { version: 0, logId: Buffer.alloc(32, 1).toString('base64'), timestamp: new Date(NOW.getTime() - 30 * DAY).toISOString() },
        { version: 0, logId: Buffer.alloc(32, 2).toString('base64'), timestamp: new Date(NOW.getTime() - 30 * DAY).toISOString() },
      ],
    },
    ...overrides,
  };
}

const intermediate = cert({ subject: 'CN=Example Issuing CA', issuer: 'CN=Example Root', isCA: true, subjectAltNames: [], notAfter: new Date(NOW.getTime() + 900 * DAY).toISOString() });
const root = cert({ subject: 'CN=Example Root', issuer: 'CN=Example Root', isCA: true, selfSigned: true, subjectAltNames: [], signatureAlgorithm: 'sha1WithRSAEncryption', signatureHash: 'SHA-1', notAfter: new Date(NOW.getTime() + 3000 * DAY).toISOString() });

export function modernTls(): TlsEvidence {
  const protocols: { protocol: TlsProtocol; supported: boolean }[] = [
    { protocol: 'SSLv2', supported: false },
    { protocol: 'SSLv3', supported: false },
    { protocol: 'TLSv1.0', supported: false },
    { protocol: 'TLSv1.1', supported: false },
    { protocol: 'TLSv1.2', supported: true },
    { protocol: 'TLSv1.3', supported: true },
  ];
  return {
    host: 'www.example.com',
    address: '192.0.2.10',
    port: 443,
    sni: 'www.example.com',
    protocols: protocols.map((p) => ({ ...p, answer: p.supported ? `ServerHello ${p.protocol}` : 'alert 70 protocol_version' })),
    ciphers: [
      { protocol: 'TLSv1.3', suites: [suite('TLS_AES_128_GCM_SHA256'), suite('TLS_AES_256_GCM_SHA384')], serverPreference: true, complete: true },
      {
        protocol: 'TLSv1.2',
        suites: [suite('TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256'), suite('TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256')],
        serverPreference: true,
        complete: true,
      },
    ],
    certificate: {
      status: 'ok',
      data: { checkedName: 'www.example.com', chain: [cert(), intermediate, root], servedCount: 3, trusted: true, anchor: 'public', protocol: 'TLSv1.3' },
    },
    defaultClient: { status: 'ok', data: { protocol: 'TLSv1.3', suite: 'TLS_AES_128_GCM_SHA256', alpn: 'h2' } },
    fallbackScsv: 'supported',
    secureRenegotiation: true,
    compression: false,
    ocspStapled: false,
    alpn: { h2: true, selected: 'h2' },
    dhBits: null,
    dhGroups: null,
    chainCompletion: null,
    revocation: null,
    postQuantum: {
      groups: [
        { group: 'X25519MLKEM768', code: 0x11ec, accepted: true, answer: 'HelloRetryRequest for X25519MLKEM768' },
        { group: 'SecP256r1MLKEM768', code: 0x11eb, accepted: false, answer: 'alert 40 handshake_failure' },
        { group: 'SecP384r1MLKEM1024', code: 0x11ed, accepted: false, answer: 'alert 40 handshake_failure' },
      ],
      preferred: { group: 'X25519MLKEM768', code: 0x11ec, hybrid: true },
      preferredAnswer: 'HelloRetryRequest for X25519MLKEM768',
    },
    vulnerabilities: {
      heartbleed: { verdict: 'not_vulnerable', detail: 'the server does not answer the heartbeat extension, so it has no heartbeat to over-read', connections: 0, heartbeatExtension: false, overreadBytes: null },
      ccsInjection: { verdict: 'not_vulnerable', detail: 'TLSv1.2: two ChangeCipherSpec records before any key exchange got alert 10 unexpected_message', connections: 1, version: 'TLSv1.2', reply: 'alert 10 unexpected_message' },
      robot: { verdict: 'not_tested', detail: 'the server accepts no RSA key exchange suite, so there is no RSA decryption to make an oracle of', connections: 0, oracle: null, suite: null, responses: [] },
      ticketbleed: { verdict: 'not_vulnerable', detail: 'TLSv1.2: the server\'s session ticket presented with a 1-byte session id resumed and echoed exactly our 1-byte session id', connections: 2, sessionTickets: true, echoedIdLength: 1, leakedBytes: 0 },
    },
    sessionSecurity: {
      clientRenegotiation: { outcome: 'refused', detail: 'the server answered the renegotiation with a no_renegotiation alert' },
      extendedMasterSecret: { supported: true, protocol: 'TLSv1.2' },
      earlyData: { outcome: 'refused', maxEarlyDataSize: 0, detail: 'the session ticket carries no early_data extension' },
    },
    handshakes: 12,
    durationMs: 100,
    notes: [],
  };
}

export function evidenceOf(tls: TlsEvidence): Evidence {
  return {
    schemaVersion: 1,
    target: { input: tls.host, url: `https://${tls.host}/`, host: tls.host, schemeGiven: false, resolved: [tls.address] },
    startedAt: NOW.toISOString(),
    durationMs: 1,
    tls: { status: 'ok', data: tls },
  };
}

export function setSupported(tls: TlsEvidence, protocol: TlsProtocol, supported: boolean): TlsEvidence {
  tls.protocols = tls.protocols.map((p) => (p.protocol === protocol ? { ...p, supported } : p));
  return tls;
}
