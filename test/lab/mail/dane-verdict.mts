/**
 * Our DANE verdict for MX hosts, as a process of its own so that it can run inside the DANE network
 * namespace (dane-netns.ts) and ask that namespace's resolver, like posttls-finger beside it:
 *   tsx dane-verdict.mts <resolver HOST:PORT> <anchor file> <served chain PEM> <mx host>...
 * Prints one JSON line per host: { host, verdict, why, dnssec }. The chain is what the lab's STARTTLS
 * responder serves, read from its file (the SMTP conversation itself belongs to the mail probe).
 */
import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { DnsClient } from '../../../src/net/dns/client.js';
import { parseTrustAnchors } from '../../../src/net/dns/anchor.js';
import { lookupMxTlsa } from '../../../src/probes/mail/tlsa.js';
import { assessDane } from '../../../src/checks/mail/dane-match.js';

const [resolver, anchorFile, chainFile, ...hosts] = process.argv.slice(2);
const client = new DnsClient({ servers: [resolver!], anchors: parseTrustAnchors(readFileSync(anchorFile!, 'utf8')) });
const pems = readFileSync(chainFile!, 'utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
const chainDer = pems.map((p) => new X509Certificate(p).raw.toString('base64'));
const leaf = new X509Certificate(pems[0]!);
const lookups = await lookupMxTlsa(client, hosts);
for (const host of hosts) {
  const lookup = lookups.get(host)!;
  const served = { chainDer, pkixValid: false, nameMatches: leaf.checkHost(host) !== undefined };
  const a = assessDane(lookup, 'smtp', served, 'seen');
  process.stdout.write(`${JSON.stringify({ host, verdict: a.verdict, why: a.why, dnssec: lookup.dnssec })}\n`);
}
