/**
 * Name resolution for one scan: each name is resolved once and the chosen address is pinned for every
 * later connection, so a target cannot answer DNS differently between the policy check and the
 * connection (DNS rebinding). `--resolve HOST:PORT:ADDR` pins (curl's syntax) take precedence.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { domainToASCII } from 'node:url';
import { TargetRefusedError, NetError } from './errors.js';
import { describeDnsFailure } from './error-words.js';
import { InputError } from './target-input.js';
import { checkTargetAddress, isLocalName, parseIpLiteral, type TargetPolicyOptions } from './target-policy.js';

export interface ResolvePin {
  host: string;
  /** Port the pin applies to; curl requires one, `*` is accepted for any port. */
  port: number | '*';
  addresses: string[];
}

/** Parse one curl-style `HOST:PORT:ADDR[,ADDR…]` entry; IPv6 addresses may be bracketed. */
export function parseResolveEntry(entry: string): ResolvePin {
  const m = /^([^:\s]+):(\d{1,5}|\*):(.+)$/.exec(entry.trim());
  if (!m) throw new InputError(`--resolve expects HOST:PORT:ADDRESS, got '${entry}'`);
  const port = m[2] === '*' ? '*' : Number(m[2]);
  if (port !== '*' && (port < 1 || port > 65535)) throw new InputError(`--resolve: bad port in '${entry}'`);
  const addresses = m[3]!.split(',').map((a) => {
    const literal = parseIpLiteral(a.trim());
    if (!literal) throw new InputError(`--resolve: '${a}' is not an IP address`);
    return literal;
  });
  // The target's host is in its ASCII (punycode) form, as the URL parser gives it: a pin written in
  // Unicode must be compared in that form too, or it never matches and the name goes to the system
  // resolver — a leak for anyone who pins names to keep traffic local.
  const host = domainToASCII(m[1]!.replace(/\.$/, ''));
  if (!host) throw new InputError(`--resolve: '${m[1]!}' is not a valid host name`);
  return { host, port, addresses };
}

/**
 * Pins grouped by host, once per pin list: a batch shares one list of up to thousands of names across
 * all its scans, and every request looks a name up.
 */
const pinIndex = new WeakMap<readonly ResolvePin[], Map<string, ResolvePin[]>>();
function pinsByHost(pins: readonly ResolvePin[]): Map<string, ResolvePin[]> {
  let index = pinIndex.get(pins);
  if (!index) {
    index = new Map();
    for (const p of pins) index.set(p.host, [...(index.get(p.host) ?? []), p]);
    pinIndex.set(pins, index);
  }
  return index;
}

export type LookupFn = (host: string) => Promise<string[]>;

const systemLookup: LookupFn = async (host) =>
  (await dnsLookup(host, { all: true, verbatim: true })).map((a) => a.address);

export interface PinnedResolverOptions extends TargetPolicyOptions {
  pins?: ResolvePin[];
  /** Injected for tests; defaults to the system resolver (getaddrinfo). */
  lookup?: LookupFn;
}

export class PinnedResolver {
  private readonly cache = new Map<string, Promise<string>>();
  /** Every address a name resolved to, for the evidence. */
  readonly seen = new Map<string, string[]>();

  constructor(private readonly options: PinnedResolverOptions = {}) {}

  /** The pinned address for host (and port, for curl-style pins). Throws TargetRefusedError. */
  resolve(host: string, port?: number): Promise<string> {
    const name = host.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
    const pin = this.findPin(name, port);
    const key = pin ? `${name}:${String(pin.port)}` : name;
    let pending = this.cache.get(key);
    if (!pending) {
      pending = this.resolveUncached(name, pin);
      this.cache.set(key, pending);
    }
    return pending;
  }

  private findPin(name: string, port?: number): ResolvePin | undefined {
    const pins = pinsByHost(this.options.pins ?? []).get(name) ?? [];
    return (
      pins.find((p) => p.host === name && p.port === port) ??
      pins.find((p) => p.host === name && p.port === '*') ??
      // A pin names a host for the scan: other ports of the same host use the same address.
      pins.find((p) => p.host === name)
    );
  }

  private async resolveUncached(name: string, pin: ResolvePin | undefined): Promise<string> {
    const literal = parseIpLiteral(name);
    let addresses: string[];
    if (pin) addresses = pin.addresses;
    else if (literal) addresses = [literal];
    else {
      if (isLocalName(name) && !this.options.allowPrivate && !(this.options.allowList?.length)) {
        throw new TargetRefusedError(`${name} is a local name; scanning this machine is refused (use --allow-private)`);
      }
      if (isLocalName(name)) {
        // RFC 6761: localhost names mean this machine whatever DNS says, and are never sent to DNS.
        addresses = ['127.0.0.1', '::1'];
      } else {
        try {
          addresses = await (this.options.lookup ?? systemLookup)(name);
        } catch (error) {
          const { code = 'ENOTFOUND', dnsServers, missingName } = error as { code?: string; dnsServers?: string; missingName?: string };
          // Through named servers (not getaddrinfo) an NXDOMAIN is exact: say which name and which server.
          const words =
            code === 'ENOTFOUND' && dnsServers && missingName
              ? `${missingName === name ? 'the name' : `its alias target ${missingName}`} does not exist (NXDOMAIN) at ${dnsServers}`
              : `${describeDnsFailure(code)}${dnsServers ? ` (asked ${dnsServers})` : ''}`;
          throw new NetError('DNS_FAILED', `could not resolve ${name}: ${words}`, { cause: error });
        }
      }
      if (addresses.length === 0) throw new NetError('DNS_FAILED', `${name} has no addresses`);
    }
    this.seen.set(name, addresses);
    const verdicts = addresses.map((a) => checkTargetAddress(a, this.options));
    const allowed = verdicts.find((v) => v.allowed);
    if (!allowed) {
      const v = verdicts[0]!;
      const via = literal ? '' : ` (${name} resolves to ${v.address})`;
      throw new TargetRefusedError(
        `refusing to scan ${v.address}${via}: ${v.range} address; pass --allow-private to scan it`,
      );
    }
    return allowed.address;
  }
}
