/**
 * Heartbleed, CCS injection, ROBOT and Ticketbleed: the named vulnerabilities that only show past the
 * ServerHello. Each starts from facts the TLS probe learns anyway, beside the enumeration, and only where
 * it can apply: Heartbleed when a protocol-pass ServerHello echoed the heartbeat extension, CCS injection
 * and Ticketbleed (a ticket from the renegotiation test's first handshake, or from one of its own, then
 * the resumption hello the moment it is in hand) on the best TLS ≤ 1.2 version once the protocol pass is
 * in, ROBOT the moment the enumeration finds an RSA key-exchange suite. Each connection takes a slot of the probe's gate and is time-capped.
 */
import type { CcsInjectionResult, HeartbleedResult, RobotResult, TicketbleedResult, TlsProtocol, VulnerabilityProbes } from '../../model/tls.js';
import { VERSION_CODES } from '../../net/tls/client-hello.js';
import { describeConversation, describeReply, type ConversationResult } from '../../net/tls/conversation.js';
import { suiteInfo } from '../../net/tls/cipher-suites.js';
import { earlyChangeCipherSpec, heartbeatOverread, heartbleedRequests } from '../../net/tls/vuln-messages.js';
import type { ProtocolProbe } from './protocols.js';
import { offerFor } from './protocols.js';
import { testRobot } from './robot.js';
import { testTicketbleed } from './ticketbleed.js';
import type { FirstHandshake } from '../../net/tls/session-handshakes.js';
import { connectionsOf, conversation, type VulnContext } from './vuln-conversation.js';

const LEGACY: TlsProtocol[] = ['TLSv1.2', 'TLSv1.1', 'TLSv1.0'];

/** Starts the tests as their facts arrive; `result()` waits for them once the protocol pass is in. */
export class VulnerabilityTests {
  private robot: Promise<RobotResult> | undefined;

  constructor(private readonly ctx: VulnContext) {}

  /** The enumeration accepted `id` on `protocol`: the first static-RSA suite starts ROBOT. */
  onAccepted(protocol: TlsProtocol, id: number): void {
    if (this.robot || !LEGACY.includes(protocol)) return;
    const s = suiteInfo(id);
    if (s.kx !== 'RSA' || s.auth !== 'RSA' || s.flags.includes('export')) return;
    this.robot = testRobot(this.ctx, protocol, id);
  }

  private started: Promise<[HeartbleedResult, CcsInjectionResult, TicketbleedResult]> | undefined;
  private legacy = false;

  /** The protocol pass is in: Heartbleed, CCS injection and Ticketbleed start now, beside the enumeration. */
  start(probes: ProtocolProbe[], ticketHandshake?: Promise<FirstHandshake | undefined>): void {
    const legacy = LEGACY.filter((v) => probes.some((p) => p.result.protocol === v && p.result.supported === true));
    this.legacy = legacy.length > 0;
    this.started = Promise.all([this.heartbleed(probes, legacy), this.ccs(legacy[0]), testTicketbleed(this.ctx, legacy, ticketHandshake)]);
  }

  /** Call once the enumeration is done (ROBOT starts from it). */
  async result(): Promise<VulnerabilityProbes> {
    if (!this.started) throw new Error('VulnerabilityTests.result() before start()');
    const [heartbleed, ccsInjection, ticketbleed] = await this.started;
    const robot = await (this.robot ?? Promise.resolve(robotNotTested(this.legacy)));
    return { heartbleed, ccsInjection, robot, ticketbleed };
  }

  private async heartbleed(probes: ProtocolProbe[], legacy: TlsProtocol[]): Promise<HeartbleedResult> {
    if (legacy.length === 0) return { verdict: 'not_tested', detail: 'the server speaks no TLS 1.0 to 1.2, where the heartbeat extension exists', connections: 0, heartbeatExtension: null, overreadBytes: null };
    const echoing = legacy.find((v) => probes.some((p) => p.result.protocol === v && p.outcome.kind === 'server_hello' && p.outcome.extensions.includes(0x000f)));
    if (!echoing) return { verdict: 'not_vulnerable', detail: 'the server does not answer the heartbeat extension, so it has no heartbeat to over-read', connections: 0, heartbeatExtension: false, overreadBytes: null };
    const code = VERSION_CODES[echoing as keyof typeof VERSION_CODES];
    const result = await conversation(this.ctx, echoing, offerFor(echoing), () => heartbleedRequests(code), { heartbeat: true });
    const base = { connections: connectionsOf(result), heartbeatExtension: true as const };
    if (result.stage !== 'reply') return { ...base, verdict: 'inconclusive', detail: `${echoing}: ${describeConversation(result)}`, overreadBytes: null };
    const reply = result.reply;
    if (reply.kind === 'heartbeat') {
      const over = heartbeatOverread(reply);
      if (over > 0) return { ...base, verdict: 'vulnerable', detail: `${echoing}: a heartbeat request carrying 16 bytes but claiming 16384 came back with ${reply.payloadLength} bytes: the server sends its memory`, overreadBytes: over };
      return { ...base, verdict: 'not_vulnerable', detail: `${echoing}: the server dropped the over-long heartbeat request and answered the well-formed one with exactly its 16 bytes`, overreadBytes: 0 };
    }
    // Silence, an alert or a close: the over-reading request got no memory back.
    if (reply.kind === 'alert' || reply.kind === 'closed' || reply.kind === 'timeout') {
      return { ...base, verdict: 'not_vulnerable', detail: `${echoing}: the heartbeat requests got ${describeReply(reply)}, no over-long heartbeat response`, overreadBytes: 0 };
    }
    return { ...base, verdict: 'inconclusive', detail: `${echoing}: the heartbeat requests got ${describeReply(reply)}`, overreadBytes: null };
  }

