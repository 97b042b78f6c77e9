/**
 * The named-vulnerability table (Heartbleed, POODLE, SWEET32 …): for each name the TLS scanners print,
 * a verdict from the evidence, the finding that scores it, and the line of evidence behind it.
 * Built by a pure function of the evidence (checks/tls/vulnerability-table.ts); carried in the report.
 */

/**
 * `vulnerable` and `not_vulnerable` are verdicts the evidence supports; `not_tested` means the probe
 * that would tell did not run (the evidence line says why); `inconclusive` means it ran and its answer
 * could not be read either way. Neither of the last two is ever a pass or a failure.
 */
export type VulnerabilityVerdict = 'vulnerable' | 'not_vulnerable' | 'not_tested' | 'inconclusive';

export interface VulnerabilityRow {
  /** The name as testssl.sh prints it, e.g. "POODLE (SSL)". */
  name: string;
  /** CVE ids or the RFC the name refers to, e.g. "CVE-2014-3566". */
  ref: string;
  verdict: VulnerabilityVerdict;
  /**
   * The one finding that scores this weakness when it is there (no name is scored twice: SWEET32 is
   * weak_cipher_3des, DROWN is tls_protocol_ssl2 …); null for names without a finding of their own.
   */
  findingId: string | null;
  /** What in the evidence gave the verdict, in words. */
  evidence: string;
}
