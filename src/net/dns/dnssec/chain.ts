/**
 * Our own DNSSEC validation, from the trust anchor down to the zone holding a name. Records are fetched
 * through the configured resolver with DO and CD set (so a validating resolver still hands over data it
 * considers bogus), and every link is checked here with node:crypto: DS ↔ DNSKEY digests, DNSKEY and
 * DS signatures, NSEC/NSEC3 proofs that a delegation is unsigned, and finally the zone's SOA signature.
 *
 * A resolver that cannot supply DNSSEC records (no EDNS, EDNS refused, records stripped) makes the
 * verdict `indeterminate` with `resolverGap` set: missing signatures then say nothing about the domain.
 * `bogus` is kept for signatures that are present and fail, and for a DS that matches no key.
 */
import type { TrustAnchor } from '../anchor.js';
import type { WireResponse } from '../wire.js';
import type { BogusReason, DnssecChainResult, DnssecZoneLink, ResolverDnssecGap } from '../../../model/dns.js';
import { SUPPORTED_ALGORITHMS, SUPPORTED_DIGESTS, dsDigest, keyTag, rsaKeyBits, type DnskeyData } from './crypto.js';
import { fqdn, rrsetOf, sameName, sigsFor, verifyRrset } from './rrsets.js';
import { provenDenial, type ZoneKeys } from './denial.js';

export { verifyRrset } from './rrsets.js';
export type { ZoneKeys } from './denial.js';

export type DnssecQuery = (name: string, type: string) => Promise<WireResponse>;

const MAX_DEPTH = 16;

interface DsData {
  keyTag: number;
  algorithm: number;
  digestType: number;
  digest: Buffer;
}

