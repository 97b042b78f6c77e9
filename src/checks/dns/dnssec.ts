/**
 * DNSSEC for the zone holding the host: proven-unsigned (insecure), bogus (our chain check and the
 * resolver's Extended DNS Errors), weak algorithms (RFC 8624), signatures close to expiry, and
 * NSEC3 parameters above RFC 9276's advice.
 */
import type { Check, CheckContext } from '../check.js';
import type { CheckResult } from '../../model/finding.js';
import type { BogusReason, DnsEvidence, DnssecEvidence } from '../../model/dns.js';
import { dns } from './common.js';

/** EDE codes that mean validation failed (RFC 8914: 6–12). */
const BOGUS_EDE = new Set([6, 7, 8, 9, 10, 11, 12]);
const EDE_NAMES: Record<number, string> = {
  6: 'DNSSEC Bogus',
  7: 'Signature Expired',
  8: 'Signature Not Yet Valid',
  9: 'DNSKEY Missing',
  10: 'RRSIGs Missing',
  11: 'No Zone Key Bit Set',
  12: 'NSEC Missing',
};
const REASON_TEXT: Record<BogusReason, string> = {
  ds_mismatch: 'the DS record at the parent matches no DNSKEY in the zone',
  dnskey_missing: 'the signing key is missing from the zone',
  rrsig_missing: 'signatures are missing',
  signature_expired: 'signatures have expired',
  signature_not_yet_valid: 'signatures are not valid yet',
  signature_invalid: 'a signature does not verify',
  denial_missing: 'a signed zone answered without a signed proof of non-existence',
};
/**
 * The cause of a bogus verdict is the failure our chain check found, or else the one the resolver's
 * Extended DNS Error names (RFC 8914); a bare "DNSSEC Bogus" (EDE 6) says only that validation failed.
 */
const BOGUS_CAUSES = [...(Object.keys(REASON_TEXT) as BogusReason[]), 'resolver_reported'] as const;
const EDE_CAUSE: Record<number, BogusReason> = {
  7: 'signature_expired',
  8: 'signature_not_yet_valid',
  9: 'ds_mismatch',
  10: 'rrsig_missing',
  11: 'dnskey_missing',
  12: 'denial_missing',
};

export function bogusCause(e: DnssecEvidence): (typeof BOGUS_CAUSES)[number] {
  if (e.chain.verdict === 'bogus' && e.chain.bogusReason) return e.chain.bogusReason;
  for (const x of e.resolver?.ede ?? []) {
    const cause = EDE_CAUSE[x.code];
    if (cause) return cause;
  }
  return 'resolver_reported';
}

/** Algorithms RFC 8624 says must not or should not be used for signing. */
export const WEAK_ALGORITHMS: Record<number, string> = {
  1: 'RSA/MD5',
  3: 'DSA/SHA-1',
  5: 'RSA/SHA-1',
  6: 'DSA-NSEC3-SHA1',
  7: 'RSASHA1-NSEC3-SHA1',
  // NOT RECOMMENDED for signing in RFC 8624 §3.1 (little deployed, so validators may lack it).
  10: 'RSA/SHA-512',
  12: 'ECC-GOST',
};
const HOUR = 3_600_000;

/**
 * A signature is "expiring" relative to how it is managed, not by a fixed number of days: online signers
 * (some CDNs) issue signatures valid for a day or two and refresh them constantly, while offline signers
 * use weeks and refresh with days to spare (Knot at a tenth of the lifetime, BIND at a quarter). So:
 * high when less time is left than caches may keep the signed records (original TTL, at least 6 hours);
 * medium when less than 5% of the signature's own validity window is left, below every signer's refresh point.
 */
export function expiringSignature(
  sigs: DnssecEvidence['chain']['chain'][number]['rrsigs'],
  now: Date,
): { sig: (typeof sigs)[number]; left: number; severity: 'high' | 'medium' } | undefined {
  let worst: { sig: (typeof sigs)[number]; left: number; severity: 'high' | 'medium' } | undefined;
  for (const sig of sigs) {
    const end = Date.parse(sig.expiration);
    const window = end - Date.parse(sig.inception);
    const left = end - now.getTime();
    if (left <= 0) continue; // expired signatures make the zone bogus instead
    const severity = left < Math.max(sig.originalTTL * 1000, 6 * HOUR) ? 'high' : left < 0.05 * window ? 'medium' : undefined;
    if (severity && (!worst || left < worst.left)) worst = { sig, left, severity };
  }
  return worst;
}

