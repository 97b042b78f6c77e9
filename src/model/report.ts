import type { RedirectChainSummary } from './redirect-summary.js';
import type { CategoryId, Finding } from './finding.js';
import type { TargetInfo } from './evidence.js';
import type { SoftwareItem } from './software.js';
import type { ScannerInfo } from './scanner.js';
import type { ScanChoices } from './options.js';
import type { VulnerabilityRow } from './vulnerabilities.js';

export const REPORT_SCHEMA_VERSION = 1;

export interface CategoryScore {
  id: CategoryId;
  name: string;
  /** Weight in the 100-point total before rescaling. */
  weight: number;
  /** `measured`: scored from evidence; `not_measured`: no evidence (reason says why). */
  status: 'measured' | 'not_measured';
  /** 0–100 within the category, null when not measured. */
  score: number | null;
  pointsLost: number;
  reason?: string;
  /**
   * Parts of a measured category that could not be judged (e.g. DNSSEC through a resolver that strips
   * DNSSEC records): the check, what it judges, and why. Their findings cannot appear, so the
   * category's points count only what was measured. Absent when every part was judged.
   */
  unmeasured?: { check: string; topic: string; reason: string }[];
}

/**
 * How much of the score stands on evidence: `points`, the weights of the measured categories, of `of`,
 * the weights of every category that applies (100, or 110 with WordPress).
 */
export interface MeasuredShare {
  points: number;
  of: number;
}

/** A cap a finding imposed: the finding id, the cap, and the kind of failure it belongs to (scoring/caps.ts). */
export interface ScoreCap {
  id: string;
  cap: number;
  /** The cap class (absent in reports stored before classes existed). */
  class?: string;
}

export interface Report {
  schemaVersion: number;
  /** Scorifya's version and the runtime (Node.js, OpenSSL) that made this report (absent in reports stored before it was recorded). */
  scanner?: ScannerInfo;
  target: TargetInfo;
  /** The choices that shaped this result (tool, probes, DNS servers, trust anchors, pins, CAs); absent when all were defaults. */
  options?: ScanChoices;
  startedAt: string;
  durationMs: number;
  /** 0–100 over measured categories; null when nothing could be measured. */
  score: number | null;
  grade: string | null;
  /**
   * True when `grade` is A or above but less than 90 % of the points were measured: the grade is then
   * shown as partial ("A (partial)"). Absent in reports stored before the rule existed.
   */
  gradePartial?: boolean;
  /** The measured share (absent in reports stored before it was recorded; derivable from `categories`). */
  measured?: MeasuredShare;
  /** Caps imposed by findings (every critical one, and some lesser ones), each with its class. */
  caps: ScoreCap[];
  categories: CategoryScore[];
  findings: Finding[];
  /**
   * Probes that could not run, with reasons; and checks that could not judge inside a measured category
   * (`check` set: the probe ran, but its evidence cannot support that verdict, e.g. DNSSEC not measured).
   */
  unavailable: { probe: string; check?: string; reason: string }[];
  /** Software the scan saw (banners, generator tags, scripts, WordPress extensions); see checks/cve/inventory.ts. */
  software?: SoftwareItem[];
  /**
   * The named TLS vulnerabilities (Heartbleed, POODLE, SWEET32 …), each with its verdict, the finding
   * that scores it and the evidence; absent when the TLS probe did not run or had no answer.
   */
  tlsVulnerabilities?: VulnerabilityRow[];
  /**
   * Mail transport, one row per MX: what was checked (STARTTLS, versions, cipher, certificate) and its
   * result, shown even when everything passed, so a reader sees that the MXs were tested; absent when
   * the mail probe did not run or had no answer.
   */
  mailTransport?: MailTransportRow[];
  /**
   * DANE for the web host: the TLSA records at `_443._tcp.<host>` against the chain the site served,
   * shown whatever the verdict (no records is "absent"); absent when the DNS probe did not look.
   */
  webDane?: DaneCheckRow;
  /**
   * What limited probes that did run, in words (a body cut at the cap, a decompression stopped, a
   * redirect chain that looped). Present only when there is something to say.
   */
  notes?: { probe: string; note: string }[];
  /** Both redirect chains hop by hop (URL, status, HSTS, cookies, downgrade, off-host), when the HTTP probe ran. */
  redirects?: { http: RedirectChainSummary; https: RedirectChainSummary };
}

/** One DANE verdict: a TLSA RRset against what a server served (checks/mail/dane*.ts). */
export interface DaneCheckRow {
  host: string;
  /** The TLSA name, `_25._tcp.<mx>` or `_443._tcp.<host>`. */
  name: string;
  verdict: 'valid' | 'invalid' | 'absent' | 'unusable' | 'not_measured';
  /** Why, in words an administrator can act on. */
  reason: string;
  /** The records as published (`3 1 1 ab12…`). */
  records: string[];
  /** Our DNSSEC verdict on the records (or on their absence). */
  dnssec?: string;
}

/** One MX in the report's mail-transport table (checks/mail/transport-table.ts). */
export interface MailTransportRow {
  host: string;
  priority: number;
  address?: string;
  /** measured, or not_measured with the reason in words. */
  outcome: 'measured' | 'not_measured';
  reason?: string;
  /** Each thing checked, its verdict and what was seen; the finding that scores a failure. */
  checks: { check: 'STARTTLS' | 'TLS versions' | 'Cipher' | 'Certificate' | 'DANE'; verdict: 'pass' | 'fail' | 'info' | 'not_tested'; detail: string; findingId?: string }[];
}
