/**
 * Hostile DNS answers for the DNS & email probe, served by the loopback DNS server: every answer
 * truncated with a TCP side that hangs up, a CNAME loop, and a TXT record of 64,000 bytes (as large as
 * one DNS message can carry).
 */
import type * as dnsPacket from 'dns-packet';
import { startHostileDns, type DnsAnswerSpec, type DnsQuestion, type HostileDns } from './dns-server.js';

export type DnsCaseId = 'dns-truncated' | 'dns-cname-loop' | 'dns-txt-64k';
export const DNS_CASE_IDS: DnsCaseId[] = ['dns-truncated', 'dns-cname-loop', 'dns-txt-64k'];

/** The name each case is about (the scan target's host). */
export const DNS_CASE_HOST: Record<DnsCaseId, string> = {
  'dns-truncated': 'truncated.test',
  'dns-cname-loop': 'loop.test',
  'dns-txt-64k': 'bigtxt.test',
};

const SOA = (zone: string): dnsPacket.Answer => ({
  type: 'SOA',
  name: zone,
  ttl: 60,
  data: { mname: `ns.${zone}`, rname: `admin.${zone}`, serial: 1, refresh: 60, retry: 60, expire: 60, minimum: 60 },
});

function answers(id: DnsCaseId, q: DnsQuestion): DnsAnswerSpec {
  switch (id) {
    case 'dns-truncated':
      // UDP always says "too big, ask over TCP"; TCP hangs up without a word.
      return q.transport === 'udp' ? { answers: [], truncated: true } : 'close';
    case 'dns-cname-loop': {
      const other = q.name === 'loop.test' ? 'www.loop.test' : 'loop.test';
      if (q.name === 'loop.test' || q.name === 'www.loop.test') return { answers: [{ type: 'CNAME', name: q.name, ttl: 60, data: other }] };
      return { answers: [], rcode: 'NXDOMAIN' };
    }
    case 'dns-txt-64k': {
      if (q.name !== 'bigtxt.test') return { answers: [], rcode: 'NXDOMAIN' };
      if (q.type === 'SOA') return { answers: [SOA('bigtxt.test')] };
      if (q.type !== 'TXT') return { answers: [] };
      if (q.transport === 'udp') return { answers: [], truncated: true };
      const text = `v=spf1 ${'include:a.example '.repeat(3555)}`.slice(0, 64_000);
      const strings = text.match(/[\s\S]{1,255}/g)!.map((s) => Buffer.from(s));
      return { answers: [{ type: 'TXT', name: q.name, ttl: 60, data: strings }] };
    }
  }
}

export function startDnsCase(id: DnsCaseId): Promise<HostileDns> {
  return startHostileDns((q) => answers(id, q));
}
