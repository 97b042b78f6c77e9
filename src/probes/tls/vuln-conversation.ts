/** One raw conversation of a named-vulnerability test, in a slot of the TLS probe's gate. */
import { randomBytes } from 'node:crypto';
import type { TlsProtocol } from '../../model/tls.js';
import { buildClientHello, type VERSION_CODES } from '../../net/tls/client-hello.js';
import { converse, type ConversationResult } from '../../net/tls/conversation.js';

export interface VulnContext {
  address: string;
  port: number;
  serverName?: string;
  timeoutMs: number;
  slot: <T>(fn: () => Promise<T>) => Promise<T>;
  signal?: AbortSignal;
}

/** How long to wait for the reply to what we send after the first flight: a reply is one round trip, silence costs this much. */
export const REPLY_WAIT_CAP_MS = 2_000;

/** Results of conversations that never got a slot (the scan's budget refused it): no connection was made. */
const refused = new WeakSet<ConversationResult>();

/** The connections a conversation made: 0 when its slot was refused, else 1 (the evidence's `handshakes` counts only real ones). */
export function connectionsOf(result: ConversationResult): number {
  return refused.has(result) ? 0 : 1;
}

/** One conversation in a slot of the gate, with a fresh hello at `version` offering `suites` (and the heartbeat extension or DEFLATE when asked). */
export function conversation(
  ctx: VulnContext,
  version: TlsProtocol,
  suites: readonly number[],
  next: Parameters<typeof converse>[0]['next'],
  offer: { heartbeat?: boolean; offerCompression?: boolean } = {},
): Promise<ConversationResult> {
  const v = version as keyof typeof VERSION_CODES;
  const hello = buildClientHello({ version: v, cipherSuites: suites, serverName: ctx.serverName, random: randomBytes(32), ...offer });
  return ctx
    .slot(() => converse({ address: ctx.address, port: ctx.port, hello, timeoutMs: ctx.timeoutMs, replyWaitMs: Math.min(ctx.timeoutMs, REPLY_WAIT_CAP_MS), next, signal: ctx.signal }))
    .catch((err: unknown): ConversationResult => {
      // The scan's budget or a cancellation stopped it, not the server: a failure to connect, in words.
      const code = (err as { code?: string }).code ?? 'STOPPED';
      const result: ConversationResult = { stage: 'flight', failure: { kind: 'connect_error', code, message: (err as Error).message }, elapsedMs: 0 };
      refused.add(result);
      return result;
    });
}

