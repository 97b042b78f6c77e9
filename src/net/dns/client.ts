/**
 * The DNS client a scan uses. Ordinary records go through a node:dns Resolver pinned to the configured
 * servers; DNSSEC-aware queries (DO/AD/CD, EDE, DS/DNSKEY/RRSIG/NSEC/NSEC3, TLSA, HTTPS) go through
 * dns-packet (wire.ts) to the same servers. There is no fallback to any other resolver.
 * Every lookup is bounded: resolver timeout and tries, record counts and TXT bytes.
 */
import { Resolver } from 'node:dns/promises';
import type { CaaRecord, Lookup, MxRecord, TxtRecord } from '../../model/dns.js';
import { NetError } from '../errors.js';
import { IANA_ROOT_ANCHORS, parseTrustAnchors, type TrustAnchor } from './anchor.js';
import { formatDnsServer, parseDnsServer, systemDnsServers, type DnsServer } from './servers.js';
import { wireQueryAny, type WireQueryOptions, type WireResponse } from './wire.js';

export const MAX_RECORDS = 256;
/** Bytes kept per TXT record (a TXT RDATA cannot exceed 64 KiB anyway). */
export const MAX_TXT_BYTES = 65_536;
/** Bytes kept across all TXT records of one name. */
export const MAX_TXT_TOTAL = 262_144;

export interface DnsClientOptions {
  /** `HOST:PORT` strings or parsed servers; default: the system resolver's servers. */
  servers?: (string | DnsServer)[];
  /** Trust anchors; default: the IANA root anchor. */
  anchors?: readonly TrustAnchor[];
  /** Per-attempt timeout, ms. */
  timeoutMs?: number;
  tries?: number;
}

export class DnsClient {
  readonly servers: DnsServer[];
  readonly anchors: readonly TrustAnchor[];
  readonly anchorLabel: string;
  readonly timeoutMs: number;
  private readonly resolver: Resolver;

  constructor(options: DnsClientOptions = {}) {
    this.servers = options.servers?.length
      ? options.servers.map((s) => (typeof s === 'string' ? parseDnsServer(s) : s))
      : systemDnsServers();
    if (this.servers.length === 0) {
      throw new NetError('DNS_NO_SERVER', 'no DNS server configured: /etc/resolv.conf lists none and no --dns-server was given');
    }
    this.anchors = options.anchors ?? IANA_ROOT_ANCHORS;
    this.anchorLabel = options.anchors ? `anchor file for ${this.anchors[0]?.zone ?? '.'}` : 'iana-root';
    this.timeoutMs = options.timeoutMs ?? 2500;
    this.resolver = new Resolver({ timeout: this.timeoutMs, tries: options.tries ?? 2 });
    this.resolver.setServers(this.servers.map(formatDnsServer));
  }

  /** Server list as text, for the evidence. */
  get serverLabels(): string[] {
    return this.servers.map(formatDnsServer);
  }

  raw(name: string, type: string | number, options: WireQueryOptions = {}): Promise<WireResponse> {
    return wireQueryAny(this.servers, name, type, { timeoutMs: this.timeoutMs, ...options });
  }

  /** DO + CD query, for our own validation: the resolver hands over data even when it thinks it bogus. */
  dnssecQuery = (name: string, type: string): Promise<WireResponse> =>
    this.raw(name, type, { dnssecOk: true, checkingDisabled: true });

  cancel(): void {
    this.resolver.cancel();
  }

  async txt(name: string): Promise<Lookup<TxtRecord>> {
    return this.lookup(name, async () => {
      const chunks = await this.resolver.resolveTxt(name);
      let total = 0;
      let truncated = chunks.length > MAX_RECORDS;
      const records: TxtRecord[] = [];
      for (const parts of chunks.slice(0, MAX_RECORDS)) {
        let text = parts.join('');
        const bytes = Buffer.byteLength(text);
        if (text.length > MAX_TXT_BYTES) {
          text = text.slice(0, MAX_TXT_BYTES);
          truncated = true;
        }
        total += text.length;
        if (total > MAX_TXT_TOTAL) {
          truncated = true;
          break;
        }
        records.push({ text, strings: parts.length, bytes });
      }
      return { records, truncated };
    });
  }

  mx(name: string): Promise<Lookup<MxRecord>> {
    return this.lookup(name, async () => {
      const mx = await this.resolver.resolveMx(name);
      return {
        records: mx.slice(0, MAX_RECORDS).map((r) => ({ priority: r.priority, exchange: r.exchange.replace(/\.$/, '').toLowerCase() })),
        truncated: mx.length > MAX_RECORDS,
      };
    });
  }

  caa(name: string): Promise<Lookup<CaaRecord>> {
    return this.lookup(name, async () => {
      const caa = await this.resolver.resolveCaa(name);
      return {
        records: caa.slice(0, MAX_RECORDS).map((r) => {
          // Node 24 adds `type: 'CAA'` to each record: the tag is the one other property.
          const { critical, type: _type, ...rest } = r as unknown as Record<string, unknown> & { critical: number; type?: unknown };
          const [tag, value] = Object.entries(rest)[0] ?? ['', ''];
          return { flags: critical, tag: String(tag), value: String(value) };
        }),
        truncated: caa.length > MAX_RECORDS,
      };
    });
  }

  ns(name: string): Promise<Lookup<string>> {
    return this.lookup(name, async () => {
      const ns = await this.resolver.resolveNs(name);
      return { records: ns.slice(0, MAX_RECORDS).map((n) => n.replace(/\.$/, '').toLowerCase()), truncated: ns.length > MAX_RECORDS };
    });
  }

  a(name: string): Promise<Lookup<string>> {
    return this.lookup(name, async () => {
      const r = await this.resolver.resolve4(name);
      return { records: r.slice(0, MAX_RECORDS), truncated: r.length > MAX_RECORDS };
    });
  }

  aaaa(name: string): Promise<Lookup<string>> {
    return this.lookup(name, async () => {
      const r = await this.resolver.resolve6(name);
      return { records: r.slice(0, MAX_RECORDS), truncated: r.length > MAX_RECORDS };
    });
  }

  /** PTR records at a reverse name (…in-addr.arpa / …ip6.arpa), for SPF's ptr mechanism and %{p}. */
  ptr(name: string): Promise<Lookup<string>> {
    return this.lookup(name, async () => {
      const r = await this.resolver.resolvePtr(name);
      return { records: r.slice(0, MAX_RECORDS).map((n) => n.replace(/\.$/, '').toLowerCase()), truncated: r.length > MAX_RECORDS };
    });
  }

  cname(name: string): Promise<Lookup<string>> {
    return this.lookup(name, async () => {
      const r = await this.resolver.resolveCname(name);
      return { records: r.slice(0, 1).map((n) => n.replace(/\.$/, '').toLowerCase()) };
    });
  }

  private async lookup<T>(name: string, run: () => Promise<{ records: T[]; truncated?: boolean }>): Promise<Lookup<T>> {
    try {
      const { records, truncated } = await run();
      return { name, status: records.length ? 'ok' : 'nodata', records, ...(truncated ? { truncated } : {}) };
    } catch (err) {
      const code = (err as { code?: string }).code ?? 'EUNKNOWN';
      if (code === 'ENODATA') return { name, status: 'nodata', records: [] };
      if (code === 'ENOTFOUND') return { name, status: 'nxdomain', records: [] };
      return { name, status: 'error', records: [], code };
    }
  }
}

/** Read an anchor file's text into anchors (DS or DNSKEY lines). */
export function anchorsFromText(text: string): TrustAnchor[] {
  return parseTrustAnchors(text);
}
