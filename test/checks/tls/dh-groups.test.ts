import { describe, expect, it } from 'vitest';
import { tlsDhGroupsCheck } from '../../../src/checks/tls/dh-groups.js';
import { tlsDhCheck } from '../../../src/checks/tls/dh.js';
import { KNOWN_PRIMES } from '../../../src/checks/tls/dh-primes.js';
import type { DhGroupSeen, DhGroupsEvidence, TlsEvidence } from '../../../src/model/tls.js';
import { NOW, evidenceOf, modernTls } from './fixtures.js';

const prime = (name: string) => KNOWN_PRIMES.find((k) => k.name.startsWith(name))!.p;
const group = (p: string, g = '2'): DhGroupSeen => ({
  p,
  g,
  bits: BigInt(`0x${p}`).toString(2).length,
  publicValueBytes: 128,
  suite: 'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256',
  protocol: 'TLSv1.2',
});

function run(dhGroups: DhGroupsEvidence | null, dhBits: number | null = null) {
  const tls: TlsEvidence = { ...modernTls(), dhGroups, dhBits };
  return [...tlsDhCheck.run(evidenceOf(tls), { now: NOW }), ...tlsDhGroupsCheck.run(evidenceOf(tls), { now: NOW })];
}

describe('DH group checks on hand-written evidence', () => {
  it('nothing without DH groups', () => {
    expect(run(null)).toEqual([]);
    expect(run({ legacy: { group: null, answer: 'alert 40 handshake_failure' }, rfc7919: null })).toEqual([]);
  });

  it('Oakley group 2 for legacy clients, ffdhe2048 for the others: Logjam for legacy clients only', () => {
    const findings = run(
      { legacy: { group: group(prime('Oakley group 2')), answer: '' }, rfc7919: { group: group(prime('ffdhe2048')), answer: '' } },
      1024,
    );
    expect(findings.map((f) => [f.id, f.severity])).toEqual([['weak_dh', 'high'], ['tls_dh_known_prime', 'high']]);
    expect(findings[1]!.evidence).toMatch(/^Clients that do not offer the RFC 7919 groups get Oakley group 2/);
    expect(findings[0]!.evidence).toContain('Clients offering the RFC 7919 groups get: 2048-bit (ffdhe2048, RFC 7919)');
  });

  it('Oakley group 1 (768 bits): critical; a shared 2048-bit prime: nothing', () => {
    expect(run({ legacy: { group: group(prime('Oakley group 1')), answer: '' }, rfc7919: null }, 768).map((f) => [f.id, f.severity])).toEqual([
      ['weak_dh', 'critical'],
      ['tls_dh_known_prime', 'critical'],
    ]);
    expect(run({ legacy: { group: group(prime('MODP group 14')), answer: '' }, rfc7919: null }, 2048)).toEqual([]);
  });

  it('RFC 5114 group 22: shared 1024-bit prime and not safe by design, named', () => {
    const findings = run({ legacy: { group: group(prime('RFC 5114 group 22')), answer: '' }, rfc7919: null }, 1024);
    expect(findings.map((f) => [f.id, f.severity])).toEqual([['weak_dh', 'high'], ['tls_dh_known_prime', 'high'], ['tls_dh_unsafe_prime', 'low']]);
    expect(findings[2]!.title).toContain('RFC 5114 group 22');
    expect(findings[2]!.evidence).toContain('160 bits');
  });

  it('a composite and a non-safe prime of its own; over 8192 bits nothing is judged', () => {
    const composite = ((2n ** 1023n + 1155n) * 3n).toString(16);
    expect(run({ legacy: { group: group(composite), answer: '' }, rfc7919: null }).map((f) => f.id)).toEqual(['tls_dh_composite']);
    // 2^127 - 1 is prime; (p - 1) / 2 = 2^126 - 1 is divisible by 3.
    const unsafe = run({ legacy: { group: group((2n ** 127n - 1n).toString(16)), answer: '' }, rfc7919: null });
    expect(unsafe.map((f) => [f.id, f.severity])).toEqual([['tls_dh_unsafe_prime', 'medium']]);
    expect(unsafe[0]!.title).toContain('clients that do not offer the RFC 7919 groups');
    expect(run({ legacy: { group: group((2n ** 8200n + 1n).toString(16)), answer: '' }, rfc7919: null })).toEqual([]);
  });
});
