import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { generatePrimeSync } from 'node:crypto';
import { classifyModulus, fromHex, isProbablePrime, MAX_TESTED_BITS, modPow } from '../../../src/checks/tls/dh-math.js';
import { KNOWN_PRIMES } from '../../../src/checks/tls/dh-primes.js';

const prime = (bits: number, safe = false) => generatePrimeSync(bits, { bigint: true, safe });

describe('primality (Miller–Rabin on BigInt)', () => {
  it('small numbers against a sieve', () => {
    const sieve = (n: number) => n > 1 && Array.from({ length: Math.floor(Math.sqrt(n)) - 1 }, (_, i) => i + 2).every((d) => n % d !== 0);
    for (let n = 0; n < 5000; n++) expect(isProbablePrime(BigInt(n))).toBe(sieve(n));
  });

  it('Carmichael numbers and strong pseudoprimes to the first bases are composite', () => {
    // 318665857834031151167461 fools bases 2 to 37; the 13th base, 41, catches it.
    for (const n of [561n, 1105n, 1729n, 2047n, 3215031751n, 3825123056546413051n, 318665857834031151167461n]) expect(isProbablePrime(n)).toBe(false);
  });

  it('known primes: Mersenne 2^127 - 1 and 2^521 - 1', () => {
    expect(isProbablePrime(2n ** 127n - 1n)).toBe(true);
    expect(isProbablePrime(2n ** 521n - 1n)).toBe(true);
    expect(isProbablePrime(2n ** 523n - 1n)).toBe(false);
  });

  it('modPow agrees with repeated multiplication', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.integer({ min: 0, max: 40 }), fc.bigInt({ min: 1n, max: 10n ** 9n }), (b, e, m) => {
        let r = 1n % m;
        for (let i = 0; i < e; i++) r = (r * b) % m;
        expect(modPow(b, BigInt(e), m)).toBe(r);
      }),
    );
  });

  it('property: OpenSSL-generated primes are prime, products of two are composite, safe primes are safe', () => {
    fc.assert(
      fc.property(fc.integer({ min: 24, max: 200 }), fc.integer({ min: 24, max: 200 }), (a, b) => {
        const p = prime(a);
        const q = prime(b);
        expect(isProbablePrime(p)).toBe(true);
        expect(classifyModulus(p * q).kind).toBe('composite');
      }),
      { numRuns: 40 },
    );
    for (let i = 0; i < 5; i++) expect(classifyModulus(prime(256, true)).kind).toBe('safe_prime');
  });
});

describe('classifyModulus', () => {
  it('every catalogue prime up to 2048 bits is what the catalogue says (RFC 5114: prime, not safe)', () => {
    for (const k of KNOWN_PRIMES.filter((k) => k.p.length * 4 <= 2048)) {
      expect(classifyModulus(fromHex(k.p)).kind, k.name).toBe(k.source === 'RFC 5114' ? 'prime_not_safe' : 'safe_prime');
    }
  });

  it('an 8192-bit safe prime (ffdhe8192) is classified, its time measured; past 8192 bits nothing is tested', () => {
    const ffdhe8192 = KNOWN_PRIMES.find((k) => k.name === 'ffdhe8192')!;
    const verdict = classifyModulus(fromHex(ffdhe8192.p));
    console.log(`ffdhe8192: ${verdict.kind} in ${verdict.ms} ms`);
    expect(verdict).toMatchObject({ kind: 'safe_prime', bits: 8192 });
    const odd = 2n ** BigInt(MAX_TESTED_BITS) + 1n;
    expect(classifyModulus(odd)).toMatchObject({ kind: 'too_large', bits: MAX_TESTED_BITS + 1 });
    // A composite of the largest size is settled cheaply (trial division or one round).
    const near = classifyModulus(fromHex(ffdhe8192.p) - 4n);
    console.log(`ffdhe8192 - 4: ${near.kind} in ${near.ms} ms`);
    expect(near.kind).not.toBe('too_large');
  }, 60_000);
});
