/**
 * DNSSEC evidence for the zone holding a host: our own chain validation from the anchor, the resolver's
 * verdict for the same zone (AD flag or SERVFAIL with Extended DNS Errors), and the NSEC3 parameters.
 */
import type { DnsClient } from '../../net/dns/client.js';
import type { DnssecEvidence } from '../../model/dns.js';
import { validateChain } from '../../net/dns/dnssec/chain.js';

export async function gatherDnssec(client: DnsClient, host: string, now = new Date()): Promise<DnssecEvidence> {
  const chain = await validateChain(client.dnssecQuery, host, client.anchors, { now });
  const evidence: DnssecEvidence = { chain, anchor: client.anchorLabel };
  try {
    const r = await client.raw(chain.zone, 'SOA', { dnssecOk: true });
    evidence.resolver = { server: r.server, rcode: r.rcode, ad: r.flags.ad, ede: r.ede };
  } catch (err) {
    evidence.resolverError = (err as Error).message;
  }
  if (chain.verdict !== 'insecure') {
    try {
      // NSEC3PARAM (type 51) at the apex; dns-packet leaves it as raw RDATA.
      const r = await client.raw(chain.zone, 51, { dnssecOk: true, checkingDisabled: true });
      const rr = r.answers.find((a) => (a.type as string) === 'NSEC3PARAM' || (a.type as string) === 'UNKNOWN_51');
      const data = (rr as unknown as { data?: Buffer } | undefined)?.data;
      if (data && data.length >= 5) evidence.nsec3 = { flags: data[1]!, iterations: data.readUInt16BE(2), saltLength: data[4]! };
    } catch {
      /* NSEC3PARAM is optional evidence */
    }
  }
  return evidence;
}
