/**
 * Reads `strace -e trace=connect` output and lists every network destination connected to, so the
 * bench can show that testssl.sh only ever reached loopback (addresses, without ports) (its own feature probe of the local
 * openssl goes to localhost:4433; everything else goes to the proxy).
 */
export function connectDestinations(log: string): string[] {
  const out = new Set<string>();
  for (const line of log.split('\n')) {
    if (!line.includes('connect(')) continue;
    const v4 = /sin_port=htons\((\d+)\), sin_addr=inet_addr\("([^"]+)"\)/.exec(line);
    const v6 = /sin6_port=htons\((\d+)\).*inet_pton\(AF_INET6, "([^"]+)"/.exec(line);
    const m = v4 ?? v6;
    if (m) out.add(m[2]!);
  }
  return [...out];
}

/** Destinations outside 127.0.0.0/8 and ::1 (what must never appear). */
export function offLoopback(destinations: string[]): string[] {
  return destinations.filter((d) => !/^127\./.test(d) && d !== '::1');
}
