/**
 * DNSSEC evidence for the zone holding a host: our own chain validation from the anchor, the resolver's
 * verdict for the same zone (AD flag or SERVFAIL with Extended DNS Errors), and the NSEC3 parameters.
 */
import type { DnsClient } from '../../net/dns/client.js';
import type { DnssecEvidence } from '../../model/dns.js';
import type { WireResponse } from '../../net/dns/wire.js';
import { validateChain, type DnssecQuery } from '../../net/dns/dnssec/chain.js';

/** The walk never goes deeper than this many labels below the anchor (the chain validator's own cap is lower or equal). */
const MAX_PREFETCH_DEPTH = 8;

export async function gatherDnssec(
  client: DnsClient,
  host: string,
  now = new Date(),
  sent = new Map<string, Promise<WireResponse>>(),
): Promise<DnssecEvidence> {
  const chain = await validateChain(prefetchingQuery(client, host, sent), host, client.anchors, { now });
  const evidence: DnssecEvidence = { chain, anchor: client.anchorLabel };
  // When our chain stops early (a resolver that strips DNSSEC records stops it at the anchor), the
  // resolver's own verdict must still be about the host, not about the zone where we stopped.
  const viewName = chain.verdict === 'indeterminate' ? `${host.replace(/\.$/, '')}.` : chain.zone;
  const [resolver, nsec3] = await Promise.allSettled([
    client.raw(viewName, 'SOA', { dnssecOk: true }),
    // NSEC3PARAM (type 51) at the apex; dns-packet leaves it as raw RDATA. Optional evidence.
    chain.verdict !== 'insecure' ? client.raw(chain.zone, 51, { dnssecOk: true, checkingDisabled: true }) : Promise.resolve(undefined),
  ]);
  if (resolver.status === 'fulfilled') {
    const r = resolver.value;
    evidence.resolver = { server: r.server, name: viewName, rcode: r.rcode, ad: r.flags.ad, ede: r.ede };
  } else {
    evidence.resolverError = (resolver.reason as Error).message;
  }
  if (nsec3.status === 'fulfilled' && nsec3.value) {
    const rr = nsec3.value.answers.find((a) => (a.type as string) === 'NSEC3PARAM' || (a.type as string) === 'UNKNOWN_51');
    const data = (rr as unknown as { data?: Buffer } | undefined)?.data;
    if (data && data.length >= 5) evidence.nsec3 = { flags: data[1]!, iterations: data.readUInt16BE(2), saltLength: data[4]! };
  }
  return evidence;
}

/**
 * The chain walk asks DS, DNSKEY and SOA one zone at a time, each answer deciding the next question:
 * one round trip per query. Every question it can ask is known from the host name, so they are all
 * sent at once and the walk reads the answers as they come (a few extra queries for names that turn
 * out not to be zone cuts, to the resolver only, cost nothing on the critical path). Walks that share
 * `sent` (the TLSA lookups of several MX hosts) ask each question once.
 */
export function prefetchingQuery(client: DnsClient, host: string, sent = new Map<string, Promise<WireResponse>>()): DnssecQuery {
  const query: DnssecQuery = (name, type) => {
    const key = `${absolute(name)}|${type.toUpperCase()}`;
    let pending = sent.get(key);
    if (!pending) {
      pending = client.dnssecQuery(name, type);
      // Prefetched answers nobody reads must not count as unhandled rejections; readers still see them.
      pending.catch(() => undefined);
      sent.set(key, pending);
    }
    return pending;
  };
  const anchor = absolute(client.anchors[0]?.zone ?? '.');
  const zones = [anchor, ...suffixesBelow(absolute(host), anchor).slice(0, MAX_PREFETCH_DEPTH)];
  for (const zone of zones) {
    query(zone, 'DNSKEY');
    query(zone, 'SOA');
    if (zone !== anchor) query(zone, 'DS');
  }
  return query;
}

function absolute(name: string): string {
  const n = name.toLowerCase();
  return n.endsWith('.') ? n : `${n}.`;
}

/** `www.example.test.` below `.` → `test.`, `example.test.`, `www.example.test.` (top down). */
function suffixesBelow(name: string, zone: string): string[] {
  const labels = name.split('.').filter(Boolean);
  const out: string[] = [];
  for (let i = labels.length - 1; i >= 0; i--) {
    const candidate = `${labels.slice(i).join('.')}.`;
    if (candidate !== zone && (zone === '.' || candidate.endsWith(`.${zone}`))) out.push(candidate);
  }
  return out;
}
