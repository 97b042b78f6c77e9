/**
 * Can current browsers connect to this TLS endpoint? Answered only where the answer is certain: "no"
 * when every version the server accepts is one current browsers have given up (SSL 2.0 and 3.0; TLS
 * 1.0 and 1.1, refused by Chrome and Edge since 84 and Firefox since 78, deprecated by Safari, which
 * moved to TLS 1.2 in 2020 and marks what is left of them "Not Secure"), and every
 * TLS 1.2 suite it accepts belongs to a family no browser offers at all (no encryption, no server
 * authentication, EXPORT, RC4, single DES, PSK, SRP). 3DES, DHE, CBC and static-RSA suites are not on
 * that list: some current browser still offers each (Safari offers 3DES), so a server limited to them
 * is not said to be unreachable. Anything the probe could not tell, or a suite list cut short, leaves
 * the answer open.
 */
import type { SuiteResult, TlsEvidence, TlsProtocol } from '../../model/tls.js';

/** Versions no current browser speaks, as people name them. */
const REMOVED_VERSIONS: Partial<Record<TlsProtocol, string>> = {
  SSLv2: 'SSL 2.0',
  SSLv3: 'SSL 3.0',
  'TLSv1.0': 'TLS 1.0',
  'TLSv1.1': 'TLS 1.1',
};

/** Suite families no current browser offers, with the words a report uses for them. */
const UNOFFERED_FAMILIES: [flag: string, words: string][] = [
  ['null', 'NULL (unencrypted)'],
  ['anon', 'anonymous (unauthenticated)'],
  ['export', 'EXPORT-grade'],
  ['rc4', 'RC4'],
  ['des', 'single-DES'],
  ['psk', 'PSK'],
  ['srp', 'SRP'],
];

export type BrowserReach =
  | { reachable: true }
  /** Current browsers cannot connect; `accepts` says what the server accepts instead ("only TLS 1.0 and TLS 1.1"). */
  | { reachable: false; accepts: string }
  /** The evidence cannot settle it (a version not told apart, a suite list cut short). */
  | { reachable: null };

const unoffered = (suite: SuiteResult): string | undefined => UNOFFERED_FAMILIES.find(([flag]) => suite.flags.includes(flag))?.[1];

export function browserReach(tls: TlsEvidence): BrowserReach {
  const state = (protocol: TlsProtocol) => tls.protocols.find((p) => p.protocol === protocol)?.supported;
  const tls13 = state('TLSv1.3');
  const tls12 = state('TLSv1.2');
  if (tls13 === true) return { reachable: true };
  // Only the two versions browsers speak must be known; an unclear answer on an older one changes nothing.
  if (tls13 !== false || tls12 === null || tls12 === undefined) return { reachable: null };
  const legacy = tls.protocols.filter((p) => p.supported === true && REMOVED_VERSIONS[p.protocol]).map((p) => REMOVED_VERSIONS[p.protocol]!);
  if (tls12 === false) return legacy.length ? { reachable: false, accepts: `only ${wordList(legacy)}` } : { reachable: null };

  const suites = tls.ciphers.find((c) => c.protocol === 'TLSv1.2');
  if (!suites || !suites.complete || suites.suites.length === 0) return { reachable: null };
  const families = suites.suites.map(unoffered);
  if (families.some((f) => f === undefined)) return { reachable: true };
  const tls12Words = `TLS 1.2 only with ${wordList([...new Set(families as string[])])} cipher suites`;
  return { reachable: false, accepts: legacy.length ? `only ${wordList(legacy)}, and ${tls12Words}` : tls12Words };
}

/** "a", "a and b", "a, b and c". */
function wordList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
