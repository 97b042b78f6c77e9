/**
 * Our own DNSSEC validation, from the trust anchor down to the zone holding a name. Records are fetched
 * through the configured resolver with DO and CD set (so a validating resolver still hands over data it
 * considers bogus), and every link is checked here with node:crypto: DS ↔ DNSKEY digests, DNSKEY and
 * DS signatures, NSEC/NSEC3 proofs that a delegation is unsigned, and finally the zone's SOA signature.
 */
import type * as dnsPacket from 'dns-packet';
import type { TrustAnchor } from '../anchor.js';
import { normaliseZone } from '../anchor.js';
import type { WireResponse } from '../wire.js';
import type { BogusReason, DnssecChainResult, DnssecRrsigInfo, DnssecZoneLink } from '../../../model/dns.js';
import {
  SUPPORTED_ALGORITHMS,
  SUPPORTED_DIGESTS,
  dsDigest,
  keyTag,
  base32hex,
  nsec3Hash,
  publicKeyFor,
  rsaKeyBits,
  signedData,
  verifySignature,
  type DnskeyData,
  type RrsigData,
} from './crypto.js';

export type DnssecQuery = (name: string, type: string) => Promise<WireResponse>;

/** NSEC3 hashing cost bound: RFC 9276 lets validators treat very high counts as insecure. */
const MAX_NSEC3_ITERATIONS = 500;
const MAX_DEPTH = 16;

interface DsData {
  keyTag: number;
  algorithm: number;
  digestType: number;
  digest: Buffer;
}

type Outcome = { ok: true } | { ok: false; reason: BogusReason; detail: string };

const fqdn = (name: string): string => normaliseZone(name);
const sameName = (a: string, b: string): boolean => fqdn(a) === fqdn(b);

function rrsetOf(rrs: dnsPacket.Answer[], owner: string, type: string): dnsPacket.Answer[] {
  return rrs.filter((rr) => rr.type === type && sameName(rr.name, owner));
}

function sigsFor(rrs: dnsPacket.Answer[], owner: string, type: string): { owner: string; sig: RrsigData }[] {
  return rrs
    .filter((rr) => rr.type === 'RRSIG' && sameName(rr.name, owner))
    .map((rr) => ({ owner: rr.name, sig: (rr as unknown as { data: RrsigData }).data }))
    .filter((s) => s.sig.typeCovered === type);
}

function sigInfo(owner: string, sig: RrsigData): DnssecRrsigInfo {
  return {
    owner: fqdn(owner),
    typeCovered: sig.typeCovered,
    algorithm: sig.algorithm,
    keyTag: sig.keyTag,
    signer: fqdn(sig.signersName),
    inception: new Date(sig.inception * 1000).toISOString(),
    originalTTL: sig.originalTTL,
    expiration: new Date(sig.expiration * 1000).toISOString(),
  };
}

