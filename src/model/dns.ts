/**
 * Plain-JSON shapes of what the DNS probe saw (evidence key `dns`). Record text is target-controlled:
 * renderers escape it. Lookups that failed keep their error code so checks can tell "no record"
 * (NODATA/NXDOMAIN) from "could not ask" (timeout, SERVFAIL).
 */

/** Outcome of one lookup: records, or a clean "none", or an error. */
export interface Lookup<T> {
  name: string;
  /** ok: records found; nodata / nxdomain: proven absent; error: the resolver failed (see code). */
  status: 'ok' | 'nodata' | 'nxdomain' | 'error';
  records: T[];
  code?: string;
  /** Set when the answer was cut to the probe's bounds (record count or bytes). */
  truncated?: boolean;
}

export interface TxtRecord {
  /** The record's strings joined without separators (RFC 7208 §3.3); non-printable bytes kept as received. */
  text: string;
  /** How many character-strings the record had (chunks of ≤255 bytes). */
  strings: number;
  bytes: number;
}

export interface MxRecord {
  priority: number;
  /** Host name without trailing dot; '' for a null MX (`0 .`). */
  exchange: string;
}

export interface CaaRecord {
  flags: number;
  tag: string;
  value: string;
}

export interface SpfNode {
  domain: string;
  /** The record evaluated at this node (absent when missing). */
  record?: string;
  /** Result of looking up the SPF record at this domain. */
  lookup: 'found' | 'none' | 'multiple' | 'error';
  /** DNS-querying terms in this record (include, a, mx, ptr, exists, redirect). */
  lookups: number;
  /** Void lookups caused by this record's own a/mx/exists/ptr/include terms. */
  voidLookups: number;
  /** Terms that made the DNS queries, for the tree view. */
  terms: { term: string; lookups: number; void?: boolean }[];
  children: SpfNode[];
  /** This include/redirect points back into its own ancestry. */
  loop?: boolean;
  /** Children not followed because the 10-lookup limit or the depth bound was hit. */
  stopped?: string;
}

export interface SpfOutcome {
  /** The address evaluated (MCAST-TEST-NET, RFC 6676: never a real mail server). */
  ip: string;
  result: 'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'permerror' | 'temperror';
  /** The term that decided the result and the domain whose record held it; absent for the default. */
  matched?: { domain: string; term: string };
  reason?: string;
  /** A fail's explanation (exp=): target-controlled text. */
  explanation?: string;
  lookups: number;
  voidLookups: number;
}

export interface DnssecRrsigInfo {
  owner: string;
  typeCovered: string;
  algorithm: number;
  keyTag: number;
  signer: string;
  inception: string;
  expiration: string;
  /** TTL the signed records were published with: caches may hold them (and this signature) that long. */
  originalTTL: number;
}

export interface DnssecZoneLink {
  zone: string;
  /** How this zone's keys were established. */
  status: 'secure' | 'insecure' | 'bogus';
  ds: { keyTag: number; algorithm: number; digestType: number }[];
  dnskeys: { keyTag: number; algorithm: number; flags: number; rsaBits?: number }[];
  rrsigs: DnssecRrsigInfo[];
  note?: string;
}

export type DnssecVerdict = 'secure' | 'insecure' | 'bogus' | 'indeterminate';

export type BogusReason =
  | 'ds_mismatch'
  | 'dnskey_missing'
  | 'rrsig_missing'
  | 'signature_expired'
  | 'signature_not_yet_valid'
  | 'signature_invalid'
  | 'denial_missing';

/**
 * Why the DNS server cannot supply what DNSSEC validation needs: the fault is the resolver's, not the
 * domain's, so the verdict is `indeterminate` (DNSSEC not measured), never bogus.
 * - `no_edns`: it answers without EDNS (no OPT record), so the DO bit never reaches it;
 * - `edns_rejected`: it answers FORMERR or NOTIMP to a query that carries EDNS;
 * - `records_stripped`: it answers, but without the DNSSEC records that must be there (no DNSKEY or
 *   no signatures for the trust anchor's zone, which is signed; no RRSIG at all for data a signed
 *   zone must sign; a NODATA answer without any proof or signature): a non-DNSSEC forwarder or a
 *   middlebox removing them.
 */
export type ResolverDnssecGap = 'no_edns' | 'edns_rejected' | 'records_stripped';

export interface DnssecChainResult {
  verdict: DnssecVerdict;
  /** The zone whose SOA was validated (the closest enclosing zone found on the walk). */
  zone: string;
  bogusReason?: BogusReason;
  /** Set with `indeterminate` when the cause is the DNS server, not the domain (see ResolverDnssecGap). */
  resolverGap?: ResolverDnssecGap;
  /** Human explanation of the verdict (which link failed, or which proof showed insecurity). */
  explanation: string;
  chain: DnssecZoneLink[];
}

export interface ResolverDnssecView {
  server: string;
  /** The name asked (SOA, DO set): the zone our chain reached, or the host when our chain could not tell. */
  name?: string;
  rcode: string;
  ad: boolean;
  ede: { code: number; text: string }[];
}

export interface DnssecEvidence {
  /** Our own validation from the trust anchor down. */
  chain: DnssecChainResult;
  /** The resolver's opinion on the same zone's SOA (AD flag, or SERVFAIL with EDE codes). */
  resolver?: ResolverDnssecView;
  resolverError?: string;
  /** Anchor used: 'iana-root' or the anchor file's zone. */
  anchor: string;
  /** NSEC3PARAM of the zone, when it uses NSEC3. */
  nsec3?: { iterations: number; saltLength: number; flags: number };
}

export interface NameServerInfo {
  name: string;
  ipv4: string[];
  ipv6: string[];
  /** One SOA query for the zone sent to the first IPv6 address (absent: the server has none, or older evidence). */
  ipv6Answer?: NameServerIpv6Answer;
}

