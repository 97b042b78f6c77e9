/**
 * Name-level facts: addresses, the zone's name servers, the relevant CAA set (climbing the tree),
 * CNAME chains and where they end, and a small curated list of common subdomains.
 */
import type { DnsClient } from '../../net/dns/client.js';
import type { CaaRecord, CnameInfo, DnsEvidence, Lookup, NameServerInfo } from '../../model/dns.js';

/** Subdomains often left pointing at decommissioned services. Kept short: each costs a few queries. */
export const CURATED_SUBDOMAINS = ['www', 'mail', 'webmail', 'blog', 'shop', 'dev', 'staging', 'test', 'beta', 'api', 'app', 'cdn', 'static', 'docs', 'help', 'support', 'status', 'admin', 'portal', 'old'];
const MAX_CNAME_CHAIN = 8;
const MAX_NAME_SERVERS = 13;

export function parents(name: string): string[] {
  const labels = name.replace(/\.$/, '').split('.');
  const out: string[] = [];
  for (let i = 0; i < labels.length; i++) out.push(labels.slice(i).join('.'));
  return out;
}

export async function gatherNameServers(client: DnsClient, host: string): Promise<{ zone: string; lookup: Lookup<NameServerInfo> }> {
  for (const name of parents(host)) {
    const ns = await client.ns(name);
    // An error (e.g. SERVFAIL from a bogus zone) must not be mistaken for "no NS here": climbing to the
    // parent would then describe the wrong zone's name servers.
    if (ns.status === 'error') return { zone: name, lookup: { name, status: 'error', records: [], ...(ns.code ? { code: ns.code } : {}) } };
    if (ns.records.length === 0) continue;
    const records = await Promise.all(
      ns.records.slice(0, MAX_NAME_SERVERS).map(async (nsName) => {
        const [v4, v6] = await Promise.all([client.a(nsName), client.aaaa(nsName)]);
        return { name: nsName, ipv4: v4.records, ipv6: v6.records.filter((a) => !a.toLowerCase().startsWith('::ffff:')) };
      }),
    );
    return { zone: name, lookup: { name, status: 'ok', records } };
  }
  return { zone: host, lookup: { name: host, status: 'nodata', records: [] } };
}

/** RFC 8659 §3: the relevant CAA set is the first non-empty one climbing from the name (root excluded). */
export async function gatherCaa(client: DnsClient, host: string): Promise<DnsEvidence['caa']> {
  const lookups: Lookup<CaaRecord>[] = [];
  for (const name of parents(host).slice(0, 10)) {
    const lookup = await client.caa(name);
    lookups.push(lookup);
    if (lookup.records.length > 0) return { relevantAt: name, records: lookup.records, lookups };
  }
  return { records: [], lookups };
}

/** Follow a CNAME chain and say how it ends. */
export async function followCname(client: DnsClient, name: string): Promise<CnameInfo | undefined> {
  const chain: string[] = [];
  let current = name;
  for (let i = 0; i < MAX_CNAME_CHAIN; i++) {
    const c = await client.cname(current);
    if (c.status === 'error') {
      if (chain.length === 0) {
        // A CNAME loop makes resolvers fail; name it as such when we can see it.
        return c.code === 'ESERVFAIL' ? { name, chain, outcome: 'servfail' } : undefined;
      }
      return { name, chain, outcome: c.code === 'ESERVFAIL' ? 'servfail' : 'error' };
    }
    const target = c.records[0];
    if (!target) break;
    if (target === name || chain.includes(target)) return { name, chain: [...chain, target], outcome: 'loop' };
    chain.push(target);
    current = target;
  }
  if (chain.length === 0) return undefined;
  if (chain.length >= MAX_CNAME_CHAIN) return { name, chain, outcome: 'too_long' };
  const [v4, v6] = await Promise.all([client.a(current), client.aaaa(current)]);
  if (v4.records.length || v6.records.length) return { name, chain, outcome: 'resolves' };
  if (v4.status === 'nxdomain' || v6.status === 'nxdomain') return { name, chain, outcome: 'nxdomain' };
  if (v4.status === 'error' && v4.code === 'ESERVFAIL') return { name, chain, outcome: 'servfail' };
  if (v4.status === 'error') return { name, chain, outcome: 'error' };
  return { name, chain, outcome: 'nodata' };
}

export async function gatherSubdomains(client: DnsClient, base: string, host: string): Promise<{ cnames: CnameInfo[]; subdomains: { name: string; exists: boolean }[] }> {
  const names = CURATED_SUBDOMAINS.map((s) => `${s}.${base}`).filter((n) => n !== host);
  const results = await Promise.all(
    names.map(async (name) => {
      const cname = await followCname(client, name);
      if (cname) return { name, exists: true, cname };
      const v4 = await client.a(name);
      if (v4.records.length) return { name, exists: true };
      const v6 = await client.aaaa(name);
      return { name, exists: v6.records.length > 0 || v4.status === 'nodata' };
    }),
  );
  return {
    cnames: results.flatMap((r) => (r.cname ? [r.cname] : [])),
    subdomains: results.map(({ name, exists }) => ({ name, exists })),
  };
}
