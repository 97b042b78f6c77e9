/**
 * TLSA lookups (DANE, RFC 6698/7671/7672) at `_25._tcp.<mx>` and `_443._tcp.<web host>`, validated
 * with our own DNSSEC validator from the scan's trust anchor: the records and whether they are secure,
 * in an unsigned zone, bogus, or could not be judged. A negative answer is proven (NSEC/NSEC3) before
 * it counts as "signed zone, no TLSA": senders that do DANE treat an unproven absence as a failure.
 * A CNAME at the TLSA name is followed (RFC 7671 §7); every link of the chain must validate.
 *
 * Questions go through the scan's DNS client with DO and CD set, and lookups that share `sent` (the
 * DNS probe's DNSSEC walk, several MX hosts) ask each question once.
 */
import type { DnsClient } from '../../net/dns/client.js';
import type { WireResponse } from '../../net/dns/wire.js';
import type { ResolverDnssecGap } from '../../model/dns.js';
import type { TlsaLookup, TlsaRecord } from '../../model/mail-transport.js';
import { validateChain, type DnssecQuery, type ZoneKeys } from '../../net/dns/dnssec/chain.js';
import { canonicalRdata, labelCount } from '../../net/dns/dnssec/crypto.js';
import { fqdn, rrsetOf, sameName, sigsFor, verifyRrset } from '../../net/dns/dnssec/rrsets.js';
import { provenAbsence, provenExpansion } from '../../net/dns/dnssec/negative.js';
import { parseTlsaRdata } from '../../net/dns/parse/tlsa.js';
import { prefetchingQuery } from '../dns/dnssec.js';

/** Records kept per RRset: more than any rollover needs; a longer set is cut, not refused. */
export const MAX_TLSA_RECORDS = 32;
/** CNAME links followed from a TLSA name before giving up. */
const MAX_ALIASES = 8;

export type DnssecQueryCache = Map<string, Promise<WireResponse>>;

export interface TlsaLookupOptions {
  now?: Date;
  /** Questions already asked (shared with the DNSSEC walk and other TLSA lookups of the same scan). */
  sent?: DnssecQueryCache;
}

/** `_25._tcp.mx.example.net` / `_443._tcp.www.example.net`. */
export function tlsaName(port: number, host: string): string {
  return `_${port}._tcp.${host.trim().toLowerCase().replace(/\.$/, '')}`;
}

interface Judged {
  verdict: NonNullable<TlsaLookup['dnssec']>;
  explanation: string;
  resolverGap?: ResolverDnssecGap;
}

/** One RRset (or its absence) at `owner`: the chain to its zone, then its own signature or denial proof. */
async function judge(query: DnssecQuery, client: DnsClient, owner: string, type: 'CNAME' | 'TLSA', response: WireResponse, now: Date): Promise<Judged> {
  let keys: ZoneKeys | undefined;
  const chain = await validateChain(query, owner, client.anchors, { now, onSecureZone: (z) => (keys = z) });
  if (chain.verdict !== 'secure' || !keys) {
    return { verdict: chain.verdict, explanation: chain.explanation, ...(chain.resolverGap ? { resolverGap: chain.resolverGap } : {}) };
  }
  const zone: ZoneKeys = keys;
  const rrset = rrsetOf(response.answers, owner, type);
  if (rrset.length === 0) {
    const absence = provenAbsence(response, owner, type, zone, now);
    if (absence.kind === 'proven') return { verdict: 'secure', explanation: absence.detail };
    if (absence.kind === 'stripped') return { verdict: 'indeterminate', explanation: absence.detail, resolverGap: 'records_stripped' };
    return { verdict: absence.kind, explanation: absence.detail };
  }
  if (![...response.answers, ...response.authorities].some((rr) => rr.type === 'RRSIG')) {
    const detail = `the DNS server ${response.server} returns ${fqdn(owner)} ${type} without any signature, although ${zone.zone} is signed`;
    return { verdict: 'indeterminate', explanation: detail, resolverGap: 'records_stripped' };
  }
  const sigs = sigsFor(response.answers, owner, type);
  const check = verifyRrset(rrset, sigs, zone.keys, zone.zone, now);
  if (!check.ok) return { verdict: 'bogus', explanation: `${fqdn(owner)} ${type}: ${check.detail}` };
  const signedLabels = Math.min(...sigs.filter((s) => sameName(s.sig.signersName, zone.zone)).map((s) => s.sig.labels));
  if (signedLabels < labelCount(fqdn(owner)) && !provenExpansion(response.authorities, owner, signedLabels, zone, now)) {
    return { verdict: 'bogus', explanation: `${fqdn(owner)} ${type} comes from a wildcard, but nothing proves the name itself does not exist` };
  }
  return { verdict: 'secure', explanation: `${fqdn(owner)} ${type} is signed by ${zone.zone}, whose chain of trust verifies from the anchor` };
}

