import net from 'node:net';
import { getPublicSuffix } from 'tldts';

/**
 * Does a certificate's subjectAltName list cover `host`? RFC 6125 rules as browsers apply them:
 * DNS names compare case-insensitively, a wildcard is allowed only as the whole left-most label and
 * matches exactly one label, IP addresses match only IP entries, and the subject CN is ignored.
 */
export function certificateCoversHost(subjectAltNames: readonly string[], host: string): boolean {
  const target = host.toLowerCase().replace(/\.$/, '').replace(/^\[|\]$/g, '');
  if (net.isIP(target)) {
    return subjectAltNames.some((n) => n.startsWith('IP:') && normaliseIp(n.slice(3)) === normaliseIp(target));
  }
  return subjectAltNames.some((n) => n.startsWith('DNS:') && dnsMatches(n.slice(4).toLowerCase().replace(/\.$/, ''), target));
}

function dnsMatches(pattern: string, host: string): boolean {
  if (!pattern.includes('*')) return pattern === host;
  const [first, ...rest] = pattern.split('.');
  // Only "*.rest" with at least two labels after the wildcard is honoured.
  if (first !== '*' || rest.length < 2 || rest.some((l) => l.includes('*'))) return false;
  // A wildcard directly under a public suffix (*.co.uk, *.s3.amazonaws.com) is refused by browsers,
  // private-registry suffixes included (x509-limbo webpki::san::public-suffix-*-wildcard-san).
  if (getPublicSuffix(rest.join('.'), { allowPrivateDomains: true }) === rest.join('.')) return false;
  const hostLabels = host.split('.');
  return hostLabels.length === rest.length + 1 && hostLabels[0] !== '' && hostLabels.slice(1).join('.') === rest.join('.');
}

function normaliseIp(ip: string): string {
  if (net.isIPv4(ip)) return ip;
  if (!net.isIPv6(ip)) return ip.toLowerCase();
  // Expand IPv6 so 0:0::1 and ::1 compare equal.
  const [head, tail] = ip.toLowerCase().split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array(8 - h.length - t.length).fill('0');
  return [...h, ...fill, ...t].map((g) => parseInt(g, 16).toString(16)).join(':');
}