export type DnssecStatus = 'secure' | 'insecure' | 'bogus' | 'indeterminate';

/**
 * The combined verdict: ours, overridden to bogus when the validating resolver reports a DNSSEC failure
 * (SERVFAIL with an EDE code 6–12), and withheld when the resolver validated what we found bogus.
 */
export function combinedVerdict(e: DnssecEvidence): DnssecStatus {
  // Our chain says bogus but a validating resolver vouches for the same data (AD set): the two
  // disagree, so neither verdict is reported as fact.
  if (e.chain.verdict === 'bogus') return e.resolver?.ad ? 'indeterminate' : 'bogus';
  if (e.resolver && e.resolver.rcode === 'SERVFAIL' && e.resolver.ede.some((x) => BOGUS_EDE.has(x.code))) return 'bogus';
  return e.chain.verdict;
}

/** Said wherever DNSSEC was not measured because of the resolver: what to do about it. */
export const USE_VALIDATING_RESOLVER = 'to check DNSSEC, scan through a resolver that passes DNSSEC records, such as a validating one (--dns-server HOST:PORT)';

/**
 * Why DNSSEC cannot be judged from this evidence, in words with what to do; undefined when it can.
 * Nothing here blames the domain: a missing signature that the resolver may have removed proves nothing.
 */
export function dnssecNotMeasured(d: DnsEvidence): string | undefined {
  const servers = d.servers.join(', ');
  const e = d.dnssec;
  if (!e) return `the DNSSEC lookups through ${servers} failed (${d.dnssecUnavailable ?? 'no answer'}); run the scan again, or ${USE_VALIDATING_RESOLVER}`;
  if (combinedVerdict(e) !== 'indeterminate') return undefined;
  // The chain's explanation names the server and what it did (model/dns.ts ResolverDnssecGap).
  if (e.chain.resolverGap) return `the resolver does not return DNSSEC records: ${e.chain.explanation}. Nothing is concluded about the domain; ${USE_VALIDATING_RESOLVER}`;
  if (e.chain.verdict === 'bogus') {
    return `our chain check finds ${e.chain.zone} bogus (${e.chain.explanation}) but the resolver ${e.resolver?.server ?? servers} validated it (AD set): the two disagree, so neither verdict is reported`;
  }
  return `${e.chain.explanation}; run the scan again, or ${USE_VALIDATING_RESOLVER}`;
}

