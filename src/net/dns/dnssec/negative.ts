/**
 * Authenticated denial of existence for an ordinary query (RFC 4035 §5.4, RFC 5155 §8): the signed
 * NSEC or NSEC3 records in a negative answer that prove a name has no record of a type (NODATA) or
 * does not exist at all (NXDOMAIN, with no wildcard that could have answered instead). Also the proof
 * that a wildcard-expanded answer was not hiding the name itself (RFC 4035 §5.3.4, RFC 5155 §8.8).
 * denial.ts answers the narrower question of the chain walk (is there a delegation here?).
 */
import type * as dnsPacket from 'dns-packet';
import { base32hex, nsec3Hash } from './crypto.js';
import type { ZoneKeys } from './denial.js';
import { fqdn, rrsetOf, sameName, sigsFor, verifyRrset } from './rrsets.js';

/** The same bound as the chain walk (denial.ts): RFC 9276 lets validators treat higher counts as insecure. */
const MAX_NSEC3_ITERATIONS = 500;

export type Absence =
  | { kind: 'proven'; what: 'nodata' | 'nxdomain'; detail: string }
  /** The zone uses so many NSEC3 iterations that the proof is treated as insecure (RFC 9276 §6). */
  | { kind: 'insecure'; detail: string }
  | { kind: 'bogus'; detail: string }
  /** No proof and no signature at all: the DNS server dropped them. */
  | { kind: 'stripped'; detail: string };

interface NsecData {
  nextDomain: string;
  rrtypes: string[];
}
interface Nsec3Data {
  flags: number;
  iterations: number;
  salt: Buffer;
  nextDomain: Buffer;
  rrtypes: string[];
}

const labelsOf = (name: string): string[] => fqdn(name).replace(/\.$/, '').split('.').filter(Boolean);

/** RFC 4034 §6.1 canonical order: labels compared right to left, as lower-case bytes. */
export function canonicalCompare(a: string, b: string): number {
  const la = labelsOf(a).reverse();
  const lb = labelsOf(b).reverse();
  for (let i = 0; i < Math.min(la.length, lb.length); i++) {
    const c = Buffer.compare(Buffer.from(la[i]!.toLowerCase(), 'latin1'), Buffer.from(lb[i]!.toLowerCase(), 'latin1'));
    if (c !== 0) return c;
  }
  return la.length - lb.length;
}

/** Does the interval (owner, next) cover name? The zone's last NSEC wraps round to the apex. */
function between(owner: string, next: string, name: string, compare: (x: string, y: string) => number): boolean {
  if (compare(owner, next) < 0) return compare(owner, name) < 0 && compare(name, next) < 0;
  return compare(owner, name) < 0 || compare(name, next) < 0;
}

const isBelowOrAt = (name: string, ancestor: string): boolean => sameName(name, ancestor) || fqdn(ancestor) === '.' || fqdn(name).endsWith(`.${fqdn(ancestor)}`);

/** The longest common ancestor of two names. */
function commonAncestor(a: string, b: string): string {
  const la = labelsOf(a).reverse();
  const lb = labelsOf(b).reverse();
  const out: string[] = [];
  for (let i = 0; i < Math.min(la.length, lb.length) && la[i]!.toLowerCase() === lb[i]!.toLowerCase(); i++) out.push(la[i]!);
  return fqdn(out.reverse().join('.') || '.');
}

/** `a.b.zone.` with ancestor `zone.` → `b.zone.`: the name one label below the ancestor on the way to name. */
function nextCloser(name: string, ancestor: string): string {
  const n = labelsOf(name);
  const depth = labelsOf(ancestor).length;
  return fqdn(n.slice(n.length - depth - 1).join('.'));
}

const typeAbsent = (types: string[], qtype: string): boolean => !types.includes(qtype) && !types.includes('CNAME');

class Proofs {
  private readonly verified = new Map<string, boolean>();
  constructor(
    private readonly auth: dnsPacket.Answer[],
    private readonly zone: ZoneKeys,
    private readonly now: Date,
  ) {}

  /** Signed-by-the-zone records of a type in the authority section; one owner's set verified once. */
  signed(type: 'NSEC' | 'NSEC3'): dnsPacket.Answer[] {
    return this.auth.filter((rr) => {
      if (rr.type !== type || !isBelowOrAt(rr.name, this.zone.zone)) return false;
      const key = `${fqdn(rr.name)}|${type}`;
      if (!this.verified.has(key)) {
        const set = rrsetOf(this.auth, rr.name, type);
        this.verified.set(key, verifyRrset(set, sigsFor(this.auth, rr.name, type), this.zone.keys, this.zone.zone, this.now).ok);
      }
      return this.verified.get(key)!;
    });
  }
}

