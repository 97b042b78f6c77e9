import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsLab, type DnsLab } from '../lab/dns/lab.js';
import { parseTrustAnchors } from '../../src/net/dns/anchor.js';
import { wireQuery } from '../../src/net/dns/wire.js';
import { validateChain } from '../../src/net/dns/dnssec/chain.js';

let lab: DnsLab;
beforeAll(async () => {
  lab = await startDnsLab();
});
afterAll(async () => lab?.stop());

const verdictOf = async (name: string) => {
  const anchors = parseTrustAnchors(lab.anchorText);
  return validateChain((n, t) => wireQuery(lab.resolver, n, t, { dnssecOk: true, checkingDisabled: true }), name, anchors);
};

describe('own DNSSEC chain validation against the lab', () => {
  it.each([
    ['example.test', 'secure'],
    ['www.example.test', 'secure'],
    // a wildcard below an empty non-terminal: the NSEC proofs there cover, not match, the names
    ['host.wild.example.test', 'secure'],
    ['single.test', 'secure'],
    ['nsec3iter.test', 'secure'],
    ['expiring.test', 'secure'],
    ['weakalg.test', 'secure'],
    ['insecure.test', 'insecure'],
    ['x.mailcases.test', 'insecure'],
    ['dsmismatch.test', 'bogus'],
    ['expired.test', 'bogus'],
  ])('%s is %s', async (name, verdict) => {
    const r = await verdictOf(name);
    expect(r.verdict, r.explanation).toBe(verdict);
  });
  it('names the bogus reason', async () => {
    expect((await verdictOf('dsmismatch.test')).bogusReason).toBe('ds_mismatch');
    expect((await verdictOf('expired.test')).bogusReason).toBe('signature_expired');
  });
});
