/**
 * The choices that shaped a result, recorded in the evidence and copied into the report, so that a
 * reader can reproduce it: the same target scanned with other choices can give another verdict (a
 * DNS server that answers differently, a CA the scanner was told to trust, a scan restricted to some
 * probes). Only what differs from the defaults is recorded; a report without `options` used none.
 */
export interface ScanChoices {
  /** The focused tool whose verdict this is (`headers`, `tls`, `dns` …), when one ran. */
  tool?: string;
  /** The probes the scan was restricted to (`--only`, the API's `probes`), as asked. */
  probes?: string[];
  /** DNS servers the DNS & email records were asked of (`--dns-server`); default: the system resolver. */
  dnsServers?: string[];
  /** The DNSSEC trust anchors used instead of the IANA root anchor (`--dnssec-anchor`), e.g. `. DS 20326 alg 8`. */
  dnssecAnchor?: string[];
  /** Names pinned to addresses (`--resolve HOST:PORT:ADDR`). */
  resolve?: string[];
  /** Subjects of the extra CA certificates trusted (`--ca`). */
  ca?: string[];
  /** Loopback, private and other non-public addresses were allowed (`--allow-private`). */
  allowPrivate?: true;
  /**
   * Names of the headers sent to the scanned host for an authenticated or staging scan (`--header`,
   * `--cookie`). Only the names: the values are credentials and are never recorded.
   */
  headers?: string[];
  /** The per-request time limit, when not the default. */
  timeoutMs?: number;
}
