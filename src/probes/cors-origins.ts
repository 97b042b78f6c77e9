/**
 * The attacker origins the CORS probe sends, derived from the target's host, its registrable domain
 * and a random attacker domain that is new for every scan (so no allow-list can know it in advance).
 */
import { randomBytes } from 'node:crypto';
import { getDomain } from 'tldts';
import type { CorsProbeKind } from '../model/cors.js';

export interface OriginProbe {
  kind: CorsProbeKind;
  label: string;
  origin: string;
}

/** A fresh attacker registrable domain such as `sfy-k3j9x2qa.com`. */
export function randomAttackerDomain(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(8);
  let label = '';
  for (const b of bytes) label += alphabet[b % alphabet.length];
  return `sfy-${label}.com`;
}

/** Registrable domain of a host (tldts, ICANN and private suffixes); the host itself for IPs and single labels. */
export function registrableDomainOf(host: string): string {
  return getDomain(host, { allowPrivateDomains: true }) ?? host;
}

export function originProbes(siteUrl: string, attackerDomain: string): OriginProbe[] {
  const url = new URL(siteUrl);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port ? `:${url.port}` : '';
  const scheme = url.protocol.replace(':', '');
  const domain = registrableDomainOf(host);
  const attackerLabel = attackerDomain.split('.')[0]!;
  const probes: OriginProbe[] = [
    { kind: 'own_origin', label: "the site's own origin (legitimate baseline)", origin: url.origin },
    { kind: 'arbitrary', label: 'an unrelated attacker origin', origin: `https://${attackerDomain}` },
    { kind: 'null', label: 'the "null" origin (sandboxed iframes, file:, redirected requests)', origin: 'null' },
    { kind: 'prefix', label: 'the site host followed by an attacker domain', origin: `https://${host}.${attackerDomain}` },
    { kind: 'suffix', label: 'an attacker domain ending in the site domain', origin: `https://${attackerLabel}${domain}` },
    { kind: 'unescaped_dot', label: 'the host with a dot replaced by a letter (unescaped "." in a pattern)', origin: `https://${unescapedDot(host, domain)}${port}` },
    { kind: 'special_chars', label: 'the host followed by "_" and an attacker domain', origin: `https://${host}_.${attackerDomain}` },
    { kind: 'special_chars', label: 'the host followed by "`" and an attacker domain', origin: `https://${host}\`.${attackerDomain}` },
    { kind: 'subdomain', label: 'an arbitrary subdomain of the site', origin: `${scheme}://${attackerLabel}.${host}${port}` },
    { kind: 'third_party', label: 'a GitHub Pages site anyone can publish', origin: `https://${attackerLabel}.github.io` },
    { kind: 'third_party', label: 'CodePen, where anyone can run script', origin: 'https://codepen.io' },
    { kind: 'third_party', label: 'JSFiddle, where anyone can run script', origin: 'https://jsfiddle.net' },
  ];
  if (scheme === 'https') {
    probes.push({ kind: 'http_origin', label: "the site's own host over plain http", origin: `http://${host}${port}` });
  }
  return probes;
}

/**
 * Replace the dot that separates the registrable domain from what precedes it, so the result is a
 * name an attacker can register (`api.example.com` → `apixexample.com`). For a bare registrable
 * domain, the dot before the public suffix is replaced instead.
 */
export function unescapedDot(host: string, domain: string): string {
  if (host.length > domain.length && host.endsWith(`.${domain}`)) {
    const prefix = host.slice(0, host.length - domain.length - 1);
    return `${prefix}x${domain}`;
  }
  const i = host.indexOf('.');
  return i === -1 ? `${host}x` : `${host.slice(0, i)}x${host.slice(i + 1)}`;
}