  /**
   * The CRIME question rides on the CCS test's hello: it offers DEFLATE, and the ServerHello says
   * whether the server takes it. Undefined when that hello got no ServerHello flight (the probe then
   * asks with a hello of its own, as it does when no TLS 1.0–1.2 version answered).
   */
  async compression(): Promise<boolean | undefined> {
    return this.compressionSeen;
  }

  private compressionSeen: Promise<boolean | undefined> = Promise.resolve(undefined);

  private ccs(version: TlsProtocol | undefined): Promise<CcsInjectionResult> {
    if (!version) return Promise.resolve({ verdict: 'not_tested', detail: 'the server speaks no TLS 1.0 to 1.2 (TLS 1.3 has no ChangeCipherSpec of its own)', connections: 0, version: null, reply: null });
    const code = VERSION_CODES[version as keyof typeof VERSION_CODES];
    const ask = (offerCompression: boolean) => conversation(this.ctx, version, offerFor(version), () => earlyChangeCipherSpec(code), { offerCompression });
    const first = ask(true);
    this.compressionSeen = first.then((r) => (r.stage === 'flight' ? undefined : r.flight.serverHello.compressionMethod !== 0));
    return first.then(async (combined) => {
      // No flight to the hello that offered DEFLATE: ask again as the test always did, so the verdict cannot hang on that offer.
      const result = combined.stage === 'flight' ? await ask(false) : combined;
      const connections = connectionsOf(combined) + (result === combined ? 0 : connectionsOf(result));
      if (result.stage !== 'reply') return { verdict: 'inconclusive', detail: `${version}: ${describeConversation(result)}`, connections, version, reply: null };
      return { ...judgeCcs(result.reply, version), connections, version, reply: describeReply(result.reply) };
    });
  }
}

/**
 * A server fixed for CVE-2014-0224 refuses a ChangeCipherSpec before the key exchange (alert 10
 * unexpected_message, or 40 handshake_failure) or just hangs up. A vulnerable one takes it, switches to
 * keys made from an empty master secret, and then fails to decrypt our second CCS: alert 20
 * bad_record_mac or 21 decryption_failed, or an alert already encrypted under those keys.
 */
function judgeCcs(reply: Extract<ConversationResult, { stage: 'reply' }>['reply'], version: TlsProtocol): { verdict: CcsInjectionResult['verdict']; detail: string } {
  const got = `${version}: two ChangeCipherSpec records before any key exchange got ${describeReply(reply)}`;
  if (reply.kind === 'alert') {
    if (reply.description === 10 || reply.description === 40) return { verdict: 'not_vulnerable', detail: `${got}: the server refuses an early ChangeCipherSpec` };
    if (reply.description === 20 || reply.description === 21 || reply.level === 0) return { verdict: 'vulnerable', detail: `${got}: the server accepted the first and switched keys before any key exchange` };
    return { verdict: 'inconclusive', detail: `${got}, which neither a fixed nor a vulnerable OpenSSL sends` };
  }
  if (reply.kind === 'closed' || reply.kind === 'timeout') return { verdict: 'not_vulnerable', detail: `${got}: no sign that the server took it (a vulnerable server fails on the second with an alert)` };
  return { verdict: 'inconclusive', detail: got };
}

function robotNotTested(legacy: boolean): RobotResult {
  const detail = legacy ? 'the server accepts no RSA key exchange suite, so there is no RSA decryption to make an oracle of' : 'the server speaks no TLS 1.0 to 1.2 (TLS 1.3 has no RSA key exchange)';
  return { verdict: 'not_tested', detail, connections: 0, oracle: null, suite: null, responses: [] };
}
