/**
 * The IPv6 side of the DNS facts: whether each name server that publishes an IPv6 address answers
 * there (one SOA query for the zone, straight to that address, as an IPv6-only resolver would ask),
 * and the addresses of the MX hosts (the mail checks read them; the SMTP probe connects to the MXs).
 *
 * A name server is not the scanned site: its address is checked against the public-address policy
 * whatever `--allow-private` says (a public zone whose NS record points into a private network must
 * not make the scanner query inside it). Only an explicit allow-list entry opens one (the labs).
 */
import type { DnsClient } from '../../net/dns/client.js';
import { wireQuery } from '../../net/dns/wire.js';
import { checkTargetAddress } from '../../net/target-policy.js';
import type { ConnectGate } from '../../net/connect-gate.js';
import { LOCAL_NETWORK_CODES } from '../../net/happy-eyeballs.js';
import type { HostAddresses, Lookup, MxRecord, NameServerInfo, NameServerIpv6Answer } from '../../model/dns.js';

/** MX hosts whose addresses are read (the same bound as the SMTP probe's MX count is the smtp engineer's). */
export const MAX_MX_HOSTS = 10;
/** Per-query bound of the SOA over IPv6. */
export const NS_IPV6_TIMEOUT_MS = 2_500;

export interface NameServerIpv6Options {
  /** Port of the authoritative servers (53; a lab's servers listen elsewhere). */
  port?: number;
  /** Addresses or CIDR blocks a name server may have although they are not public (labs). */
  allowList?: readonly string[];
  timeoutMs?: number;
  gate?: ConnectGate;
}

/** Ask each name server's first IPv6 address for the zone's SOA, all at once; bounded per query. */
export async function queryNameServersOverIpv6(zone: string, servers: readonly NameServerInfo[], options: NameServerIpv6Options = {}): Promise<NameServerInfo[]> {
  const port = options.port ?? 53;
  return Promise.all(
    servers.map(async (ns) => {
      const address = ns.ipv6[0];
      if (!address) return ns;
      return { ...ns, ipv6Answer: await askOne(zone, address, port, options) };
    }),
  );
}

async function askOne(zone: string, address: string, port: number, options: NameServerIpv6Options): Promise<NameServerIpv6Answer> {
  const verdict = checkTargetAddress(address, { allowList: [...(options.allowList ?? [])] });
  if (!verdict.allowed) return { address, outcome: 'not_queried', error: `${address} is a ${verdict.range ?? 'non-public'} address: name servers are only queried at public addresses` };
  try {
    options.gate?.(address, port, 'dns-ipv6');
  } catch (err) {
    return { address, outcome: 'not_queried', error: (err as Error).message };
  }
  try {
    const answer = await wireQuery({ host: address, port }, zone, 'SOA', { timeoutMs: options.timeoutMs ?? NS_IPV6_TIMEOUT_MS });
    const soa = answer.answers.some((a) => a.type === 'SOA');
    if (answer.rcode === 'NOERROR' && soa) return { address, outcome: 'answered', rcode: answer.rcode, authoritative: answer.flags.aa };
    return { address, outcome: 'bad_answer', rcode: answer.rcode, authoritative: answer.flags.aa, error: `answered ${answer.rcode}${soa ? '' : ' without the SOA record of ' + zone}` };
  } catch (err) {
    const e = err as { code?: string; cause?: { code?: string }; message: string };
    const code = e.cause?.code ?? e.code ?? 'DNS_UNREACHABLE';
    return { address, outcome: 'no_answer', code, error: e.message, ...(LOCAL_NETWORK_CODES.has(code) ? { localNetwork: true } : {}) };
  }
}

/** A and AAAA of each MX host (null MX excluded), at most MAX_MX_HOSTS, in priority order. */
export async function gatherMxAddresses(client: DnsClient, mx: Lookup<MxRecord>): Promise<HostAddresses[]> {
  const hosts = [...new Set([...mx.records].sort((a, b) => a.priority - b.priority).map((r) => r.exchange).filter(Boolean))].slice(0, MAX_MX_HOSTS);
  return Promise.all(
    hosts.map(async (name) => {
      const [v4, v6] = await Promise.all([client.a(name), client.aaaa(name)]);
      return {
        name,
        ipv4: v4.records,
        ipv6: v6.records.filter((a) => !a.toLowerCase().startsWith('::ffff:')),
        ...(v6.status === 'error' ? { ipv6Error: v6.code ?? 'DNS_ERROR' } : {}),
      };
    }),
  );
}
