/** Hand-written `mail` evidence for the DANE checks: MX hosts with a TLS session and a TLSA lookup. */
import type { Evidence } from '../../../src/model/evidence.js';
import type { TlsaLookup, TlsaRecord } from '../../../src/model/dns.js';
import type { MailTransportEvidence, MxTransport } from '../../../src/model/mail-transport.js';
import { ok } from '../../../src/model/probed.js';

export const D = 'site.example';

export function tlsa(name: string, records: TlsaRecord[], extra: Partial<TlsaLookup> = {}): TlsaLookup {
  return { name, status: records.length ? 'ok' : 'nxdomain', records, dnssec: 'secure', dnssecExplanation: 'signed by site.example.', ...extra };
}

export const rec = (usage: number, selector: number, matchingType: number, data: string): TlsaRecord => ({ usage, selector, matchingType, data });

/** An MX that answered, offered STARTTLS and served `chainDer` (leaf first, base64). */
export function mx(host: string, chainDer: string[], lookup: TlsaLookup | undefined, tls: { trusted?: boolean; nameMatches?: boolean } = {}): MxTransport {
  return {
    host,
    priority: 10,
    addresses: ['192.0.2.25'],
    address: '192.0.2.25',
    outcome: 'measured',
    banner: `220 ${host} ESMTP`,
    ehlo: ['STARTTLS'],
    starttlsOffered: true,
    tls: {
      protocol: 'TLSv1.3',
      cipher: 'TLS_AES_256_GCM_SHA384',
      versions: [],
      chainDer,
      subject: `CN=${host}`,
      issuer: 'CN=Lab CA',
      names: [host],
      notBefore: '2026-01-01T00:00:00.000Z',
      notAfter: '2027-01-01T00:00:00.000Z',
      trusted: tls.trusted ?? true,
      nameMatches: tls.nameMatches ?? true,
    },
    elapsedMs: 40,
    ...(lookup ? { tlsa: lookup } : {}),
  };
}

export function mailEvidence(mxs: MxTransport[]): Evidence {
  const mail: MailTransportEvidence = { domain: D, mx: mxs, notProbed: [], boundMs: 10_000 };
  return {
    schemaVersion: 1,
    target: { input: D, url: `https://${D}/`, host: D, schemeGiven: false, resolved: ['192.0.2.1'] },
    startedAt: '2026-06-01T00:00:00.000Z',
    durationMs: 1,
    mail: ok(mail),
  };
}
