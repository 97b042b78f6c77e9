/**
 * What the active named-vulnerability tests (Heartbleed, CCS injection, ROBOT, Ticketbleed) saw: each a
 * verdict (inconclusive is never read as vulnerable or as safe) with its reason and the raw facts.
 */
import type { TlsProtocol } from './tls-protocol.js';
import type { VulnerabilityVerdict } from './vulnerabilities.js';

export interface VulnerabilityResult {
  verdict: VulnerabilityVerdict;
  /** What was sent and what came back, or why it was not tested, in words. */
  detail: string;
  /** TLS connections this test made. */
  connections: number;
}

/** Heartbleed (CVE-2014-0160): a heartbeat request claiming more payload than it carries. */
export interface HeartbleedResult extends VulnerabilityResult {
  /** The server echoed the heartbeat extension in a protocol-pass ServerHello; null when no TLS ≤ 1.2 answered. */
  heartbeatExtension: boolean | null;
  /** Bytes the server returned beyond what was sent (never the bytes themselves); null when not measured. */
  overreadBytes: number | null;
}

/** CCS injection (CVE-2014-0224): a ChangeCipherSpec sent before any key exchange. */
export interface CcsInjectionResult extends VulnerabilityResult {
  /** The version the test spoke, null when not tested. */
  version: TlsProtocol | null;
  /** The server's answer to the early ChangeCipherSpec, in words; null when not tested. */
  reply: string | null;
}

/** ROBOT: a padding oracle on RSA key exchange (the Bleichenbacher attack, as the ROBOT paper names the oracles). */
export interface RobotResult extends VulnerabilityResult {
  /** 'strong': a wrong first padding byte is told apart from a correct block; 'weak': only other malformations are. */
  oracle: 'strong' | 'weak' | null;
  /** The RSA key-exchange suite the test used, null when none is accepted. */
  suite: string | null;
  /** The server's answer to each ClientKeyExchange variant, in words. */
  responses: { variant: string; reply: string }[];
}

/** Ticketbleed (CVE-2016-9244): a session ticket presented with a 1-byte session id. */
export interface TicketbleedResult extends VulnerabilityResult {
  /** A TLS ≤ 1.2 handshake received a session ticket; null when that could not be learnt. */
  sessionTickets: boolean | null;
  /** Length of the session id the server echoed when resuming; null when it did not resume or was not tested. */
  echoedIdLength: number | null;
  /** Session-id bytes returned beyond the one we sent (never the bytes themselves); null when not measured. */
  leakedBytes: number | null;
}

/** The active named-vulnerability probes that need more than a ServerHello. */
export interface VulnerabilityProbes {
  heartbleed: HeartbleedResult;
  ccsInjection: CcsInjectionResult;
  robot: RobotResult;
  ticketbleed: TicketbleedResult;
}