function nsecAbsence(qname: string, qtype: string, nsecs: dnsPacket.Answer[]): Absence | undefined {
  const data = (rr: dnsPacket.Answer): NsecData => (rr as unknown as { data: NsecData }).data;
  const exact = nsecs.find((rr) => sameName(rr.name, qname));
  if (exact) {
    if (!typeAbsent(data(exact).rrtypes, qtype)) return { kind: 'bogus', detail: `the NSEC record at ${fqdn(qname)} lists ${qtype} or CNAME, yet the answer has none` };
    return { kind: 'proven', what: 'nodata', detail: `a signed NSEC record at ${fqdn(qname)} shows no ${qtype} record there` };
  }
  const covering = nsecs.find((rr) => between(rr.name, data(rr).nextDomain, qname, canonicalCompare));
  if (!covering) return undefined;
  const next = data(covering).nextDomain;
  // The next name below qname: qname is an empty non-terminal (it exists, with no records of its own).
  if (isBelowOrAt(next, qname) && !sameName(next, qname)) {
    return { kind: 'proven', what: 'nodata', detail: `a signed NSEC record shows ${fqdn(qname)} holds only names below it (no ${qtype} record)` };
  }
  const a = commonAncestor(qname, covering.name);
  const b = commonAncestor(qname, next);
  const encloser = labelsOf(a).length >= labelsOf(b).length ? a : b;
  const wildcard = fqdn(`*.${encloser === '.' ? '' : encloser}`);
  const atWildcard = nsecs.find((rr) => sameName(rr.name, wildcard));
  if (atWildcard) {
    if (!typeAbsent(data(atWildcard).rrtypes, qtype)) return { kind: 'bogus', detail: `the wildcard ${wildcard} has ${qtype} records, yet the answer denies ${fqdn(qname)}` };
    return { kind: 'proven', what: 'nodata', detail: `signed NSEC records show ${fqdn(qname)} is answered by the wildcard ${wildcard}, which has no ${qtype} record` };
  }
  if (!nsecs.some((rr) => between(rr.name, data(rr).nextDomain, wildcard, canonicalCompare))) {
    return { kind: 'bogus', detail: `signed NSEC records show ${fqdn(qname)} does not exist, but nothing proves there is no wildcard ${wildcard}` };
  }
  return { kind: 'proven', what: 'nxdomain', detail: `signed NSEC records prove ${fqdn(qname)} does not exist and no wildcard covers it` };
}

function nsec3Absence(qname: string, qtype: string, nsec3s: dnsPacket.Answer[], zone: string): Absence | undefined {
  const data = (rr: dnsPacket.Answer): Nsec3Data => (rr as unknown as { data: Nsec3Data }).data;
  const first = data(nsec3s[0]!);
  if (first.iterations > MAX_NSEC3_ITERATIONS) {
    return { kind: 'insecure', detail: `${zone} uses ${first.iterations} NSEC3 iterations, above what we evaluate: treated as unsigned (RFC 9276)` };
  }
  const hashOf = (name: string): string => nsec3Hash(fqdn(name), first.salt, first.iterations);
  const ownerHash = (rr: dnsPacket.Answer): string => rr.name.split('.')[0]!.toLowerCase();
  const matching = (name: string): dnsPacket.Answer | undefined => nsec3s.find((rr) => ownerHash(rr) === hashOf(name));
  const covered = (name: string): boolean => {
    const h = hashOf(name);
    return nsec3s.some((rr) => between(ownerHash(rr), base32hex(data(rr).nextDomain), h, (x, y) => (x < y ? -1 : x > y ? 1 : 0)));
  };
  const exact = matching(qname);
  if (exact) {
    if (!typeAbsent(data(exact).rrtypes, qtype)) return { kind: 'bogus', detail: `the NSEC3 record for ${fqdn(qname)} lists ${qtype} or CNAME, yet the answer has none` };
    return { kind: 'proven', what: 'nodata', detail: `a signed NSEC3 record for ${fqdn(qname)} shows no ${qtype} record there` };
  }
  // Closest encloser proof (RFC 5155 §7.2.1): the nearest ancestor that exists, the next closer name covered.
  const labels = labelsOf(qname);
  for (let i = 1; i < labels.length; i++) {
    const candidate = fqdn(labels.slice(i).join('.'));
    if (!isBelowOrAt(candidate, zone)) break;
    if (!matching(candidate)) continue;
    if (!covered(nextCloser(qname, candidate))) {
      return { kind: 'bogus', detail: `NSEC3 records show ${candidate} exists but do not prove that ${nextCloser(qname, candidate)} does not` };
    }
    const wildcard = fqdn(`*.${candidate}`);
    const atWildcard = matching(wildcard);
    if (atWildcard) {
      if (!typeAbsent(data(atWildcard).rrtypes, qtype)) return { kind: 'bogus', detail: `the wildcard ${wildcard} has ${qtype} records, yet the answer denies ${fqdn(qname)}` };
      return { kind: 'proven', what: 'nodata', detail: `signed NSEC3 records show ${fqdn(qname)} falls under the wildcard ${wildcard}, which has no ${qtype} record` };
    }
    if (!covered(wildcard)) return { kind: 'bogus', detail: `NSEC3 records prove ${fqdn(qname)} does not exist, but not that there is no wildcard ${wildcard}` };
    return { kind: 'proven', what: 'nxdomain', detail: `signed NSEC3 records prove ${fqdn(qname)} does not exist (closest encloser ${candidate}) and no wildcard covers it` };
  }
  return undefined;
}

