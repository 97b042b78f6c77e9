/**
 * The number theory behind the Diffie-Hellman group checks, pure and bounded: is the server's modulus
 * p prime, and is it a safe prime (q = (p - 1) / 2 also prime, so the only subgroups are of order 1, 2,
 * q and 2q)? Miller–Rabin on BigInt. Trial division by small primes first settles most composites at
 * almost no cost; the rounds of Miller–Rabin then shrink with the size, as the average-case error
 * bounds of Damgård, Landrock and Pomerance (1993, the basis of FIPS 186-5 table B.1) allow. For a
 * safe-prime candidate, once q = (p - 1) / 2 passes, Pocklington's criterion turns the base-2 round
 * already done on p into a proof that p is prime, so a safe prime costs 1 + rounds(q) exponentiations.
 *
 * Bounded work: moduli over MAX_TESTED_BITS are not tested at all (`too_large`). Measured on a loaded
 * 2-core machine (test/checks/tls/dh-math.test.ts logs it): a 2048-bit safe prime 0.2–0.8 s, 4096 bits
 * 0.7–2.6 s, 8192 bits 4.5–11.6 s; composites mostly fall to trial division in under 1 ms. The
 * standard groups are recognised from the catalogue (dh-primes.ts) and never tested, so only a server's
 * own large group pays this, once per process (dh-groups.ts caches verdicts).
 */

/** No TLS stack sends a group over 8192 bits (ffdhe8192 and MODP group 18 are the largest). */
export const MAX_TESTED_BITS = 8192;

/** Odd primes below 1000, for trial division. */
const SMALL_PRIMES: readonly bigint[] = (() => {
  const out: bigint[] = [];
  for (let n = 3; n < 1000; n += 2) {
    let prime = true;
    for (let d = 3; d * d <= n; d += 2) if (n % d === 0) prime = false;
    if (prime) out.push(BigInt(n));
  }
  return out;
})();

/** Witnesses for Miller–Rabin: the first 13 primes, together deterministic below 3.3 × 10^24 (Sorenson and Webster, 2015). */
const BASES: readonly bigint[] = [2n, 3n, 5n, 7n, 11n, 13n, 17n, 19n, 23n, 29n, 31n, 37n, 41n];

export function bitLength(n: bigint): number {
  return n <= 0n ? 0 : n.toString(2).length;
}

/** Big-endian hex (the evidence's form) to a BigInt; 0 for an empty string. */
export function fromHex(hex: string): bigint {
  return hex.length === 0 ? 0n : BigInt(`0x${hex}`);
}

export function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  if (modulus === 1n) return 0n;
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

/**
 * Rounds of Miller–Rabin by size, from the average-case bounds (error far below 2^-100 at these sizes
 * for numbers not built to fool the test). A server could build a composite that passes these fixed
 * bases; docs/tls.md says so.
 */
function rounds(bits: number): number {
  if (bits >= 4096) return 1;
  if (bits >= 2048) return 2;
  if (bits >= 1024) return 4;
  if (bits >= 512) return 6;
  return BASES.length;
}

/** One Miller–Rabin round: false means `a` proves n composite. n odd, n > 3, n - 1 = d · 2^s. */
function passesRound(n: bigint, d: bigint, s: number, a: bigint): boolean {
  let x = modPow(a, d, n);
  if (x === 1n || x === n - 1n) return true;
  for (let i = 1; i < s; i++) {
    x = (x * x) % n;
    if (x === n - 1n) return true;
    if (x === 1n) return false;
  }
  return false;
}

/**
 * true: n is prime (certainly below 3.3 × 10^24, with overwhelming probability above); false: n is
 * composite (certainly: a divisor or a Miller–Rabin witness was found).
 */
export function isProbablePrime(n: bigint): boolean {
  const sieved = sieve(n);
  if (sieved !== undefined) return sieved;
  return millerRabin(n, BASES.slice(0, rounds(bitLength(n))));
}

/** Settles n by size and trial division when it can; undefined when n needs Miller–Rabin. */
function sieve(n: bigint): boolean | undefined {
  if (n < 2n) return false;
  if (n === 2n) return true;
  if ((n & 1n) === 0n) return false;
  for (const p of SMALL_PRIMES) {
    if (n === p) return true;
    if (n % p === 0n) return false;
  }
  return undefined;
}

function millerRabin(n: bigint, bases: readonly bigint[]): boolean {
  let d = n - 1n;
  let s = 0;
  while ((d & 1n) === 0n) {
    d >>= 1n;
    s++;
  }
  for (const a of bases) if (!passesRound(n, d, s, a % n)) return false;
  return true;
}

export type ModulusKind = 'safe_prime' | 'prime_not_safe' | 'composite' | 'too_large';

export interface ModulusVerdict {
  kind: ModulusKind;
  bits: number;
  /** Wall time of the test, in milliseconds (the evidence of the bound). */
  ms: number;
}

/** Classifies p: composite, prime but not safe, safe prime; `too_large` past MAX_TESTED_BITS (not tested). */
export function classifyModulus(p: bigint): ModulusVerdict {
  const started = performance.now();
  const bits = bitLength(p);
  const done = (kind: ModulusKind): ModulusVerdict => ({ kind, bits, ms: Math.round(performance.now() - started) });
  if (bits > MAX_TESTED_BITS) return done('too_large');
  const sieved = sieve(p);
  if (sieved === false) return done('composite');
  if (sieved === true) return done(isProbablePrime((p - 1n) >> 1n) ? 'safe_prime' : 'prime_not_safe');
  // One base-2 round first: most composites fail it, and it is half of Pocklington's proof below.
  if (!millerRabin(p, [2n])) return done('composite');
  const q = (p - 1n) >> 1n;
  // q > sqrt(p), so q prime and 2^(p-1) ≡ 1 (mod p) with gcd(2^2 - 1, p) = 1 (3 ∤ p, sieved) prove p prime.
  if (isProbablePrime(q)) return done('safe_prime');
  return done(millerRabin(p, BASES.slice(1, rounds(bits))) ? 'prime_not_safe' : 'composite');
}
