/**
 * The finite-field DH groups themselves, as each kind of client receives them (evidence `dhGroups`):
 * a well-known prime small enough that one precomputation breaks every server sharing it (Logjam), a
 * prime that is not a safe prime (subgroups of small order exist), and a modulus that is not prime at
 * all. The group size alone is weak_dh's (./dh.ts).
 */
import type { Check } from '../check.js';
import { dataOf } from '../check.js';
import type { CheckResult, Severity } from '../../model/finding.js';
import type { DhGroupSeen, DhGroupsEvidence, TlsEvidence } from '../../model/tls.js';
import { locationOf } from './shared.js';
import { knownPrime, type KnownPrime } from './dh-primes.js';
import { classifyModulus, fromHex, type ModulusKind } from './dh-math.js';

interface JudgedGroup {
  group: DhGroupSeen;
  /** Which clients get it, in words. */
  who: string;
  known: KnownPrime | undefined;
  kind: ModulusKind;
  ms: number;
}

/** A modulus is tested once per process however often the checks run (rescoring, several reports). */
const verdicts = new Map<string, { kind: ModulusKind; ms: number }>();

function kindOf(group: DhGroupSeen, known: KnownPrime | undefined): { kind: ModulusKind; ms: number } {
  // The catalogue's primes were tested once (test/checks/tls/dh-primes.test.ts): RFC 5114's are prime
  // but not safe by design, the others are safe primes.
  if (known) return { kind: known.source === 'RFC 5114' ? 'prime_not_safe' : 'safe_prime', ms: 0 };
  let verdict = verdicts.get(group.p);
  if (!verdict) {
    const { kind, ms } = classifyModulus(fromHex(group.p));
    verdict = { kind, ms };
    if (verdicts.size > 64) verdicts.clear();
    verdicts.set(group.p, verdict);
  }
  return verdict;
}

/** Each distinct group once, with the clients that get it. */
export function judgeGroups(dh: DhGroupsEvidence | null): JudgedGroup[] {
  const legacy = dh?.legacy.group ?? null;
  const modern = dh?.rfc7919?.group ?? null;
  const views: { group: DhGroupSeen; who: string }[] = [];
  if (legacy && modern && legacy.p === modern.p) views.push({ group: legacy, who: 'every client' });
  else {
    if (legacy) views.push({ group: legacy, who: 'clients that do not offer the RFC 7919 groups' });
    if (modern) views.push({ group: modern, who: 'clients offering the RFC 7919 groups' });
  }
  return views.map(({ group, who }) => {
    const known = knownPrime(group.p);
    return { group, who, known, ...kindOf(group, known) };
  });
}

export function groupLabel(group: DhGroupSeen): string {
  const known = knownPrime(group.p);
  const name = known ? `${known.name}, ${known.source}` : 'a group of its own';
  return `${group.bits}-bit (${name}), g = 0x${group.g.length > 16 ? `${group.g.slice(0, 16)}…` : group.g}, with ${group.suite} (${group.protocol})`;
}

/** "Clients that do not offer the RFC 7919 groups get …; clients offering them get …": for every DH finding. */
export function describeDhViews(dh: DhGroupsEvidence | null): string {
  if (!dh) return '';
  const lines: string[] = [];
  if (dh.legacy.group && dh.rfc7919?.group?.p === dh.legacy.group.p) return `Every client gets, with or without the RFC 7919 groups: ${groupLabel(dh.legacy.group)}`;
  if (dh.legacy.group) lines.push(`Clients that do not offer the RFC 7919 groups get: ${groupLabel(dh.legacy.group)}`);
  if (dh.rfc7919?.group) lines.push(`Clients offering the RFC 7919 groups get: ${groupLabel(dh.rfc7919.group)}`);
  else if (dh.rfc7919) lines.push(`Clients offering the RFC 7919 groups: ${dh.rfc7919.answer}`);
  return lines.join('\n');
}

/** testssl.sh's levels for a common prime: up to 800 bits critical, 1024 high, 1536 low, larger only informative. */
function knownPrimeSeverity(bits: number): Severity | undefined {
  if (bits <= 800) return 'critical';
  if (bits <= 1024) return 'high';
  if (bits <= 1536) return 'low';
  return undefined;
}

export const tlsDhGroupsCheck: Check = {
  name: 'tls/dh-groups',
  category: 'tls',
  ids: ['tls_dh_known_prime', 'tls_dh_unsafe_prime', 'tls_dh_composite'],
  reads: ['tls'],
  run(evidence) {
    const tls = dataOf<TlsEvidence>(evidence, 'tls');
    const judged = judgeGroups(tls.dhGroups);
    if (judged.length === 0) return [];
    const views = describeDhViews(tls.dhGroups);
    const location = locationOf(tls);
    const findings: CheckResult[] = [];
    for (const j of judged) {
      const testNote = j.known ? '' : `\nPrimality tested here with Miller–Rabin in ${j.ms} ms.`;
      if (j.kind === 'composite') {
        findings.push({
          id: 'tls_dh_composite',
          severity: 'critical',
          title: `The DH modulus ${j.who} get is not a prime`,
          evidence: `${j.group.bits}-bit modulus p = 0x${j.group.p.slice(0, 32)}… is composite (a Miller–Rabin witness or a small factor proves it)${testNote}\n${views}`,
          location,
        });
        continue;
      }
      const severity = j.known && knownPrimeSeverity(j.group.bits);
      if (j.known && severity) {
        findings.push({
          id: 'tls_dh_known_prime',
          severity,
          title: `DHE uses a well-known ${j.group.bits}-bit prime shared by many servers (${j.known.name})`,
          evidence: `${j.who[0]!.toUpperCase()}${j.who.slice(1)} get ${j.known.name} from ${j.known.source}: one precomputation against this prime serves against every server using it (Logjam)\n${views}`,
          location,
        });
      }
      if (j.kind === 'prime_not_safe') {
        const rfc5114 = j.known?.source === 'RFC 5114';
        findings.push({
          id: 'tls_dh_unsafe_prime',
          severity: rfc5114 ? 'low' : 'medium',
          title: rfc5114
            ? `DHE uses ${j.known!.name.replace(/ \(.*$/, '')}, which is not a safe prime by design`
            : `The DH prime ${j.who} get is not a safe prime: small subgroups exist`,
          evidence: rfc5114
            ? `${j.known!.name}: p - 1 has many small factors, and the generator has prime order q of ${j.known!.subgroupBits} bits. That is safe only when the server checks every client's public value against q (OpenSSL did not before CVE-2016-0701) and never reuses an exponent unchecked.\n${views}`
            : `(p - 1) / 2 is not prime, so p - 1 has smaller factors and the group has subgroups of small order; whether the generator avoids them cannot be told from p and g alone${testNote}\n${views}`,
          location,
        });
      }
    }
    return findings;
  },
};
