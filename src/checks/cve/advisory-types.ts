/**
 * Shapes of the vendored advisory data (data/advisories/). Two families:
 * - retire.js's repository for JavaScript libraries (trimmed, see retire-data.ts);
 * - small curated tables for servers and WordPress, one row per advisory, each citing its source.
 */

export type AdvisorySeverity = 'critical' | 'high' | 'medium' | 'low';

/** One advisory of a curated table. Versions are inclusive ranges; `fixed` lists one fix per branch. */
export interface TableAdvisory {
  /** Product key as the inventory names it: nginx, apache, openssl, wordpress, or a plugin slug. */
  product: string;
  /** CVE ids first; a GHSA id or vendor id when no CVE was assigned. */
  ids: string[];
  title: string;
  severity: AdvisorySeverity;
  /** Date of the advisory (YYYY-MM-DD), for the Notices page. */
  published: string;
  /** Inclusive [first, last] vulnerable versions; several ranges when branches differ. */
  affected: [string, string][];
  /**
   * First fixed version of each branch that got a fix ("1.21.0", "1.20.1"). A version inside an
   * affected range is not vulnerable when a fix of its own branch (first two numbers) is ≤ it.
   */
  fixed: string[];
  /** How many leading numbers name a branch: 2 by default (nginx 1.20, WordPress 6.4), 3 for OpenSSL (1.1.1). */
  branchParts?: number;
  source: string;
}

export interface AdvisoryTable {
  name: string;
  /** Where the rows come from, in words and links. */
  sources: string[];
  licence: string;
  /** Date the table was last reviewed (YYYY-MM-DD). */
  updated: string;
  advisories: TableAdvisory[];
}

/** A vulnerability of the trimmed retire.js repository. */
export interface RetireVulnerability {
  atOrAbove?: string;
  below: string;
  severity: AdvisorySeverity;
  ids: string[];
  summary?: string;
  info?: string;
}

export interface RetireLibrary {
  vulnerabilities: RetireVulnerability[];
  extractors: { uri?: string[]; filename?: string[]; filecontent?: string[] };
}

export interface RetireRepository {
  source: { url: string; commit?: string; date: string; sha256?: string; licence: string };
  libraries: Record<string, RetireLibrary>;
}

export interface AdvisoryData {
  js: RetireRepository;
  servers: AdvisoryTable;
  wordpressCore: AdvisoryTable;
  wordpressPlugins: AdvisoryTable;
}
