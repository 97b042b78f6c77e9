/**
 * CAA (RFC 8659): the relevant record set (first non-empty one climbing from the host), its syntax,
 * critical unknown tags, and whether the CA that issued the certificate actually served is allowed.
 */
import type { Check } from '../check.js';
import type { CheckResult } from '../../model/finding.js';
import type { Evidence } from '../../model/evidence.js';
import { allowedIssuers, describeCaa, validateCaaRecords } from '../../net/dns/parse/caa.js';
import { dns } from './common.js';

/** CA names as they appear in certificate issuers, and the CAA identifiers each CA honours. */
const KNOWN_CAS: { match: RegExp; domains: string[] }[] = [
  { match: /let'?s ?encrypt|\bISRG\b/i, domains: ['letsencrypt.org'] },
  { match: /digicert|rapidssl|geotrust|thawte/i, domains: ['digicert.com', 'www.digicert.com', 'symantec.com', 'geotrust.com', 'rapidssl.com', 'thawte.com'] },
  { match: /sectigo|comodo|zerossl|usertrust/i, domains: ['sectigo.com', 'comodoca.com', 'comodo.com', 'usertrust.com'] },
  { match: /google trust services|\bGTS\b/i, domains: ['pki.goog', 'google.com'] },
  { match: /globalsign/i, domains: ['globalsign.com'] },
  { match: /amazon/i, domains: ['amazon.com', 'amazontrust.com', 'awstrust.com', 'amazonaws.com'] },
  { match: /microsoft/i, domains: ['microsoft.com'] },
  { match: /entrust/i, domains: ['entrust.net'] },
  { match: /go ?daddy|starfield/i, domains: ['godaddy.com', 'starfieldtech.com'] },
  { match: /buypass/i, domains: ['buypass.com', 'buypass.no'] },
  { match: /ssl\.com/i, domains: ['ssl.com'] },
  { match: /certum|asseco/i, domains: ['certum.pl', 'certum.eu'] },
  { match: /actalis/i, domains: ['actalis.it'] },
  { match: /harica/i, domains: ['harica.gr'] },
  // Cloudflare's edge certificates are issued by partner CAs under Cloudflare-named intermediates.
  { match: /cloudflare/i, domains: ['digicert.com', 'letsencrypt.org', 'pki.goog', 'sectigo.com', 'comodoca.com', 'ssl.com'] },
];

const squash = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * The issuer of the certificate the site served, read from TLS evidence when a TLS probe ran.
 * Reads the TLS probe's `certificate.data.chain[0].issuer` (a distinguished-name string); also accepts a
 * leaf given directly, with the issuer as text or as {O, CN} / {organization, commonName}.
 */
export function servedCertificateIssuer(evidence: Evidence): string | undefined {
  const tls = evidence.tls as { status?: string; data?: Record<string, unknown> } | undefined;
  if (!tls || tls.status !== 'ok' || !tls.data) return undefined;
  const data = tls.data;
  // The TLS probe's shape: certificate is itself probed ({status, data: {chain: [leaf, …]}}).
  const cert = data.certificate as { status?: string; data?: { chain?: unknown[] } } | undefined;
  const probedLeaf = cert?.status === 'ok' ? cert.data?.chain?.[0] : undefined;
  const chain = data.chain as unknown[] | undefined;
  const candidates = [probedLeaf, data.leaf, data.certificate, Array.isArray(chain) ? chain[0] : undefined];
  for (const c of candidates) {
    if (!c || typeof c !== 'object') continue;
    const issuer = (c as Record<string, unknown>).issuer;
    if (typeof issuer === 'string' && issuer.trim()) return issuer;
    if (issuer && typeof issuer === 'object') {
      const o = issuer as Record<string, unknown>;
      const parts = [o.O, o.organization, o.organizationName, o.CN, o.commonName].filter((v): v is string => typeof v === 'string');
      if (parts.length) return parts.join(', ');
    }
  }
  return undefined;
}

/**
 * Does the relevant CAA set allow the CA behind this issuer text? Known CAs are matched by their CAA
 * identifiers; for others, a CAA domain whose first label spells the issuer's name counts as a match.
 */
export function issuerAllowed(issuer: string, allowed: string[]): boolean | undefined {
  const known = KNOWN_CAS.find((ca) => ca.match.test(issuer));
  if (known) return allowed.some((a) => known.domains.includes(a));
  // Not a CA we know: accept a CAA domain whose first label spells the issuer's organization.
  if (!squash(issuer)) return undefined;
  return allowed.some((a) => {
    const label = squash(a.split('.')[0] ?? '');
    return label.length >= 4 && squash(issuer).includes(label);
  });
}

export const caaCheck: Check = {
  name: 'dns/caa',
  category: 'dns',
  ids: ['dns_caa_absent', 'dns_caa_invalid', 'dns_caa_mismatch'],
  causes: { dns_caa_invalid: ['critical_unknown_tag', 'malformed_record'] },
  reads: ['dns'],
  run(evidence) {
    const d = dns(evidence);
    const out: CheckResult[] = [];
    const { caa, host } = d;
    if (caa.records.length === 0) {
      if (caa.lookups.some((l) => l.status === 'error')) return out;
      out.push({
        id: 'dns_caa_absent',
        title: `No CAA record for ${host} or any parent: every CA may issue certificates for it`,
        evidence: `CAA looked up at ${caa.lookups.map((l) => l.name).join(', ')}: none found`,
        location: host,
      });
      return out;
    }
    const at = caa.relevantAt ?? host;
    const problems = validateCaaRecords(caa.records);
    const hard = problems.filter((p) => !/ignored by CAs/.test(p.problem));
    if (hard.length) {
      const blocks = hard.some((p) => p.blocksIssuance);
      out.push({
        id: 'dns_caa_invalid',
        // A critical tag no CA knows stops all issuance (remove the flag now); the rest are typos to correct.
        cause: blocks ? 'critical_unknown_tag' : 'malformed_record',
        ...(blocks ? { severity: 'high' as const } : {}),
        title: blocks ? `CAA at ${at} has a critical tag no CA understands: no certificate can be issued` : `CAA at ${at} has malformed records`,
        evidence: hard.map((p) => `${p.record}: ${p.problem}`).join('\n'),
        location: at,
      });
    }
    const issuer = servedCertificateIssuer(evidence);
    const allowed = allowedIssuers(caa.records);
    if (issuer && allowed) {
      const verdict = allowed.length === 0 ? false : issuerAllowed(issuer, allowed);
      if (verdict === false) {
        out.push({
          id: 'dns_caa_mismatch',
          title: `The certificate served by ${host} comes from a CA that the CAA record at ${at} does not allow`,
          evidence: `Issuer: ${issuer}\nAllowed: ${allowed.length ? allowed.join(', ') : 'no CA (issue ";")'}\n${caa.records.map(describeCaa).join('\n')}`,
          location: at,
        });
      }
    }
    return out;
  },
};
