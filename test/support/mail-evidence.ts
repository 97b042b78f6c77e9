/** Hand-written mail-transport evidence (key `mail`) for pure check tests: one MX, good unless told. */
import type { Evidence } from '../../src/model/evidence.js';
import type { MxTransport, SmtpTlsSession } from '../../src/model/mail-transport.js';
import { ok } from '../../src/model/probed.js';

export const MAIL_DOMAIN = 'site.example';
export const MX_HOST = `mail.${MAIL_DOMAIN}`;

export function tlsSession(over: Partial<SmtpTlsSession> = {}): SmtpTlsSession {
  return {
    protocol: 'TLSv1.3',
    cipher: 'TLS_AES_256_GCM_SHA384',
    versions: [
      { protocol: 'TLSv1.0', accepted: false },
      { protocol: 'TLSv1.1', accepted: false },
      { protocol: 'TLSv1.2', accepted: true, cipher: 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384' },
      { protocol: 'TLSv1.3', accepted: true, cipher: 'TLS_AES_256_GCM_SHA384' },
    ],
    chainDer: ['AA=='],
    subject: `CN=${MX_HOST}`,
    issuer: 'CN=Public CA',
    names: [MX_HOST],
    notBefore: '2025-12-01T00:00:00.000Z',
    notAfter: '2026-03-01T00:00:00.000Z',
    trusted: true,
    nameMatches: true,
    ...over,
  };
}

export function mx(over: Partial<MxTransport> = {}): MxTransport {
  return {
    host: MX_HOST,
    priority: 10,
    addresses: ['192.0.2.25'],
    address: '192.0.2.25',
    outcome: 'measured',
    banner: `${MX_HOST} ESMTP`,
    ehlo: ['PIPELINING', 'STARTTLS'],
    starttlsOffered: true,
    tls: tlsSession(),
    elapsedMs: 40,
    ...over,
  };
}

/** Evidence with only `mail` (add `dns` for MTA-STS). startedAt is inside the default certificate's validity. */
export function mailEvidence(mxs: MxTransport[] = [mx()], extra: Partial<Evidence> = {}): Evidence {
  return {
    schemaVersion: 1,
    target: { input: MAIL_DOMAIN, url: `https://${MAIL_DOMAIN}/`, host: MAIL_DOMAIN, schemeGiven: false, resolved: ['192.0.2.1'] },
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1,
    mail: ok({ domain: MAIL_DOMAIN, mx: mxs, notProbed: [], boundMs: 20_000 }),
    ...extra,
  };
}
