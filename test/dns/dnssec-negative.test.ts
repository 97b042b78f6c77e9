/**
 * The parts of authenticated denial that need no signatures to test: RFC 4034 §6.1 canonical name
 * order (the example list from the RFC, and order properties on generated names), and that an
 * answer with no proof at all is told apart by whether any signature is present (a DNS server that
 * strips them, versus a signed zone that gives no proof). The signed proofs themselves are tested
 * against the lab's knot-signed NSEC and NSEC3 zones (dane-lab.test.ts).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type * as dnsPacket from 'dns-packet';
import { canonicalCompare, provenAbsence } from '../../src/net/dns/dnssec/negative.js';

describe('canonical DNS name order (RFC 4034 §6.1)', () => {
  it('sorts the RFC\'s example exactly as the RFC lists it', () => {
    const rfc = ['example.', 'a.example.', 'yljkjljk.a.example.', 'Z.a.example.', 'zABC.a.EXAMPLE.', 'z.example.', '\\001.z.example.', '*.z.example.', '\\200.z.example.'];
    // Our names carry escapes as raw bytes (as dns-packet decodes them).
    const decoded = rfc.map((n) => n.replace('\\001', '\u0001').replace('\\200', '\u00c8'));
    const shuffled = [...decoded].reverse();
    expect(shuffled.sort(canonicalCompare)).toEqual(decoded);
  });

  it('is a total order: antisymmetric, transitive, case-insensitive', () => {
    const name = fc.array(fc.stringMatching(/^[a-zA-Z0-9*-]{1,6}$/), { minLength: 1, maxLength: 4 }).map((l) => `${l.join('.')}.`);
    fc.assert(
      fc.property(name, name, name, (a, b, c) => {
        // `+ 0` turns -0 into 0: equal names compare 0 both ways, and toBe (Object.is) tells 0 from -0.
        expect(Math.sign(canonicalCompare(a, b)) + 0).toBe(-Math.sign(canonicalCompare(b, a)) + 0);
        expect(canonicalCompare(a, a.toUpperCase())).toBe(0);
        if (canonicalCompare(a, b) <= 0 && canonicalCompare(b, c) <= 0) expect(canonicalCompare(a, c)).toBeLessThanOrEqual(0);
      }),
      { numRuns: 500 },
    );
  });
});

describe('a negative answer without a proof', () => {
  const zone = { zone: 'example.test.', keys: [] };
  const soa = { name: 'example.test', type: 'SOA', data: {} } as unknown as dnsPacket.Answer;
  const rrsig = { name: 'example.test', type: 'RRSIG', data: { typeCovered: 'SOA', signersName: 'example.test' } } as unknown as dnsPacket.Answer;

  it('with no signature anywhere: the DNS server stripped them (not measured)', () => {
    expect(provenAbsence({ answers: [], authorities: [soa], server: '127.0.0.1:53' }, '_25._tcp.mx.example.test', 'TLSA', zone, new Date()).kind).toBe('stripped');
  });

  it('with signatures but no NSEC/NSEC3: bogus (the zone gives no proof)', () => {
    expect(provenAbsence({ answers: [], authorities: [soa, rrsig], server: '127.0.0.1:53' }, '_25._tcp.mx.example.test', 'TLSA', zone, new Date()).kind).toBe('bogus');
  });

  it('with NSEC records that are not validly signed: bogus, never proven', () => {
    const nsec = { name: 'mx.example.test', type: 'NSEC', data: { nextDomain: 'zz.example.test', rrtypes: ['A', 'RRSIG', 'NSEC'] } } as unknown as dnsPacket.Answer;
    const result = provenAbsence({ answers: [], authorities: [soa, rrsig, nsec], server: '127.0.0.1:53' }, '_25._tcp.mx.example.test', 'TLSA', zone, new Date());
    expect(result).toMatchObject({ kind: 'bogus', detail: expect.stringContaining('not validly signed') });
  });
});