/** The DNS server, not the domain, is why an answer cannot be judged. */
class ResolverGapError extends Error {
  constructor(
    readonly gap: ResolverDnssecGap,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Every question is asked with EDNS and DO. A server that answers without an OPT record, or refuses
 * EDNS outright, cannot return signatures for anything: say so once, as the resolver's limit.
 */
function askingWithEdns(query: DnssecQuery): DnssecQuery {
  return async (name, type) => {
    const response = await query(name, type);
    const where = `${response.server} (asked ${fqdn(name)} ${type})`;
    if (response.rcode === 'FORMERR' || response.rcode === 'NOTIMP') {
      throw new ResolverGapError('edns_rejected', `the DNS server ${where} answers ${response.rcode} to queries that carry EDNS, which DNSSEC records need`);
    }
    if (!response.opt && (response.rcode === 'NOERROR' || response.rcode === 'NXDOMAIN')) {
      throw new ResolverGapError('no_edns', `the DNS server ${where} answers without EDNS (no OPT record), so it never sees the request for DNSSEC records (the DO bit)`);
    }
    return response;
  };
}

/** A resolver that returns no signature at all for data that must be signed strips them. */
const unsigned = (response: WireResponse): boolean => ![...response.answers, ...response.authorities].some((rr) => rr.type === 'RRSIG');

/** Ancestors of `name` strictly below `zone`, top-down: ('www.example.test', '.') → test., example.test., www.example.test. */
function namesBelow(name: string, zone: string): string[] {
  const labels = fqdn(name).replace(/\.$/, '').split('.').filter(Boolean);
  const out: string[] = [];
  for (let i = labels.length - 1; i >= 0; i--) {
    const candidate = `${labels.slice(i).join('.')}.`;
    if (isBelow(candidate, zone)) out.push(candidate);
  }
  return out;
}

function isBelow(name: string, zone: string): boolean {
  const n = fqdn(name);
  const z = fqdn(zone);
  if (n === z) return false;
  return z === '.' || n.endsWith(`.${z}`);
}

export interface ValidateOptions {
  now?: Date;
  /**
   * Called with the keys of the zone holding the name when the chain is secure, so a caller can
   * validate records of that zone (a TLSA RRset, a denial) with keys this walk proved.
   */
  onSecureZone?: (zone: ZoneKeys) => void;
}

type Verdict = Omit<DnssecChainResult, 'chain'>;

export async function validateChain(
  rawQuery: DnssecQuery,
  name: string,
  anchors: readonly TrustAnchor[],
  options: ValidateOptions = {},
): Promise<DnssecChainResult> {
  const chain: DnssecZoneLink[] = [];
  try {
    return { ...(await walk(askingWithEdns(rawQuery), name, anchors, options.now ?? new Date(), chain, options.onSecureZone)), chain };
  } catch (err) {
    if (!(err instanceof ResolverGapError)) throw err;
    return { verdict: 'indeterminate', zone: chain.at(-1)?.zone ?? fqdn(anchors[0]?.zone ?? '.'), explanation: err.message, resolverGap: err.gap, chain };
  }
}

/** A failed lookup is indeterminate; a resolver gap is passed up to validateChain. */
async function ask(query: DnssecQuery, name: string, type: string, zone: string): Promise<WireResponse | Verdict> {
  try {
    return await query(name, type);
  } catch (err) {
    if (err instanceof ResolverGapError) throw err;
    return { verdict: 'indeterminate', zone: fqdn(zone), explanation: `${type} lookup for ${fqdn(name)} failed: ${(err as Error).message}` };
  }
}

async function walk(
  query: DnssecQuery,
  name: string,
  anchors: readonly TrustAnchor[],
  now: Date,
  chain: DnssecZoneLink[],
  onSecureZone?: (zone: ZoneKeys) => void,
): Promise<Verdict> {
  const anchorZone = anchors[0]?.zone ?? '.';
  const result = (verdict: DnssecChainResult['verdict'], zone: string, explanation: string, extra: { bogusReason?: BogusReason; resolverGap?: ResolverDnssecGap } = {}): Verdict => ({
    verdict,
    zone,
    explanation,
    ...extra,
  });
  if (!sameName(anchorZone, '.') && !sameName(name, anchorZone) && !isBelow(name, anchorZone)) {
    return result('indeterminate', fqdn(name), `the trust anchor for ${anchorZone} does not cover ${fqdn(name)}`);
  }

  // 1. The anchor zone's keys, proven by the anchor itself.
  const anchorDs: DsData[] = anchors.filter((a) => a.kind === 'DS').map((a) => a as DsData);
  const anchorKeys = anchors.filter((a) => a.kind === 'DNSKEY') as DnskeyData[];
  const top = await establishKeys(query, anchorZone, anchorDs, anchorKeys, now, chain);
  if ('verdict' in top) return top;
  let current: ZoneKeys = top;

  // 2. Walk down one label at a time, asking for DS at each name.
  const names = namesBelow(name, anchorZone).slice(0, MAX_DEPTH);
  for (const candidate of names) {
    const response = await ask(query, candidate, 'DS', current.zone);
    if ('verdict' in response) return response;
    if (response.rcode === 'NXDOMAIN') break;
    if (response.rcode !== 'NOERROR') {
      return result('indeterminate', current.zone, `DS lookup for ${candidate} answered ${response.rcode}`);
    }
    const dsSet = rrsetOf(response.answers, candidate, 'DS');
    if (dsSet.length > 0) {
      const link: DnssecZoneLink = {
        zone: candidate,
        status: 'secure',
        ds: dsSet.map((rr) => {
          const d = (rr as unknown as { data: DsData }).data;
          return { keyTag: d.keyTag, algorithm: d.algorithm, digestType: d.digestType };
        }),
        dnskeys: [],
        rrsigs: [],
      };
      if (unsigned(response)) {
        const detail = `the DNS server ${response.server} returns the DS set of ${candidate} without any signature, although ${current.zone} is signed`;
        return result('indeterminate', current.zone, detail, { resolverGap: 'records_stripped' });
      }
      const dsCheck = verifyRrset(dsSet, sigsFor(response.answers, candidate, 'DS'), current.keys, current.zone, now, link.rrsigs);
      if (!dsCheck.ok) {
        link.status = 'bogus';
        link.note = dsCheck.detail;
        chain.push(link);
        return result('bogus', candidate, `the DS set for ${candidate} in ${current.zone} is not validly signed: ${dsCheck.detail}`, { bogusReason: dsCheck.reason });
      }
      const next = await establishKeys(
        query,
        candidate,
        dsSet.map((rr) => (rr as unknown as { data: DsData }).data),
        [],
        now,
        chain,
        link,
      );
      if ('verdict' in next) return next;
      current = next;
      continue;
    }
    // No DS: is this a delegation (then unsigned, if the denial is proven) or just a name in the zone?
    const denial = provenDenial(response, candidate, current, now);
    if (denial.kind === 'stripped') return result('indeterminate', current.zone, denial.detail, { resolverGap: 'records_stripped' });
    if (denial.kind === 'bogus') {
      chain.push({ zone: candidate, status: 'bogus', ds: [], dnskeys: [], rrsigs: [], note: denial.detail });
      return result('bogus', candidate, denial.detail, { bogusReason: 'denial_missing' });
    }
    if (denial.kind === 'insecure-delegation') {
      chain.push({ zone: candidate, status: 'insecure', ds: [], dnskeys: [], rrsigs: [], note: denial.detail });
      return result('insecure', candidate, denial.detail);
    }
  }

  // 3. The zone holding the name: its SOA must validate with the keys we established.
  const soa = await ask(query, current.zone, 'SOA', current.zone);
  if ('verdict' in soa) return soa;
  const soaSet = rrsetOf(soa.answers, current.zone, 'SOA');
  const last = chain[chain.length - 1];
  if (soaSet.length === 0) return result('indeterminate', current.zone, `no SOA answer for ${current.zone} (${soa.rcode})`);
  if (unsigned(soa)) {
    const detail = `the DNS server ${soa.server} returns the SOA of ${current.zone} without any signature, although the zone is signed`;
    return result('indeterminate', current.zone, detail, { resolverGap: 'records_stripped' });
  }
  const soaCheck = verifyRrset(soaSet, sigsFor(soa.answers, current.zone, 'SOA'), current.keys, current.zone, now, last?.rrsigs);
  if (!soaCheck.ok) {
    if (last) {
      last.status = 'bogus';
      last.note = soaCheck.detail;
    }
    return result('bogus', current.zone, `the SOA of ${current.zone} does not validate: ${soaCheck.detail}`, { bogusReason: soaCheck.reason });
  }
  onSecureZone?.(current);
  return result('secure', current.zone, `chain of trust verified from the ${anchorZone} anchor down to ${current.zone}`);
}

/** Fetch a zone's DNSKEY set and prove it with the DS set (or anchor keys). */
async function establishKeys(
  query: DnssecQuery,
  zone: string,
  dsSet: DsData[],
  trustedKeys: DnskeyData[],
  now: Date,
  chain: DnssecZoneLink[],
  existing?: DnssecZoneLink,
): Promise<ZoneKeys | Verdict> {
  const link: DnssecZoneLink = existing ?? {
    zone: fqdn(zone),
    status: 'secure',
    ds: dsSet.map((d) => ({ keyTag: d.keyTag, algorithm: d.algorithm, digestType: d.digestType })),
    dnskeys: [],
    rrsigs: [],
  };
  chain.push(link);
  const fail = (reason: BogusReason, detail: string): Verdict => {
    link.status = 'bogus';
    link.note = detail;
    return { verdict: 'bogus', zone: fqdn(zone), bogusReason: reason, explanation: detail };
  };
  const usableDs = dsSet.filter((d) => SUPPORTED_ALGORITHMS.has(d.algorithm) && SUPPORTED_DIGESTS.has(d.digestType));
  if (dsSet.length > 0 && usableDs.length === 0 && trustedKeys.length === 0) {
    link.status = 'insecure';
    link.note = 'only unsupported DS algorithms or digest types: treated as unsigned (RFC 4035 §5.2)';
    return { verdict: 'insecure', zone: fqdn(zone), explanation: `${fqdn(zone)}: ${link.note}` };
  }
  const response = await ask(query, zone, 'DNSKEY', zone);
  if ('verdict' in response) {
    chain.pop();
    return response;
  }
  if (response.rcode !== 'NOERROR') {
    // SERVFAIL, REFUSED…: the keys could not be fetched, which says nothing about whether they exist.
    chain.pop();
    return { verdict: 'indeterminate', zone: fqdn(zone), explanation: `DNSKEY lookup for ${fqdn(zone)} answered ${response.rcode}` };
  }
  const keyRrs = rrsetOf(response.answers, zone, 'DNSKEY');
  if (!existing && (keyRrs.length === 0 || unsigned(response))) {
    // The anchor's zone is signed: the anchor says so. Its keys missing, or unsigned, means this server
    // strips DNSSEC records (DO ignored), so nothing below can be judged. Saying "bogus" here would
    // blame the domain for the resolver.
    chain.pop();
    const what = keyRrs.length === 0 ? `no DNSKEY record for ${fqdn(zone)}` : `the DNSKEY set of ${fqdn(zone)} without its signatures`;
    return {
      verdict: 'indeterminate',
      zone: fqdn(zone),
      resolverGap: 'records_stripped',
      explanation: `the DNS server ${response.server} returns ${what}, which the trust anchor says is signed${response.opt?.dnssecOk === false ? ' (and does not echo the DO bit)' : ''}`,
    };
  }
  const keys = keyRrs.map((rr) => (rr as unknown as { data: DnskeyData }).data);
  link.dnskeys = keys.map((k) => ({
    keyTag: keyTag(k),
    algorithm: k.algorithm,
    flags: k.flags,
    ...([5, 7, 8, 10].includes(k.algorithm) ? { rsaBits: rsaKeyBits(k.algorithm, k.key) } : {}),
  }));
  // Below the anchor the DS set reaching here was signed, so this server passes DNSSEC records: a zone
  // with a DS at its parent and no keys is the zone's fault (a "lame" DS), and bogus.
  if (keys.length === 0) return fail('dnskey_missing', `${fqdn(zone)} has a DS at its parent but serves no DNSKEY (${response.rcode})`);
  const proven = keys.filter(
    (k) =>
      trustedKeys.some((t) => t.algorithm === k.algorithm && t.key.equals(k.key)) ||
      usableDs.some((d) => d.algorithm === k.algorithm && d.keyTag === keyTag(k) && dsDigest(zone, k, d.digestType)?.equals(d.digest)),
  );
  if (proven.length === 0) {
    const dsText = dsSet.map((d) => `${d.keyTag}/${d.algorithm}`).join(', ');
    const keyText = keys.map((k) => `${keyTag(k)}/${k.algorithm}`).join(', ');
    return fail('ds_mismatch', `no DNSKEY of ${fqdn(zone)} matches its DS (DS ${dsText}; DNSKEY ${keyText})`);
  }
  if (unsigned(response)) {
    chain.pop();
    return {
      verdict: 'indeterminate',
      zone: fqdn(zone),
      resolverGap: 'records_stripped',
      explanation: `the DNS server ${response.server} returns the DNSKEY set of ${fqdn(zone)} without any signature, although its parent's DS says it is signed`,
    };
  }
  const check = verifyRrset(keyRrs, sigsFor(response.answers, zone, 'DNSKEY'), proven, zone, now, link.rrsigs);
  if (!check.ok) return fail(check.reason, `DNSKEY set of ${fqdn(zone)}: ${check.detail}`);
  return { zone: fqdn(zone), keys: keys.filter((k) => (k.flags & 0x100) !== 0) };
}
