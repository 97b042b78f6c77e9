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
  const outcome = await prober.hello({ version: protocol, cipherSuites: offerFor(protocol) });
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

/** Suites of TLS 1.2 and older start in this many interleaved parts, enumerated side by side. */
export const ENUMERATION_PARTS = 4;
/** A part that finds a suite splits in two while fewer than this many run for the version. */
export const MAX_ENUMERATION_PARTS = 6;

/**
 * All suites `protocol` accepts. `first` is the protocol pass's answer to the full offer: its suite is
 * the server's first choice. The other suites are split into interleaved parts (TLS 1.3: one hello per
 * suite) enumerated side by side, each by offering the part, removing the suite chosen and repeating;
 * a part that finds a suite splits in two (up to MAX_ENUMERATION_PARTS), so the suites found do not
 * queue behind each other in one part. Cost: one hello per accepted suite plus one per part. The
 * critical path is the longest part, not the whole list. `shouldStop` lets the caller end early
 * (deadline, budget); the result then says it is incomplete.
 */
export async function enumerateSuites(
  prober: RawTlsProber,
  protocol: TlsProtocol,
  first: HelloOutcome,
  shouldStop: () => string | undefined,
  parts = ENUMERATION_PARTS,
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
  const rest = offer.filter((id) => id !== top);
  const single = protocol === 'TLSv1.3';
  const found: number[][] = [];
  let total = 1;
  let running = 0;
  // Whether the server imposes its order is asked as soon as a second suite is known.
  let preference: Promise<boolean | null> | undefined;

  const enumeratePart = async (part: number[]): Promise<void> => {
    const mine: number[] = [];
    found.push(mine);
    running++;
    const spawned: Promise<void>[] = [];
    try {
      while (part.length > 0 && note === undefined) {
        if (total >= MAX_SUITES_PER_VERSION) return stopWith(`stopped after ${total} accepted suites`);
        const stop = shouldStop();
        if (stop) return stopWith(stop);
        let outcome: HelloOutcome;
        try {
          outcome = await prober.hello({ version: protocol, cipherSuites: part });
        } catch (err) {
          return stopWith(`enumeration stopped: ${(err as Error).message}`);
        }
        const id = acceptedFrom(outcome, part);
        if (id === undefined) return;
        mine.push(id);
        total++;
        part.splice(part.indexOf(id), 1);
        preference ??= preferenceTest(prober, protocol, [top, id]);
        if (!single && part.length >= 2 && running < MAX_ENUMERATION_PARTS) {
          spawned.push(enumeratePart(part.filter((_, j) => j % 2 === 1)));
          part = part.filter((_, j) => j % 2 === 0);
        }
      }
    } finally {
      running--;
      await Promise.all(spawned);
    }
  };
  const count = single ? rest.length : Math.min(parts, rest.length);
  await Promise.all(Array.from({ length: count }, (_, i) => enumeratePart(rest.filter((_, j) => j % count === i))));
  const serverPreference = preference ? await preference : null;
  // A server that follows the client's order would pick the rest in our offer's order. One that
  // imposes its own gave each part in its order; the parts are merged by asking it to choose among
  // their heads (one hello per step, and only while two or more parts still hold suites).
  let others = found.flat();
  let orderNote: string | undefined;
  if (serverPreference === false) others = rest.filter((id) => found.some((f) => f.includes(id)));
  if (serverPreference === true) {
    const merged = await mergeInServerOrder(prober, protocol, found, shouldStop);
    others = merged.order;
    if (!merged.ordered) orderNote = `the server orders suites itself; the first ${MAX_ORDER_STEPS + 1} are in its order, the rest as found`;
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
 * Merging costs one sequential hello (two round trips) per step: past this many steps the rest stays
 * as found and the evidence says so. The checks read only the first suite and whether the server
 * imposes its order; a full order of a long list would cost more than everything else the probe does.
 */
export const MAX_ORDER_STEPS = 2;

/** Merge lists that are each in the server's order into one, by offering their heads. */
async function mergeInServerOrder(
  prober: RawTlsProber,
  protocol: TlsProtocol,
  lists: number[][],
  shouldStop: () => string | undefined,
): Promise<{ order: number[]; ordered: boolean }> {
  const queues = lists.filter((l) => l.length > 0).map((l) => [...l]);
  const out: number[] = [];
  for (let step = 0; queues.length > 1 && step < MAX_ORDER_STEPS && !shouldStop(); step++) {
    const heads = queues.map((q) => q[0]!);
    let chosen: number | undefined;
    try {
      const outcome = await prober.hello({ version: protocol, cipherSuites: heads });
      if (outcome.kind === 'server_hello' && heads.includes(outcome.cipherSuite)) chosen = outcome.cipherSuite;
    } catch {
      /* budget or cancellation: keep what is known */
    }
    if (chosen === undefined) break;
    const queue = queues.find((q) => q[0] === chosen)!;
    out.push(queue.shift()!);
    if (queue.length === 0) queues.splice(queues.indexOf(queue), 1);
  }
  // One part left (already in order), or the merge stopped: the rest as found.
  return { order: [...out, ...queues.flat()], ordered: queues.length <= 1 };
}

/**
 * Offer the server's first choice after another accepted suite: a server that still picks its
 * favourite orders suites itself; one that takes the other follows the client's order.
 */
async function preferenceTest(prober: RawTlsProber, protocol: TlsProtocol, [favourite, other]: [number, number]): Promise<boolean | null> {
  try {
    const outcome = await prober.hello({ version: protocol, cipherSuites: [other, favourite] });
    if (outcome.kind !== 'server_hello') return null;
    return outcome.cipherSuite === favourite;
  } catch {
    return null;
  }
}
