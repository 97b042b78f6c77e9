import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { getDiffieHellman } from 'node:crypto';
import { KNOWN_PRIMES, knownPrime } from '../../../src/checks/tls/dh-primes.js';

/** p of a named group, as OpenSSL itself produces it. */
function opensslPrime(group: string): string {
  const pem = execFileSync('openssl', ['genpkey', '-genparam', '-algorithm', 'DH', '-pkeyopt', `group:${group}`]);
  const text = execFileSync('openssl', ['asn1parse'], { input: pem }).toString();
  return text.split('\n').find((l) => l.includes('INTEGER'))!.split(':').pop()!.trim().toLowerCase();
}

const OPENSSL_NAMES: Record<string, string> = {
  'MODP group 5 (1536-bit)': 'modp_1536',
  'MODP group 14 (2048-bit)': 'modp_2048',
  'MODP group 15 (3072-bit)': 'modp_3072',
  'MODP group 16 (4096-bit)': 'modp_4096',
  'MODP group 17 (6144-bit)': 'modp_6144',
  'MODP group 18 (8192-bit)': 'modp_8192',
  ffdhe2048: 'ffdhe2048',
  ffdhe3072: 'ffdhe3072',
  ffdhe4096: 'ffdhe4096',
  ffdhe6144: 'ffdhe6144',
  ffdhe8192: 'ffdhe8192',
};

describe('the catalogue of well-known DH primes', () => {
  it('every entry equals the value OpenSSL or Node ships for it', () => {
    for (const k of KNOWN_PRIMES) {
      let expected: string;
      if (k.source.startsWith('RFC 2409')) expected = getDiffieHellman(k.source.endsWith('6.1') ? 'modp1' : 'modp2').getPrime('hex');
      else if (k.source === 'RFC 5114') expected = opensslPrime(`dh_${k.name.match(/\((\d+)-bit/)![1]}_${k.subgroupBits}`);
      else expected = opensslPrime(OPENSSL_NAMES[k.name]!);
      expect(k.p, k.name).toBe(expected);
    }
    expect(KNOWN_PRIMES).toHaveLength(16);
  }, 60_000);

  it('finds a prime whatever its case and leading zeros; not a near miss', () => {
    const oakley2 = getDiffieHellman('modp2').getPrime('hex');
    expect(knownPrime(`00${oakley2.toUpperCase()}`)?.name).toBe('Oakley group 2 (1024-bit MODP)');
    expect(knownPrime(`${oakley2.slice(0, -1)}d`)).toBeUndefined();
  });
});
