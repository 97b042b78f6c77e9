/**
 * Which DNS servers a scan talks to. The configured list (`--dns-server HOST:PORT`, repeatable) or,
 * by default, the system resolver from /etc/resolv.conf (as c-ares reads it). There is deliberately
 * no built-in public resolver: if nothing is configured, DNS probes are unavailable, not redirected.
 */
import { Resolver } from 'node:dns';
import { isIP } from 'node:net';

export interface DnsServer {
  host: string;
  port: number;
}

/** Parse `HOST:PORT`, `[V6]:PORT`, a bare IPv4 or a bare IPv6 address (port 53). Hosts must be IP literals. */
export function parseDnsServer(spec: string): DnsServer {
  const text = spec.trim();
  let host: string;
  let port = 53;
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(text);
  if (bracketed) {
    host = bracketed[1]!;
    if (bracketed[2]) port = Number(bracketed[2]);
  } else if (isIP(text) === 6) {
    host = text;
  } else {
    const m = /^([^:]+)(?::(\d{1,5}))?$/.exec(text);
    if (!m) throw new Error(`--dns-server expects HOST:PORT with an IP address, got '${spec}'`);
    host = m[1]!;
    if (m[2]) port = Number(m[2]);
  }
  if (!isIP(host)) throw new Error(`--dns-server needs an IP address, not a name: '${spec}'`);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--dns-server: bad port in '${spec}'`);
  return { host, port };
}

/** The form node:dns `setServers` accepts. */
export function formatDnsServer(server: DnsServer): string {
  return isIP(server.host) === 6 ? `[${server.host}]:${server.port}` : `${server.host}:${server.port}`;
}

/** The system resolver's servers (c-ares reads /etc/resolv.conf). Empty when none is configured. */
export function systemDnsServers(): DnsServer[] {
  return new Resolver()
    .getServers()
    .map((s) => {
      try {
        return parseDnsServer(s);
      } catch {
        return undefined;
      }
    })
    .filter((s): s is DnsServer => s !== undefined);
}