/** Prove from a negative answer that qname has no qtype record, with the keys of the zone holding it. */
export function provenAbsence(response: { authorities: dnsPacket.Answer[]; answers: dnsPacket.Answer[]; server: string }, qname: string, qtype: string, zone: ZoneKeys, now: Date): Absence {
  const auth = response.authorities;
  const proofs = new Proofs(auth, zone, now);
  const nsecs = proofs.signed('NSEC');
  const nsec3s = proofs.signed('NSEC3');
  const result = (nsecs.length ? nsecAbsence(qname, qtype, nsecs) : undefined) ?? (nsec3s.length ? nsec3Absence(qname, qtype, nsec3s, zone.zone) : undefined);
  if (result) return result;
  if (![...response.answers, ...auth].some((rr) => rr.type === 'RRSIG')) {
    return { kind: 'stripped', detail: `the DNS server ${response.server} answers ${fqdn(qname)} ${qtype} with neither an NSEC/NSEC3 proof nor any signature, although ${zone.zone} is signed` };
  }
  const unsignedProof = auth.some((rr) => rr.type === 'NSEC' || rr.type === 'NSEC3');
  return {
    kind: 'bogus',
    detail: unsignedProof
      ? `the NSEC/NSEC3 records about ${fqdn(qname)} ${qtype} are not validly signed by ${zone.zone}, or prove nothing about it`
      : `${zone.zone} is signed but its answer about ${fqdn(qname)} ${qtype} carries no NSEC/NSEC3 proof`,
  };
}

/**
 * A wildcard-expanded answer (its RRSIG has fewer labels than its owner) is only valid with proof that
 * the name itself does not exist: an NSEC covering it, or an NSEC3 covering the next closer name.
 */
export function provenExpansion(auth: dnsPacket.Answer[], qname: string, signedLabels: number, zone: ZoneKeys, now: Date): boolean {
  const proofs = new Proofs(auth, zone, now);
  const labels = labelsOf(qname);
  const encloser = fqdn(labels.slice(labels.length - signedLabels).join('.') || '.');
  const nsecs = proofs.signed('NSEC');
  if (nsecs.some((rr) => between(rr.name, (rr as unknown as { data: NsecData }).data.nextDomain, qname, canonicalCompare))) return true;
  const nsec3s = proofs.signed('NSEC3');
  if (nsec3s.length === 0) return false;
  const first = (nsec3s[0] as unknown as { data: Nsec3Data }).data;
  if (first.iterations > MAX_NSEC3_ITERATIONS) return false;
  const h = nsec3Hash(nextCloser(qname, encloser), first.salt, first.iterations);
  return nsec3s.some((rr) => {
    const owner = rr.name.split('.')[0]!.toLowerCase();
    const next = base32hex((rr as unknown as { data: Nsec3Data }).data.nextDomain);
    return between(owner, next, h, (x, y) => (x < y ? -1 : x > y ? 1 : 0));
  });
}
