/**
 * Protocol support and cipher-suite enumeration with the raw prober. A version counts as supported
 * only when the server answers with a ServerHello for exactly that version; alerts, closes and
 * downgrades all mean "not this version". Suites are found by offering every suite, removing the
 * one the server picked, and repeating, in a few parts side by side (see enumerateSuites).
 */
import { SSL2_CIPHER_KINDS, TLS12_SUITE_IDS, TLS13_SUITE_IDS, suiteInfo } from '../../net/tls/cipher-suites.js';
import { VERSION_CODES } from '../../net/tls/client-hello.js';
import type { HelloOutcome } from '../../net/tls/hello-exchange.js';
import type { RawTlsProber } from '../../net/tls/raw-prober.js';
import type { ProtocolResult, ProtocolSuites, SuiteResult, TlsProtocol } from '../../model/tls.js';

/** No real server accepts this many suites on one version; past it the answers are not believable. */
const MAX_SUITES_PER_VERSION = 200;

export interface ProtocolProbe {
  result: ProtocolResult;
  outcome: HelloOutcome;
}

export function offerFor(protocol: TlsProtocol): readonly number[] {
  return protocol === 'TLSv1.3' ? TLS13_SUITE_IDS : TLS12_SUITE_IDS;
}

export async function probeProtocol(prober: RawTlsProber, protocol: TlsProtocol): Promise<ProtocolProbe> {
  // The heartbeat extension rides on the TLS 1.0–1.2 hellos sent anyway: its echo says whether Heartbleed's test is needed.
  const heartbeat = protocol === 'TLSv1.0' || protocol === 'TLSv1.1' || protocol === 'TLSv1.2';
  const outcome = await prober.hello({ version: protocol, cipherSuites: offerFor(protocol), heartbeat });
  return { result: { protocol, supported: supportedFrom(protocol, outcome), answer: describeOutcome(outcome) }, outcome };
}

function supportedFrom(protocol: TlsProtocol, outcome: HelloOutcome): boolean | null {
  switch (outcome.kind) {
    case 'sslv2_server_hello':
      return protocol === 'SSLv2' ? outcome.cipherKinds.length > 0 : false;
    case 'server_hello':
      if (protocol === 'SSLv2') return false;
      if (outcome.version !== VERSION_CODES[protocol]) return false;
      return offerFor(protocol).includes(outcome.cipherSuite) ? true : null;
    case 'alert':
    case 'closed':
      return false;
    case 'invalid':
      // A TLS-only server answering an SSLv2 hello with garbage is still "no SSLv2".
      return protocol === 'SSLv2' ? false : null;
    default:
      return null;
  }
}

export function describeOutcome(outcome: HelloOutcome): string {
  switch (outcome.kind) {
    case 'server_hello': {
      const what = outcome.helloRetryRequest ? 'HelloRetryRequest' : 'ServerHello';
      return `${what} ${outcome.versionName ?? `0x${outcome.version.toString(16)}`} ${suiteInfo(outcome.cipherSuite).name}`;
    }
    case 'server_flight':
      return `${describeOutcome({ ...outcome.hello, elapsedMs: outcome.elapsedMs })}${outcome.dh ? ' with a DHE ServerKeyExchange' : outcome.note ? ` (${outcome.note})` : ''}`;
    case 'sslv2_server_hello':
      return `SSLv2 SERVER-HELLO with ${outcome.cipherKinds.length} cipher kinds`;
    case 'alert':
      return `alert ${outcome.description} ${outcome.name}`;
    case 'invalid':
      return `not a TLS answer: ${outcome.reason}`;
    case 'plain_http':
      return `answered in plain HTTP ("${outcome.statusLine}"), not TLS`;
    case 'closed':
      return outcome.bytesReceived > 0 ? `connection closed after ${outcome.bytesReceived} bytes` : 'connection closed without an answer';
    case 'timeout':
      return `no answer within the time limit (${outcome.bytesReceived} bytes received)`;
    case 'too_large':
      return `more than ${outcome.bytesReceived} bytes without a ServerHello`;
    case 'connect_error':
      return `connection failed: ${outcome.code}`;
  }
}

export function suiteResult(id: number): SuiteResult {
  const s = suiteInfo(id);
  return { id: s.id, hex: s.hex, name: s.name, kx: s.kx, auth: s.auth, enc: s.enc, bits: s.bits, mac: s.mac, flags: [...s.flags] };
}

function sslv2Suites(kinds: number[]): SuiteResult[] {
  return kinds.map((kind) => {
    const name = SSL2_CIPHER_KINDS.get(kind) ?? `SSL_CK_UNKNOWN_0x${kind.toString(16)}`;
    const flags = [/RC4/.test(name) && 'rc4', /EXPORT/.test(name) && 'export', /EDE3/.test(name) && '3des', /DES_64/.test(name) && 'des']
      .filter((f): f is string => Boolean(f));
    if (/CBC/.test(name)) flags.push('cbc');
    const bits = /EXPORT40/.test(name) ? 40 : /DES_64/.test(name) ? 56 : /EDE3/.test(name) ? 112 : 128;
    return { id: kind, hex: `0x${kind.toString(16).padStart(6, '0')}`, name, kx: 'RSA', auth: 'RSA', enc: name, bits, mac: 'MD5', flags };
  });
}

