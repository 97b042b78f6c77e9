/**
 * The DNS probe (evidence key `dns`): records for the scan host and its mail domain, name servers,
 * CAA, CNAME targets, and DNSSEC. It talks only to the configured DNS servers (default: the system
 * resolver) and never judges; checks under src/checks/dns/ do.
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { Probe, ProbeContext } from './probe.js';
import type { DnsEvidence } from '../model/dns.js';
import { ok, unavailable, type Probed } from '../model/probed.js';
import type { NetContext } from '../net/context.js';
import { DnsClient, type DnsClientOptions } from '../net/dns/client.js';
import type { WireResponse } from '../net/dns/wire.js';
import { parseTrustAnchors, type TrustAnchor } from '../net/dns/anchor.js';
import { gatherMail, organizationalDomain } from './dns/mail.js';
import { followCname, gatherCaa, gatherNameServers, gatherSubdomains } from './dns/names.js';
import { gatherDnssec } from './dns/dnssec.js';
import { gatherWebTlsa } from './mail/web-tlsa.js';
import { gatherMxAddresses, queryNameServersOverIpv6, type NameServerIpv6Options } from './dns/ipv6.js';
import { classifyAddress, isLocalName } from '../net/target-policy.js';
import { describeDnsFailure } from '../net/error-words.js';

export interface DnsProbeOptions {
  /** `HOST:PORT` of DNS servers (`--dns-server`); default: the system resolver. */
  dnsServers?: string[];
  /** Path of a DS/DNSKEY anchor file (`--dnssec-anchor`), or parsed anchors; default: the IANA root anchor. */
  dnssecAnchor?: string | readonly TrustAnchor[];
  /** Mail domain to check; default: the host's registrable domain. */
  mailDomain?: string;
  /** Check the curated subdomain list (default true). */
  subdomains?: boolean;
  timeoutMs?: number;
  /** Whole-probe time bound (default 45 s). */
  deadlineMs?: number;
  /** Port of the zone's name servers for the SOA query over IPv6 (53; a lab's listen elsewhere). */
  nameServerPort?: number;
  /** Non-public name server addresses that may still be queried over IPv6 (a lab's ::1); see dns/ipv6.ts. */
  nameServerAllowList?: string[];
}

export function dnsClientFor(options: DnsProbeOptions): DnsClient {
  const anchors =
    typeof options.dnssecAnchor === 'string' ? parseTrustAnchors(readFileSync(options.dnssecAnchor, 'utf8')) : options.dnssecAnchor;
  const clientOptions: DnsClientOptions = {};
  if (options.dnsServers?.length) clientOptions.servers = options.dnsServers;
  if (anchors) clientOptions.anchors = anchors;
  if (options.timeoutMs) clientOptions.timeoutMs = options.timeoutMs;
  return new DnsClient(clientOptions);
}

/** The client, or the configuration error (an unreadable anchor file, a bad server) as an explained absence. */
export function dnsClientOrUnavailable(options: DnsProbeOptions): { client: DnsClient } | { unavailable: Probed<never> } {
  try {
    return { client: dnsClientFor(options) };
  } catch (err) {
    const e = err as { code?: string; message: string };
    return { unavailable: unavailable(e.message, e.code ?? 'DNS_CONFIG') };
  }
}

export function normaliseHost(host: string): string {
  return host.trim().toLowerCase().replace(/\.$/, '');
}

/** Gather everything the DNS checks read, for one host. */
export async function gatherDnsEvidence(
  client: DnsClient,
  hostInput: string,
  options: { mailDomain?: string; subdomains?: boolean; net?: NetContext; now?: Date; nameServerIpv6?: NameServerIpv6Options } = {},
): Promise<DnsEvidence> {
  const host = normaliseHost(hostInput);
  const base = organizationalDomain(host);
  const mailDomain = normaliseHost(options.mailDomain ?? base);
  // The DNSSEC walk and the web host's TLSA lookup share their questions (the same zones' keys).
  const dnssecAsked = new Map<string, Promise<WireResponse>>();
  const nsIpv6 = { ...options.nameServerIpv6, ...(options.net ? { gate: options.net.gate } : {}) };
  const [ipv4, ipv6, ns, caa, hostCname, subs, dnssec, { mail, mxAddresses }, webTlsa] = await Promise.all([
    client.a(host),
    client.aaaa(host),
    // Each name server with an IPv6 address is asked once there, as soon as its addresses are known.
    gatherNameServers(client, host).then(async (found) =>
      found.lookup.status === 'ok' ? { ...found, lookup: { ...found.lookup, records: await queryNameServersOverIpv6(found.zone, found.lookup.records, nsIpv6) } } : found,
    ),
    gatherCaa(client, host),
    followCname(client, host),
    options.subdomains === false ? Promise.resolve({ cnames: [], subdomains: [] }) : gatherSubdomains(client, base, host),
    gatherDnssec(client, host, options.now, dnssecAsked).then(
      (d) => ({ ok: d }) as const,
      (err: Error) => ({ error: err.message }) as const,
    ),
    gatherMail(client, mailDomain, options.net).then(async (m) => ({ mail: m, mxAddresses: await gatherMxAddresses(client, m.mx) })),
    gatherWebTlsa(client, host, { sent: dnssecAsked, ...(options.now ? { now: options.now } : {}) }),
  ]);
  return {
    host,
    servers: client.serverLabels,
    ipv4,
    ipv6,
    nsZone: ns.zone,
    nameServers: ns.lookup,
    caa,
    cnames: [...(hostCname ? [hostCname] : []), ...subs.cnames],
    subdomains: subs.subdomains,
    ...('ok' in dnssec ? { dnssec: dnssec.ok } : { dnssecUnavailable: dnssec.error }),
    mail,
    ...(webTlsa ? { webTlsa } : {}),
    mxAddresses,
  };
}

