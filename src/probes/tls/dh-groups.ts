/**
 * Finite-field Diffie-Hellman as every client sees it. A raw hello offering only DHE suites, whose
 * supported_groups lists no RFC 7919 group (ffdhe2048–8192), gets the group the server is configured
 * with, the one every client that predates RFC 7919 receives; the server's flight is read up to its
 * ServerKeyExchange to take p, g and the public value. When that hello gets a DHE group, a second one
 * listing ffdhe2048–8192 shows what a client knowing RFC 7919 gets. A node:tls handshake cannot ask
 * the first question: OpenSSL always lists the ffdhe groups, so a server that negotiates them would
 * hide a 1024-bit fallback group.
 */
import { CIPHER_SUITES, suiteInfo } from '../../net/tls/cipher-suites.js';
import type { HelloOutcome } from '../../net/tls/hello-exchange.js';
import type { RawTlsProber } from '../../net/tls/raw-prober.js';
import type { DhClientView, DhGroupsEvidence, TlsProtocol } from '../../model/tls.js';
import { describeOutcome } from './protocols.js';

/** RFC 7919 ffdhe2048, 3072, 4096, 6144, 8192. */
export const FFDHE_GROUPS: readonly number[] = [0x0100, 0x0101, 0x0102, 0x0103, 0x0104];
/** Elliptic-curve groups only: what a client that predates RFC 7919 lists. */
const EC_GROUPS: readonly number[] = [0x001d, 0x0017, 0x0018, 0x0019, 0x001e];

/**
 * Every DHE suite we know except EXPORT ones (their 512-bit groups are weak_cipher_export's business)
 * and anonymous ones (no client a site serves offers them).
 */
export const DHE_SUITES: readonly number[] = [...CIPHER_SUITES.values()]
  .filter((s) => s.kx === 'DHE' && s.auth !== 'anon' && !s.flags.includes('export'))
  .map((s) => s.id);

async function view(prober: RawTlsProber, version: Exclude<TlsProtocol, 'SSLv2' | 'TLSv1.3'>, groups: readonly number[]): Promise<DhClientView> {
  let outcome: HelloOutcome;
  try {
    outcome = await prober.hello({ version, cipherSuites: DHE_SUITES, groups, readFlight: true });
  } catch (err) {
    return { group: null, answer: `not asked: ${(err as Error).message}` };
  }
  const answer = describeOutcome(outcome);
  if (outcome.kind !== 'server_flight' || !outcome.dh) return { group: null, answer };
  const { p, g, ys } = outcome.dh;
  const pHex = hex(p);
  return {
    group: {
      p: pHex,
      g: hex(g),
      bits: pHex === '' ? 0 : BigInt(`0x${pHex}`).toString(2).length,
      publicValueBytes: ys.length,
      suite: suiteInfo(outcome.hello.cipherSuite).name,
      protocol: outcome.hello.versionName && outcome.hello.versionName !== 'SSLv2' ? outcome.hello.versionName : version,
    },
    answer,
  };
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex').replace(/^(00)+/, '').replace(/^0/, '');
}

/** `version`: the best TLS ≤ 1.2 version the server speaks. Two hellos at most, one after the other. */
export async function probeDhGroups(prober: RawTlsProber, version: Exclude<TlsProtocol, 'SSLv2' | 'TLSv1.3'>): Promise<DhGroupsEvidence> {
  const legacy = await view(prober, version, EC_GROUPS);
  // SSL 3.0 hellos carry no extensions, so there is no RFC 7919 offer to make.
  if (!legacy.group || version === 'SSLv3') return { legacy, rfc7919: null };
  return { legacy, rfc7919: await view(prober, version, [...FFDHE_GROUPS, ...EC_GROUPS]) };
}

type DhVersion = Exclude<TlsProtocol, 'SSLv2' | 'TLSv1.3'>;

/**
 * Starts the DH hellos only where they can learn something: once a DHE suite is accepted on some
 * TLS ≤ 1.2 version (a suite the enumeration finds, the protocol pass's first choice included) and the
 * best such version is known. A server that accepts no DHE suite costs no hello.
 */
export class DhGroupsProbe {
  private version: DhVersion | undefined;
  private dheAccepted = false;
  private started: Promise<DhGroupsEvidence> | undefined;

  constructor(private readonly prober: RawTlsProber) {}

  /** The best TLS ≤ 1.2 version the server speaks: TLS 1.2 the moment it answers, an older one once the protocol pass is in. */
  setVersion(version: TlsProtocol): void {
    if (version === 'SSLv2' || version === 'TLSv1.3') return;
    this.version ??= version;
    this.start();
  }

  /** The enumeration accepted `id` on `protocol`. */
  onAccepted(protocol: TlsProtocol, id: number): void {
    if (protocol === 'SSLv2' || protocol === 'TLSv1.3' || !DHE_SUITES.includes(id)) return;
    this.dheAccepted = true;
    this.start();
  }

  /** Call once the enumerations are done: null when no DHE suite was accepted. */
  result(): Promise<DhGroupsEvidence> | null {
    return this.started ?? null;
  }

  private start(): void {
    if (this.version && this.dheAccepted) this.started ??= probeDhGroups(this.prober, this.version);
  }
}

/** Smallest group any client got: the `dhBits` that weak_dh has always judged. */
export function smallestDhBits(groups: DhGroupsEvidence | null): number | null {
  const sizes = [groups?.legacy.group?.bits, groups?.rfc7919?.group?.bits].filter((b): b is number => b !== undefined);
  return sizes.length === 0 ? null : Math.min(...sizes);
}