export const dnssecCheck: Check = {
  name: 'dns/dnssec',
  category: 'dns',
  topic: 'DNSSEC',
  ids: ['dnssec_missing', 'dnssec_bogus', 'dnssec_weak_algorithm', 'dnssec_expiring', 'dnssec_nsec3_iterations'],
  causes: {
    dnssec_bogus: BOGUS_CAUSES,
    // An algorithm rollover, a bigger key and a new DS digest are three different jobs.
    dnssec_weak_algorithm: ['weak_algorithm', 'short_rsa_key', 'sha1_ds_only', 'several_weaknesses'],
  },
  reads: ['dns'],
  // An indeterminate verdict (the resolver cannot supply DNSSEC records, a lookup failed) is not
  // silence: the check is skipped with the reason, and the report lists DNSSEC as not measured.
  cannotJudge: (evidence) => ((evidence.dns as { status?: string } | undefined)?.status === 'ok' ? dnssecNotMeasured(dns(evidence)) : undefined),
  run(evidence, ctx: CheckContext) {
    const d = dns(evidence);
    const e = d.dnssec;
    if (!e) return [];
    const out: CheckResult[] = [];
    const verdict = combinedVerdict(e);
    // Bogus on the resolver's word alone (our chain could not tell): the name it was asked about.
    const judged = e.chain.verdict === 'indeterminate' && e.resolver?.name ? e.resolver.name : e.chain.zone;
    const zone = judged.replace(/\.$/, '') || '.';
    const resolverText = e.resolver
      ? `Resolver ${e.resolver.server}: ${e.resolver.rcode}${e.resolver.ad ? ', AD set' : ', AD not set'}${e.resolver.ede.map((x) => `, EDE ${x.code} (${EDE_NAMES[x.code] ?? 'other'})${x.text ? `: ${x.text}` : ''}`).join('')}`
      : `Resolver: ${e.resolverError ?? 'not asked'}`;
    if (verdict === 'insecure') {
      out.push({ id: 'dnssec_missing', title: `${zone} is not signed with DNSSEC`, evidence: `${e.chain.explanation}\n${resolverText}`, location: zone });
      return out;
    }
    if (verdict === 'bogus') {
      const why = e.chain.bogusReason ? REASON_TEXT[e.chain.bogusReason] : e.resolver?.ede.map((x) => EDE_NAMES[x.code]).join(', ');
      out.push({
        id: 'dnssec_bogus',
        cause: bogusCause(e),
        title: `DNSSEC for ${zone} fails validation${why ? `: ${why}` : ''}; validating resolvers cannot reach the site`,
        evidence: `Our chain check: ${e.chain.verdict} — ${e.chain.explanation}\n${resolverText}`,
        location: zone,
        details: { ourVerdict: e.chain.verdict, ...(e.chain.bogusReason ? { reason: e.chain.bogusReason } : {}), ede: e.resolver?.ede ?? [] },
      });
    }
    if (verdict !== 'secure' && verdict !== 'bogus') return out;
    const link = e.chain.chain.find((l) => l.zone === e.chain.zone) ?? e.chain.chain[e.chain.chain.length - 1];
    if (!link) return out;
    const weak = link.dnskeys.filter((k) => WEAK_ALGORITHMS[k.algorithm]).map((k) => `DNSKEY ${k.keyTag}: algorithm ${k.algorithm} (${WEAK_ALGORITHMS[k.algorithm]})`);
    const smallRsa = link.dnskeys.filter((k) => k.rsaBits !== undefined && k.rsaBits > 0 && k.rsaBits < 1024).map((k) => `DNSKEY ${k.keyTag}: RSA ${k.rsaBits} bits`);
    const sha1Ds = link.ds.length > 0 && link.ds.every((ds) => ds.digestType === 1) ? [`DS at the parent uses only SHA-1 digests`] : [];
    const weakAll = [...weak, ...smallRsa, ...sha1Ds];
    if (weakAll.length) {
      const kinds = [weak.length && 'weak_algorithm', smallRsa.length && 'short_rsa_key', sha1Ds.length && 'sha1_ds_only'].filter((k): k is string => Boolean(k));
      out.push({ id: 'dnssec_weak_algorithm', cause: kinds.length === 1 ? kinds[0]! : 'several_weaknesses', title: `${zone} is signed with algorithms RFC 8624 advises against`, evidence: weakAll.join('\n'), location: zone });
    }
    if (verdict === 'secure') {
      const expiring = expiringSignature(link.rrsigs.filter((s) => s.signer === e.chain.zone), ctx.now);
      if (expiring) {
        const { sig, left, severity } = expiring;
        const hours = Math.max(0, Math.round(left / 3_600_000));
        out.push({
          id: 'dnssec_expiring',
          severity,
          title: `DNSSEC signatures of ${zone} expire in ${hours} hours; if they are not renewed the domain stops resolving`,
          evidence: `RRSIG ${sig.typeCovered} by ${sig.signer} (key ${sig.keyTag}): valid ${sig.inception} to ${sig.expiration}, records cached up to ${sig.originalTTL} s`,
          location: zone,
        });
      }
    }
    if (e.nsec3 && (e.nsec3.iterations > 0 || e.nsec3.saltLength > 0)) {
      out.push({
        id: 'dnssec_nsec3_iterations',
        title: `${zone} uses NSEC3 with ${e.nsec3.iterations} extra iterations and a ${e.nsec3.saltLength}-byte salt; RFC 9276 asks for 0 and none`,
        evidence: `NSEC3PARAM ${zone}: hash 1, flags ${e.nsec3.flags}, iterations ${e.nsec3.iterations}, salt length ${e.nsec3.saltLength}`,
        location: zone,
      });
    }
    return out;
  },
};
