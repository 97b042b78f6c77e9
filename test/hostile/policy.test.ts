/**
 * The SSRF cases whose addresses are not loopback, on the pure functions only (no socket can open):
 * the policy, the pinned resolver with an injected lookup, and the connect gate.
 */
import { describe, expect, it } from 'vitest';
import { checkTargetAddress } from '../../src/net/target-policy.js';
import { PinnedResolver } from '../../src/net/resolve.js';
import { createConnectGate } from '../../src/net/connect-gate.js';
import { TargetRefusedError } from '../../src/net/errors.js';

describe('policy: addresses that are not loopback', () => {
  it.each([
    ['fe80::1%eth0', 'link-local'],
    ['[fe80::1%25eth0]', 'link-local'],
    ['fe80::1%1', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['[::]', 'unspecified'],
    ['::ffff:0.0.0.0', 'unspecified'],
    ['169.254.169.254', 'cloud metadata'],
    ['[fd00:ec2::254]', 'cloud metadata'],
    ['0xa9.0xfe.0xa9.0xfe', 'cloud metadata'],
    ['64:ff9b::a9fe:a9fe', 'cloud metadata'],
    ['10.0.0.1', 'private'],
    ['::ffff:10.0.0.1', 'private'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['fd12:3456::1', 'unique local'],
  ])('%s is refused as %s', (address, range) => {
    const verdict = checkTargetAddress(address);
    expect(verdict.allowed).toBe(false);
    expect(verdict.range).toMatch(new RegExp(range));
  });

  it('an allow-list entry opens exactly its block, nothing next to it', () => {
    expect(checkTargetAddress('10.0.0.1', { allowList: ['10.0.0.1/32'] }).allowed).toBe(true);
    expect(checkTargetAddress('10.0.0.2', { allowList: ['10.0.0.1/32'] }).allowed).toBe(false);
    expect(checkTargetAddress('fe80::1%eth0', { allowList: ['10.0.0.0/8'] }).allowed).toBe(false);
  });
});

describe('pinned resolver: public first, private later (rebinding)', () => {
  it('the first public answer is pinned and the name is never asked again', async () => {
    const answers = [['93.184.216.34'], ['10.0.0.1'], ['169.254.169.254']];
    let asked = 0;
    const resolver = new PinnedResolver({ lookup: async () => answers[Math.min(asked++, answers.length - 1)]! });
    const first = await resolver.resolve('rebind.example', 443);
    const again = await Promise.all([resolver.resolve('rebind.example', 443), resolver.resolve('REBIND.example.', 80)]);
    expect(first).toBe('93.184.216.34');
    expect(again).toEqual(['93.184.216.34', '93.184.216.34']);
    expect(asked).toBe(1);
  });

  it('one answer mixing public and private addresses pins the public one', async () => {
    const resolver = new PinnedResolver({ lookup: async () => ['10.0.0.1', '93.184.216.34', '127.0.0.1'] });
    expect(await resolver.resolve('mixed.example')).toBe('93.184.216.34');
  });

  it('a name whose every address is private is refused, in words, naming the address', async () => {
    const resolver = new PinnedResolver({ lookup: async () => ['169.254.169.254'] });
    await expect(resolver.resolve('metadata.example')).rejects.toThrow(/refusing to scan 169\.254\.169\.254 \(metadata\.example resolves to 169\.254\.169\.254\): cloud metadata service address/);
  });

  it('localhost names are never sent to DNS', async () => {
    let asked = 0;
    const resolver = new PinnedResolver({ allowList: ['192.0.2.0/24'], lookup: async () => (asked++, ['192.0.2.1']) });
    await expect(resolver.resolve('api.localhost')).rejects.toBeInstanceOf(TargetRefusedError);
    expect(asked).toBe(0);
  });
});

describe('connect gate: the last check before a socket', () => {
  it('refuses a private address even when a caller skipped the resolver, and records nothing', () => {
    const seen: string[] = [];
    const gate = createConnectGate({}, (a) => seen.push(a.address));
    expect(() => gate('10.0.0.1', 80, 'http')).toThrow(TargetRefusedError);
    expect(() => gate('fe80::1%eth0', 443, 'tls')).toThrow(/link-local/);
    expect(() => gate('not-an-address', 443, 'tls')).toThrow(TargetRefusedError);
    gate('93.184.216.34', 443, 'tls');
    expect(seen).toEqual(['93.184.216.34']);
  });
});
