/**
 * DANE as a client that does it decides (RFC 6698, RFC 7671, and for SMTP RFC 7672): from a TLSA
 * lookup and the certificate chain a server served, one verdict and its reason in words. Pure: the
 * certificates are parsed and their signatures checked here, nothing is fetched.
 *
 * - DANE-EE (3): the leaf matches the record; names and dates do not matter (RFC 7671 §5.1).
 * - DANE-TA (2): a certificate the server sent matches, the leaf chains up to it, and the leaf names
 *   the host (RFC 7671 §5.2, RFC 7672 §3.2.2).
 * - PKIX-TA (0) / PKIX-EE (1): as DANE-TA / DANE-EE, and the chain must also validate as in a browser.
 *   For SMTP these usages are unusable: there is no common set of trusted CAs (RFC 7672 §3.1.3).
 * - Records in an unsigned zone are unusable; a bogus RRset means a DANE client does not connect.
 */
import { X509Certificate } from 'node:crypto';
import type { TlsaLookup, TlsaRecord } from '../../model/dns.js';
import { describeTlsaParameters, formatTlsa, tlsaAssociation, tlsaRecordDefect } from '../../net/dns/parse/tlsa.js';

export type DaneVerdict = 'valid' | 'invalid' | 'absent' | 'unusable' | 'not_measured';
export type DaneService = 'smtp' | 'https';

/** What the server served, as the TLS handshake saw it. */
export interface ServedChain {
  /** Leaf first, DER in base64, only what the server sent (no root added from a trust store). */
  chainDer: string[];
  /** The chain validates to a trusted root (PKIX), and the leaf names the host. */
  pkixValid: boolean;
  nameMatches: boolean;
}

export interface DaneAssessment {
  verdict: DaneVerdict;
  /** Why, in words a mail or web administrator can act on. */
  reason: string;
  /** Finer cause behind the verdict, for the checks that turn it into findings. */
  why:
    | 'match'
    | 'no_match'
    | 'no_tls'
    | 'bogus'
    | 'unsigned_zone'
    | 'no_usable_record'
    | 'no_tlsa_signed'
    | 'no_tlsa_unsigned'
    | 'lookup_failed'
    | 'tls_not_measured';
  /** The record that matched (valid), and the records a client would use. */
  matched?: TlsaRecord;
  usable: TlsaRecord[];
  /** Records a client skips, each with why. */
  unusable: { record: TlsaRecord; why: string }[];
}

/** Why a client of this service skips a record, or undefined when it uses it. */
export function unusableFor(record: TlsaRecord, service: DaneService): string | undefined {
  const defect = tlsaRecordDefect(record);
  if (defect) return defect;
  if (service === 'smtp' && record.usage < 2) return `usage ${record.usage} (PKIX) is not used by SMTP clients (RFC 7672 §3.1.3): publish DANE-EE (3) or DANE-TA (2)`;
  return undefined;
}

function parse(chainDer: string[]): (X509Certificate | undefined)[] {
  return chainDer.map((b64) => {
    try {
      return new X509Certificate(Buffer.from(b64, 'base64'));
    } catch {
      return undefined;
    }
  });
}

/** Does the leaf chain up to chain[taIndex] through the served certificates (issuer names and signatures)? */
function chainsTo(certs: (X509Certificate | undefined)[], taIndex: number): boolean {
  let current = 0;
  const used = new Set<number>([0]);
  while (current !== taIndex) {
    const child = certs[current];
    if (!child) return false;
    const issuedBy = (i: number): boolean => !used.has(i) && certs[i] !== undefined && safeIssued(child, certs[i]!);
    const next = issuedBy(taIndex) ? taIndex : certs.findIndex((_, i) => issuedBy(i));
    if (next < 0) return false;
    used.add(next);
    current = next;
  }
  return true;
}

function safeIssued(child: X509Certificate, parent: X509Certificate): boolean {
  try {
    return child.checkIssued(parent) && child.verify(parent.publicKey);
  } catch {
    return false;
  }
}

const matches = (record: TlsaRecord, der: Buffer): boolean => tlsaAssociation(der, record.selector, record.matchingType) === record.data;

/** Does one usable record match the served chain, with the checks its usage adds? */
function recordMatches(record: TlsaRecord, served: ServedChain, certs: (X509Certificate | undefined)[]): boolean {
  const ders = served.chainDer.map((b64) => Buffer.from(b64, 'base64'));
  if (ders.length === 0) return false;
  switch (record.usage) {
    case 3:
      return matches(record, ders[0]!);
    case 1:
      return served.pkixValid && served.nameMatches && matches(record, ders[0]!);
    case 2:
    case 0: {
      if (!served.nameMatches) return false;
      if (record.usage === 0 && !served.pkixValid) return false;
      // The trust anchor is an issuer the server sent; a self-signed leaf cannot be its own anchor here.
      for (let i = 1; i < ders.length; i++) {
        if (matches(record, ders[i]!) && chainsTo(certs, i)) return true;
      }
      return false;
    }
    default:
      return false;
  }
}