/** Whether a name server answered a query sent to its IPv6 address. */
export interface NameServerIpv6Answer {
  address: string;
  /**
   * answered: the zone's SOA came back; bad_answer: an answer without it (REFUSED, SERVFAIL …);
   * no_answer: nothing came back in time, or the port refused; not_queried: the address policy
   * refused the address (never contacted).
   */
  outcome: 'answered' | 'bad_answer' | 'no_answer' | 'not_queried';
  rcode?: string;
  authoritative?: boolean;
  code?: string;
  error?: string;
  /** The failure is about the scanning machine's network (no IPv6 route), not the server. */
  localNetwork?: boolean;
}

/** The addresses of a host the checks name (MX hosts). */
export interface HostAddresses {
  name: string;
  ipv4: string[];
  ipv6: string[];
  /** The AAAA lookup failed (code): "no IPv6" is then not proven. */
  ipv6Error?: string;
}

export interface CnameInfo {
  name: string;
  /** Targets in order (a chain); the last one is where resolution ended. */
  chain: string[];
  /** What resolving the final target gave: addresses, NXDOMAIN, a loop, … */
  outcome: 'resolves' | 'nxdomain' | 'nodata' | 'servfail' | 'loop' | 'error' | 'too_long';
}

export interface MtaStsPolicyFetch {
  url: string;
  status?: number;
  contentType?: string;
  /** Body text (capped at 64 KiB). */
  body?: string;
  redirected?: boolean;
  certificateValid?: boolean;
  certificateError?: string;
  error?: string;
}

export interface MailEvidence {
  /** Domain whose mail records were read (the registrable domain, or what the user named). */
  domain: string;
  /** The organizational domain (tldts), used for the DMARC fallback. */
  orgDomain: string;
  mx: Lookup<MxRecord>;
  /** All TXT records at the domain (SPF lives here). */
  txt: Lookup<TxtRecord>;
  /** SPF evaluated over include/redirect, with counts. */
  spfTree?: SpfNode;
  /**
   * RFC 7208 check_host() run for a sender the domain cannot have listed (a documentation address):
   * what any unlisted server gets. The SPF "all" findings follow from this result.
   */
  spfUnlisted?: SpfOutcome;
  dmarc: Lookup<TxtRecord>;
  /** `_dmarc.<orgDomain>`, when the org domain differs and the domain has no DMARC record. */
  dmarcOrg?: Lookup<TxtRecord>;
  /** Authorization records `<domain>._report._dmarc.<rua host>` for external rua hosts. */
  dmarcReportAuth: { host: string; lookup: Lookup<TxtRecord> }[];
  mtaSts: Lookup<TxtRecord>;
  mtaStsPolicy?: MtaStsPolicyFetch;
  tlsRpt: Lookup<TxtRecord>;
  bimi: Lookup<TxtRecord>;
  /** Common DKIM selectors that answered with a record (a hint, never proof of absence). */
  dkimSelectors: { selector: string; record: string }[];
  dkimSelectorsTried: string[];
}

export interface DnsEvidence {
  /** The host the scan looked at. */
  host: string;
  /** Servers queried (never a public resolver unless the user configured it). */
  servers: string[];
  ipv4: Lookup<string>;
  ipv6: Lookup<string>;
  /** Name servers of the zone holding the host (walked up until NS answers). */
  nsZone: string;
  nameServers: Lookup<NameServerInfo>;
  caa: { relevantAt?: string; records: CaaRecord[]; lookups: Lookup<CaaRecord>[] };
  cnames: CnameInfo[];
  /** Subdomains from the curated list that exist, with their CNAME outcome if any. */
  subdomains: { name: string; exists: boolean }[];
  dnssec?: DnssecEvidence;
  dnssecUnavailable?: string;
  mail: MailEvidence;
  /** TLSA at `_443._tcp.<host>` (DANE for the web site), looked up beside the other records. */
  webTlsa?: TlsaLookup;
  /**
   * A and AAAA of the MX hosts (null MX excluded, at most 10, by priority): read by the mail checks,
   * and by the SMTP probe's engineer to know which families an MX offers. Absent in older evidence.
   */
  mxAddresses?: HostAddresses[];
}

/** One TLSA record (RFC 6698 §2.1), as published. */
export interface TlsaRecord {
  /** 0 PKIX-TA, 1 PKIX-EE, 2 DANE-TA, 3 DANE-EE. */
  usage: number;
  /** 0 full certificate, 1 SubjectPublicKeyInfo. */
  selector: number;
  /** 0 exact bytes, 1 SHA-256, 2 SHA-512. */
  matchingType: number;
  /** Certificate association data, lower-case hex. */
  data: string;
}

/** The TLSA RRset at one name (`_25._tcp.<mx>` or `_443._tcp.<web host>`) and how it validated. */
export interface TlsaLookup {
  name: string;
  /** ok: records found; nodata / nxdomain: proven absent; error: could not ask (see code). */
  status: 'ok' | 'nodata' | 'nxdomain' | 'error';
  records: TlsaRecord[];
  code?: string;
  /** Our own DNSSEC validation of this RRset (or of its absence) from the trust anchor. */
  dnssec?: DnssecVerdict;
  /** Why the DNSSEC verdict is what it is, in words (which link failed, which zone is unsigned). */
  dnssecExplanation?: string;
  /** With `indeterminate`: the DNS server, not the domain, is why (see ResolverDnssecGap). */
  resolverGap?: ResolverDnssecGap;
  /** CNAME targets followed from `name` (RFC 7671 §7), in order; the records are those of the last one. */
  aliases?: string[];
  /** Records in the answer that could not be read (RDATA too short), in words. */
  malformed?: string[];
}
