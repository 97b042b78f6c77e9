/**
 * The focused tools, defined once for every surface. `scorifya headers`, the web app's
 * `/tools/headers`, the API's `{ "tool": "headers" }` and `scorifya scan --tool headers` all run the
 * definition below and compute its verdict with `focusReport()`, so one target gives one verdict
 * whichever way it is asked. A definition says which engine entry point runs the tool (a scan
 * restricted to some probes, the TLS tool, the DNS tool), which categories its points add up, and,
 * for a tool narrower than a category, which findings it shows.
 *
 * This module is light (no probe, no check): the web app's tool pages read the definitions without
 * loading the engine. run-tool.ts runs a tool; rescore.ts gives a tool's saved evidence its verdict.
 */
import type { CategoryId, Finding } from '../model/finding.js';
import type { Report } from '../model/report.js';
import { explainScore } from '../report/arithmetic.js';
import { gradeFor } from '../scoring/score.js';

export interface FocusedTool {
  id: string;
  title: string;
  summary: string;
  /**
   * The engine entry point: `scan` (a scan restricted to `probes`), `tls` (the TLS tool: the TLS
   * probe and checks alone), `dns` or `email` (the DNS tool in that mode).
   */
  via: 'scan' | 'tls' | 'dns' | 'email';
  /** The probes it runs (and, for `scan`, restricts the scan to); the web offers a tool only when all are registered. */
  probes: string[];
  /** The categories whose points the tool adds up (its total), or that a narrow tool's findings belong to. */
  categories: CategoryId[];
  /**
   * Narrower than its categories: only findings whose id matches, counted rather than scored (the
   * probes it runs measure more of the category than the tool is about, or less than all of it).
   */
  findingPattern?: RegExp;
  /** Learn topic to link from the tool page. */
  learn?: string;
  /** The CLI command of its own, when it has one (every tool also runs as `scorifya scan URL --tool ID`). */
  command?: string;
}

export const FOCUSED_TOOLS: readonly FocusedTool[] = [
  {
    id: 'headers',
    title: 'Security headers checker',
    summary: 'Fetches the page over http:// and https:// and grades HSTS, CSP, framing, nosniff, Referrer-Policy, Permissions-Policy and the cross-origin headers.',
    via: 'scan',
    probes: ['http'],
    // Headers only: the HTTP probe alone cannot measure TLS & HTTPS (no handshake is examined), so
    // adding that row would show full TLS marks the full scan may not give (the https tool shows
    // the redirect findings it can judge).
    categories: ['headers'],
    learn: 'security-headers',
    command: 'headers',
  },
  {
    id: 'https',
    title: 'HTTPS redirect checker',
    summary: 'Follows the redirect chains from http:// and https:// and checks that plain HTTP upgrades to HTTPS on the same host.',
    via: 'scan',
    probes: ['http'],
    categories: ['tls'],
    // The ids of checks/https/redirects.ts: the part of TLS & HTTPS the HTTP probe can judge.
    findingPattern: /^(no_https|no_https_redirect|redirect_offhost_first)$/,
    learn: 'https',
  },
  {
    id: 'cors',
    title: 'CORS checker',
    summary: 'Sends cross-origin requests and preflights with hostile origins and shows what a browser would allow.',
    via: 'scan',
    probes: ['cors'],
    categories: ['headers'],
    learn: 'cors',
    findingPattern: /^cors_/,
    command: 'cors',
  },
  {
    id: 'tls',
    title: 'TLS checker',
    summary: 'Protocol versions, cipher suites and the certificate chain.',
    via: 'tls',
    probes: ['tls'],
    categories: ['tls'],
    learn: 'tls-versions',
    command: 'tls',
  },
  {
    id: 'cookies',
    title: 'Cookie checker',
    summary: 'Secure, HttpOnly, SameSite, prefixes and lifetime of every Set-Cookie.',
    via: 'scan',
    probes: ['http'],
    categories: ['cookies'],
    learn: 'cookies',
  },
  {
    id: 'dns',
    title: 'DNS checker',
    summary: 'DNSSEC validation, CAA records, name servers and dangling CNAMEs for the domain, plus its mail records (SPF, DMARC, MTA-STS, TLS-RPT).',
    via: 'dns',
    probes: ['dns'],
    categories: ['dns'],
    learn: 'dnssec',
    command: 'dns',
  },
  {
    id: 'email',
    title: 'Email security checker',
    summary: 'SPF, DMARC, DKIM hints, MTA-STS, TLS-RPT and null MX for the domain.',
    via: 'email',
    probes: ['dns'],
    categories: ['dns'],
    learn: 'email-authentication',
    findingPattern: /^dns_(spf|dmarc|dkim|mta_sts|tls_rpt|null_mx|bimi)/,
    command: 'email',
  },
  {
    id: 'security-txt',
    title: 'security.txt checker',
    summary: 'Finds and validates /.well-known/security.txt: contact, expiry and format.',
    via: 'scan',
    probes: ['exposure'],
    categories: ['exposure'],
    learn: 'security-txt',
    findingPattern: /^security_txt_/,
  },
];

