/**
 * The session-security facts: client-initiated renegotiation, Extended Master Secret and 0-RTT.
 * EMS costs nothing: the protocol pass's hellos already offer the extension, so its ServerHello
 * answers. Renegotiation needs a completed TLS ≤ 1.2 handshake of its own; 0-RTT a TLS 1.3 session
 * ticket, which the certificate handshake waits for (a handshake of its own only when that one did
 * not negotiate TLS 1.3).
 */
import type { SessionFeatureResult, SessionSecurityEvidence, TlsProtocol } from '../../model/tls.js';
import { readEarlyDataTicket, tryClientRenegotiation, type EarlyDataOutcome, type FirstHandshake, type SessionHandshakeOptions } from '../../net/tls/session-handshakes.js';
import type { ProtocolProbe } from './protocols.js';

/** RFC 7627's extension code point. */
const EXTENDED_MASTER_SECRET = 0x0017;
/** Versions that can renegotiate and carry extensions, best first (Node cannot speak SSL 3). */
const RENEGOTIABLE: TlsProtocol[] = ['TLSv1.2', 'TLSv1.1', 'TLSv1.0'];
/** The least wait for the answer to a renegotiation (the wait grows with the first handshake's time). */
const MIN_RENEGOTIATION_WAIT_MS = 500;
/** The least wait for a session ticket after the TLS 1.3 handshake (the wait grows with the handshake's time). */
const MIN_TICKET_WAIT_MS = 150;
export const earlyDataTicketWaitMs = (timeoutMs: number): number => Math.min(timeoutMs, MIN_TICKET_WAIT_MS);

/** Runs one handshake in a connection slot with the probe's address, SNI, cap and signal; rejects when the scan's budget or cancellation stops it. */
export type Connect = <T>(run: (opts: SessionHandshakeOptions) => Promise<T>) => Promise<T>;

const NO_LEGACY = 'no TLS 1.0, 1.1 or 1.2 answered: renegotiation exists only up to TLS 1.2';

const stopped = (err: unknown) => ({ outcome: 'inconclusive' as const, detail: `not completed: ${(err as Error).message}` });

/**
 * The renegotiation test's first handshake goes out with the protocol pass, in a slot the pass leaves
 * free (most servers speak TLS ≤ 1.2); whether it goes on to renegotiate is decided by the pass's
 * answers, which are in by the time it completes. Each handshake also serves another test, to save a
 * connection: the certificate handshake waits for a TLS 1.3 ticket (`certificateEarlyData`), so 0-RTT
 * needs no handshake of its own when it negotiated TLS 1.3, and the renegotiation test's first
 * handshake is the one Ticketbleed takes its session ticket from (`ticketHandshake`).
 */
export class SessionSecurityProbe {
  private renegotiation: Promise<SessionFeatureResult> | undefined;
  private earlyData: Promise<SessionFeatureResult & { maxEarlyDataSize: number | null }> | undefined;
  private firstHandshake: Promise<FirstHandshake | undefined> | undefined;
  /** What the protocol pass says of renegotiation: ask, or the verdict without asking. Settled once. */
  private decide!: (plan: SessionFeatureResult | 'renegotiate') => void;
  private readonly plan = new Promise<SessionFeatureResult | 'renegotiate'>((resolve) => (this.decide = resolve));

  constructor(
    private readonly connect: Connect,
    private readonly timeoutMs: number,
    /** The certificate handshake's 0-RTT verdict, null when it did not negotiate TLS 1.3. */
    private readonly certificateEarlyData: Promise<EarlyDataOutcome | null>,
  ) {}

  /** From the first moment: the renegotiation test's first handshake (TLS 1.0–1.2, every suite offered). */
  begin(): void {
    let heard!: (first: FirstHandshake | undefined) => void;
    this.firstHandshake = new Promise((resolve) => (heard = resolve));
    const minAnswerWaitMs = Math.min(this.timeoutMs, MIN_RENEGOTIATION_WAIT_MS);
    const onHandshake = (first: FirstHandshake) => {
      heard(first);
      return this.plan.then((plan) => plan === 'renegotiate');
    };
    const tried = this.connect((opts) => tryClientRenegotiation({ ...opts, minAnswerWaitMs, onHandshake }))
      .catch(stopped)
      .finally(() => heard(undefined));
    // The pass's verdict, when it says not to ask, stands whatever the handshake did.
    this.renegotiation = this.plan.then((plan) => (plan === 'renegotiate' ? tried : plan));
  }

  /** The first handshake of the renegotiation test, once done; undefined when it failed or was not made. */
  ticketHandshake(): Promise<FirstHandshake | undefined> {
    return this.firstHandshake ?? Promise.resolve(undefined);
  }

  /** Hears each protocol-pass answer; starts what that answer makes relevant, once. */
  onProtocol(probe: ProtocolProbe): void {
    const { protocol, supported } = probe.result;
    if (supported !== true) return;
    if (protocol === 'TLSv1.3' && !this.earlyData) {
      // A handshake of its own only when the certificate handshake did not get to TLS 1.3.
      this.earlyData = this.certificateEarlyData.then(
        (fromCertificate) =>
          fromCertificate ??
          this.connect((opts) => readEarlyDataTicket({ ...opts, minTicketWaitMs: earlyDataTicketWaitMs(this.timeoutMs) })).catch((err: unknown) => ({
            ...stopped(err),
            maxEarlyDataSize: null,
          })),
      );
    }
    if (RENEGOTIABLE.includes(protocol)) {
      // OpenSSL as a client refuses to renegotiate with a server that lacks RFC 5746: no point asking.
      if (probe.outcome.kind === 'server_hello' && !probe.outcome.secureRenegotiation) {
        this.decide({
          outcome: 'not_tested',
          detail: 'the server does not support secure renegotiation (RFC 5746), and the scanner does not attempt insecure renegotiation',
        });
      } else this.decide('renegotiate');
    }
  }

  /** The protocol pass is in: without a TLS ≤ 1.2 answer there is nothing to renegotiate. */
  passIn(): void {
    this.decide({ outcome: 'not_tested', detail: NO_LEGACY });
  }

  async finish(probes: readonly ProtocolProbe[]): Promise<SessionSecurityEvidence> {
    this.passIn();
    const [clientRenegotiation, earlyData] = await Promise.all([
      this.renegotiation ?? { outcome: 'not_tested' as const, detail: NO_LEGACY },
      this.earlyData ?? { outcome: 'not_tested' as const, detail: 'TLS 1.3 did not answer: early data (0-RTT) exists only in TLS 1.3', maxEarlyDataSize: null },
    ]);
    return { clientRenegotiation, extendedMasterSecret: extendedMasterSecret(probes), earlyData };
  }
}

/** EMS from the ServerHello of the highest TLS ≤ 1.2 version that answered. */
export function extendedMasterSecret(probes: readonly ProtocolProbe[]): SessionSecurityEvidence['extendedMasterSecret'] {
  for (const protocol of RENEGOTIABLE) {
    const p = probes.find((x) => x.result.protocol === protocol && x.result.supported === true);
    if (p && p.outcome.kind === 'server_hello') return { supported: p.outcome.extensions.includes(EXTENDED_MASTER_SECRET), protocol };
  }
  return { supported: null, protocol: null };
}
