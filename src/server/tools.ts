/**
 * Focused tools: single-purpose checks that run a subset of the engine's probes and show one
 * category. A tool is offered only when every probe it needs is registered in the engine, so a tool
 * whose probe has not been built does not appear.
 */
import { probeKeys } from '../engine/scan.js';
import type { CategoryId } from '../model/finding.js';

export interface ToolDef {
  id: string;
  title: string;
  summary: string;
  probes: string[];
  categories: CategoryId[];
  /** Learn topic to link from the tool page. */
  learn?: string;
  /** Show only findings whose id matches (a tool narrower than a whole category). */
  findingPattern?: RegExp;
}

const CANDIDATES: ToolDef[] = [
  {
    id: 'headers',
    title: 'Security headers checker',
    summary: 'Fetches the page over http:// and https:// and grades HSTS, CSP, framing, nosniff, Referrer-Policy, Permissions-Policy and the cross-origin headers.',
    probes: ['http'],
    categories: ['headers'],
    learn: 'security-headers',
  },
  {
    id: 'https',
    title: 'HTTPS redirect checker',
    summary: 'Follows the redirect chains from http:// and https:// and checks that plain HTTP upgrades to HTTPS on the same host.',
    probes: ['http'],
    categories: ['tls'],
    learn: 'https',
  },
  {
    id: 'cors',
    title: 'CORS checker',
    summary: 'Sends cross-origin requests and preflights with hostile origins and shows what a browser would allow.',
    probes: ['http', 'cors'],
    categories: ['headers'],
    learn: 'cors',
    findingPattern: /^cors_/,
  },
  { id: 'tls', title: 'TLS checker', summary: 'Protocol versions, cipher suites and the certificate chain.', probes: ['http', 'tls'], categories: ['tls'], learn: 'tls-versions' },
  { id: 'cookies', title: 'Cookie checker', summary: 'Secure, HttpOnly, SameSite, prefixes and lifetime of every Set-Cookie.', probes: ['http'], categories: ['cookies'], learn: 'cookies' },
  {
    id: 'dns',
    title: 'DNS checker',
    summary: 'CAA records, DNSSEC validation, name servers and dangling CNAMEs for the domain.',
    probes: ['dns'],
    categories: ['dns'],
    learn: 'dnssec',
    findingPattern: /^(dns_caa_|dnssec_|dns_single_nameserver|dns_dangling_cname)/,
  },
  {
    id: 'email',
    title: 'Email security checker',
    summary: 'SPF, DMARC, DKIM hints, MTA-STS, TLS-RPT and null MX for the domain.',
    probes: ['dns'],
    categories: ['dns'],
    learn: 'email-authentication',
    findingPattern: /^dns_(spf|dmarc|dkim|mta_sts|tls_rpt|null_mx|bimi)/,
  },
  {
    id: 'security-txt',
    title: 'security.txt checker',
    summary: 'Finds and validates /.well-known/security.txt: contact, expiry and format.',
    probes: ['http', 'exposure'],
    categories: ['exposure'],
    learn: 'security-txt',
    findingPattern: /^security_txt_/,
  },
];

export function availableTools(): ToolDef[] {
  const keys = new Set(probeKeys());
  return CANDIDATES.filter((t) => t.probes.every((p) => keys.has(p)));
}

export const findTool = (id: string): ToolDef | undefined => availableTools().find((t) => t.id === id);

/** The stored `tool` column is "<tool id>"; look the definition up again. */
export const toolForProbes = (stored: string): ToolDef | undefined => CANDIDATES.find((t) => t.id === stored);