export const focusedTool = (id: string): FocusedTool | undefined => FOCUSED_TOOLS.find((t) => t.id === id);

export const toolIds = (): string[] => FOCUSED_TOOLS.map((t) => t.id);

/** A tool narrower than its categories shows findings, not points. */
export const isNarrow = (tool: FocusedTool): boolean => Boolean(tool.findingPattern);

/** Whether a finding is one the tool is about. */
export function inTool(tool: FocusedTool, f: Pick<Finding, 'id' | 'category'>): boolean {
  return tool.categories.includes(f.category) && (!tool.findingPattern || tool.findingPattern.test(f.id));
}

/**
 * The tool's verdict, from the report of what it ran: its categories' rows and their total (the
 * same arithmetic as a full scan: report/arithmetic.ts), its findings, the caps those findings
 * impose, and the score and grade of that total. A narrow tool has no rows and no score: its verdict
 * is its findings. `options.tool` names the tool, so every surface's JSON says what it is.
 */
export function focusReport(report: Report, tool: FocusedTool): Report {
  const findings = report.findings.filter((f) => inTool(tool, f));
  const ids = new Set(findings.map((f) => f.id));
  const categories = isNarrow(tool) ? [] : report.categories.filter((c) => tool.categories.includes(c.id));
  const focused: Report = { ...report, options: { tool: tool.id, ...report.options }, categories, findings, caps: report.caps.filter((c) => ids.has(c.id)) };
  const score = explainScore(focused).score;
  // The tool's own share: its categories' points, measured or not (a narrow tool has none).
  const measured = { points: categories.filter((c) => c.status === 'measured').reduce((sum, c) => sum + c.weight, 0), of: categories.reduce((sum, c) => sum + c.weight, 0) };
  const grade = score === null ? null : gradeFor(score, findings, measured);
  return { ...focused, score, measured, grade: grade?.grade ?? null, gradePartial: grade?.partial ?? false };
}

/** The arithmetic of a tool's verdict (report/arithmetic.ts): its categories, or (narrow) its findings only. */
export function toolScope(tool: FocusedTool): { categories: CategoryId[]; findingsOnly?: true } {
  return { categories: tool.categories, ...(isNarrow(tool) ? { findingsOnly: true as const } : {}) };
}

/**
 * Whether the tool measured what it is about: its total exists, or (a narrow tool) every probe it
 * ran worked. A tool runs only its own probes (and those they need), so any probe in `unavailable`
 * is one of them.
 */
export function toolMeasured(report: Pick<Report, 'score' | 'unavailable'>, tool: FocusedTool): boolean {
  return isNarrow(tool) ? report.unavailable.length === 0 : report.score !== null;
}
