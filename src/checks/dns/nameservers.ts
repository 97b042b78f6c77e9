/**
 * Name server redundancy and IPv6 reachability (RFC 1034 §4.1 and RFC 2182 ask for at least two
 * servers; internet.nl asks for at least two with IPv6), and IPv6 for the host itself (info).
 */
import type { Check } from '../check.js';
import type { CheckResult } from '../../model/finding.js';
import { dns } from './common.js';

export const nameServerCheck: Check = {
  name: 'dns/nameservers',
  category: 'dns',
  ids: ['dns_single_nameserver', 'dns_nameserver_no_ipv6', 'dns_no_ipv6'],
  causes: { dns_single_nameserver: ['one_name_server', 'shared_address'] },
  reads: ['dns'],
  run(evidence) {
    const d = dns(evidence);
    const out: CheckResult[] = [];
    const servers = d.nameServers.records;
    if (d.nameServers.status === 'ok' && servers.length > 0) {
      const list = servers.map((s) => `${s.name}: ${[...s.ipv4, ...s.ipv6].join(', ') || 'no address'}`).join('\n');
      const addresses = new Set(servers.flatMap((s) => [...s.ipv4, ...s.ipv6]));
      if (servers.length < 2) {
        out.push({ id: 'dns_single_nameserver', cause: 'one_name_server', title: `${d.nsZone} has only one name server`, evidence: list, location: d.nsZone });
      } else if (addresses.size === 1) {
        out.push({ id: 'dns_single_nameserver', cause: 'shared_address', title: `All name servers of ${d.nsZone} share one address`, evidence: list, location: d.nsZone });
      }
      const withV6 = servers.filter((s) => s.ipv6.length > 0).length;
      if (withV6 < 2) {
        out.push({
          id: 'dns_nameserver_no_ipv6',
          title: withV6 === 0 ? `No name server of ${d.nsZone} has an IPv6 address` : `Only ${withV6} name server of ${d.nsZone} has an IPv6 address`,
          evidence: list,
          location: d.nsZone,
        });
      }
    }
    if (d.ipv4.records.length > 0 && d.ipv6.status !== 'error' && d.ipv6.records.length === 0) {
      out.push({ id: 'dns_no_ipv6', title: `${d.host} has no IPv6 address (AAAA record)`, evidence: `A ${d.host}: ${d.ipv4.records.join(', ')}\nAAAA ${d.host}: none`, location: d.host });
    }
    return out;
  },
};
