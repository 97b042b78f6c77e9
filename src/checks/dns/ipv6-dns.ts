/**
 * Name servers and mail servers over IPv6, as internet.nl asks: each name server that publishes an
 * IPv6 address answers a query sent there ("Name servers reachable over IPv6"; the AAAA records
 * themselves are nameservers.ts's), and the MX hosts have IPv6 addresses ("IPv6 addresses for mail
 * server(s)"; information here: we read their AAAA, the SMTP probe is what talks to them).
 */
import type { Check } from '../check.js';
import type { CheckResult } from '../../model/finding.js';
import { dns, receivesMail } from './common.js';

export const ipv6DnsCheck: Check = {
  name: 'dns/ipv6-dns',
  category: 'dns',
  ids: ['dns_nameserver_ipv6_unreachable', 'dns_mx_no_ipv6'],
  reads: ['dns'],
  topic: 'name servers over IPv6',
  cannotJudge(evidence) {
    if ((evidence.dns as { status?: string } | undefined)?.status !== 'ok') return undefined;
    const local = dns(evidence).nameServers.records.find((s) => s.ipv6Answer?.localNetwork)?.ipv6Answer;
    return local
      ? `this scanner has no IPv6 connectivity (a query to ${local.address} failed with ${local.code ?? 'an error'}); whether the name servers answer over IPv6 is not known. Scan from a machine with an IPv6 route to measure it`
      : undefined;
  },
  run(evidence) {
    const d = dns(evidence);
    const out: CheckResult[] = [];
    const silent = d.nameServers.records.filter((s) => s.ipv6Answer && (s.ipv6Answer.outcome === 'no_answer' || s.ipv6Answer.outcome === 'bad_answer'));
    if (silent.length) {
      out.push({
        id: 'dns_nameserver_ipv6_unreachable',
        title:
          silent.length === 1
            ? `Name server ${silent[0]!.name} of ${d.nsZone} does not answer over IPv6`
            : `${silent.length} name servers of ${d.nsZone} do not answer over IPv6`,
        evidence: silent.map((s) => `${s.name} [${s.ipv6Answer!.address}]: SOA ${d.nsZone} → ${s.ipv6Answer!.error ?? s.ipv6Answer!.outcome}`).join('\n'),
        location: d.nsZone,
        details: { servers: silent.map((s) => ({ name: s.name, ...s.ipv6Answer })) },
      });
    }
    const mx = d.mxAddresses ?? [];
    // Only when every MX's AAAA lookup gave an answer: a failed lookup proves nothing.
    if (receivesMail(d) && mx.length && mx.every((h) => !h.ipv6Error) && mx.every((h) => h.ipv6.length === 0)) {
      out.push({
        id: 'dns_mx_no_ipv6',
        title: mx.length === 1 ? `The mail server ${mx[0]!.name} has no IPv6 address` : `None of the ${mx.length} mail servers of ${d.mail.domain} has an IPv6 address`,
        evidence: mx.map((h) => `${h.name}: A ${h.ipv4.join(', ') || 'none'}; AAAA none`).join('\n'),
        location: d.mail.domain,
      });
    }
    return out;
  },
};
