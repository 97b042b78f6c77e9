/**
 * Target-name resolution through chosen DNS servers instead of the system resolver (getaddrinfo).
 * Used when a scan must not depend on the machine's resolver configuration, and by the tests, whose
 * lab DNS server lives on loopback. Each name is asked once per scan: the PinnedResolver caches
 * and pins the first answer, so a server that answers differently later (DNS rebinding) changes
 * nothing.
 */
import { Resolver } from 'node:dns/promises';
import type { LookupFn } from './resolve.js';
import { formatDnsServer, parseDnsServer } from './dns/servers.js';

/**
 * A failed lookup through named servers carries them (`dnsServers`) and, for NXDOMAIN, the name that
 * does not exist (`missingName`): the host, or the target of its CNAME (the alias itself exists).
 */
export interface NameServerLookupError extends Error {
  code?: string;
  dnsServers?: string;
  missingName?: string;
}

export function nameServerLookup(servers: readonly string[], timeoutMs = 5_000): LookupFn {
  const resolver = new Resolver({ timeout: Math.min(timeoutMs, 5_000), tries: 1 });
  const labels = servers.map((s) => formatDnsServer(parseDnsServer(s)));
  resolver.setServers(labels);
  return async (host) => {
    const settled = await Promise.allSettled([resolver.resolve4(host), resolver.resolve6(host)]);
    const addresses = settled.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
    if (addresses.length > 0) return addresses;
    const failure = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    const error: NameServerLookupError = failure?.reason ?? Object.assign(new Error(`${host} has no addresses`), { code: 'ENODATA' });
    error.dnsServers = labels.join(', ');
    if (error.code === 'ENOTFOUND') {
      const alias = await resolver.resolveCname(host).then((c) => c[0], () => undefined);
      error.missingName = alias ? alias.replace(/\.$/, '') : host;
    }
    throw error;
  };
}