/**
 * The host itself does not exist: NXDOMAIN for its addresses and no CNAME at it (an alias whose target
 * is gone also answers NXDOMAIN, but the alias exists: that is a dangling CNAME, judged as such).
 * Scoring the records of a name that does not exist would grade nothing, so the probe says so instead.
 * A name that exists without addresses (only MX, say) answers NODATA and is checked as usual.
 */
function nonexistentName(e: DnsEvidence): string | undefined {
  if (e.ipv4.status !== 'nxdomain' || e.ipv6.status !== 'nxdomain') return undefined;
  if (e.cnames.some((c) => c.name === e.host)) return undefined;
  return e.host;
}

function withDeadline<T>(work: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(Object.assign(new Error(`DNS probe exceeded ${ms} ms`), { code: 'DNS_DEADLINE' }));
    }, ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

export async function runDnsProbe(host: string, options: DnsProbeOptions, net?: NetContext): Promise<Probed<DnsEvidence>> {
  const name = normaliseHost(host);
  if (isIP(name.replace(/^\[|\]$/g, ''))) return unavailable('the target is an IP address: there are no DNS names to check', 'DNS_IP_TARGET');
  if (!/^[a-z0-9_.-]+$/.test(name) || name.length > 253) return unavailable(`'${name.slice(0, 80)}' is not a DNS name`, 'DNS_BAD_NAME');
  const made = dnsClientOrUnavailable(options);
  if ('unavailable' in made) return made.unavailable;
  const { client } = made;
  try {
    const evidence = await withDeadline(
      gatherDnsEvidence(client, name, {
        ...(options.mailDomain ? { mailDomain: options.mailDomain } : {}),
        ...(options.subdomains !== undefined ? { subdomains: options.subdomains } : {}),
        ...(net ? { net } : {}),
        nameServerIpv6: {
          ...(options.nameServerPort ? { port: options.nameServerPort } : {}),
          ...(options.nameServerAllowList ? { allowList: options.nameServerAllowList } : {}),
          ...(options.timeoutMs ? { timeoutMs: Math.min(options.timeoutMs, 2_500) } : {}),
        },
      }),
      options.deadlineMs ?? 45_000,
      () => client.cancel(),
    );
    // A validating resolver that fails every lookup of a bogus zone still says why (Extended DNS
    // Errors), even when it cannot hand over the DNSSEC records for our own check: that is an answer.
    const answered =
      [evidence.ipv4, evidence.ipv6, evidence.mail.txt, evidence.mail.mx].some((l) => l.status !== 'error') ||
      (evidence.dnssec !== undefined && (evidence.dnssec.chain.verdict !== 'indeterminate' || (evidence.dnssec.resolver?.ede.length ?? 0) > 0));
    if (!answered) {
      const code = evidence.ipv4.code ?? 'DNS_ERROR';
      return unavailable(`the DNS server(s) ${client.serverLabels.join(', ')} did not answer usably: ${describeDnsFailure(code)}`, code);
    }
    const missing = nonexistentName(evidence);
    if (missing) return unavailable(`the name ${missing} does not exist (NXDOMAIN) at ${client.serverLabels.join(', ')}: there are no records to check`, 'DNS_NXDOMAIN');
    return ok(evidence);
  } catch (err) {
    const e = err as { code?: string; message: string };
    return unavailable(e.message, e.code ?? 'DNS_ERROR');
  }
}

/**
 * In a full scan without an explicit `--dns-server`, a target that resolves to a private or loopback
 * address (a lab, an intranet host) is not looked up in DNS at all: public DNS facts do not describe
 * it, and asking the system resolver about it would leak internal names.
 */
export function privateTargetReason(target: ProbeContext['target']): string | undefined {
  if (isLocalName(target.host)) return `${target.host} is a local name`;
  const address = target.pinned ?? target.resolved[0];
  if (!address) return undefined;
  const verdict = classifyAddress(address);
  return verdict.allowed ? undefined : `${target.host} resolves to ${verdict.address} (${verdict.range ?? 'non-public'})`;
}

export function createDnsProbe(options: DnsProbeOptions = {}): Probe {
  return {
    key: 'dns',
    label: 'DNS & email records',
    // Needs nothing from other probes: DNS queries go to the resolver, not the target, so they start
    // with the scan (the one MTA-STS policy fetch takes a slot of the shared budget like any request).
    run: async (ctx: ProbeContext) => {
      if (!options.dnsServers?.length) {
        const reason = privateTargetReason(ctx.target);
        if (reason) return unavailable(`${reason}: DNS checks are skipped unless a DNS server is given (--dns-server)`, 'DNS_PRIVATE_TARGET');
      }
      return runDnsProbe(ctx.target.host, options, ctx.net);
    },
  };
}

/** The probe with defaults: the system resolver and the IANA root anchor. */
export const dnsProbe: Probe = createDnsProbe();
