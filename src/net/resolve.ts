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
import type { Socket } from 'node:net';
import type { ConnectRace } from '../model/ipv6.js';
import { happyEyeballsOrder, type RaceOutcome } from './happy-eyeballs.js';

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
  /**
   * The scan's own host: the first connection to it races its addresses (happy-eyeballs.ts) and the
   * winner is pinned for the rest of the scan. Other names (and a name with one address) pin the first
   * allowed address, as before.
   */
  happyEyeballs?: { host: string; race(addresses: readonly string[], port: number): Promise<RaceOutcome> };
}

/** How long a race's winning socket waits for the connection that asked for it before it is closed. */
const PARKED_SOCKET_MS = 5_000;

export class PinnedResolver {
  private readonly cache = new Map<string, Promise<string>>();
  private readonly allowedCache = new Map<string, Promise<string[]>>();
  /** Every address a name resolved to, for the evidence. */
  readonly seen = new Map<string, string[]>();
  /** The Happy Eyeballs race per name (the scan's host only), for the evidence. */
  readonly races = new Map<string, ConnectRace>();
  /** Ports a race found nothing on, per cache key: a connection to another port of the host races again. */
  private readonly noWinner = new Map<string, Set<number>>();
  /** A race's winning socket per `address:port`, kept for the connection that started the race. */
  private readonly parked = new Map<string, { socket: Socket; timer: NodeJS.Timeout }>();

  constructor(private readonly options: PinnedResolverOptions = {}) {}

  /** The pinned address for host (and port, for curl-style pins). Throws TargetRefusedError. */
  resolve(host: string, port?: number): Promise<string> {
    const name = normalise(host);
    const pin = this.findPin(name, port);
    const key = pin ? `${name}:${String(pin.port)}` : name;
    let pending = this.cache.get(key);
    const he = this.options.happyEyeballs;
    // The scanned host without a port cannot be raced: answer without pinning, so that the first
    // connection (which has a port) still races.
    if (he?.host === name && port === undefined && !pending) return this.settled(host);
    const tried = this.noWinner.get(key);
    const raceAgain = he?.host === name && port !== undefined && tried !== undefined && !tried.has(port);
    if (!pending || raceAgain) {
      pending = he?.host === name && port !== undefined ? this.race(key, name, pin, port) : this.allowed(key, name, pin).then((a) => a[0]!);
      this.cache.set(key, pending);
    }
    return pending;
  }

  /**
   * Every address of host the policy allows, in the order connections would try them (IPv6 first,
   * families alternating); throws TargetRefusedError when none is allowed. Opens no socket.
   */
  async addresses(host: string, port?: number): Promise<string[]> {
    const name = normalise(host);
    const pin = this.findPin(name, port);
    return happyEyeballsOrder(await this.allowed(pin ? `${name}:${String(pin.port)}` : name, name, pin));
  }

  /**
   * The address the scan settled on without connecting anywhere: the race's winner when a race ran,
   * else what `resolve` pinned, else the first address in connection order.
   */
  async settled(host: string, port?: number): Promise<string> {
    const name = normalise(host);
    const pin = this.findPin(name, port);
    const pending = this.cache.get(pin ? `${name}:${String(pin.port)}` : name);
    if (pending) return pending;
    return (await this.addresses(host, port))[0]!;
  }

  /** The race's winning socket to address:port, once; undefined when there is none (any later connection). */
  takeParked(address: string, port: number): Socket | undefined {
    const key = `${address}|${port}`;
    const entry = this.parked.get(key);
    if (!entry) return undefined;
    this.parked.delete(key);
    clearTimeout(entry.timer);
    return entry.socket.destroyed ? undefined : entry.socket;
  }

  /** Close parked sockets nobody took (the scan ended, or ran no HTTP probe). */
  dispose(): void {
    for (const { socket, timer } of this.parked.values()) {
      clearTimeout(timer);
      socket.destroy();
    }
    this.parked.clear();
  }

  private allowed(key: string, name: string, pin: ResolvePin | undefined): Promise<string[]> {
    let pending = this.allowedCache.get(key);
    if (!pending) {
      pending = this.resolveUncached(name, pin);
      this.allowedCache.set(key, pending);
    }
    return pending;
  }

  private async race(key: string, name: string, pin: ResolvePin | undefined, port: number): Promise<string> {
    const addresses = happyEyeballsOrder(await this.allowed(key, name, pin));
    // One address: nothing to choose between, and its connection is made by whoever asked.
    if (addresses.length < 2) return addresses[0]!;
    const { race, socket } = await this.options.happyEyeballs!.race(addresses, port);
    this.races.set(name, race);
    if (!socket || !race.winner) {
      // No address answered on this port: keep the preferred one (its connection fails with the
      // site's own error, in words), and let a connection to another port of the host race again.
      this.noWinner.set(key, new Set([...(this.noWinner.get(key) ?? []), port]));
      return addresses[0]!;
    }
    this.noWinner.delete(key);
    socket.on('error', () => undefined);
    const parkKey = `${race.winner}|${port}`;
    this.parked.get(parkKey)?.socket.destroy();
    const timer = setTimeout(() => this.takeParked(race.winner!, port)?.destroy(), PARKED_SOCKET_MS);
    timer.unref();
    this.parked.set(parkKey, { socket, timer });
    return race.winner;
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

  private async resolveUncached(name: string, pin: ResolvePin | undefined): Promise<string[]> {
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
    return verdicts.filter((v) => v.allowed).map((v) => canonicalAddress(v.address));
  }
}

/** An IPv6 address in its RFC 5952 text form (`::1`, not the policy's eight groups), as connections and reports show it. */
export function canonicalAddress(address: string): string {
  return address.includes(':') ? new URL(`http://[${address}]/`).hostname.slice(1, -1) : address;
}

function normalise(host: string): string {
  return host.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
}
