/**
 * The signed proof, in a NODATA answer to a DS query, that a name is not a secure delegation: an NSEC
 * or NSEC3 record whose type bitmap shows NS without DS (an unsigned delegation), or shows that the
 * name is no zone cut at all (RFC 4035 §5.2, RFC 5155 §8.9, opt-out §6).
 */
import type { WireResponse } from '../wire.js';
import { base32hex, nsec3Hash, type DnskeyData } from './crypto.js';
import { rrsetOf, sigsFor, verifyRrset } from './rrsets.js';

/** NSEC3 hashing cost bound: RFC 9276 lets validators treat very high counts as insecure. */
const MAX_NSEC3_ITERATIONS = 500;

export interface ZoneKeys {
  zone: string;
  keys: DnskeyData[];
}

export type Denial =
  | { kind: 'insecure-delegation'; detail: string }
  | { kind: 'not-a-cut' }
  | { kind: 'bogus'; detail: string }
  /** No proof and no signature anywhere in the answer: the DNS server dropped them (ResolverDnssecGap). */
  | { kind: 'stripped'; detail: string };

interface Nsec3Data {
  algorithm: number;
  flags: number;
  iterations: number;
  salt: Buffer;
  nextDomain: Buffer;
  rrtypes: string[];
}

/** Read the signed NSEC/NSEC3 proof in a NODATA answer to a DS query. */
export function provenDenial(response: WireResponse, candidate: string, current: ZoneKeys, now: Date): Denial {
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
  // A signed zone's negative answer carries at least its signed SOA. Nothing signed at all means the
  // server (a forwarder, a middlebox) removed the proof, not that the zone lacks one.
  if (![...response.answers, ...auth].some((rr) => rr.type === 'RRSIG')) {
    return {
      kind: 'stripped',
      detail: `the DNS server ${response.server} answers ${candidate} DS with neither an NSEC/NSEC3 proof nor any signature, although ${current.zone} is signed`,
    };
  }
  return { kind: 'bogus', detail: `${current.zone} is signed but its answer about ${candidate} DS carries no NSEC/NSEC3 proof` };
}
