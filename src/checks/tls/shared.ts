import type { TlsEvidence, SuiteResult, TlsProtocol } from '../../model/tls.js';

export const locationOf = (tls: TlsEvidence): string => `${tls.host}:${tls.port}`;

export const isSupported = (tls: TlsEvidence, protocol: TlsProtocol): boolean =>
  tls.protocols.some((p) => p.protocol === protocol && p.supported === true);

/** Accepted suites with their protocol, optionally only those matching `pick`. */
export function acceptedSuites(tls: TlsEvidence, pick: (s: SuiteResult, protocol: TlsProtocol) => boolean = () => true) {
  return tls.ciphers.flatMap((c) => c.suites.filter((s) => pick(s, c.protocol)).map((suite) => ({ protocol: c.protocol, suite })));
}

/** "TLSv1.2: A, B; TLSv1.0: C" — the proof line for suite findings. */
export function listByProtocol(items: { protocol: TlsProtocol; suite: SuiteResult }[]): string {
  const byProtocol = new Map<string, string[]>();
  for (const { protocol, suite } of items) byProtocol.set(protocol, [...(byProtocol.get(protocol) ?? []), suite.name]);
  return [...byProtocol].map(([p, names]) => `${p}: ${names.join(', ')}`).join('\n');
}

export const DAY_MS = 86_400_000;
