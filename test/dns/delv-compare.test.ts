/**
 * Our DNSSEC verdict must equal delv's (BIND's validator) for every lab zone: same anchor, same
 * resolver (delv with +cdflag fetches through unbound and validates itself).
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsLab, type DnsLab } from '../lab/dns/lab.js';
import { parseTrustAnchors } from '../../src/net/dns/anchor.js';
import { DnsClient } from '../../src/net/dns/client.js';
import { validateChain } from '../../src/net/dns/dnssec/chain.js';

const run = promisify(execFile);
let lab: DnsLab;
let anchorsConf: string;

beforeAll(async () => {
  lab = await startDnsLab();
  const [ds] = parseTrustAnchors(lab.anchorText);
  if (!ds || ds.kind !== 'DS') throw new Error('lab anchor is not a DS');
  anchorsConf = join(lab.dir, 'delv-anchors.conf');
  writeFileSync(anchorsConf, `trust-anchors { "." static-ds ${ds.keyTag} ${ds.algorithm} ${ds.digestType} "${ds.digest.toString('hex')}"; };\n`);
});
afterAll(async () => lab?.stop());

async function delvVerdict(name: string): Promise<string> {
  const args = ['@127.0.0.1', '-p', String(lab.resolver.port), '-a', anchorsConf, '+cdflag', name, 'SOA'];
  const { stdout, stderr } = await run('delv', args, { timeout: 15_000 }).catch((e: { stdout?: string; stderr?: string }) => ({
    stdout: e.stdout ?? '',
    stderr: e.stderr ?? '',
  }));
  const out = `${stdout}\n${stderr}`;
  // Positive answers say "; fully validated" / "; unsigned answer"; NODATA ones prefix "negative response, ".
  if (/unsigned answer/.test(out)) return 'insecure';
  if (/fully validated/.test(out)) return 'secure';
  if (/resolution failed: (broken trust chain|no valid|failure)|RRSIG has expired|no valid signature/.test(out)) return 'bogus';
  return `unparsed: ${out.slice(0, 300)}`;
}

const ZONES = [
  'example.test',
  'www.example.test',
  'host.wild.example.test',
  'single.test',
  'nsec3iter.test',
  'expiring.test',
  'weakalg.test',
  'insecure.test',
  'mailcases.test',
  'spf-many.mailcases.test',
  'dsmismatch.test',
  'expired.test',
  'test',
];

describe('DNSSEC verdict equals delv', () => {
  it.each(ZONES)('%s', async (zone) => {
    const client = new DnsClient({ servers: [lab.resolverSpec], anchors: parseTrustAnchors(lab.anchorText) });
    const ours = await validateChain(client.dnssecQuery, zone, client.anchors);
    const theirs = await delvVerdict(zone);
    expect(ours.verdict, ours.explanation).toBe(theirs);
  });
});
