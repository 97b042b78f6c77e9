/**
 * Our DANE verdict for MX hosts against Postfix's (posttls-finger -l dane), in a network namespace
 * with only loopback that holds the DNS lab (its validating resolver is the namespace's system
 * resolver) and a STARTTLS responder serving the lab certificate chain on 127.0.0.1:25. Every lab MX
 * name points there; the TLSA records differ. Both sides run inside the namespace.
 *
 * Postfix's words map onto ours: dane-valid = valid; dane-fail = invalid (no match); lookup-error =
 * invalid (bogus: it defers the mail); no-dane = absent or unusable (it falls back to opportunistic
 * TLS, unsigned zones and PKIX-only records alike).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaneNetns, type DaneNetns } from '../lab/mail/dane-netns.js';
import { posttlsFinger, posttlsFingerAvailable, type PosttlsVerdict } from '../lab/mail/posttls-finger.js';
import type { DaneVerdict } from '../../src/checks/mail/dane-match.js';

const HOSTS: [host: string, ours: DaneVerdict, postfix: PosttlsVerdict][] = [
  ['mx-good.dane.test', 'valid', 'dane-valid'],
  ['mx-single.dane.test', 'valid', 'dane-valid'],
  ['mx-ta.dane.test', 'valid', 'dane-valid'],
  ['mx-alias.dane.test', 'valid', 'dane-valid'],
  ['mx-good.danensec3.test', 'valid', 'dane-valid'],
  ['mx-bad.dane.test', 'invalid', 'dane-fail'],
  ['mx.danebogus.test', 'invalid', 'lookup-error'],
  ['mx-pkix.dane.test', 'unusable', 'no-dane'],
  ['mx.daneunsigned.test', 'unusable', 'no-dane'],
  ['mx-none.dane.test', 'absent', 'no-dane'],
  ['mx-none.danensec3.test', 'absent', 'no-dane'],
];

const available = await posttlsFingerAvailable();
let ns: DaneNetns;
const ours = new Map<string, DaneVerdict>();

beforeAll(async () => {
  if (!available) return;
  ns = await startDaneNetns();
  const root = join(import.meta.dirname, '../..');
  const { stdout } = await ns.exec(process.execPath, [
    join(root, 'node_modules/tsx/dist/cli.mjs'),
    join(root, 'test/lab/mail/dane-verdict.mts'),
    '127.0.0.1:53',
    join(ns.dir, 'root.ds'),
    join(ns.dir, 'dane/chain.pem'),
    ...HOSTS.map(([h]) => h),
  ]);
  for (const line of stdout.trim().split('\n')) {
    const row = JSON.parse(line) as { host: string; verdict: DaneVerdict };
    ours.set(row.host, row.verdict);
  }
}, 120_000);
afterAll(async () => ns?.stop());

describe.skipIf(!available)('DANE for MX hosts: our verdict beside posttls-finger\'s', () => {
  it.each(HOSTS)('%s: ours %s, Postfix %s', async (host, expected, postfix) => {
    const theirs = await posttlsFinger(`[${host}]:25`, { netns: ns.name, caFile: join(ns.dir, 'dane/ca.pem'), timeoutS: 20 });
    expect(ours.get(host)).toBe(expected);
    expect(theirs.verdict, theirs.output).toBe(postfix);
  });
});
