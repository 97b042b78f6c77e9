import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkTargetAddress, classifyAddress, inAllowList, parseIpLiteral, parseIpv4Loose } from '../../../src/net/target-policy.js';

describe('parseIpLiteral normalises every spelling of an address', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['2130706433', '127.0.0.1'],
    ['0x7f.1', '127.0.0.1'],
    ['0x7f000001', '127.0.0.1'],
    ['0177.0.0.1', '127.0.0.1'],
    ['127.1', '127.0.0.1'],
    ['127.0.1', '127.0.0.1'],
    ['127.0.0.1.', '127.0.0.1'],
    ['[::1]', '0:0:0:0:0:0:0:1'],
    ['[::ffff:127.0.0.1]', '0:0:0:0:0:ffff:7f00:1'],
    ['::FFFF:7F00:1', '0:0:0:0:0:ffff:7f00:1'],
    ['fe80::1%eth0', 'fe80:0:0:0:0:0:0:1'],
  ])('%s → %s', (input, expected) => {
    expect(parseIpLiteral(input)).toBe(expected);
  });

  it.each(['example.com', 'localhost', '1.2.3.4.5', '256.0.0.1', '0x100000000', 'a.0x7f', ''])('%s is not an address', (input) => {
    expect(parseIpLiteral(input)).toBeUndefined();
  });

  it('agrees with the WHATWG URL parser on numeric IPv4 hosts', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.nat(300), fc.nat(0xffffffff)), { minLength: 1, maxLength: 4 }), fc.constantFrom(10, 8, 16), (parts, radix) => {
        const spelled = parts.map((n) => (radix === 16 ? `0x${n.toString(16)}` : radix === 8 ? `0${n.toString(8)}` : String(n))).join('.');
        let urlHost: string | undefined;
        try {
          urlHost = new URL(`http://${spelled}/`).hostname;
        } catch {
          urlHost = undefined;
        }
        const ours = parseIpv4Loose(spelled);
        if (urlHost === undefined) expect(ours).toBeUndefined();
        else expect(ours === undefined ? undefined : parseIpLiteral(spelled)).toBe(urlHost);
      }),
      { numRuns: 500 },
    );
  });
});

describe('classifyAddress refuses every special-purpose range', () => {
  it.each([
    ['0.0.0.0', 'unspecified'],
    ['10.1.2.3', 'private'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['127.0.0.2', 'loopback'],
    ['169.254.169.254', 'metadata'],
    ['169.254.10.1', 'link-local'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.0.0.8', 'IETF'],
    ['192.0.2.1', 'documentation'],
    ['192.168.1.1', 'private'],
    ['198.18.0.1', 'benchmarking'],
    ['198.51.100.7', 'documentation'],
    ['203.0.113.9', 'documentation'],
    ['224.0.0.1', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'broadcast'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['fc00::1', 'unique local'],
    ['fd12:3456::1', 'unique local'],
    ['fe80::1', 'link-local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['fd00:ec2::254', 'cloud metadata service'],
    ['::ffff:127.0.0.1', 'loopback via IPv4-mapped'],
    ['::ffff:10.0.0.1', 'private (RFC 1918) via IPv4-mapped'],
    ['::127.0.0.1', 'loopback via IPv4-compatible'],
    ['64:ff9b::7f00:1', 'loopback via NAT64'],
    ['64:ff9b::a9fe:a9fe', 'metadata service via NAT64'],
    ['64:ff9b:1::a00:1', 'private (RFC 1918) via NAT64 (local-use)'],
    ['2002:7f00:1::', 'loopback via 6to4'],
    ['2002:c0a8:101::', 'private (RFC 1918) via 6to4'],
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'loopback via Teredo'],
    ['4000::1', 'reserved'],
    ['2130706433', 'loopback'],
    ['0x7f.1', 'loopback'],
    ['[::ffff:127.0.0.1]', 'loopback'],
  ])('%s is refused (%s)', (address, range) => {
    const v = classifyAddress(address);
    expect(v.allowed).toBe(false);
    expect(v.range).toContain(range.split(' ')[0]);
  });

  it.each(['93.184.215.14', '8.8.4.4', '1.0.0.1', '2606:4700::1111', '2a00:1450:4001::200e', '::ffff:93.184.215.14', '64:ff9b::5db8:d70e'])(
    '%s is public and allowed',
    (address) => {
      expect(classifyAddress(address).allowed).toBe(true);
    },
  );

  it('refuses anything that is not an address', () => {
    expect(classifyAddress('example.com').allowed).toBe(false);
  });

  it('every IPv4 address in 127/8, 10/8, 192.168/16 is refused in decimal, hex and mapped form', () => {
    fc.assert(
      fc.property(fc.constantFrom(0x7f000000, 0x0a000000, 0xc0a80000), fc.nat(0xffff), (base, low) => {
        const v = (base + low) >>> 0;
        for (const spelled of [String(v), `0x${v.toString(16)}`, `[::ffff:${v >>> 24}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}]`]) {
          expect(classifyAddress(spelled).allowed).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary strings', () => {
    fc.assert(fc.property(fc.string(), (s) => void classifyAddress(s)), { numRuns: 1000 });
  });
});

describe('checkTargetAddress options', () => {
  it('opens private ranges with allowPrivate', () => {
    expect(checkTargetAddress('127.0.0.1', { allowPrivate: true }).allowed).toBe(true);
  });
  it('opens only the listed blocks with an allow-list', () => {
    expect(checkTargetAddress('127.0.0.1', { allowList: ['127.0.0.0/30'] }).allowed).toBe(true);
    expect(checkTargetAddress('127.0.0.9', { allowList: ['127.0.0.0/30'] }).allowed).toBe(false);
    expect(checkTargetAddress('10.0.0.1', { allowList: ['127.0.0.0/8'] }).allowed).toBe(false);
    expect(inAllowList('::1', ['::1'])).toBe(true);
  });
});