/** Verify an RRset against the zone's keys; report the most telling failure when none verifies. */
export function verifyRrset(
  rrset: dnsPacket.Answer[],
  sigs: { owner: string; sig: RrsigData }[],
  keys: DnskeyData[],
  zone: string,
  now: Date,
  seen?: DnssecRrsigInfo[],
): Outcome {
  if (rrset.length === 0) return { ok: false, reason: 'rrsig_missing', detail: 'empty RRset' };
  const type = rrset[0]!.type;
  const owner = rrset[0]!.name;
  const candidates = sigs.filter((s) => sameName(s.sig.signersName, zone));
  if (candidates.length === 0) return { ok: false, reason: 'rrsig_missing', detail: `no RRSIG by ${fqdn(zone)} over ${fqdn(owner)} ${type}` };
  const nowSec = Math.floor(now.getTime() / 1000);
  let failure: Outcome = { ok: false, reason: 'dnskey_missing', detail: `no DNSKEY of ${fqdn(zone)} matches the RRSIG key tags over ${fqdn(owner)} ${type}` };
  const rank: Record<BogusReason, number> = {
    signature_expired: 5,
    signature_not_yet_valid: 5,
    signature_invalid: 4,
    dnskey_missing: 3,
    ds_mismatch: 2,
    rrsig_missing: 1,
    denial_missing: 1,
  };
  const consider = (o: Outcome): void => {
    if (!o.ok && !failure.ok && rank[o.reason] > rank[failure.reason]) failure = o;
  };
  for (const { sig, owner: sigOwner } of candidates) {
    seen?.push(sigInfo(sigOwner, sig));
    const matching = keys.filter((k) => k.algorithm === sig.algorithm && keyTag(k) === sig.keyTag && (k.flags & 0x100) !== 0);
    if (matching.length === 0) continue;
    if (nowSec > sig.expiration) {
      consider({ ok: false, reason: 'signature_expired', detail: `RRSIG over ${fqdn(owner)} ${type} expired ${new Date(sig.expiration * 1000).toISOString()}` });
      continue;
    }
    if (nowSec < sig.inception) {
      consider({ ok: false, reason: 'signature_not_yet_valid', detail: `RRSIG over ${fqdn(owner)} ${type} is valid only from ${new Date(sig.inception * 1000).toISOString()}` });
      continue;
    }
    const data = signedData(sig, owner, rrset);
    for (const key of matching) {
      const pub = publicKeyFor(key.algorithm, key.key);
      if (pub && verifySignature(sig.algorithm, pub, data, sig.signature)) return { ok: true };
    }
    consider({ ok: false, reason: 'signature_invalid', detail: `RRSIG over ${fqdn(owner)} ${type} (key ${sig.keyTag}, algorithm ${sig.algorithm}) does not verify` });
  }
  return failure;
}

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

interface ZoneKeys {
  zone: string;
  keys: DnskeyData[];
}

export interface ValidateOptions {
  now?: Date;
}

