/**
 * Protocol support and cipher-suite enumeration with the raw prober. A version counts as supported
 * only when the server answers with a ServerHello for exactly that version; alerts, closes and
 * downgrades all mean "not this version". Suites are found by offering every suite, removing the
 * one the server picked, and repeating (n+1 hellos for n suites), which also yields the server's order.
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

/**
 * All suites `protocol` accepts. `first` is the protocol pass's answer, reused as the first step.
 * `shouldStop` lets the caller end early (deadline, budget); the result then says it is incomplete.
 */
export async function enumerateSuites(
  prober: RawTlsProber,
  protocol: TlsProtocol,
  first: HelloOutcome,
  shouldStop: () => string | undefined,
): Promise<ProtocolSuites> {
  if (protocol === 'SSLv2') {
    const kinds = first.kind === 'sslv2_server_hello' ? first.cipherKinds : [];
    return { protocol, suites: sslv2Suites(kinds), serverPreference: null, complete: true };
  }
  const remaining = [...offerFor(protocol)];
  const accepted: number[] = [];
  let outcome: HelloOutcome = first;
  let note: string | undefined;
  let complete = true;
  try {
    while (true) {
      if (outcome.kind !== 'server_hello' || outcome.version !== VERSION_CODES[protocol]) {
        // An alert or close means "nothing else acceptable": the list is complete.
        if (!['alert', 'closed', 'server_hello'].includes(outcome.kind)) {
          complete = false;
          note = `enumeration stopped: ${describeOutcome(outcome)}`;
        }
        break;
      }
      const index = remaining.indexOf(outcome.cipherSuite);
      if (index < 0) {
        complete = false;
        note = `server chose ${suiteInfo(outcome.cipherSuite).name}, which was not offered`;
        break;
      }
      accepted.push(outcome.cipherSuite);
      remaining.splice(index, 1);
      if (remaining.length === 0) break;
      if (accepted.length >= MAX_SUITES_PER_VERSION) {
        complete = false;
        note = `stopped after ${accepted.length} accepted suites`;
        break;
      }
      const stop = shouldStop();
      if (stop) {
        complete = false;
        note = stop;
        break;
      }
      outcome = await prober.hello({ version: protocol, cipherSuites: remaining });
    }
  } catch (err) {
    complete = false;
    note = `enumeration stopped: ${(err as Error).message}`;
  }
  const serverPreference = accepted.length >= 2 && !shouldStop() ? await preferenceTest(prober, protocol, accepted) : null;
  return { protocol, suites: accepted.map(suiteResult), serverPreference, complete, ...(note ? { note } : {}) };
}

/** Offer the first two accepted suites in reverse: a server that still picks its favourite orders suites itself. */
async function preferenceTest(prober: RawTlsProber, protocol: TlsProtocol, accepted: number[]): Promise<boolean | null> {
  try {
    const outcome = await prober.hello({ version: protocol, cipherSuites: [accepted[1]!, accepted[0]!] });
    if (outcome.kind !== 'server_hello') return null;
    return outcome.cipherSuite === accepted[0];
  } catch {
    return null;
  }
}
