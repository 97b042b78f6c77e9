/**
 * The TLS probe's side facts read from the protocol pass or one hello each: fallback SCSV, TLS
 * compression (when the CCS test's hello could not answer it), secure renegotiation, the DH notes and
 * the default client's handshake. Split from tls.ts by concern; the probe calls them.
 */
import { ok, unavailable, type Probed } from '../../model/probed.js';
import type { DefaultClientResult, DhGroupsEvidence, ProtocolSuites, TlsEvidence, TlsProtocol } from '../../model/tls.js';
import type { RawTlsProber } from '../../net/tls/raw-prober.js';
import type { HandshakeResult } from '../../net/tls/handshake.js';
import { CIPHER_SUITES } from '../../net/tls/cipher-suites.js';
import { offerFor, type ProtocolProbe } from './protocols.js';

export const TLS_ORDER: TlsProtocol[] = ['TLSv1.3', 'TLSv1.2', 'TLSv1.1', 'TLSv1.0', 'SSLv3'];
/** The protocol pass, in the order its hellos queue for connections: the versions most servers speak first. */
export const PROTOCOL_PASS: TlsProtocol[] = [...TLS_ORDER, 'SSLv2'];

/** Hello at the second-best version with TLS_FALLBACK_SCSV: a protecting server answers alert 86. */
export async function testFallbackScsv(prober: RawTlsProber, probes: ProtocolProbe[]): Promise<TlsEvidence['fallbackScsv']> {
  const versions = TLS_ORDER.filter((v) => probes.some((p) => p.result.protocol === v && p.result.supported));
  if (versions.length < 2) return 'not_applicable';
  const lower = versions[1]!;
  try {
    const outcome = await prober.hello({ version: lower, cipherSuites: offerFor(lower), fallbackScsv: true });
    if (outcome.kind === 'alert' && outcome.description === 86) return 'supported';
    if (outcome.kind === 'server_hello') return 'not_supported';
  } catch {
    /* budget or cancellation: leave unknown */
  }
  return 'unknown';
}

/** Offer DEFLATE on the best version below TLS 1.3 (1.3 removed compression). */
export async function testCompression(prober: RawTlsProber, probes: ProtocolProbe[]): Promise<boolean | null> {
  const version = TLS_ORDER.slice(1).find((v) => probes.some((p) => p.result.protocol === v && p.result.supported));
  if (!version) return null;
  try {
    const outcome = await prober.hello({ version, cipherSuites: offerFor(version), offerCompression: true });
    if (outcome.kind === 'server_hello') return outcome.compressionMethod !== 0;
  } catch {
    /* leave unknown */
  }
  return null;
}

export function secureRenegotiation(probes: ProtocolProbe[]): boolean | null {
  for (const version of TLS_ORDER.slice(1)) {
    const p = probes.find((x) => x.result.protocol === version && x.result.supported);
    if (p && p.outcome.kind === 'server_hello') return p.outcome.secureRenegotiation;
  }
  return null;
}

/** Says when DHE suites were found but no DH group could be read, so a missing weak_dh is not taken for a pass. */
export function dhNotes(dh: DhGroupsEvidence | null, ciphers: ProtocolSuites[], notes: string[]): void {
  const dhe = ciphers.filter((c) => c.protocol !== 'TLSv1.3' && c.protocol !== 'SSLv2').some((c) => c.suites.some((s) => s.kx === 'DHE'));
  if (dhe && !dh?.legacy.group) notes.push(`DHE suites are accepted but the DH group could not be read (${dh ? dh.legacy.answer : 'not asked'})`);
  if (dh?.rfc7919 && !dh.rfc7919.group) notes.push(`the DH group offered to clients listing the RFC 7919 groups could not be read (${dh.rfc7919.answer})`);
}

export function defaultClient(result: HandshakeResult): Probed<DefaultClientResult> {
  if (!result.ok) return unavailable(`a default TLS 1.2+ client could not connect: ${result.message} (${result.code})`, result.code);
  const iana = [...CIPHER_SUITES.values()].find((s) => s.name === result.cipher.standardName);
  return ok({ protocol: result.protocol, suite: iana?.name ?? result.cipher.standardName, alpn: result.alpn });
}