/** TLS 1.2 suites start in this many interleaved parts, enumerated side by side. */
export const ENUMERATION_PARTS = 6;
/**
 * A part that finds a suite splits (in two, or more while connections are idle), so the suites still
 * to find do not queue behind each other in one part; each part costs one refused hello at its end,
 * so a version never has more than this many.
 */
export const MAX_ENUMERATION_PARTS = 12;
/**
 * TLS 1.1 and older start in 2 parts and split up to 4: every part costs a refused hello, those
 * versions' lists are shorter, and a server that still speaks them is often one that handles one
 * connection at a time, where only the number of hellos counts.
 */
const LEGACY_PARTS = 2;
const LEGACY_MAX_PARTS = 4;
/** Up to this many candidate suites (TLS 1.3 has five) the ranking chain alone enumerates them. */
const CHAIN_ONLY_UP_TO = 8;

export interface EnumerationHooks {
  /** Hears each accepted suite as it is found (the probe starts follow-up handshakes from it). */
  onAccepted?: (id: number) => void;
  /** Connections the caller could open right now without queueing; a part that finds a suite splits into that many more pieces (at least one). */
  idleSlots?: () => number;
}

/**
 * All suites `protocol` accepts. `first` is the protocol pass's answer to the full offer: its suite is
 * the server's first choice. Two kinds of worker find the others, side by side:
 * - the ranking chain (rankInServerOrder) offers everything not yet ranked, so its answers come in the
 *   server's order when the server imposes one, and its first answer tells whether it does;
 * - interleaved parts of the offer, each offering its part, removing the suite chosen and repeating;
 *   a part that finds a suite splits in two, or into more pieces while connections are idle (up to
 *   MAX_ENUMERATION_PARTS parts in all), so the suites found do not queue behind each other in one
 *   part.
 * A suite found by either is dropped from the parts' offers, so parts never find a suite twice (the
 * chain may confirm one a part found: it may be the next in the server's order).
 * Cost: one hello per accepted suite, one per part (its last, refused offer) and one to ask about the
 * order; the critical path is the longest part, not the whole list. A short candidate list (TLS 1.3)
 * is left to the chain alone. `shouldStop` lets the caller end early (deadline, budget); the result
 * then says it is incomplete.
 */
