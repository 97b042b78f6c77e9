/**
 * Fix content is written for `example.com`; a reader wants it for the site they scanned. This fills
 * the scanned names in at render time (the Markdown files stay generic, so the fix-proof tests keep
 * checking the same text).
 *
 * - a bare `example.com` becomes the scanned host (`www.shop.example` stays `www.shop.example`);
 * - `sub.example.com` becomes `sub.<registrable domain>` (`_dmarc.shop.example`, `mta-sts.shop.example`),
 *   because those names hang off the domain, not off the host;
 * - DNS & email content talks about the domain throughout, so there a bare `example.com` is the domain;
 * - an IP address or a name without a registrable domain only replaces the bare form.
 */
import { getDomain } from 'tldts';
import type { ShownContent } from './cause.js';

// `example.com` as a whole name: not part of a longer label (notexample.com) or a longer name (example.com.au).
const BARE = /(?<![\w.-])example\.com(?![\w-]|\.[a-z])/gi;
const SUBDOMAIN = /(?<=\.)example\.com(?![\w-]|\.[a-z])/gi;

export interface HostNames {
  host: string;
  /** The registrable domain, or null for IP addresses and names without a public suffix. */
  domain: string | null;
}

export function hostNames(host: string): HostNames {
  const bare = host.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
  const isIp = /^[\d.]+$/.test(bare) || bare.includes(':');
  return { host: bare, domain: isIp ? null : getDomain(bare, { allowPrivateDomains: false }) };
}

/** Replace the example names in one text. `domainWide`: the text is about the domain (DNS & email). */
export function fillHost(text: string, names: HostNames, domainWide = false): string {
  const bareName = domainWide && names.domain ? names.domain : names.host;
  let out = text.replace(BARE, bareName);
  if (names.domain) out = out.replace(SUBDOMAIN, names.domain);
  return out;
}

/** The content for one finding with the scanned names in its steps, snippets and cause. */
export function contentForHost<T extends ShownContent>(content: T, host: string): T {
  const names = hostNames(host);
  const domainWide = content.category === 'dns';
  const fill = (t: string) => fillHost(t, names, domainWide);
  return {
    ...content,
    steps: content.steps.map(fill),
    snippets: content.snippets.map((s) => ({ ...s, code: fill(s.code) })),
    ...(content.cause ? { cause: { ...content.cause, summary: fill(content.cause.summary) } } : {}),
  };
}
