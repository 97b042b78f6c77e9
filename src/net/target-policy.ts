/**
 * The target policy: which addresses a scan may contact. Pure functions, no I/O.
 *
 * Names never reach this module: hosts are resolved first (net/resolve.ts) and every resulting
 * address is checked here, at every hop. Numeric spellings (`2130706433`, `0x7f.1`, `0177.0.0.1`,
 * `127.1`) are normalised by `parseIpLiteral` exactly as the WHATWG URL parser does, so the policy
 * sees the address a browser or curl would connect to.
 */
import { isIP } from 'node:net';

export interface AddressVerdict {
  allowed: boolean;
  /** Name of the special-purpose range the address falls in, if any. */
  range?: string;
  /** The canonical form checked (IPv4 dotted quad, or IPv6 lower-case). */
  address: string;
}

export interface TargetPolicyOptions {
  /** Allow every non-public address (tests, internal scanners). */
  allowPrivate?: boolean;
  /** Addresses or CIDR blocks allowed even though they are special-purpose, e.g. `127.0.0.1/32`. */
  allowList?: string[];
}

/** IPv4 special-purpose ranges (IANA registry plus cloud metadata). First match wins. */
const V4_RANGES: [cidr: string, name: string][] = [
  ['0.0.0.0/8', 'unspecified ("this network")'],
  ['10.0.0.0/8', 'private (RFC 1918)'],
  ['100.64.0.0/10', 'carrier-grade NAT (RFC 6598)'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.169.254/32', 'cloud metadata service'],
  ['169.254.0.0/16', 'link-local'],
  ['172.16.0.0/12', 'private (RFC 1918)'],
  ['192.0.0.0/24', 'IETF protocol assignments'],
  ['192.0.2.0/24', 'documentation (TEST-NET-1)'],
  ['192.31.196.0/24', 'AS112'],
  ['192.52.193.0/24', 'AMT'],
  ['192.88.99.0/24', 'deprecated 6to4 relay anycast'],
  ['192.168.0.0/16', 'private (RFC 1918)'],
  ['192.175.48.0/24', 'AS112 direct delegation'],
  ['198.18.0.0/15', 'benchmarking'],
  ['198.51.100.0/24', 'documentation (TEST-NET-2)'],
  ['203.0.113.0/24', 'documentation (TEST-NET-3)'],
  ['224.0.0.0/4', 'multicast'],
  ['255.255.255.255/32', 'broadcast'],
  ['240.0.0.0/4', 'reserved'],
];

/** IPv6 special-purpose ranges. Ranges that embed IPv4 are unwrapped before this list is used. */
const V6_RANGES: [cidr: string, name: string][] = [
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['100::/64', 'discard-only'],
  ['2001:db8::/32', 'documentation'],
  ['2001:10::/28', 'ORCHID'],
  ['2001:20::/28', 'ORCHIDv2'],
  ['2001::/23', 'IETF protocol assignments'],
  ['3fff::/20', 'documentation'],
  ['5f00::/16', 'segment routing SIDs'],
  // Before fc00::/7, which contains it: first match names the range, and this name says more.
  ['fd00:ec2::254/128', 'cloud metadata service'],
  ['fc00::/7', 'unique local (ULA)'],
  ['fe80::/10', 'link-local'],
  ['fec0::/10', 'deprecated site-local'],
  ['ff00::/8', 'multicast'],
  // Anything outside global unicast 2000::/3 is not assigned for public use.
];

/**
 * Parse an IPv4 host the way the URL standard does: 1–4 parts, each decimal, octal (leading 0) or
 * hex (0x); the last part fills the remaining bytes. Returns the 32-bit value or undefined.
 */
export function parseIpv4Loose(host: string): number | undefined {
  let h = host;
  if (h.endsWith('.')) h = h.slice(0, -1);
  const parts = h.split('.');
  if (parts.length === 0 || parts.length > 4 || parts.some((p) => p === '')) return undefined;
  const nums: number[] = [];
  for (const part of parts) {
    let n: number;
    if (/^0x[0-9a-f]*$/i.test(part)) n = part.length === 2 ? 0 : parseInt(part.slice(2), 16);
    else if (/^0[0-7]+$/.test(part)) n = parseInt(part.slice(1), 8);
    else if (/^(0|[1-9][0-9]*)$/.test(part)) n = parseInt(part, 10);
    else return undefined;
    if (!Number.isFinite(n)) return undefined;
    nums.push(n);
  }
  const last = nums.pop()!;
  if (nums.some((n) => n > 255)) return undefined;
  if (last >= 256 ** (4 - nums.length)) return undefined;
  let value = last;
  nums.forEach((n, i) => {
    value += n * 256 ** (3 - i);
  });
  return value;
}

export const formatIpv4 = (v: number): string =>
  [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join('.');

/**
 * If `host` is an IP literal in any spelling (brackets, trailing dot, numeric IPv4 forms), return its
 * canonical form; otherwise undefined (it is a name).
 */
export function parseIpLiteral(host: string): string | undefined {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  const zone = h.indexOf('%');
  if (zone >= 0) h = h.slice(0, zone);
  if (isIP(h) === 6) return expandIpv6(h).join(':');
  if (/^[0-9a-fx.]+$/.test(h) && /[0-9]/.test(h)) {
    const v4 = parseIpv4Loose(h);
    if (v4 !== undefined) return formatIpv4(v4);
  }
  return undefined;
}

/** Eight 16-bit groups in lower-case hex without leading zeros. */
export function expandIpv6(address: string): string[] {
  let a = address.toLowerCase();
  // Trailing embedded IPv4 (::ffff:127.0.0.1) becomes two groups.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (v4) {
    const n = parseIpv4Loose(v4[1]!)!;
    a = a.slice(0, -v4[1]!.length) + `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail] = a.includes('::') ? a.split('::') : [a, undefined];
  const headParts = head ? head.split(':').filter((p) => p !== '') : [];
  const tailParts = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const fill = tail === undefined ? [] : new Array(8 - headParts.length - tailParts.length).fill('0');
  return [...headParts, ...fill, ...tailParts].map((g) => parseInt(g, 16).toString(16));
}

function ipv6ToBigInt(groups: string[]): bigint {
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

function inV4Cidr(value: number, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const prefix = Number(bits);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return ((value & mask) >>> 0) === ((parseIpv4Loose(base!)! & mask) >>> 0);
}

function inV6Cidr(value: bigint, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const prefix = BigInt(bits!);
  const shift = 128n - prefix;
  return value >> shift === ipv6ToBigInt(expandIpv6(base!)) >> shift;
}

/**
 * IPv6 forms that carry an IPv4 address a packet may end up at: IPv4-mapped (::ffff:a.b.c.d),
 * IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::/96 and the local-use 64:ff9b:1::/48), 6to4
 * (2002::/16) and Teredo (2001::/32, client address inverted).
 */
function embeddedIpv4(groups: string[]): { v4: number; via: string } | undefined {
  const g = groups.map((x) => parseInt(x, 16));
  const low32 = ((g[6]! << 16) | g[7]!) >>> 0;
  const zeros = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeros(5) && g[5] === 0xffff) return { v4: low32, via: 'IPv4-mapped IPv6' };
  if (zeros(6) && low32 > 1) return { v4: low32, via: 'IPv4-compatible IPv6' };
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return { v4: low32, via: 'NAT64' };
  if (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 1) return { v4: low32, via: 'NAT64 (local-use)' };
  if (g[0] === 0x2002) return { v4: ((g[1]! << 16) | g[2]!) >>> 0, via: '6to4' };
  if (g[0] === 0x2001 && g[1] === 0) return { v4: ~low32 >>> 0, via: 'Teredo' };
  return undefined;
}

/** Classify one address (any spelling). Unparseable input is refused. */
export function classifyAddress(input: string): AddressVerdict {
  const canonical = parseIpLiteral(input);
  if (!canonical) return { allowed: false, range: 'not an IP address', address: input };
  if (!canonical.includes(':')) {
    const v = parseIpv4Loose(canonical)!;
    const hit = V4_RANGES.find(([cidr]) => inV4Cidr(v, cidr));
    return hit ? { allowed: false, range: hit[1], address: canonical } : { allowed: true, address: canonical };
  }
  const groups = expandIpv6(canonical);
  const embedded = embeddedIpv4(groups);
  if (embedded) {
    const inner = classifyAddress(formatIpv4(embedded.v4));
    if (!inner.allowed) return { allowed: false, range: `${inner.range} via ${embedded.via}`, address: canonical };
    // A public IPv4 reached through a translator is as public as the IPv4 itself (Teredo stays refused: 2001::/23).
    if (embedded.via !== 'Teredo') return { allowed: true, address: canonical };
  }
  const value = ipv6ToBigInt(groups);
  const hit = V6_RANGES.find(([cidr]) => inV6Cidr(value, cidr));
  if (hit) return { allowed: false, range: hit[1], address: canonical };
  if (!inV6Cidr(value, '2000::/3')) return { allowed: false, range: 'reserved (outside global unicast)', address: canonical };
  return { allowed: true, address: canonical };
}

/** Does the address fall in one of the allow-list entries (address or CIDR)? */
export function inAllowList(address: string, allowList: readonly string[]): boolean {
  const canonical = parseIpLiteral(address);
  if (!canonical) return false;
  return allowList.some((entry) => {
    const [base, bits] = entry.split('/');
    const baseCanon = parseIpLiteral(base ?? '');
    if (!baseCanon) return false;
    const v6 = canonical.includes(':');
    if (v6 !== baseCanon.includes(':')) return false;
    if (!v6) return inV4Cidr(parseIpv4Loose(canonical)!, `${baseCanon}/${bits ?? 32}`);
    return inV6Cidr(ipv6ToBigInt(expandIpv6(canonical)), `${baseCanon}/${bits ?? 128}`);
  });
}

/** The decision the network layer acts on. */
export function checkTargetAddress(address: string, options: TargetPolicyOptions = {}): AddressVerdict {
  const verdict = classifyAddress(address);
  if (verdict.allowed || verdict.range === 'not an IP address') return verdict;
  if (options.allowPrivate || inAllowList(verdict.address, options.allowList ?? [])) {
    return { ...verdict, allowed: true };
  }
  return verdict;
}

/** Names that always mean this machine, whatever DNS says. */
export function isLocalName(host: string): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return h === 'localhost' || h.endsWith('.localhost') || h === 'localhost.localdomain';
}