/**
 * The verdict of a DANE client for one service endpoint. `served` is undefined when no TLS session
 * was seen: `tls` tells why (no STARTTLS offered, or the handshake could not be measured).
 */
export function assessDane(
  lookup: TlsaLookup | undefined,
  service: DaneService,
  served: ServedChain | undefined,
  tls: 'seen' | 'not_offered' | 'not_measured',
): DaneAssessment {
  const base = { usable: [] as TlsaRecord[], unusable: [] as { record: TlsaRecord; why: string }[] };
  if (!lookup) return { ...base, verdict: 'not_measured', why: 'lookup_failed', reason: 'the TLSA records were not looked up' };
  const name = lookup.name;
  if (lookup.status === 'error') {
    return { ...base, verdict: 'not_measured', why: 'lookup_failed', reason: `the TLSA lookup for ${name} failed (${lookup.code ?? 'error'}): ${lookup.dnssecExplanation ?? 'no answer'}` };
  }
  if (lookup.dnssec === 'indeterminate' || lookup.dnssec === undefined) {
    return { ...base, verdict: 'not_measured', why: 'lookup_failed', reason: `DNSSEC could not be judged for ${name}: ${lookup.dnssecExplanation ?? 'no validation'}` };
  }
  if (lookup.dnssec === 'bogus') {
    return { ...base, verdict: 'invalid', why: 'bogus', reason: `the TLSA answer for ${name} fails DNSSEC validation (${lookup.dnssecExplanation ?? 'bogus'}): a DANE client cannot trust it and does not connect` };
  }
  if (lookup.status !== 'ok' || lookup.records.length === 0) {
    return lookup.dnssec === 'secure'
      ? { ...base, verdict: 'absent', why: 'no_tlsa_signed', reason: `${name} has no TLSA record, proven by the signed zone: DANE is not used` }
      : { ...base, verdict: 'absent', why: 'no_tlsa_unsigned', reason: `${name} has no TLSA record, and its zone is not signed, so DANE could not be used` };
  }
  const usable: TlsaRecord[] = [];
  const unusable: { record: TlsaRecord; why: string }[] = [];
  for (const record of lookup.records) {
    const why = unusableFor(record, service);
    if (why) unusable.push({ record, why });
    else usable.push(record);
  }
  const sets = { usable, unusable };
  if (lookup.dnssec === 'insecure') {
    return { ...sets, verdict: 'unusable', why: 'unsigned_zone', reason: `${name} publishes TLSA records in a zone that is not signed (${lookup.dnssecExplanation ?? 'insecure'}): no client can trust them, so they do nothing` };
  }
  if (usable.length === 0) {
    return { ...sets, verdict: 'unusable', why: 'no_usable_record', reason: `no TLSA record at ${name} is usable: ${unusable.map((u) => `${formatTlsa(u.record).slice(0, 40)}: ${u.why}`).join('; ')}` };
  }
  if (tls === 'not_offered') {
    return { ...sets, verdict: 'invalid', why: 'no_tls', reason: `${name} publishes usable TLSA records but the server offers no STARTTLS: senders that do DANE require TLS and do not deliver` };
  }
  if (tls === 'not_measured' || !served) {
    return { ...sets, verdict: 'not_measured', why: 'tls_not_measured', reason: `no TLS session with the server was measured, so its certificate could not be compared with the TLSA records at ${name}` };
  }
  const certs = parse(served.chainDer);
  const matched = usable.find((r) => recordMatches(r, served, certs));
  if (matched) {
    return { ...sets, matched, verdict: 'valid', why: 'match', reason: `TLSA ${describeTlsaParameters(matched)} at ${name} matches the certificate the server presents` };
  }
  return {
    ...sets,
    verdict: 'invalid',
    why: 'no_match',
    reason: `none of the ${usable.length} usable TLSA record(s) at ${name} matches the chain the server presents (${usable.map((r) => describeTlsaParameters(r)).join(', ')})`,
  };
}

/**
 * Is there a record ready for the next key? internet.nl's rollover advice: two records, one for the
 * current key and one for the next (or a DANE-EE with a DANE-TA). A set whose every record describes
 * the current leaf breaks at the next key change unless the records are updated first.
 */
export function rolloverReady(assessment: DaneAssessment, served: ServedChain | undefined): boolean {
  if (assessment.usable.length < 2) return false;
  if (assessment.usable.some((r) => r.usage === 2 || r.usage === 0)) return true;
  const leaf = served?.chainDer[0] ? Buffer.from(served.chainDer[0], 'base64') : undefined;
  if (!leaf) return true;
  return assessment.usable.some((r) => !matches(r, leaf));
}