/** The worst verdict of a chain of links: one bogus link makes it bogus, one unjudged link unjudged, one unsigned link insecure. */
function combine(links: Judged[]): Judged {
  for (const verdict of ['bogus', 'indeterminate', 'insecure'] as const) {
    const hit = links.find((l) => l.verdict === verdict);
    if (hit) return hit;
  }
  return { verdict: 'secure', explanation: links.map((l) => l.explanation).join('; ') };
}

const failed = (name: string, code: string, explanation: string): TlsaLookup => ({
  name,
  status: 'error',
  records: [],
  code,
  dnssec: 'indeterminate',
  dnssecExplanation: explanation,
});

/** The TLSA RRset at `name` (e.g. tlsaName(25, mx)), with our DNSSEC verdict about it. */
export async function lookupTlsa(client: DnsClient, name: string, options: TlsaLookupOptions = {}): Promise<TlsaLookup> {
  const now = options.now ?? new Date();
  const query = prefetchingQuery(client, name, options.sent ?? new Map());
  const ask = async (owner: string): Promise<WireResponse | TlsaLookup> => {
    try {
      return await query(owner, 'TLSA');
    } catch (err) {
      const e = err as { code?: string; message: string };
      return failed(name, e.code ?? 'DNS_ERROR', `the TLSA lookup for ${owner} failed: ${e.message}`);
    }
  };
  let response = await ask(name);
  if (!('answers' in response)) return response;
  // Follow CNAMEs (the resolver usually chases them in the same answer; ask again when it did not).
  const links: { owner: string; type: 'CNAME' | 'TLSA'; response: WireResponse }[] = [];
  const aliases: string[] = [];
  let owner = fqdn(name);
  for (;;) {
    const cname = rrsetOf(response.answers, owner, 'CNAME');
    if (cname.length === 0) break;
    links.push({ owner, type: 'CNAME', response });
    const target = fqdn(String((cname[0] as unknown as { data: string }).data));
    if (aliases.length >= MAX_ALIASES || aliases.includes(target) || sameName(target, name)) {
      return failed(name, 'TLSA_ALIAS_LOOP', `the CNAME chain from ${fqdn(name)} loops or is longer than ${MAX_ALIASES} links`);
    }
    aliases.push(target);
    owner = target;
    if (!response.answers.some((rr) => sameName(rr.name, owner))) {
      const next = await ask(owner);
      if (!('answers' in next)) return next;
      response = next;
    }
  }
  const base = { name, ...(aliases.length ? { aliases: aliases.map((a) => a.replace(/\.$/, '')) } : {}) };
  const set = rrsetOf(response.answers, owner, 'TLSA');
  if (set.length === 0 && response.rcode !== 'NOERROR' && response.rcode !== 'NXDOMAIN') {
    return { ...failed(name, `DNS_${response.rcode}`, `the TLSA lookup for ${owner} answered ${response.rcode}`), ...base };
  }
  links.push({ owner, type: 'TLSA', response });

  const records: TlsaRecord[] = [];
  const malformed: string[] = [];
  for (const rr of set.slice(0, MAX_TLSA_RECORDS)) {
    const parsed = parseTlsaRdata(canonicalRdata(rr));
    if (parsed.ok) records.push(parsed.record);
    else malformed.push(parsed.error);
  }
  const judged = combine(await Promise.all(links.map((l) => judge(query, client, l.owner, l.type, l.response, now))));
  return {
    ...base,
    status: set.length ? 'ok' : response.rcode === 'NXDOMAIN' ? 'nxdomain' : 'nodata',
    records,
    dnssec: judged.verdict,
    dnssecExplanation: judged.explanation,
    ...(judged.resolverGap ? { resolverGap: judged.resolverGap } : {}),
    ...(malformed.length ? { malformed } : {}),
  };
}

/**
 * `_25._tcp` of every MX host at once (what the mail probe calls beside its SMTP conversations), one
 * shared question cache. Keyed by host as given.
 */
export async function lookupMxTlsa(client: DnsClient, hosts: readonly string[], options: TlsaLookupOptions = {}): Promise<Map<string, TlsaLookup>> {
  const shared = { ...options, sent: options.sent ?? new Map() };
  const results = await Promise.all(hosts.map((h) => lookupTlsa(client, tlsaName(25, h), shared)));
  return new Map(hosts.map((h, i) => [h, results[i]!]));
}
