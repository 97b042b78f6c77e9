/**
 * Engine messages are written for the command line ("pass --allow-private"). A web visitor cannot pass
 * flags, so pages say the same thing in web terms. Only our own message templates are matched; the
 * target-controlled parts of a message pass through unchanged (and are escaped by the template).
 */
const REWRITES: [RegExp, string][] = [
  // Fix steps written for the command line (content/findings), said for a web reader.
  [/and scan with `--ca` to trust it\./g, 'and have the scanner trust that root too (on a Scorifya server, its operator adds it to the trusted CAs).'],
  [/re-scan with `--ca root\.pem` to check the rest of the configuration/g, 'have the scanner trust its root (on a Scorifya server, its operator adds it to the trusted CAs) and re-scan to check the rest of the configuration'],
  [/plus any `--ca` files/g, 'plus any CA the scanner was told to trust'],
  [/no DNS server configured: \/etc\/resolv\.conf lists none and no --dns-server was given/g, 'this Scorifya server has no DNS resolver configured, so DNS and email records could not be read'],
  [/;? ?pass --allow-private to scan it/g, ': this service does not scan private or internal addresses'],
  [/ \(use --allow-private\)/g, ' (this service does not scan internal addresses)'],
  [/ \(--verbose\)/g, ''],
  [/DNS checks are skipped unless a DNS server is given \(--dns-server\)/g, 'DNS and email checks are skipped for internal addresses'],
  // DNSSEC not measured because of the resolver (checks/dns/dnssec.ts): the fix is the server operator's.
  [/such as a validating one \(--dns-server HOST:PORT\)/g, "such as a validating one (this Scorifya server's operator chooses the resolver it uses)"],
  [/--dns-server/g, 'a DNS server setting'],
  [/--dnssec-anchor/g, 'a trust anchor setting'],
  [/--ca\b/g, 'an extra trusted CA'],
  [/--resolve\b/g, 'a pinned address'],
];

export function webWords(message: string): string {
  let out = message;
  for (const [pattern, replacement] of REWRITES) out = out.replace(pattern, replacement);
  return out;
}