export async function enumerateSuites(
  prober: RawTlsProber,
  protocol: TlsProtocol,
  first: HelloOutcome,
  shouldStop: () => string | undefined,
  { onAccepted, idleSlots = () => 1 }: EnumerationHooks = {},
): Promise<ProtocolSuites> {
  if (protocol === 'SSLv2') {
    const kinds = first.kind === 'sslv2_server_hello' ? first.cipherKinds : [];
    return { protocol, suites: sslv2Suites(kinds), serverPreference: null, complete: true };
  }
  let note: string | undefined;
  const stopWith = (why: string) => {
    note ??= why;
  };
  /** A ServerHello for this version with an offered suite, or undefined after recording why not. */
  const acceptedFrom = (outcome: HelloOutcome, offered: readonly number[]): number | undefined => {
    if (outcome.kind !== 'server_hello' || outcome.version !== VERSION_CODES[protocol]) {
      // An alert or close means "nothing else acceptable" in what was offered.
      if (!['alert', 'closed', 'server_hello'].includes(outcome.kind)) stopWith(`enumeration stopped: ${describeOutcome(outcome)}`);
      return undefined;
    }
    if (!offered.includes(outcome.cipherSuite)) {
      stopWith(`server chose ${suiteInfo(outcome.cipherSuite).name}, which was not offered`);
      return undefined;
    }
    return outcome.cipherSuite;
  };

  const offer = offerFor(protocol);
  const top = acceptedFrom(first, offer);
  if (top === undefined) return { protocol, suites: [], serverPreference: null, complete: note === undefined, ...(note ? { note } : {}) };
  onAccepted?.(top);
  const rest = offer.filter((id) => id !== top);
  /** Every accepted suite but the first, once, in the order found. */
  const found = new Set<number>();
  /**
   * One hello offering `candidates`, less what is already found unless `all` (the ranking chain must
   * offer a suite a part found: it may be the next in the server's order); the suite it finds, if any.
   */
  const ask = async (candidates: readonly number[], all = false): Promise<number | undefined> => {
    const offered = all ? candidates : candidates.filter((id) => !found.has(id));
    if (offered.length === 0 || note !== undefined) return undefined;
    if (found.size + 1 >= MAX_SUITES_PER_VERSION) return void stopWith(`stopped after ${found.size + 1} accepted suites`);
    const stop = shouldStop();
    if (stop) return void stopWith(stop);
    let outcome: HelloOutcome;
    try {
      outcome = await prober.hello({ version: protocol, cipherSuites: offered });
    } catch (err) {
      return void stopWith(`enumeration stopped: ${(err as Error).message}`);
    }
    const id = acceptedFrom(outcome, offered);
    if (id !== undefined && !found.has(id)) {
      found.add(id);
      onAccepted?.(id);
    }
    return id;
  };

  /** One hello that only asks which of `offered` (all known to be accepted) the server prefers. */
  const choose = async (offered: readonly number[]): Promise<number | undefined> => {
    if (note !== undefined || shouldStop()) return undefined;
    try {
      const outcome = await prober.hello({ version: protocol, cipherSuites: offered });
      if (outcome.kind === 'server_hello' && outcome.version === VERSION_CODES[protocol] && offered.includes(outcome.cipherSuite)) return outcome.cipherSuite;
    } catch {
      /* budget or cancellation: the order stays unknown */
    }
    return undefined;
  };

  const legacy = protocol !== 'TLSv1.2' && protocol !== 'TLSv1.3';
  const maxParts = legacy ? LEGACY_MAX_PARTS : MAX_ENUMERATION_PARTS;
  let parts = 0;
  const enumeratePart = async (part: number[]): Promise<void> => {
    parts++;
    const spawned: Promise<void>[] = [];
    try {
      for (let id = await ask(part); id !== undefined; id = await ask(part)) {
        part = part.filter((x) => !found.has(x));
        const pieces = Math.min(part.length, 1 + Math.min(Math.max(1, idleSlots()), maxParts - parts));
        if (pieces >= 2) {
          for (let k = 1; k < pieces; k++) spawned.push(enumeratePart(part.filter((_, j) => j % pieces === k)));
          part = part.filter((_, j) => j % pieces === 0);
        }
      }
    } finally {
      await Promise.all(spawned);
    }
  };
  const chainOnly = rest.length <= CHAIN_ONLY_UP_TO;
  const count = chainOnly ? 0 : Math.min(legacy ? LEGACY_PARTS : ENUMERATION_PARTS, rest.length);
  const [ranking] = await Promise.all([
    rankInServerOrder(ask, choose, top, rest, chainOnly ? Infinity : MAX_ORDER_STEPS),
    ...Array.from({ length: count }, (_, i) => enumeratePart(rest.filter((_, j) => j % count === i))),
  ]);
  const serverPreference = ranking.serverPreference;
  // A server that follows the client's order would pick the rest in our offer's order. One that
  // imposes its own: the chain's suites in its order, then the rest as found.
  let others = [...found];
  let orderNote: string | undefined;
  if (serverPreference === false) others = rest.filter((id) => found.has(id));
  if (serverPreference === true) {
    others = [...ranking.order, ...others.filter((id) => !ranking.order.includes(id))];
    if (others.length > ranking.order.length) {
      orderNote = `the server orders suites itself; the first ${ranking.order.length + 1} are in its order, the rest as found`;
    }
  }
  return {
    protocol,
    suites: [top, ...others].map(suiteResult),
    serverPreference,
    complete: note === undefined,
    ...(note ? { note } : {}),
    ...(orderNote ? { orderNote } : {}),
  };
}

/**
 * How many suites after the first the ranking chain puts in the server's order. Each step is one
 * sequential hello (two round trips) that runs beside the enumeration; past this many the rest stays
 * as found and the evidence says so. The checks read only the first suite and whether the server
 * imposes its order; a full order of a long list would cost more than everything else the probe does.
 */
export const MAX_ORDER_STEPS = 2;

/**
 * The ranking chain: offer every suite not yet found; what the server picks is its next choice if it
 * imposes its order. After its first answer, ask whether it does — offer that suite before the
 * favourite: a server that still picks its favourite orders suites itself, one that takes the first
 * offered follows the client's order (the chain's suites are then only suites found, not ranks). The
 * next step goes out with that question; the chain goes on for `steps` suites or until refused.
 */
async function rankInServerOrder(
  ask: (candidates: readonly number[], all: boolean) => Promise<number | undefined>,
  choose: (offered: readonly number[]) => Promise<number | undefined>,
  top: number,
  rest: readonly number[],
  steps: number,
): Promise<{ serverPreference: boolean | null; order: number[] }> {
  const order: number[] = [];
  const unranked = () => rest.filter((id) => !order.includes(id));
  const second = await ask(unranked(), true);
  if (second === undefined) return { serverPreference: null, order };
  order.push(second);
  const [favourite, next] = await Promise.all([choose([second, top]), steps > 1 ? ask(unranked(), true) : undefined]);
  if (next !== undefined) order.push(next);
  while (next !== undefined && order.length < steps) {
    const more = await ask(unranked(), true);
    if (more === undefined) break;
    order.push(more);
  }
  return { serverPreference: favourite === undefined ? null : favourite === top, order };
}