export async function validateChain(
  query: DnssecQuery,
  name: string,
  anchors: readonly TrustAnchor[],
  options: ValidateOptions = {},
): Promise<DnssecChainResult> {
  const now = options.now ?? new Date();
  const chain: DnssecZoneLink[] = [];
  const anchorZone = anchors[0]?.zone ?? '.';
  const result = (verdict: DnssecChainResult['verdict'], zone: string, explanation: string, bogusReason?: BogusReason): DnssecChainResult => ({
    verdict,
    zone,
    explanation,
    chain,
    ...(bogusReason ? { bogusReason } : {}),
  });
  if (!sameName(anchorZone, '.') && !sameName(name, anchorZone) && !isBelow(name, anchorZone)) {
    return result('indeterminate', fqdn(name), `the trust anchor for ${anchorZone} does not cover ${fqdn(name)}`);
  }

  // 1. The anchor zone's keys, proven by the anchor itself.
  const anchorDs: DsData[] = anchors.filter((a) => a.kind === 'DS').map((a) => a as DsData);
  const anchorKeys = anchors.filter((a) => a.kind === 'DNSKEY') as DnskeyData[];
  const top = await establishKeys(query, anchorZone, anchorDs, anchorKeys, now, chain);
  if ('verdict' in top) return { ...top, chain };
  let current: ZoneKeys = top;

  // 2. Walk down one label at a time, asking for DS at each name.
  const names = namesBelow(name, anchorZone).slice(0, MAX_DEPTH);
  for (const candidate of names) {
    let response: WireResponse;
    try {
      response = await query(candidate, 'DS');
    } catch (err) {
      return result('indeterminate', current.zone, `DS lookup for ${candidate} failed: ${(err as Error).message}`);
    }
    if (response.rcode === 'NXDOMAIN') break;
    if (response.rcode !== 'NOERROR') {
      return result('indeterminate', current.zone, `DS lookup for ${candidate} answered ${response.rcode}`);
    }
    const dsSet = rrsetOf(response.answers, candidate, 'DS');
    if (dsSet.length > 0) {
      const dsSigs = sigsFor(response.answers, candidate, 'DS');
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
      const dsCheck = verifyRrset(dsSet, dsSigs, current.keys, current.zone, now, link.rrsigs);
      if (!dsCheck.ok) {
        link.status = 'bogus';
        link.note = dsCheck.detail;
        chain.push(link);
        return result('bogus', candidate, `the DS set for ${candidate} in ${current.zone} is not validly signed: ${dsCheck.detail}`, dsCheck.reason);
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
      if ('verdict' in next) return { ...next, chain };
      current = next;
      continue;
    }
    // No DS: is this a delegation (then unsigned, if the denial is proven) or just a name in the zone?
    const denial = provenDenial(response, candidate, current, now);
    if (denial.kind === 'bogus') {
      chain.push({ zone: candidate, status: 'bogus', ds: [], dnskeys: [], rrsigs: [], note: denial.detail });
      return result('bogus', candidate, denial.detail, 'denial_missing');
    }
    if (denial.kind === 'insecure-delegation') {
      chain.push({ zone: candidate, status: 'insecure', ds: [], dnskeys: [], rrsigs: [], note: denial.detail });
      return result('insecure', candidate, denial.detail);
    }
  }

  // 3. The zone holding the name: its SOA must validate with the keys we established.
  let soa: WireResponse;
  try {
    soa = await query(current.zone, 'SOA');
  } catch (err) {
    return result('indeterminate', current.zone, `SOA lookup for ${current.zone} failed: ${(err as Error).message}`);
  }
  const soaSet = rrsetOf(soa.answers, current.zone, 'SOA');
  const last = chain[chain.length - 1];
  if (soaSet.length === 0) return result('indeterminate', current.zone, `no SOA answer for ${current.zone} (${soa.rcode})`);
  const soaCheck = verifyRrset(soaSet, sigsFor(soa.answers, current.zone, 'SOA'), current.keys, current.zone, now, last?.rrsigs);
  if (!soaCheck.ok) {
    if (last) {
      last.status = 'bogus';
      last.note = soaCheck.detail;
    }
    return result('bogus', current.zone, `the SOA of ${current.zone} does not validate: ${soaCheck.detail}`, soaCheck.reason);
  }
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
): Promise<ZoneKeys | Omit<DnssecChainResult, 'chain'>> {
  const link: DnssecZoneLink = existing ?? {
    zone: fqdn(zone),
    status: 'secure',
    ds: dsSet.map((d) => ({ keyTag: d.keyTag, algorithm: d.algorithm, digestType: d.digestType })),
    dnskeys: [],
    rrsigs: [],
  };
  chain.push(link);
  const fail = (reason: BogusReason, detail: string): Omit<DnssecChainResult, 'chain'> => {
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
  let response: WireResponse;
  try {
    response = await query(zone, 'DNSKEY');
  } catch (err) {
    return { verdict: 'indeterminate', zone: fqdn(zone), explanation: `DNSKEY lookup for ${fqdn(zone)} failed: ${(err as Error).message}` };
  }
  const keyRrs = rrsetOf(response.answers, zone, 'DNSKEY');
  if (!existing && keyRrs.length > 0 && !response.answers.some((rr) => rr.type === 'RRSIG')) {
    // The anchor zone's keys came back unsigned: this resolver strips DNSSEC records (DO ignored),
    // so nothing below can be judged. Saying "bogus" here would blame the domain for the resolver.
    chain.pop();
    return {
      verdict: 'indeterminate',
      zone: fqdn(zone),
      explanation: `the DNS server returns no signatures for ${fqdn(zone)} DNSKEY: it does not pass DNSSEC records through, so DNSSEC cannot be checked with it`,
    };
  }
  const keys = keyRrs.map((rr) => (rr as unknown as { data: DnskeyData }).data);
  link.dnskeys = keys.map((k) => ({
    keyTag: keyTag(k),
    algorithm: k.algorithm,
    flags: k.flags,
    ...([5, 7, 8, 10].includes(k.algorithm) ? { rsaBits: rsaKeyBits(k.algorithm, k.key) } : {}),
  }));
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
  const check = verifyRrset(keyRrs, sigsFor(response.answers, zone, 'DNSKEY'), proven, zone, now, link.rrsigs);
  if (!check.ok) return fail(check.reason, `DNSKEY set of ${fqdn(zone)}: ${check.detail}`);
  return { zone: fqdn(zone), keys: keys.filter((k) => (k.flags & 0x100) !== 0) };
}

type Denial =
  | { kind: 'insecure-delegation'; detail: string }
  | { kind: 'not-a-cut' }
  | { kind: 'bogus'; detail: string };

interface Nsec3Data {
  algorithm: number;
  flags: number;
  iterations: number;
  salt: Buffer;
  nextDomain: Buffer;
  rrtypes: string[];
}

/** Read the signed NSEC/NSEC3 proof in a NODATA answer to a DS query. */
function provenDenial(response: WireResponse, candidate: string, current: ZoneKeys, now: Date): Denial {
  const auth = response.authorities;
  const verified = (owner: string, type: string): boolean => {
    const set = rrsetOf(auth, owner, type);
    return verifyRrset(set, sigsFor(auth, owner, type), current.keys, current.zone, now).ok;
  };
  const nsec = rrsetOf(auth, candidate, 'NSEC');
  if (nsec.length > 0) {
    if (!verified(candidate, 'NSEC')) return { kind: 'bogus', detail: `the NSEC record for ${candidate} is not validly signed by ${current.zone}` };
    const types = (nsec[0] as unknown as { data: { rrtypes: string[] } }).data.rrtypes;
    if (types.includes('NS') && !types.includes('DS') && !types.includes('SOA')) {
      return { kind: 'insecure-delegation', detail: `${current.zone} proves with NSEC that the delegation to ${candidate} has no DS: the zone is unsigned` };
    }
    return { kind: 'not-a-cut' };
  }
  const nsec3 = auth.filter((rr) => rr.type === 'NSEC3');
  if (nsec3.length > 0) {
    const first = (nsec3[0] as unknown as { data: Nsec3Data }).data;
    if (first.iterations > MAX_NSEC3_ITERATIONS) {
      return { kind: 'insecure-delegation', detail: `${current.zone} uses ${first.iterations} NSEC3 iterations, above what we evaluate: treated as unsigned (RFC 9276)` };
    }
    const hash = nsec3Hash(candidate, first.salt, first.iterations);
    const zoneSuffix = current.zone === '.' ? '' : current.zone;
    const matchOwner = `${hash}.${zoneSuffix}`;
    const match = rrsetOf(auth, matchOwner, 'NSEC3');
    if (match.length > 0) {
      if (!verified(matchOwner, 'NSEC3')) return { kind: 'bogus', detail: `the NSEC3 record for ${candidate} is not validly signed by ${current.zone}` };
      const types = (match[0] as unknown as { data: Nsec3Data }).data.rrtypes;
      if (types.includes('NS') && !types.includes('DS') && !types.includes('SOA')) {
        return { kind: 'insecure-delegation', detail: `${current.zone} proves with NSEC3 that the delegation to ${candidate} has no DS: the zone is unsigned` };
      }
      return { kind: 'not-a-cut' };
    }
    // A covering opt-out NSEC3 means unsigned delegations may exist here without their own proof.
    for (const rr of nsec3) {
      const d = (rr as unknown as { data: Nsec3Data }).data;
      const ownerHash = rr.name.split('.')[0]!.toLowerCase();
      const next = base32hex(d.nextDomain);
      const covers = ownerHash < next ? hash > ownerHash && hash < next : hash > ownerHash || hash < next;
      if (covers && (d.flags & 1) === 1 && verified(rr.name, 'NSEC3')) {
        return { kind: 'insecure-delegation', detail: `${current.zone} covers ${candidate} with an opt-out NSEC3: any delegation there is unsigned` };
      }
    }
    return { kind: 'not-a-cut' };
  }
  // NSEC records that do not match the name exactly (a wildcard or covering proof): they cannot show
  // a delegation here, so the name is treated as inside the current zone.
  if (auth.some((rr) => rr.type === 'NSEC')) return { kind: 'not-a-cut' };
  if (response.answers.some((rr) => rr.type === 'CNAME')) return { kind: 'not-a-cut' };
  return { kind: 'bogus', detail: `${current.zone} is signed but its answer about ${candidate} DS carries no NSEC/NSEC3 proof` };
}
